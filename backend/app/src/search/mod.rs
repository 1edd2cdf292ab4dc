//! The search port: what the use cases need from a full-text index of ideas,
//! plans and working groups. Adapters live in `plein-search` (Meilisearch and
//! an embedded engine) and pass one shared contract suite.
//!
//! The index holds only what callers upsert, and callers upsert only what
//! anyone may see: hiding, withdrawing or moving an item back to draft is a
//! [`SearchIndex::delete`], never a flag the index is trusted to filter on.

use std::collections::BTreeMap;
use std::fmt;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use futures::stream::BoxStream;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::AppError;

mod check;
mod indexing;
mod query;

pub use check::IndexDrift;

pub use indexing::{
    Scope, SearchIndexHandler, SearchIndexJob, SearchScopeHandler, SearchScopeJob, handlers,
};
pub(crate) use indexing::{enqueue_index, enqueue_scope};
pub use query::{MAX_QUERY, SearchPage, SearchRequest};

/// What this server's searches cost, for `/metrics`: queries answered and
/// failed since start, and the time they took together.
#[derive(Debug, Default)]
pub struct SearchStats {
    answered: std::sync::atomic::AtomicU64,
    failed: std::sync::atomic::AtomicU64,
    micros: std::sync::atomic::AtomicU64,
}

impl SearchStats {
    /// Counts one query that took `took` and answered or failed.
    pub fn record(&self, ok: bool, took: std::time::Duration) {
        use std::sync::atomic::Ordering::Relaxed;
        if ok {
            self.answered.fetch_add(1, Relaxed);
        } else {
            self.failed.fetch_add(1, Relaxed);
        }
        self.micros.fetch_add(took.as_micros() as u64, Relaxed);
    }

    /// Queries answered, queries failed, and the seconds they took.
    pub fn get(&self) -> (u64, u64, f64) {
        use std::sync::atomic::Ordering::Relaxed;
        (
            self.answered.load(Relaxed),
            self.failed.load(Relaxed),
            self.micros.load(Relaxed) as f64 / 1e6,
        )
    }
}

/// What an indexed item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Idea,
    Plan,
    Group,
}

impl SearchKind {
    pub const ALL: [SearchKind; 3] = [SearchKind::Idea, SearchKind::Plan, SearchKind::Group];

    /// The name stored in the index and used in filters.
    pub fn as_str(self) -> &'static str {
        match self {
            SearchKind::Idea => "idea",
            SearchKind::Plan => "plan",
            SearchKind::Group => "group",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        SearchKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }
}

impl fmt::Display for SearchKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One visible idea, plan or working group as the index sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchDocument {
    pub id: Uuid,
    pub kind: SearchKind,
    pub title: String,
    /// Plain text; Markdown is best stripped by the caller.
    pub body: String,
    /// Matched case-insensitively; facets report them in lower case.
    pub tags: Vec<String>,
    pub status: String,
    pub area_id: Uuid,
    /// The area itself and every ancestor, so filtering on a district finds
    /// the items of its neighbourhoods.
    pub area_path_ids: Vec<Uuid>,
    pub author_name: String,
    pub support_count: i64,
    pub comment_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The order of the hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SearchSort {
    /// Best match first; with no text, newest first.
    #[default]
    Relevance,
    /// Most recently created first.
    Newest,
    /// Most supports first, then newest.
    MostSupported,
}

/// Most hits one page may ask for.
pub const MAX_PAGE_SIZE: usize = 100;
/// How deep pagination may go (`offset + limit`); further pages are empty.
pub const MAX_TOTAL_HITS: usize = 10_000;

/// A search. Empty filter lists mean "any"; values within one list are
/// alternatives (any kind listed, any status listed, any tag listed), and
/// the lists combine with "and".
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    /// Free text; empty lists everything that passes the filters.
    pub text: String,
    pub kinds: Vec<SearchKind>,
    pub statuses: Vec<String>,
    /// Items in this area or any area below it.
    pub area_id: Option<Uuid>,
    pub tags: Vec<String>,
    pub sort: SearchSort,
    pub offset: usize,
    /// Capped at [`MAX_PAGE_SIZE`].
    pub limit: usize,
}

impl Default for SearchQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            kinds: Vec::new(),
            statuses: Vec::new(),
            area_id: None,
            tags: Vec::new(),
            sort: SearchSort::Relevance,
            offset: 0,
            limit: 20,
        }
    }
}

impl SearchQuery {
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }

    /// The page size actually used.
    pub fn page_size(&self) -> usize {
        self.limit.min(MAX_PAGE_SIZE)
    }
}

