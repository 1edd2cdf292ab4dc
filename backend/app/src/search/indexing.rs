//! Keeping the index in step with the database. Every change to an idea,
//! plan or working group leaves a [`SearchIndexJob`] in the outbox in its own transaction; the
//! [`SearchIndexHandler`] then reads the current rows and upserts what anyone
//! may see, deleting the rest. `plein reindex` rebuilds everything.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures::StreamExt;
use plein_domain::Viewer;
use plein_storage::entities::{
    ideas as idea_rows, plans as plan_rows, working_groups as group_rows,
};
use plein_storage::listing::Filter;
use plein_storage::{areas, groups, ideas, plans, users, visibility};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{SearchDocument, SearchError, SearchIndex, SearchKind};
use crate::jobs::{BackgroundJob, Claimed, Handler, JobError, JobHandler, Retry};
use crate::{App, AppResult};

/// How many rows `reindex` reads per batch.
const REINDEX_BATCH: u64 = 200;

/// The outbox job that brings one item's search document up to date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchIndexJob {
    pub kind: SearchKind,
    pub id: Uuid,
}

impl BackgroundJob for SearchIndexJob {
    const KIND: &'static str = "search.index";
}

/// The outbox job that brings every document of an author or of an area's
/// subtree up to date, after a change that shows in all of them (a new
/// display name, an area moved elsewhere in the tree).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchScopeJob {
    pub scope: Scope,
}

impl BackgroundJob for SearchScopeJob {
    const KIND: &'static str = "search.index_scope";
}

/// Leaves a job to re-read the item and update (or drop) its document.
pub(crate) async fn enqueue_index(
    db: &impl ConnectionTrait,
    kind: SearchKind,
    id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    SearchIndexJob { kind, id }.enqueue(db, now).await?;
    Ok(())
}

/// Whose documents a [`SearchScopeJob`] refreshes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Everything this user wrote.
    Author(Uuid),
    /// Everything in the area with this materialised path or beneath it.
    AreaPath(String),
}

/// Leaves a job to refresh every document in `scope`.
pub(crate) async fn enqueue_scope(
    db: &impl ConnectionTrait,
    scope: Scope,
    now: DateTime<Utc>,
) -> AppResult<()> {
    SearchScopeJob { scope }.enqueue(db, now).await?;
    Ok(())
}

// The index holds what anyone may see, by the rules in
// `plein_domain::visibility` as they read a row.

pub(super) fn idea_is_public(row: &idea_rows::Model) -> bool {
    visibility::idea_row(&Viewer::ANONYMOUS, row)
}

pub(super) fn plan_is_public(row: &plan_rows::Model) -> bool {
    visibility::plan_row(&Viewer::ANONYMOUS, row)
}

/// Members-only groups stay out of the index altogether.
pub(super) fn group_is_public(row: &group_rows::Model) -> bool {
    visibility::group_row(&Viewer::ANONYMOUS, row, false)
}

impl App {
    /// The documents of the publicly visible ones among these ideas, plans
    /// and groups, in a fixed number of queries. Ids missing from the answer
    /// are gone or hidden and belong out of the index.
    pub async fn search_documents(
        &self,
        idea_ids: &[Uuid],
        plan_ids: &[Uuid],
        group_ids: &[Uuid],
    ) -> AppResult<Vec<SearchDocument>> {
        let db = &self.db.conn;
        let idea_rows = ideas::find_many(db, idea_ids).await?;
        let plan_rows = plans::find_many(db, plan_ids).await?;
        let group_rows = groups::find_groups(db, group_ids).await?;
        self.documents_of(idea_rows, plan_rows, group_rows).await
    }

