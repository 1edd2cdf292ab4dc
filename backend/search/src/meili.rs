//! The Meilisearch adapter, for production. Every write waits for its task
//! and fails when the task fails, so a returned `Ok` means searchable.

use std::collections::HashMap;
use std::fmt;
use std::time::Duration;

use async_trait::async_trait;
use futures::StreamExt;
use meilisearch_sdk::client::{Client, SwapIndexes};
use meilisearch_sdk::documents::{DocumentsQuery, DocumentsResults};
use meilisearch_sdk::errors::{Error as MeiliError, ErrorCode};
use meilisearch_sdk::indexes::Index;
use meilisearch_sdk::request::{HttpClient, Method};
use meilisearch_sdk::search::{
    FederatedMultiSearchResponse, FederationOptions, MatchingStrategies,
    SearchQuery as MeiliSearchQuery, SearchResult as MeiliResult, SearchResults as MeiliResults,
    Selectors,
};
use meilisearch_sdk::settings::{
    FacetingSettings, MinWordSizeForTypos, PaginationSetting, Settings, TypoToleranceSettings,
};
use meilisearch_sdk::task_info::TaskInfo;
use meilisearch_sdk::tasks::Task;
use plein_app::search::{
    DocumentBatches, Facets, MAX_PAGE_SIZE, MAX_TOTAL_HITS, SearchDocument, SearchError, SearchHit,
    SearchIndex, SearchKind, SearchQuery, SearchResults, SearchSort,
};
use serde::{Deserialize, Serialize};
use tokio::sync::RwLock;
use uuid::Uuid;

use crate::html::{self, MARK_END_TAG, MARK_START_TAG};
use crate::http::MeiliHttp;
use crate::language::{self, DUTCH_STOP_WORDS, Synonyms};

/// Where the server is and how our indexes are named on it.
#[derive(Clone)]
pub struct MeiliConfig {
    pub url: String,
    pub master_key: String,
    /// Put before every index name, so several installations can share one
    /// server (`plein_` gives `plein_content`).
    pub index_prefix: String,
    /// How long a search may take before it answers
    /// [`SearchError::Unavailable`], so a slow server cannot hold a page.
    pub search_timeout: Duration,
}

impl MeiliConfig {
    /// The default time a search may take.
    pub const SEARCH_TIMEOUT: Duration = Duration::from_secs(2);
}

impl fmt::Debug for MeiliConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MeiliConfig")
            .field("url", &self.url)
            .field("master_key", &"[redacted]")
            .field("index_prefix", &self.index_prefix)
            .field("search_timeout", &self.search_timeout)
            .finish()
    }
}

const INDEX_NAME: &str = "content";
const REBUILD_SUFFIX: &str = "_rebuild";
/// Documents per request when writing.
const CHUNK: usize = 1_000;
/// Documents per request when filling a fresh index: larger requests, sent
/// without waiting for each, which Meilisearch batches together.
const REBUILD_CHUNK: usize = 5_000;
/// How long one write request may take to be accepted (not processed).
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
const TASK_POLL: Duration = Duration::from_millis(50);
const TASK_TIMEOUT: Duration = Duration::from_secs(120);
const REBUILD_TASK_TIMEOUT: Duration = Duration::from_secs(3_600);
/// Words of body text a snippet shows, as the embedded engine.
const CROP_WORDS: usize = 30;
/// Characters Meilisearch keeps inside words by default but the embedded
/// engine (and a reader) splits on, so `<b>Zitbank</b>` holds the word
/// `zitbank` in both engines.
const SEPARATORS: &[&str] = &["$", "<", "=", ">", "^", "|", "~"];

const FACETS: &[&str] = &["kind", "status", "area_path_ids", "tags"];
/// Title and body come back highlighted and cropped in `_formatted`
/// whether retrieved or not; retrieving them too would send every whole
/// body along for nothing.
const RETRIEVE: &[&str] = &["id", "kind"];
const HIGHLIGHT: &[&str] = &["title", "body"];
const CROP: &[(&str, Option<usize>)] = &[("body", Some(CROP_WORDS))];

