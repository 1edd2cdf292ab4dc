//! What an operator asks of an installation: whether the database schema is
//! the one this build expects, a backup and its restore, and a check of the
//! stored counters.

mod backup;

pub use backup::{BackupReport, DataFolder, DatabaseCopy, RestoreReport, restore, sqlite_file};
pub use plein_storage::SchemaState;
pub use plein_storage::backup::CounterDrift;

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

    /// Sets the counters to the rows they count, in one transaction;
    /// answers how many rows changed.
    pub async fn repair_counters(&self) -> AppResult<u64> {
        let txn = self.db.begin_write().await?;
        let changed = plein_storage::backup::repair_counters(&txn).await?;
        txn.commit().await?;
        Ok(changed)
    }
}