    async fn documents_of(
        &self,
        idea_rows: Vec<idea_rows::Model>,
        plan_rows: Vec<plan_rows::Model>,
        group_rows: Vec<group_rows::Model>,
    ) -> AppResult<Vec<SearchDocument>> {
        let db = &self.db.conn;
        let idea_rows: Vec<_> = idea_rows.into_iter().filter(idea_is_public).collect();
        let plan_rows: Vec<_> = plan_rows.into_iter().filter(plan_is_public).collect();
        let group_rows: Vec<_> = group_rows.into_iter().filter(group_is_public).collect();
        let area_ids: BTreeSet<Uuid> = idea_rows
            .iter()
            .map(|r| r.area_id)
            .chain(plan_rows.iter().map(|r| r.area_id))
            .chain(group_rows.iter().map(|r| r.area_id))
            .collect();
        let author_ids: BTreeSet<Uuid> = idea_rows
            .iter()
            .map(|r| r.author_id)
            .chain(plan_rows.iter().map(|r| r.author_id))
            .chain(group_rows.iter().filter_map(|r| r.created_by))
            .collect();
        let area_ids: Vec<Uuid> = area_ids.into_iter().collect();
        let author_ids: Vec<Uuid> = author_ids.into_iter().collect();
        // The materialised path already names every ancestor.
        let paths: HashMap<Uuid, Vec<Uuid>> = areas::find_many(db, &area_ids)
            .await?
            .into_iter()
            .map(|a| (a.id, areas::path_ids(&a.path)))
            .collect();
        let names: HashMap<Uuid, String> = users::find_many(db, &author_ids)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect();
        let path_of = |area: Uuid| paths.get(&area).cloned().unwrap_or_else(|| vec![area]);
        let name_of = |user: Uuid| names.get(&user).cloned().unwrap_or_default();
        let mut docs = Vec::with_capacity(idea_rows.len() + plan_rows.len());
        for row in idea_rows {
            docs.push(SearchDocument {
                id: row.id,
                kind: SearchKind::Idea,
                body: plein_domain::markdown::to_plain_text(&row.body),
                tags: row.tags.0,
                status: row.status.as_str().to_owned(),
                area_id: row.area_id,
                area_path_ids: path_of(row.area_id),
                author_name: name_of(row.author_id),
                support_count: row.support_count.into(),
                comment_count: row.comment_count.into(),
                created_at: row.created_at,
                updated_at: row.updated_at,
                title: row.title,
            });
        }
        for row in plan_rows {
            docs.push(SearchDocument {
                id: row.id,
                kind: SearchKind::Plan,
                body: plein_domain::markdown::to_plain_text(&row.description),
                tags: Vec::new(),
                status: row.status.as_str().to_owned(),
                area_id: row.area_id,
                area_path_ids: path_of(row.area_id),
                author_name: name_of(row.author_id),
                support_count: 0,
                comment_count: row.comment_count.into(),
                created_at: row.created_at,
                updated_at: row.updated_at,
                title: row.title,
            });
        }
        for row in group_rows {
            docs.push(SearchDocument {
                id: row.id,
                kind: SearchKind::Group,
                body: plein_domain::markdown::to_plain_text(&row.purpose),
                tags: Vec::new(),
                // How to join: open, request or invite.
                status: row.join_policy.as_str().to_owned(),
                area_id: row.area_id,
                area_path_ids: path_of(row.area_id),
                author_name: row.created_by.map(name_of).unwrap_or_default(),
                // Bigger groups rank higher under "most supported".
                support_count: row.member_count.into(),
                comment_count: 0,
                created_at: row.created_at,
                updated_at: row.updated_at,
                title: row.name,
            });
        }
        Ok(docs)
    }