pub struct MeiliIndex {
    client: Client<MeiliHttp>,
    uid: String,
    search_timeout: Duration,
    synonyms: Synonyms,
    /// Writes share it, a rebuild holds it alone, so writes from this process
    /// during a rebuild wait and land in the new index.
    writes: RwLock<()>,
}

impl fmt::Debug for MeiliIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MeiliIndex")
            .field("url", &self.client.get_host())
            .field("index", &self.uid)
            .finish_non_exhaustive()
    }
}

/// A document as stored in Meilisearch; times are unix seconds so they sort.
#[derive(Debug, Serialize)]
struct MeiliDocument<'a> {
    id: Uuid,
    kind: SearchKind,
    title: &'a str,
    body: &'a str,
    tags: Vec<String>,
    status: &'a str,
    area_id: Uuid,
    area_path_ids: Vec<Uuid>,
    author_name: &'a str,
    support_count: i64,
    comment_count: i64,
    created_at: i64,
    updated_at: i64,
}

impl<'a> From<&'a SearchDocument> for MeiliDocument<'a> {
    fn from(doc: &'a SearchDocument) -> Self {
        Self {
            id: doc.id,
            kind: doc.kind,
            title: &doc.title,
            body: &doc.body,
            tags: crate::normalized_tags(&doc.tags),
            status: &doc.status,
            area_id: doc.area_id,
            area_path_ids: crate::area_path(doc),
            author_name: &doc.author_name,
            support_count: doc.support_count,
            comment_count: doc.comment_count,
            created_at: doc.created_at.timestamp(),
            updated_at: doc.updated_at.timestamp(),
        }
    }
}

#[derive(Debug, Deserialize)]
struct MeiliHit {
    id: Uuid,
    kind: SearchKind,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
}

fn from_meili(err: MeiliError) -> SearchError {
    match err {
        MeiliError::Meilisearch(err)
            if matches!(
                err.error_code,
                ErrorCode::InvalidApiKey | ErrorCode::MissingAuthorizationHeader
            ) =>
        {
            SearchError::Unauthorized(err.to_string())
        }
        MeiliError::Meilisearch(err) => SearchError::Rejected(err.to_string()),
        err @ (MeiliError::HttpError(_)
        | MeiliError::MeilisearchCommunication(_)
        | MeiliError::Timeout) => SearchError::Unavailable(err.to_string()),
        err => SearchError::Rejected(err.to_string()),
    }
}

/// A string value in a filter expression, quoted and escaped.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

fn any_of(attribute: &str, values: impl IntoIterator<Item = String>) -> String {
    let values: Vec<String> = values.into_iter().map(|value| quoted(&value)).collect();
    format!("{attribute} IN [{}]", values.join(", "))
}

fn filters(query: &SearchQuery) -> Vec<String> {
    let mut out = Vec::new();
    if !query.kinds.is_empty() {
        let kinds = query.kinds.iter().map(|kind| kind.as_str().to_owned());
        out.push(any_of("kind", kinds));
    }
    if !query.statuses.is_empty() {
        out.push(any_of("status", query.statuses.iter().cloned()));
    }
    if let Some(area) = query.area_id {
        out.push(format!("area_path_ids = {}", quoted(&area.to_string())));
    }
    if !query.tags.is_empty() {
        out.push(any_of("tags", crate::normalized_tags(&query.tags)));
    }
    out
}

/// The query text as both adapters read it: words only (so quotes and
/// minus signs are not Meilisearch operators), no stop words, at most ten,
/// the last one a prefix unless the text ends after it.
fn query_text(text: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    for word in language::words(text) {
        if words.len() == language::MAX_QUERY_WORDS {
            break;
        }
        if !language::is_stop_word(&word) && !words.contains(&word) {
            words.push(word);
        }
    }
    let mut out = words.join(" ");
    if !out.is_empty() && !text.chars().last().is_some_and(char::is_alphanumeric) {
        out.push(' ');
    }
    out
}

