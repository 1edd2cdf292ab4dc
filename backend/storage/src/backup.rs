//! The database side of `plein backup`, `plein restore` and `plein check`.

use std::path::Path;

use plein_migrations::SchemaManager;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use uuid::Uuid;

use crate::{Database, Result, StorageError};

/// Writes a consistent copy of a SQLite database to `to` (a new file) with
/// `VACUUM INTO`: it reads inside one transaction, so the copy is the
/// database as of one moment even while the server keeps writing, and it
/// never copies a half-written page as a file copy of a live database can.
pub async fn sqlite_snapshot(db: &Database, to: &Path) -> Result<()> {
    let path = to.to_str().ok_or_else(|| {
        StorageError::Database(sea_orm::DbErr::Custom(format!(
            "the backup path {} is not valid UTF-8",
            to.display()
        )))
    })?;
    let sql = format!("VACUUM INTO '{}'", path.replace('\'', "''"));
    db.conn.execute_unprepared(&sql).await?;
    Ok(())
}

/// Whether the database holds no Plein schema yet (a fresh target for a
/// restore).
pub async fn is_empty(db: &Database) -> Result<bool> {
    let manager = SchemaManager::new(&db.conn);
    Ok(!manager.has_table("seaql_migrations").await? && !manager.has_table("users").await?)
}

/// A stored count that differs from the rows it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterDrift {
    /// Such as `ideas.support_count`.
    pub counter: &'static str,
    pub id: Uuid,
    pub stored: i64,
    pub counted: i64,
}

/// The counters `plein check` compares: (name, table, column, the rows it
/// counts for the row `t`).
const COUNTERS: [(&str, &str, &str, &str); 4] = [
    (
        "ideas.support_count",
        "ideas",
        "support_count",
        "SELECT COUNT(*) FROM supports s WHERE s.idea_id = t.id",
    ),
    (
        "ideas.comment_count",
        "ideas",
        "comment_count",
        "SELECT COUNT(*) FROM comments c WHERE c.subject_kind = 'idea' AND c.subject_id = t.id",
    ),
    (
        "plans.comment_count",
        "plans",
        "comment_count",
        "SELECT COUNT(*) FROM comments c WHERE c.subject_kind = 'plan' AND c.subject_id = t.id",
    ),
    (
        "budget_projects.support_count",
        "budget_projects",
        "support_count",
        "SELECT COUNT(*) FROM budget_project_supports s WHERE s.project_id = t.id",
    ),
];

/// Every support and comment counter that differs from its rows.
pub async fn counter_drift(db: &impl ConnectionTrait) -> Result<Vec<CounterDrift>> {
    let backend = db.get_database_backend();
    let mut drift = Vec::new();
    for (counter, table, column, count) in COUNTERS {
        let sql = format!(
            "SELECT t.id AS id, t.{column} AS stored, ({count}) AS counted FROM {table} t \
             WHERE t.{column} <> ({count}) ORDER BY t.id"
        );
        for row in db
            .query_all_raw(Statement::from_string(backend, sql))
            .await?
        {
            drift.push(CounterDrift {
                counter,
                id: row.try_get("", "id")?,
                stored: i64::from(row.try_get::<i32>("", "stored")?),
                counted: row.try_get("", "counted")?,
            });
        }
    }
    Ok(drift)
}

/// Sets every support and comment counter to the rows it counts; answers
/// how many rows changed.
pub async fn repair_counters(db: &impl ConnectionTrait) -> Result<u64> {
    let backend = db.get_database_backend();
    let mut changed = 0;
    for (_, table, column, count) in COUNTERS {
        let count = count.replace("t.id", &format!("{table}.id"));
        let cast = match backend {
            DbBackend::Postgres => format!("CAST(({count}) AS INTEGER)"),
            _ => format!("({count})"),
        };
        let sql = format!("UPDATE {table} SET {column} = {cast} WHERE {column} <> ({count})");
        changed += db
            .execute_raw(Statement::from_string(backend, sql))
            .await?
            .rows_affected();
    }
    Ok(changed)
}