    /// Rebuilds `index` from the database: every visible idea and plan, read
    /// in batches and swapped in at the end. `progress` hears the running
    /// count of documents after each batch. Answers how many were indexed.
    pub async fn reindex(
        &self,
        index: &dyn SearchIndex,
        progress: impl Fn(u64) + Send + Sync,
    ) -> Result<u64, SearchError> {
        #[derive(Clone, Copy)]
        enum Phase {
            Ideas(Option<Uuid>),
            Plans(Option<Uuid>),
            Groups(Option<Uuid>),
            Done,
        }
        let progress = &progress;
        let batches = futures::stream::unfold(
            (Phase::Ideas(None), 0u64),
            move |(phase, seen)| async move {
                let db = &self.db.conn;
                let read =
                    match phase {
                        Phase::Done => return None,
                        Phase::Ideas(after) => ideas::all_after(db, after, REINDEX_BATCH)
                            .await
                            .map(|rows| {
                                let next = match rows.last() {
                                    Some(last) => Phase::Ideas(Some(last.id)),
                                    None => Phase::Plans(None),
                                };
                                (rows, Vec::new(), Vec::new(), next)
                            }),
                        Phase::Plans(after) => plans::all_after(db, after, REINDEX_BATCH)
                            .await
                            .map(|rows| {
                                let next = match rows.last() {
                                    Some(last) => Phase::Plans(Some(last.id)),
                                    None => Phase::Groups(None),
                                };
                                (Vec::new(), rows, Vec::new(), next)
                            }),
                        Phase::Groups(after) => groups::all_after(db, after, REINDEX_BATCH)
                            .await
                            .map(|rows| {
                                let next = match rows.last() {
                                    Some(last) => Phase::Groups(Some(last.id)),
                                    None => Phase::Done,
                                };
                                (Vec::new(), Vec::new(), rows, next)
                            }),
                    };
                let result = match read {
                    Ok((idea_rows, plan_rows, group_rows, next)) => {
                        match self.documents_of(idea_rows, plan_rows, group_rows).await {
                            Ok(docs) => {
                                let seen = seen + docs.len() as u64;
                                progress(seen);
                                return Some((Ok(docs), (next, seen)));
                            }
                            Err(err) => err,
                        }
                    }
                    Err(err) => err.into(),
                };
                Some((
                    Err(SearchError::Source(result.to_string())),
                    (Phase::Done, seen),
                ))
            },
        );
        index.rebuild(batches.boxed()).await
    }
}

/// Search jobs only re-read the database and write what they find, so they
/// are safe to repeat: while the engine is down they try every few seconds
/// (for about a day), and the index catches up within seconds of its return.
const SEARCH_RETRY: Retry = Retry {
    backoff_cap: std::time::Duration::from_secs(5),
    max_attempts: 17_280,
};

/// The search handlers a worker runs: single items and whole scopes.
pub fn handlers(app: &App, index: &Arc<dyn SearchIndex>) -> Vec<Arc<dyn JobHandler>> {
    vec![
        Arc::new(SearchIndexHandler {
            app: app.clone(),
            index: index.clone(),
        }),
        Arc::new(SearchScopeHandler {
            items: SearchIndexHandler {
                app: app.clone(),
                index: index.clone(),
            },
        }),
    ]
}

/// Applies `search.index` jobs to the index, many at a time.
pub struct SearchIndexHandler {
    pub app: App,
    pub index: Arc<dyn SearchIndex>,
}

impl SearchIndexHandler {
    async fn apply(&self, ideas: &[Uuid], plans: &[Uuid], groups: &[Uuid]) -> Result<(), JobError> {
        let docs = self
            .app
            .search_documents(ideas, plans, groups)
            .await
            .map_err(|err| JobError::transient(err.to_string()))?;
        let kept: BTreeSet<Uuid> = docs.iter().map(|d| d.id).collect();
        let gone: Vec<Uuid> = ideas
            .iter()
            .chain(plans)
            .chain(groups)
            .filter(|id| !kept.contains(id))
            .copied()
            .collect();
        // Search being down must not lose the change: the job comes back.
        if !docs.is_empty() {
            self.index
                .upsert(&docs)
                .await
                .map_err(|err| JobError::transient(err.to_string()))?;
        }
        if !gone.is_empty() {
            self.index
                .delete(&gone)
                .await
                .map_err(|err| JobError::transient(err.to_string()))?;
        }
        tracing::debug!(
            upserted = docs.len(),
            deleted = gone.len(),
            "search index updated"
        );
        Ok(())
    }
}

