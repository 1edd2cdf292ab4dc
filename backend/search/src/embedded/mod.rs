//! The embedded engine: a tantivy index in a folder under the data folder,
//! for installations without a Meilisearch server.
//!
//! One writer, behind an async mutex, commits every change before returning
//! and reloads the reader, so a change is searchable as soon as the call
//! ends. A rebuild holds the same mutex from start to swap, so changes made
//! meanwhile wait and then land in the new index instead of being lost.
//! Only one process may open the folder at a time (tantivy locks it), so a
//! reindex with this engine runs inside the server process.
//!
//! Every search visits all its matches, reading only integer fast fields and
//! dictionary ordinals, which gives exact facet counts and totals; only the
//! best `offset + limit` matches are kept and only the page's stored text is
//! read.

mod collect;
mod query;
mod schema;
mod snippet;
mod store;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use async_trait::async_trait;
use futures::StreamExt;
use plein_app::search::{
    DocumentBatches, MAX_TOTAL_HITS, SearchDocument, SearchError, SearchHit, SearchIndex,
    SearchKind, SearchQuery, SearchResults,
};
use tantivy::schema::Value;
use tantivy::{IndexWriter, Searcher, TantivyDocument};
use tokio::sync::{Mutex, OwnedMutexGuard};
use uuid::Uuid;

use self::collect::{MatchCollector, Row};
use self::query::{Matching, QueryWord};
use self::store::{Generation, storage};
use crate::language::{self, Synonyms};

pub struct EmbeddedIndex {
    root: PathBuf,
    synonyms: Arc<Synonyms>,
    live: RwLock<Arc<Generation>>,
    writer: Arc<Mutex<WriterSlot>>,
    /// Set when `open` started an empty generation; cleared by a rebuild.
    started_empty: AtomicBool,
}

struct WriterSlot {
    writer: IndexWriter,
    generation: Arc<Generation>,
}

impl std::fmt::Debug for EmbeddedIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmbeddedIndex")
            .field("root", &self.root)
            .finish_non_exhaustive()
    }
}

impl EmbeddedIndex {
    /// Opens the index in `dir`, creating it when missing. An index that
    /// cannot be opened, or was written with another schema, is replaced by
    /// an empty one (logged): the index is derived data and a reindex
    /// refills it.
    pub fn open(dir: impl AsRef<Path>, synonyms: &Synonyms) -> Result<Self, SearchError> {
        let root = dir.as_ref().to_path_buf();
        std::fs::create_dir_all(&root).map_err(storage)?;
        let ((generation, writer), started_empty) = match store::current(&root)? {
            None => (Self::start_generation(&root, 1)?, true),
            Some(number) => match store::open(&root, number) {
                Ok(Some(opened)) => (opened, false),
                Ok(None) => {
                    tracing::warn!(path = %root.display(), "search index was written by another version; starting an empty one to rebuild");
                    (Self::start_generation(&root, number + 1)?, true)
                }
                // Replacing an index another process writes would pull it
                // away from under that process.
                Err(err) if store::is_in_use(&err) => return Err(err),
                Err(err) => {
                    tracing::error!(path = %root.display(), error = %err, "search index could not be opened; starting an empty one to rebuild");
                    (Self::start_generation(&root, number + 1)?, true)
                }
            },
        };
        store::remove_others(&root, generation.number);
        let synonyms = synonyms.normalized(schema::normalize_word);
        let generation = Arc::new(generation);
        Ok(Self {
            root,
            synonyms: Arc::new(synonyms),
            live: RwLock::new(generation.clone()),
            writer: Arc::new(Mutex::new(WriterSlot { writer, generation })),
            started_empty: AtomicBool::new(started_empty),
        })
    }

    fn start_generation(
        root: &Path,
        number: u32,
    ) -> Result<(Generation, IndexWriter), SearchError> {
        let created = store::create(root, number)?;
        store::set_current(root, number)?;
        Ok(created)
    }

    fn live(&self) -> Arc<Generation> {
        self.live
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    async fn lock_writer(&self) -> OwnedMutexGuard<WriterSlot> {
        self.writer.clone().lock_owned().await
    }
}

/// A turn at running a query: one per core. A query keeps a core busy from
/// start to end, so more at once would not answer sooner, and each would
/// hold its own buffers and thread.
async fn query_turn() -> Result<tokio::sync::SemaphorePermit<'static>, SearchError> {
    static TURNS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    TURNS
        .get_or_init(|| {
            tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
        })
        .acquire()
        .await
        .map_err(|err| SearchError::Storage(format!("query queue closed: {err}")))
}

