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

    /// The connections this pool holds, and how many of them are idle.
    pub fn pool_size(&self) -> (u32, usize) {
        match self.backend() {
            DbBackend::Postgres => {
                let pool = self.conn.get_postgres_connection_pool();
                (pool.size(), pool.num_idle())
            }
            DbBackend::Sqlite => {
                let pool = self.conn.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            }
            _ => (0, 0),
        }
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

/// Where a database's schema stands against the migrations this build knows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemaState {
    /// Known migrations not yet applied, in the order they would run.
    pub pending: Vec<String>,
    /// Applied migrations this build does not know (a newer Plein ran them).
    pub unknown: Vec<String>,
}

impl SchemaState {
    /// Whether the schema is exactly what this build expects.
    pub fn is_current(&self) -> bool {
        self.pending.is_empty() && self.unknown.is_empty()
    }
}

/// The migrations this build knows, in order.
pub fn migration_names() -> Vec<String> {
    Migrator::migrations()
        .iter()
        .map(|migration| migration.name().to_owned())
        .collect()
}

/// Compares the applied migrations with the known ones; reads only (a
/// database without the migrations table has everything pending).
pub async fn schema_state(db: &Database) -> Result<SchemaState> {
    use plein_migrations::SchemaManager;
    use sea_orm::{ConnectionTrait, Statement};

    let known = migration_names();
    let mut applied = Vec::new();
    if SchemaManager::new(&db.conn)
        .has_table("seaql_migrations")
        .await?
    {
        let rows = db
            .conn
            .query_all_raw(Statement::from_string(
                db.backend(),
                "SELECT version FROM seaql_migrations ORDER BY version",
            ))
            .await?;
        for row in rows {
            applied.push(row.try_get::<String>("", "version")?);
        }
    }
    Ok(SchemaState {
        pending: known
            .iter()
            .filter(|name| !applied.contains(name))
            .cloned()
            .collect(),
        unknown: applied
            .into_iter()
            .filter(|name| !known.contains(name))
            .collect(),
    })
}

/// Brings the schema up to date. Refuses a database a newer Plein has
/// migrated ([`crate::StorageError::NewerSchema`]), before changing anything.
pub async fn migrate(db: &Database) -> Result<()> {
    let state = schema_state(db).await?;
    if !state.unknown.is_empty() {
        return Err(crate::StorageError::NewerSchema(state.unknown));
    }
    Migrator::up(&db.conn, None).await?;
    Ok(())
}