fn hits(results: &[MeiliResult<MeiliHit>]) -> Vec<SearchHit> {
    results
        .iter()
        .map(|hit| {
            let formatted = |name: &str, raw: &str| {
                let text = hit
                    .formatted_result
                    .as_ref()
                    .and_then(|formatted| formatted.get(name))
                    .and_then(|value| value.as_str())
                    .unwrap_or(raw);
                html::from_marked(text)
            };
            SearchHit {
                id: hit.result.id,
                kind: hit.result.kind,
                score: hit.ranking_score.unwrap_or_default(),
                title_html: formatted("title", &hit.result.title),
                snippet_html: formatted("body", &hit.result.body),
            }
        })
        .collect()
}

fn facets(results: &MeiliResults<MeiliHit>) -> Facets {
    let mut facets = Facets::default();
    let Some(distribution) = &results.facet_distribution else {
        return facets;
    };
    let empty = HashMap::new();
    let of = |name: &str| distribution.get(name).unwrap_or(&empty).iter();
    for (value, count) in of("kind") {
        if let Some(kind) = SearchKind::parse(value) {
            facets.kinds.insert(kind, *count as u64);
        }
    }
    for (value, count) in of("status") {
        facets.statuses.insert(value.clone(), *count as u64);
    }
    for (value, count) in of("area_path_ids") {
        if let Ok(area) = Uuid::parse_str(value) {
            facets.areas.insert(area, *count as u64);
        }
    }
    for (value, count) in of("tags") {
        facets.tags.insert(value.clone(), *count as u64);
    }
    facets
}

/// A search as the adapter asks it, before it borrows into the SDK's request.
struct Prepared {
    text: String,
    filters: Vec<String>,
    sort: &'static [&'static str],
    offset: usize,
    limit: usize,
}

impl From<&SearchQuery> for Prepared {
    fn from(query: &SearchQuery) -> Self {
        let text = query_text(&query.text);
        let sort: &'static [&'static str] = match query.sort {
            SearchSort::Relevance if !text.trim().is_empty() => &[],
            SearchSort::Relevance | SearchSort::Newest => &["created_at:desc"],
            SearchSort::MostSupported => &["support_count:desc", "created_at:desc"],
        };
        let offset = query.offset.min(MAX_TOTAL_HITS);
        Self {
            filters: filters(query),
            sort,
            offset,
            limit: query.page_size().min(MAX_TOTAL_HITS - offset),
            text,
        }
    }
}

/// The one request a search sends: the page of hits with their highlights
/// and snippets, and the facets, only `id` and `kind` retrieved.
fn search_request<'a, Http: HttpClient>(
    index: &'a Index<Http>,
    prepared: &'a Prepared,
) -> MeiliSearchQuery<'a, Http> {
    let mut request = index.search();
    request
        .with_query(&prepared.text)
        .with_offset(prepared.offset)
        .with_limit(prepared.limit)
        .with_facets(Selectors::Some(FACETS))
        .with_attributes_to_retrieve(Selectors::Some(RETRIEVE))
        .with_attributes_to_highlight(Selectors::Some(HIGHLIGHT))
        .with_attributes_to_crop(Selectors::Some(CROP))
        .with_crop_length(CROP_WORDS)
        .with_highlight_pre_tag(MARK_START_TAG)
        .with_highlight_post_tag(MARK_END_TAG)
        .with_matching_strategy(MatchingStrategies::ALL)
        .with_show_ranking_score(true);
    if !prepared.filters.is_empty() {
        request.with_array_filter(prepared.filters.iter().map(String::as_str).collect());
    }
    if !prepared.sort.is_empty() {
        request.with_sort(prepared.sort);
    }
    request
}

/// The JSON body the adapter posts to `/indexes/{uid}/search` for `query`,
/// so a benchmark can ask Meilisearch directly exactly what Plein asks.
pub fn meili_search_body(query: &SearchQuery) -> Result<serde_json::Value, SearchError> {
    let client = Client::new_with_client("http://localhost", None::<&str>, NoHttp);
    let index = client.index("body");
    let prepared = Prepared::from(query);
    serde_json::to_value(search_request(&index, &prepared))
        .map_err(|err| SearchError::Rejected(err.to_string()))
}