/// Runs blocking index work off the async threads.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, SearchError> + Send + 'static,
) -> Result<T, SearchError> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|err| SearchError::Storage(format!("index task failed: {err}")))?
}

fn add_documents(
    writer: &IndexWriter,
    generation: &Generation,
    documents: &[SearchDocument],
) -> Result<(), SearchError> {
    let fields = generation.fields;
    for document in documents {
        writer.delete_term(fields.id_term(document.id));
        writer
            .add_document(fields.document(document))
            .map_err(storage)?;
    }
    Ok(())
}

/// Commits pending changes and makes them visible, or drops them all.
fn commit(slot: &mut WriterSlot) -> Result<(), SearchError> {
    if let Err(err) = slot.writer.commit() {
        // Pending changes must not ride along with a later commit.
        let _ = slot.writer.rollback();
        return Err(storage(err));
    }
    slot.generation.reader.reload().map_err(storage)
}

fn run_search(
    generation: &Generation,
    synonyms: &Synonyms,
    search: &SearchQuery,
) -> Result<SearchResults, SearchError> {
    let words = query::parse_words(&search.text, synonyms, true);
    let query = query::build(&generation.fields, &words, Matching::All, search);
    let searcher = generation.reader.searcher();
    if searcher.num_docs() == 0 {
        return Ok(SearchResults::default());
    }
    let start = search.offset.min(MAX_TOTAL_HITS);
    let end = (start + search.page_size()).min(MAX_TOTAL_HITS);
    let collector = MatchCollector {
        keep: end,
        sort: search.sort,
        has_text: !words.is_empty(),
    };
    let matches = searcher
        .search(query.as_ref(), &collector)
        .map_err(storage)?;
    let hits = matches
        .rows
        .iter()
        .skip(start)
        .map(|row| hit(&searcher, generation, row, &words))
        .collect::<Result<_, _>>()?;
    Ok(SearchResults {
        hits,
        facets: matches.facets,
        estimated_total: matches.total,
    })
}

fn hit(
    searcher: &Searcher,
    generation: &Generation,
    row: &Row,
    words: &[QueryWord],
) -> Result<SearchHit, SearchError> {
    let stored: TantivyDocument = searcher.doc(row.address).map_err(storage)?;
    let text = |field| {
        stored
            .get_first(field)
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let title = text(generation.fields.title);
    let body = text(generation.fields.body);
    Ok(SearchHit {
        id: row.id,
        kind: row.kind,
        score: f64::from(row.score),
        title_html: snippet::title_html(&title, words),
        snippet_html: snippet::snippet_html(&body, words),
    })
}

/// Every live document's kind and id, read from the fast fields segment
/// by segment, deleted documents skipped.
fn all_ids(generation: &Generation) -> Result<Vec<(SearchKind, Uuid)>, SearchError> {
    let searcher = generation.reader.searcher();
    let mut out = Vec::with_capacity(searcher.num_docs() as usize);
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let high = fast.u64(schema::names::ID_HIGH).map_err(storage)?;
        let low = fast.u64(schema::names::ID_LOW).map_err(storage)?;
        let kind = fast
            .str(schema::names::KIND)
            .map_err(storage)?
            .ok_or_else(|| storage("kind is not a fast field"))?;
        let mut name = String::new();
        for doc in segment.doc_ids_alive() {
            let Some(ord) = kind.term_ords(doc).next() else {
                continue;
            };
            kind.ord_to_str(ord, &mut name).map_err(storage)?;
            let Some(kind) = SearchKind::parse(&name) else {
                continue;
            };
            let id = Uuid::from_u64_pair(
                high.first(doc).unwrap_or_default(),
                low.first(doc).unwrap_or_default(),
            );
            out.push((kind, id));
        }
    }
    Ok(out)
}

