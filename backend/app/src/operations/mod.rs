//! What an operator asks of an installation: whether the database schema is
//! the one this build expects, a backup and its restore, and a check of the
//! stored counters.

mod backup;

pub use backup::{BackupReport, DataFolder, DatabaseCopy, RestoreReport, restore, sqlite_file};
pub use plein_storage::SchemaState;
pub use plein_storage::backup::CounterDrift;

/// One kind of outbox job, for monitoring.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxKind {
    pub kind: String,
    pub waiting: i64,
    pub due: i64,
    pub failed: i64,
    /// How long the oldest due job of any kind has waited (the same for
    /// every kind in one answer), in seconds.
    pub oldest_due_seconds: i64,
}

use crate::{App, AppResult};

impl App {
    /// The applied migrations against the ones this build knows.
    pub async fn schema_state(&self) -> AppResult<SchemaState> {
        Ok(plein_storage::schema_state(&self.db).await?)
    }

    /// Every support and comment counter that differs from the rows it counts.
    pub async fn counter_drift(&self) -> AppResult<Vec<CounterDrift>> {
        Ok(plein_storage::backup::counter_drift(&self.db.conn).await?)
    }

    /// The outbox by kind: what waits, what is due, what failed for good.
    pub async fn outbox_stats(&self) -> AppResult<Vec<OutboxKind>> {
        let now = self.now();
        let stats = plein_storage::jobs::stats(&self.db.conn, now).await?;
        let oldest = plein_storage::jobs::oldest_due(&self.db.conn, now)
            .await?
            .map_or(0, |job| (now - job.run_after).num_seconds().max(0));
        Ok(stats
            .into_iter()
            .map(|s| OutboxKind {
                kind: s.kind,
                waiting: s.waiting,
                due: s.due,
                failed: s.failed,
                oldest_due_seconds: oldest,
            })
            .collect())
    }

    /// Sets the counters to the rows they count, in one transaction;
    /// answers how many rows changed.
    pub async fn repair_counters(&self) -> AppResult<u64> {
        let txn = self.db.begin_write().await?;
        let changed = plein_storage::backup::repair_counters(&txn).await?;
        txn.commit().await?;
        Ok(changed)
    }
}
