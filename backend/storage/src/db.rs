use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use plein_migrations::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, DatabaseConnection, DatabaseTransaction, DbBackend, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};

use crate::Result;

/// Counts the SQL statements a connection has run, for tests and benchmarks
/// that hold a page of the API to a fixed number of statements.
#[derive(Debug, Clone, Default)]
pub struct StatementCounter(Arc<AtomicU64>);

impl StatementCounter {
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// The connection pool and what we know about it.
#[derive(Debug, Clone)]
pub struct Database {
    pub conn: DatabaseConnection,
    pub statements: StatementCounter,
}

impl Database {
    pub fn backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock
    /// at `BEGIN IMMEDIATE`, so two writers queue on the busy timeout instead of
    /// one failing when it upgrades from reading to writing.
    pub async fn begin_write(&self) -> Result<DatabaseTransaction> {
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        Ok(self.conn.begin_with_options(options).await?)
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        self.conn.ping().await.is_ok()
    }

    /// Gathers the planner's statistics of every table, after a bulk load.
    pub async fn analyze(&self) -> Result<()> {
        sea_orm::ConnectionTrait::execute_unprepared(&self.conn, "ANALYZE").await?;
        Ok(())
    }
}

/// Opens a pool for `url` (`postgres://…` or `sqlite://…`).
pub async fn connect(url: &str, max_connections: u32) -> Result<Database> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(max_connections)
        .min_connections(1)
        .acquire_timeout(Duration::from_secs(10))
        // A connection in use is known to be alive: pinging it on every
        // checkout doubled the round trips of a one-statement request. One
        // that sat idle long enough for a server restart or a firewall to
        // have dropped it is still checked first.
        .test_before_acquire_if_idle_for(Duration::from_secs(30))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
    let mut conn = sea_orm::Database::connect(options).await?;
    let statements = StatementCounter::default();
    let counter = statements.0.clone();
    conn.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    Ok(Database { conn, statements })
}

/// Brings the schema up to date.
pub async fn migrate(db: &Database) -> Result<()> {
    Migrator::up(&db.conn, None).await?;
    Ok(())
}
