//! `plein check` for the search index: the ideas, plans and groups anyone
//! may see against the documents the index holds, and a repair that
//! reindexes only the differences.

use std::collections::BTreeSet;

use plein_storage::{groups, ideas, jobs, plans};
use uuid::Uuid;

use super::indexing::{group_is_public, idea_is_public, plan_is_public};
use super::{SearchIndex, SearchIndexJob, SearchKind, SearchScopeJob};
use crate::jobs::BackgroundJob;
use crate::{App, AppResult};

/// Rows read per query while listing what the index should hold.
const CHECK_BATCH: u64 = 500;
/// Documents written to the index per request while repairing.
const REPAIR_BATCH: usize = 200;

/// Where the search index and the database disagree.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IndexDrift {
    /// Visible in the database, absent from the index.
    pub missing: Vec<(SearchKind, Uuid)>,
    /// In the index, but gone from the database, no longer visible to
    /// everyone, or held under another kind.
    pub stray: Vec<(SearchKind, Uuid)>,
    /// Search jobs still waiting in the outbox. While there are any, a
    /// difference may be a change on its way to the index.
    pub pending_jobs: usize,
}

impl IndexDrift {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.stray.is_empty()
    }
}

impl App {
    /// Every idea, plan and group anyone may see, by kind and id: what the
    /// search index should hold.
    pub async fn findable_ids(&self) -> AppResult<BTreeSet<(SearchKind, Uuid)>> {
        let db = &self.db.conn;
        let mut out = BTreeSet::new();
        let mut after = None;
        loop {
            let rows = ideas::all_after(db, after, CHECK_BATCH).await?;
            let Some(last) = rows.last() else { break };
            after = Some(last.id);
            out.extend(
                rows.iter()
                    .filter(|row| idea_is_public(row))
                    .map(|row| (SearchKind::Idea, row.id)),
            );
        }
        let mut after = None;
        loop {
            let rows = plans::all_after(db, after, CHECK_BATCH).await?;
            let Some(last) = rows.last() else { break };
            after = Some(last.id);
            out.extend(
                rows.iter()
                    .filter(|row| plan_is_public(row))
                    .map(|row| (SearchKind::Plan, row.id)),
            );
        }
        let mut after = None;
        loop {
            let rows = groups::all_after(db, after, CHECK_BATCH).await?;
            let Some(last) = rows.last() else { break };
            after = Some(last.id);
            out.extend(
                rows.iter()
                    .filter(|row| group_is_public(row))
                    .map(|row| (SearchKind::Group, row.id)),
            );
        }
        Ok(out)
    }

    /// Compares `index` with the database. The index is read first, so an
    /// item created during the check shows as missing only while its search
    /// job waits (counted in [`IndexDrift::pending_jobs`]).
    pub async fn index_drift(&self, index: &dyn SearchIndex) -> AppResult<IndexDrift> {
        let listed = index.document_ids().await?;
        let held: BTreeSet<(SearchKind, Uuid)> = listed.into_iter().collect();
        let findable = self.findable_ids().await?;
        let mut pending_jobs = 0;
        for kind in [SearchIndexJob::KIND, SearchScopeJob::KIND] {
            pending_jobs += jobs::pending(&self.db.conn, kind).await?.len();
        }
        Ok(IndexDrift {
            missing: findable.difference(&held).copied().collect(),
            stray: held.difference(&findable).copied().collect(),
            pending_jobs,
        })
    }

    /// Removes the stray documents and indexes the missing ones from the
    /// rows as they are now. Answers how many documents changed.
    pub async fn repair_index(
        &self,
        index: &dyn SearchIndex,
        drift: &IndexDrift,
    ) -> AppResult<u64> {
        let stray: Vec<Uuid> = drift.stray.iter().map(|(_, id)| *id).collect();
        index.delete(&stray).await?;
        let of = |kind: SearchKind| -> Vec<Uuid> {
            drift
                .missing
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, id)| *id)
                .collect()
        };
        let mut upserted = 0u64;
        for kind in SearchKind::ALL {
            for ids in of(kind).chunks(REPAIR_BATCH) {
                let docs = match kind {
                    SearchKind::Idea => self.search_documents(ids, &[], &[]).await?,
                    SearchKind::Plan => self.search_documents(&[], ids, &[]).await?,
                    SearchKind::Group => self.search_documents(&[], &[], ids).await?,
                };
                index.upsert(&docs).await?;
                upserted += docs.len() as u64;
            }
        }
        Ok(stray.len() as u64 + upserted)
    }
}