/// An HTTP client for requests that are only built, never sent.
#[derive(Clone)]
struct NoHttp;

#[async_trait]
impl HttpClient for NoHttp {
    async fn stream_request<
        Query: Serialize + Send + Sync,
        Body: futures::io::AsyncRead + Send + Sync + 'static,
        Output: serde::de::DeserializeOwned + 'static,
    >(
        &self,
        _url: &str,
        _method: Method<Query, Body>,
        _content_type: &str,
        _expected_status_code: u16,
    ) -> Result<Output, MeiliError> {
        Err(MeiliError::InvalidRequest)
    }
}

impl MeiliIndex {
    pub fn new(config: &MeiliConfig, synonyms: &Synonyms) -> Result<Self, SearchError> {
        let prefix = &config.index_prefix;
        if !prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(SearchError::Config(format!(
                "index prefix {prefix:?} may hold only letters, digits, '-' and '_'"
            )));
        }
        let url = config.url.trim_end_matches('/');
        let http = MeiliHttp::new(Some(config.master_key.as_str())).map_err(from_meili)?;
        let client = Client::new_with_client(url, Some(config.master_key.as_str()), http);
        Ok(Self {
            client,
            uid: format!("{prefix}{INDEX_NAME}"),
            search_timeout: config.search_timeout,
            synonyms: synonyms.clone(),
            writes: RwLock::new(()),
        })
    }

    /// The live index's name on the server.
    pub fn index_uid(&self) -> &str {
        &self.uid
    }

    /// Removes this installation's indexes from the server (tests, uninstall).
    pub async fn delete_indexes(&self) -> Result<(), SearchError> {
        let _alone = self.writes.write().await;
        self.delete_index(&format!("{}{REBUILD_SUFFIX}", self.uid))
            .await?;
        self.delete_index(&self.uid).await
    }

    fn settings(&self) -> Settings {
        Settings::new()
            .with_searchable_attributes(["title", "tags", "body", "author_name"])
            .with_filterable_attributes(["kind", "status", "area_path_ids", "tags"])
            .with_sortable_attributes(["created_at", "support_count"])
            // Sort first: when a sort is asked for it decides the order, as in
            // the embedded engine; without one the text rules do.
            .with_ranking_rules([
                "sort",
                "words",
                "typo",
                "proximity",
                "attribute",
                "exactness",
                "support_count:desc",
                "created_at:desc",
            ])
            .with_typo_tolerance(TypoToleranceSettings {
                enabled: Some(true),
                disable_on_attributes: Some(Vec::new()),
                disable_on_words: Some(Vec::new()),
                min_word_size_for_typos: Some(MinWordSizeForTypos {
                    one_typo: Some(5),
                    two_typos: Some(9),
                }),
                disable_on_numbers: None,
            })
            .with_stop_words(DUTCH_STOP_WORDS.iter().copied())
            .with_separation_tokens(SEPARATORS.iter().copied())
            .with_synonyms(
                self.synonyms
                    .to_map()
                    .into_iter()
                    .collect::<HashMap<_, _>>(),
            )
            .with_pagination(PaginationSetting {
                max_total_hits: MAX_TOTAL_HITS,
            })
            .with_faceting(FacetingSettings {
                max_values_per_facet: 1_000,
                sort_facet_values_by: None,
            })
    }

    /// A search-time request, given up after the configured time.
    async fn in_time<T>(
        &self,
        request: impl std::future::Future<Output = Result<T, MeiliError>>,
    ) -> Result<T, SearchError> {
        match tokio::time::timeout(self.search_timeout, request).await {
            Ok(result) => result.map_err(from_meili),
            Err(_) => Err(SearchError::Unavailable(format!(
                "no answer within {} ms",
                self.search_timeout.as_millis()
            ))),
        }
    }

    /// A write request, given up when the server does not take it in time.
    async fn accepted(
        &self,
        request: impl std::future::Future<Output = Result<TaskInfo, MeiliError>>,
    ) -> Result<TaskInfo, SearchError> {
        match tokio::time::timeout(WRITE_TIMEOUT, request).await {
            Ok(result) => result.map_err(from_meili),
            Err(_) => Err(SearchError::Unavailable(format!(
                "write not accepted within {} s",
                WRITE_TIMEOUT.as_secs()
            ))),
        }
    }

    /// Waits for a task and turns its failure into an error.
    async fn wait(&self, task: TaskInfo) -> Result<(), SearchError> {
        self.wait_up_to(task, TASK_TIMEOUT).await
    }

    async fn wait_up_to(&self, task: TaskInfo, timeout: Duration) -> Result<(), SearchError> {
        match task
            .wait_for_completion(&self.client, Some(TASK_POLL), Some(timeout))
            .await
            .map_err(from_meili)?
        {
            Task::Succeeded { .. } => Ok(()),
            Task::Failed { content } => Err(SearchError::Rejected(content.error.to_string())),
            Task::Enqueued { .. } | Task::Processing { .. } => Err(SearchError::Unavailable(
                "task still pending after waiting".into(),
            )),
        }
    }

    /// Like [`Self::wait`], but a failure with `tolerated` counts as success.
    async fn wait_tolerating(
        &self,
        task: TaskInfo,
        tolerated: ErrorCode,
    ) -> Result<(), SearchError> {
        match task
            .wait_for_completion(&self.client, Some(TASK_POLL), Some(TASK_TIMEOUT))
            .await
            .map_err(from_meili)?
        {
            Task::Failed { content } if content.error.error_code == tolerated => Ok(()),
            Task::Failed { content } => Err(SearchError::Rejected(content.error.to_string())),
            Task::Succeeded { .. } => Ok(()),
            Task::Enqueued { .. } | Task::Processing { .. } => Err(SearchError::Unavailable(
                "task still pending after waiting".into(),
            )),
        }
    }

    /// Creates the index if it is missing and applies our settings.
    async fn prepare(&self, uid: &str) -> Result<(), SearchError> {
        let task = self
            .client
            .create_index(uid, Some("id"))
            .await
            .map_err(from_meili)?;
        self.wait_tolerating(task, ErrorCode::IndexAlreadyExists)
            .await?;
        let task = self
            .client
            .index(uid)
            .set_settings(&self.settings())
            .await
            .map_err(from_meili)?;
        self.wait(task).await
    }

    async fn delete_index(&self, uid: &str) -> Result<(), SearchError> {
        let task = self.client.delete_index(uid).await.map_err(from_meili)?;
        self.wait_tolerating(task, ErrorCode::IndexNotFound).await
    }

    /// Sends documents in requests of `chunk`; answers the tasks, not waited for.
    async fn send(
        &self,
        uid: &str,
        documents: &[SearchDocument],
        chunk: usize,
    ) -> Result<Vec<TaskInfo>, SearchError> {
        let index = self.client.index(uid);
        let mut tasks = Vec::new();
        for chunk in documents.chunks(chunk) {
            let chunk: Vec<MeiliDocument<'_>> = chunk.iter().map(MeiliDocument::from).collect();
            tasks.push(
                self.accepted(index.add_or_replace(&chunk, Some("id")))
                    .await?,
            );
        }
        Ok(tasks)
    }

    async fn add(&self, uid: &str, documents: &[SearchDocument]) -> Result<(), SearchError> {
        for task in self.send(uid, documents, CHUNK).await? {
            self.wait(task).await?;
        }
        Ok(())
    }

    /// Sends every batch without waiting in between (Meilisearch queues
    /// them and indexes consecutive additions together), reading the next
    /// batch while the last one is on its way; then waits for all.
    async fn fill(&self, uid: &str, mut batches: DocumentBatches<'_>) -> Result<u64, SearchError> {
        let mut count = 0u64;
        let mut tasks = Vec::new();
        let mut pending: Vec<SearchDocument> = Vec::new();
        loop {
            let next = batches.next();
            let sent = async {
                if pending.len() >= REBUILD_CHUNK {
                    let full = pending.len() - pending.len() % REBUILD_CHUNK;
                    let sent = self.send(uid, &pending[..full], REBUILD_CHUNK).await?;
                    pending.drain(..full);
                    Ok::<_, SearchError>(sent)
                } else {
                    Ok(Vec::new())
                }
            };
            let (next, sent) = futures::join!(next, sent);
            tasks.extend(sent?);
            match next {
                Some(batch) => {
                    let batch = batch?;
                    count += batch.len() as u64;
                    pending.extend(batch);
                }
                None => break,
            }
        }
        tasks.extend(self.send(uid, &pending, REBUILD_CHUNK).await?);
        // Tasks run in order; Meilisearch may take many in one batch, so
        // the wait for one can cover the indexing of all before it.
        for task in tasks {
            self.wait_up_to(task, REBUILD_TASK_TIMEOUT).await?;
        }
        Ok(count)
    }
}