#[async_trait::async_trait]
impl Handler for SearchIndexHandler {
    type Job = SearchIndexJob;

    fn batch_size(&self) -> u64 {
        100
    }

    fn retry(&self) -> Option<Retry> {
        Some(SEARCH_RETRY)
    }

    fn batched(&self) -> bool {
        true
    }

    async fn run(&self, job: Claimed<SearchIndexJob>) -> Result<(), JobError> {
        self.run_batch(vec![job]).await.remove(0)
    }

    /// The whole batch in one read and one write to the index.
    async fn run_batch(&self, jobs: Vec<Claimed<SearchIndexJob>>) -> Vec<Result<(), JobError>> {
        let mut idea_ids = BTreeSet::new();
        let mut plan_ids = BTreeSet::new();
        let mut group_ids = BTreeSet::new();
        for Claimed { job, .. } in &jobs {
            match job.kind {
                SearchKind::Idea => idea_ids.insert(job.id),
                SearchKind::Plan => plan_ids.insert(job.id),
                SearchKind::Group => group_ids.insert(job.id),
            };
        }
        let idea_ids: Vec<Uuid> = idea_ids.into_iter().collect();
        let plan_ids: Vec<Uuid> = plan_ids.into_iter().collect();
        let group_ids: Vec<Uuid> = group_ids.into_iter().collect();
        let outcome = self.apply(&idea_ids, &plan_ids, &group_ids).await;
        vec![outcome; jobs.len()]
    }
}

/// Applies [`SearchScopeJob`]s: reads the ids in the scope page by page
/// and refreshes their documents as single-item jobs would.
pub struct SearchScopeHandler {
    items: SearchIndexHandler,
}

impl SearchScopeHandler {
    async fn refresh(&self, scope: &Scope) -> Result<(), JobError> {
        let filter = match scope {
            Scope::Author(id) => Filter {
                author_id: Some(*id),
                ..Filter::default()
            },
            Scope::AreaPath(path) => Filter {
                area_path: Some(path),
                ..Filter::default()
            },
        };
        let db = &self.items.app.db.conn;
        let failed = |err: plein_storage::StorageError| JobError::transient(err.to_string());
        let mut after = None;
        loop {
            let ids = ideas::ids_after(db, &filter, after, REINDEX_BATCH)
                .await
                .map_err(failed)?;
            let Some(last) = ids.last() else { break };
            after = Some(*last);
            self.items.apply(&ids, &[], &[]).await?;
        }
        let mut after = None;
        loop {
            let ids = plans::ids_after(db, &filter, after, REINDEX_BATCH)
                .await
                .map_err(failed)?;
            let Some(last) = ids.last() else { break };
            after = Some(*last);
            self.items.apply(&[], &ids, &[]).await?;
        }
        let (area_path, creator) = match scope {
            Scope::Author(id) => (None, Some(*id)),
            Scope::AreaPath(path) => (Some(path.as_str()), None),
        };
        let mut after = None;
        loop {
            let ids = groups::public_ids_after(db, area_path, creator, after, REINDEX_BATCH)
                .await
                .map_err(failed)?;
            let Some(last) = ids.last() else { break };
            after = Some(*last);
            self.items.apply(&[], &[], &ids).await?;
        }
        Ok(())
    }
}

#[async_trait::async_trait]
impl Handler for SearchScopeHandler {
    type Job = SearchScopeJob;

    fn retry(&self) -> Option<Retry> {
        Some(SEARCH_RETRY)
    }

    async fn run(&self, job: Claimed<SearchScopeJob>) -> Result<(), JobError> {
        self.refresh(&job.job.scope).await
    }
}
