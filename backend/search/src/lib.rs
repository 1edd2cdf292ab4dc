//! Adapters for the [`SearchIndex`] port: [`MeiliIndex`] on a Meilisearch
//! server for production, [`EmbeddedIndex`] on tantivy in the data folder
//! for everything else. Both pass the contract suite in `tests/`. Beside
//! them, the [`Locatieserver`] adapter of the address-suggestion port.

mod embedded;
mod geocoder;
mod html;
mod http;
pub mod language;
mod meili;

use std::path::PathBuf;
use std::sync::Arc;

use plein_app::search::{SearchDocument, SearchError, SearchIndex};
use uuid::Uuid;

pub use embedded::EmbeddedIndex;
pub use geocoder::{GeocoderConfig, Locatieserver, PDOK_FREE_URL, open_geocoder};
pub use language::Synonyms;
pub use meili::{MeiliConfig, MeiliIndex, meili_search_body};

/// Which engine to use and how to reach it.
#[derive(Debug, Clone)]
pub struct SearchConfig {
    /// Set: use Meilisearch. Unset: the embedded engine.
    pub meili: Option<MeiliConfig>,
    /// Where the embedded engine keeps its index (`<data>/search`).
    pub embedded_dir: PathBuf,
    /// The default Dutch synonyms plus the municipality's own.
    pub synonyms: Synonyms,
}

impl SearchConfig {
    /// The embedded engine under `data_dir`, default synonyms.
    pub fn embedded(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            meili: None,
            embedded_dir: data_dir.into().join("search"),
            synonyms: Synonyms::dutch(),
        }
    }

    /// Reads `MEILI_URL`, `MEILI_MASTER_KEY`, `MEILI_INDEX_PREFIX` (default
    /// `plein_`), `MEILI_SEARCH_TIMEOUT_MS` (default 2000) and `SEARCH_SYNONYMS_FILE` (one group of words per line,
    /// comma separated); without `MEILI_URL` the embedded engine is used
    /// under `data_dir`.
    pub fn from_env(data_dir: impl Into<PathBuf>) -> Result<Self, SearchError> {
        let var = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
        let mut config = Self::embedded(data_dir);
        if let Some(url) = var("MEILI_URL") {
            let master_key = var("MEILI_MASTER_KEY").ok_or_else(|| {
                SearchError::Config("MEILI_URL is set but MEILI_MASTER_KEY is not".into())
            })?;
            config.meili = Some(MeiliConfig {
                url,
                master_key,
                index_prefix: var("MEILI_INDEX_PREFIX").unwrap_or_else(|| "plein_".into()),
                search_timeout: match var("MEILI_SEARCH_TIMEOUT_MS") {
                    None => MeiliConfig::SEARCH_TIMEOUT,
                    Some(ms) => ms
                        .parse::<u64>()
                        .ok()
                        .filter(|ms| *ms > 0)
                        .map(std::time::Duration::from_millis)
                        .ok_or_else(|| {
                            SearchError::Config(format!(
                                "MEILI_SEARCH_TIMEOUT_MS must be a number of milliseconds, not {ms:?}"
                            ))
                        })?,
                },
            });
        }
        if let Some(path) = var("SEARCH_SYNONYMS_FILE") {
            let text = std::fs::read_to_string(&path)
                .map_err(|err| SearchError::Config(format!("reading {path}: {err}")))?;
            config.synonyms.extend_from_lines(&text)?;
        }
        Ok(config)
    }
}

/// Opens the configured engine and makes it ready (index created, settings
/// applied).
pub async fn open(config: &SearchConfig) -> Result<Arc<dyn SearchIndex>, SearchError> {
    let index = build(config).await?;
    index.ensure_ready().await?;
    tracing::info!(engine = index.name(), "search index ready");
    Ok(index)
}

/// Builds the configured engine without contacting a search server, so a
/// server can start while Meilisearch is down and catch up later.
pub async fn build(config: &SearchConfig) -> Result<Arc<dyn SearchIndex>, SearchError> {
    let index: Arc<dyn SearchIndex> = match &config.meili {
        Some(meili) => Arc::new(MeiliIndex::new(meili, &config.synonyms)?),
        None => {
            let dir = config.embedded_dir.clone();
            let synonyms = config.synonyms.clone();
            let opened = tokio::task::spawn_blocking(move || EmbeddedIndex::open(dir, &synonyms))
                .await
                .map_err(|err| SearchError::Storage(format!("opening the index: {err}")))??;
            Arc::new(opened)
        }
    };
    Ok(index)
}

/// Tags as both engines store and match them: trimmed, lower case, once.
pub(crate) fn normalized_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let tag = tag.trim().to_lowercase();
        if !tag.is_empty() && !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

/// The document's area and its ancestors, the area itself included even if
/// the caller left it out.
pub(crate) fn area_path(doc: &SearchDocument) -> Vec<Uuid> {
    let mut out = vec![doc.area_id];
    for area in &doc.area_path_ids {
        if !out.contains(area) {
            out.push(*area);
        }
    }
    out
}