#[async_trait]
impl SearchIndex for MeiliIndex {
    fn name(&self) -> &'static str {
        "meilisearch"
    }

    async fn ensure_ready(&self) -> Result<(), SearchError> {
        self.prepare(&self.uid).await
    }

    async fn upsert(&self, documents: &[SearchDocument]) -> Result<(), SearchError> {
        if documents.is_empty() {
            return Ok(());
        }
        let _shared = self.writes.read().await;
        self.add(&self.uid, documents).await
    }

    async fn delete(&self, ids: &[Uuid]) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        let _shared = self.writes.read().await;
        let index = self.client.index(&self.uid);
        for chunk in ids.chunks(CHUNK) {
            let task = self.accepted(index.delete_documents(chunk)).await?;
            self.wait(task).await?;
        }
        Ok(())
    }

    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        let prepared = Prepared::from(query);
        let index = self.client.index(&self.uid);
        let request = search_request(&index, &prepared);
        let results: MeiliResults<MeiliHit> = self.in_time(request.execute()).await?;
        Ok(SearchResults {
            hits: hits(&results.hits),
            facets: facets(&results),
            estimated_total: results
                .estimated_total_hits
                .or(results.total_hits)
                .unwrap_or(results.hits.len()) as u64,
        })
    }

    async fn similar_ideas(
        &self,
        title: &str,
        body: &str,
        area_id: Option<Uuid>,
        limit: usize,
    ) -> Result<Vec<SearchHit>, SearchError> {
        let words = language::key_words(title, body);
        if words.is_empty() {
            return Ok(Vec::new());
        }
        // One query per key word, each starting with that word and each
        // dropping words from its end (`last`) until something matches, in
        // one federated request: an idea sharing any key word is found, and
        // one sharing more ranks higher. (`frequency` never drops a word no
        // idea holds, so one new word left a text without suggestions.)
        // A trailing space: every word is complete, none is a prefix.
        let texts: Vec<String> = (0..words.len())
            .map(|first| {
                let rotated: Vec<&str> = words[first..]
                    .iter()
                    .chain(&words[..first])
                    .map(String::as_str)
                    .collect();
                format!("{} ", rotated.join(" "))
            })
            .collect();
        let filter_strings = filters(&SearchQuery {
            kinds: vec![SearchKind::Idea],
            area_id,
            ..SearchQuery::default()
        });
        let filter: Vec<&str> = filter_strings.iter().map(String::as_str).collect();
        let index = self.client.index(&self.uid);
        let mut multi = self.client.multi_search();
        for text in &texts {
            let mut request = index.search();
            request
                .with_query(text)
                .with_array_filter(filter.clone())
                .with_attributes_to_retrieve(Selectors::Some(RETRIEVE))
                .with_attributes_to_highlight(Selectors::Some(HIGHLIGHT))
                .with_attributes_to_crop(Selectors::Some(CROP))
                .with_crop_length(CROP_WORDS)
                .with_highlight_pre_tag(MARK_START_TAG)
                .with_highlight_post_tag(MARK_END_TAG)
                .with_matching_strategy(MatchingStrategies::LAST)
                .with_show_ranking_score(true);
            multi.with_search_query(request);
        }
        let federated = multi.with_federation(FederationOptions {
            limit: Some(limit.min(MAX_PAGE_SIZE)),
            ..FederationOptions::default()
        });
        let results: FederatedMultiSearchResponse<MeiliHit> =
            self.in_time(federated.execute()).await?;
        Ok(hits(&results.hits))
    }

    async fn rebuild(&self, batches: DocumentBatches<'_>) -> Result<u64, SearchError> {
        let _alone = self.writes.write().await;
        let fresh = format!("{}{REBUILD_SUFFIX}", self.uid);
        self.delete_index(&fresh).await?;
        self.prepare(&fresh).await?;
        let count = match self.fill(&fresh, batches).await {
            Ok(count) => count,
            Err(err) => {
                if let Err(cleanup) = self.delete_index(&fresh).await {
                    tracing::warn!(error = %cleanup, index = %fresh, "could not remove an unfinished search index");
                }
                return Err(err);
            }
        };
        // Swapping needs both indexes to exist.
        self.prepare(&self.uid).await?;
        let swap = SwapIndexes {
            indexes: (self.uid.clone(), fresh.clone()),
            rename: None,
        };
        let task = self
            .client
            .swap_indexes([&swap])
            .await
            .map_err(from_meili)?;
        self.wait(task).await?;
        // `fresh` now names the old documents.
        self.delete_index(&fresh).await?;
        tracing::info!(documents = count, index = %self.uid, "search index rebuilt");
        Ok(count)
    }

    async fn document_ids(&self) -> Result<Vec<(SearchKind, Uuid)>, SearchError> {
        #[derive(Deserialize)]
        struct Listed {
            id: Uuid,
            kind: SearchKind,
        }
        const PAGE: usize = 1_000;
        let index = self.client.index(&self.uid);
        let mut out = Vec::new();
        loop {
            let mut query = DocumentsQuery::new(&index);
            query
                .with_fields(["id", "kind"])
                .with_limit(PAGE)
                .with_offset(out.len());
            let page: DocumentsResults<Listed> = match index.get_documents_with(&query).await {
                Ok(page) => page,
                // No index yet: it holds nothing.
                Err(err) => match from_meili(err) {
                    SearchError::Rejected(err) if err.contains("index_not_found") => {
                        return Ok(out);
                    }
                    err => return Err(err),
                },
            };
            let got = page.results.len();
            out.extend(page.results.into_iter().map(|doc| (doc.kind, doc.id)));
            if got < PAGE || out.len() >= page.total as usize {
                return Ok(out);
            }
        }
    }

    async fn health(&self) -> bool {
        self.check().await.is_ok()
    }

    /// Asks for the index with our key, so a refused key shows, not only a
    /// server that answers `/health`.
    async fn check(&self) -> Result<(), SearchError> {
        match self.in_time(self.client.index(&self.uid).get_stats()).await {
            Ok(_) => Ok(()),
            // Reachable with our key; the index comes with `ensure_ready`.
            Err(SearchError::Rejected(err)) if err.contains("index_not_found") => Ok(()),
            Err(err) => Err(err),
        }
    }

    async fn needs_rebuild(&self) -> bool {
        match self.client.index(&self.uid).get_stats().await {
            Ok(stats) => stats.number_of_documents == 0,
            // Not reachable: the outbox catches up once it is.
            Err(_) => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_values_are_escaped() {
        assert_eq!(
            any_of("tags", ["a\"b".to_owned(), "c\\".to_owned()]),
            r#"tags IN ["a\"b", "c\\"]"#
        );
    }

    #[test]
    fn query_text_has_no_operators_or_stop_words() {
        assert_eq!(query_text("\"de speeltuin\" -kapot"), "speeltuin kapot");
        assert_eq!(query_text("speeltuin "), "speeltuin ");
        assert_eq!(query_text("!!!"), "");
    }

    #[test]
    fn the_key_stays_out_of_debug_output() {
        let config = MeiliConfig {
            url: "http://localhost:7700".into(),
            master_key: "secret-key".into(),
            index_prefix: "plein_".into(),
            search_timeout: MeiliConfig::SEARCH_TIMEOUT,
        };
        assert!(!format!("{config:?}").contains("secret-key"));
    }
}