/// One hit. `title_html` and `snippet_html` are HTML-escaped text in which
/// matched words are wrapped in `<mark>`…`</mark>`, safe to render as is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub id: Uuid,
    pub kind: SearchKind,
    /// Higher is better; only comparable within one result.
    pub score: f64,
    pub title_html: String,
    /// A short piece of the body around the matches.
    pub snippet_html: String,
}

/// How many matching items carry each value, over the whole result (not just
/// the page). A value that no item carries is absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    pub kinds: BTreeMap<SearchKind, u64>,
    pub statuses: BTreeMap<String, u64>,
    /// Per area, the items in it or below it.
    pub areas: BTreeMap<Uuid, u64>,
    pub tags: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    pub facets: Facets,
    /// How many items match in all; exact for the embedded engine, an
    /// estimate from Meilisearch.
    pub estimated_total: u64,
}

/// Why the index could not answer. The text is for the log; clients see
/// `SEARCH_UNAVAILABLE` when the engine is down, slow or refuses our key,
/// and an internal error otherwise.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search engine unreachable: {0}")]
    Unavailable(String),
    #[error("search engine refused the key: {0}")]
    Unauthorized(String),
    #[error("search engine refused the request: {0}")]
    Rejected(String),
    #[error("search index storage failed: {0}")]
    Storage(String),
    #[error("search configuration is invalid: {0}")]
    Config(String),
    #[error("documents for the rebuild could not be read: {0}")]
    Source(String),
}

impl SearchError {
    /// Whether the engine could not be used at all (down, too slow, or our
    /// key refused), as opposed to a request it could not carry out.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            SearchError::Unavailable(_) | SearchError::Unauthorized(_)
        )
    }

    /// A short, public word for `/healthz`: what an operator should look at.
    pub fn problem(&self) -> &'static str {
        match self {
            SearchError::Unavailable(_) => "unreachable",
            SearchError::Unauthorized(_) => "key refused",
            SearchError::Rejected(_) => "request refused",
            SearchError::Storage(_) => "storage failed",
            SearchError::Config(_) => "misconfigured",
            SearchError::Source(_) => "source failed",
        }
    }
}

impl From<SearchError> for AppError {
    fn from(err: SearchError) -> Self {
        if err.is_unavailable() {
            AppError::SearchUnavailable(err.to_string())
        } else {
            AppError::internal(err)
        }
    }
}

/// Batches of documents for [`SearchIndex::rebuild`], read page by page.
pub type DocumentBatches<'a> = BoxStream<'a, Result<Vec<SearchDocument>, SearchError>>;

/// A full-text index of visible ideas, plans and working groups.
#[async_trait]
pub trait SearchIndex: Send + Sync + 'static {
    /// Which adapter this is, for logs and health output.
    fn name(&self) -> &'static str;

    /// Creates the index and applies its settings; safe to call at every start.
    async fn ensure_ready(&self) -> Result<(), SearchError>;

    /// Adds or replaces documents by id; searchable once this returns.
    async fn upsert(&self, documents: &[SearchDocument]) -> Result<(), SearchError>;

    /// Removes documents by id; unknown ids are ignored.
    async fn delete(&self, ids: &[Uuid]) -> Result<(), SearchError>;

    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError>;

    /// Existing ideas that look like the one being written, best first,
    /// optionally limited to an area and what lies below it.
    async fn similar_ideas(
        &self,
        title: &str,
        body: &str,
        area_id: Option<Uuid>,
        limit: usize,
    ) -> Result<Vec<SearchHit>, SearchError>;

    /// Builds a fresh index from `batches` and swaps it in for the live one,
    /// which keeps answering until the swap. If a batch fails, the live index
    /// is left as it was. Returns how many documents were indexed.
    async fn rebuild(&self, batches: DocumentBatches<'_>) -> Result<u64, SearchError>;

    /// Every document the index holds, by kind and id, in no particular
    /// order: what `plein check` compares with the database.
    async fn document_ids(&self) -> Result<Vec<(SearchKind, Uuid)>, SearchError>;

    /// Whether the index can answer right now.
    async fn health(&self) -> bool;

    /// Like [`Self::health`], with the reason when it cannot answer.
    async fn check(&self) -> Result<(), SearchError> {
        if self.health().await {
            Ok(())
        } else {
            Err(SearchError::Unavailable("not healthy".into()))
        }
    }

    /// Whether the index holds nothing the database may have: new, or
    /// started empty after an upgrade changed its layout. The server then
    /// rebuilds it from the database at start.
    async fn needs_rebuild(&self) -> bool {
        false
    }
}