#[async_trait]
impl SearchIndex for EmbeddedIndex {
    fn name(&self) -> &'static str {
        "embedded"
    }

    async fn ensure_ready(&self) -> Result<(), SearchError> {
        let generation = self.live();
        blocking(move || generation.reader.reload().map_err(storage)).await
    }

    async fn upsert(&self, documents: &[SearchDocument]) -> Result<(), SearchError> {
        if documents.is_empty() {
            return Ok(());
        }
        let documents = documents.to_vec();
        let mut slot = self.lock_writer().await;
        blocking(move || {
            add_documents(&slot.writer, &slot.generation, &documents)?;
            commit(&mut slot)
        })
        .await
    }

    async fn delete(&self, ids: &[Uuid]) -> Result<(), SearchError> {
        if ids.is_empty() {
            return Ok(());
        }
        let ids = ids.to_vec();
        let mut slot = self.lock_writer().await;
        blocking(move || {
            for id in ids {
                slot.writer.delete_term(slot.generation.fields.id_term(id));
            }
            commit(&mut slot)
        })
        .await
    }

    async fn search(&self, query: &SearchQuery) -> Result<SearchResults, SearchError> {
        let generation = self.live();
        let synonyms = self.synonyms.clone();
        let query = query.clone();
        let _turn = query_turn().await?;
        blocking(move || run_search(&generation, &synonyms, &query)).await
    }

    async fn similar_ideas(
        &self,
        title: &str,
        body: &str,
        area_id: Option<Uuid>,
        limit: usize,
    ) -> Result<Vec<SearchHit>, SearchError> {
        let text = language::key_words(title, body).join(" ");
        let generation = self.live();
        let synonyms = self.synonyms.clone();
        let _turn = query_turn().await?;
        blocking(move || {
            let words = query::parse_words(&text, &synonyms, false);
            if words.is_empty() {
                return Ok(Vec::new());
            }
            let filters = SearchQuery {
                kinds: vec![SearchKind::Idea],
                area_id,
                ..SearchQuery::default()
            };
            let query = query::build(&generation.fields, &words, Matching::Any, &filters);
            let searcher = generation.reader.searcher();
            if searcher.num_docs() == 0 {
                return Ok(Vec::new());
            }
            let collector = MatchCollector {
                keep: limit.min(plein_app::search::MAX_PAGE_SIZE),
                sort: filters.sort,
                has_text: true,
            };
            let matches = searcher
                .search(query.as_ref(), &collector)
                .map_err(storage)?;
            matches
                .rows
                .iter()
                .map(|row| hit(&searcher, &generation, row, &words))
                .collect()
        })
        .await
    }

    async fn rebuild(&self, mut batches: DocumentBatches<'_>) -> Result<u64, SearchError> {
        let mut slot = self.lock_writer().await;
        let root = self.root.clone();
        let number = slot.generation.number + 1;
        let (generation, writer) = blocking(move || store::create(&root, number)).await?;
        let generation = Arc::new(generation);
        let mut fresh = Some(writer);
        let mut count = 0u64;
        let filled = async {
            while let Some(batch) = batches.next().await {
                let batch = batch?;
                count += batch.len() as u64;
                let writer = fresh.take().ok_or_else(|| storage("writer lost"))?;
                let target = generation.clone();
                let writer = blocking(move || {
                    add_documents(&writer, &target, &batch)?;
                    Ok(writer)
                })
                .await?;
                fresh = Some(writer);
            }
            let mut writer = fresh.take().ok_or_else(|| storage("writer lost"))?;
            let target = generation.clone();
            let root = self.root.clone();
            blocking(move || {
                writer.commit().map_err(storage)?;
                target.reader.reload().map_err(storage)?;
                store::set_current(&root, target.number)?;
                Ok(writer)
            })
            .await
        }
        .await;
        let writer = match filled {
            Ok(writer) => writer,
            Err(err) => {
                drop(fresh);
                let root = self.root.clone();
                let keep = slot.generation.number;
                let _ = blocking(move || {
                    store::remove_others(&root, keep);
                    Ok(())
                })
                .await;
                return Err(err);
            }
        };
        *self
            .live
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = generation.clone();
        let old = std::mem::replace(&mut slot.writer, writer);
        slot.generation = generation;
        let root = self.root.clone();
        let keep = number;
        blocking(move || {
            if let Err(err) = old.wait_merging_threads() {
                tracing::warn!(error = %err, "old search index writer did not stop cleanly");
            }
            store::remove_others(&root, keep);
            Ok(())
        })
        .await?;
        self.started_empty.store(false, Ordering::Relaxed);
        tracing::info!(
            documents = count,
            generation = number,
            "search index rebuilt"
        );
        Ok(count)
    }

    async fn document_ids(&self) -> Result<Vec<(SearchKind, Uuid)>, SearchError> {
        let generation = self.live();
        blocking(move || all_ids(&generation)).await
    }

    async fn health(&self) -> bool {
        self.root.join("CURRENT").is_file()
    }

    async fn needs_rebuild(&self) -> bool {
        self.started_empty.load(Ordering::Relaxed)
    }
}
