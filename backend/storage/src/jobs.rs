//! The outbox: work for the side systems (mail, search), committed in the same
//! transaction as the change that caused it, and claimed by workers.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult,
    QueryFilter, Statement, Value,
};
use uuid::Uuid;

use crate::Result;
use crate::entities::jobs::{ActiveModel, Column, Entity, Model};

pub async fn enqueue(
    db: &impl ConnectionTrait,
    kind: &str,
    payload: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    Entity::insert(new_job(id, kind, payload, now))
        .exec_without_returning(db)
        .await?;
    Ok(id)
}

/// The most jobs one multi-row insert carries: ten bind parameters each,
/// well under SQLite's and PostgreSQL's limits.
const ENQUEUE_CHUNK: usize = 1_000;

/// Enqueues one job of `kind` for each payload, a statement per thousand.
pub async fn enqueue_many(
    db: &impl ConnectionTrait,
    kind: &str,
    payloads: Vec<serde_json::Value>,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut payloads = payloads.into_iter().peekable();
    while payloads.peek().is_some() {
        let chunk: Vec<ActiveModel> = payloads
            .by_ref()
            .take(ENQUEUE_CHUNK)
            .map(|payload| new_job(Uuid::now_v7(), kind, payload, now))
            .collect();
        Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

fn new_job(id: Uuid, kind: &str, payload: serde_json::Value, now: DateTime<Utc>) -> ActiveModel {
    ActiveModel {
        id: Set(id),
        kind: Set(kind.to_owned()),
        payload: Set(payload),
        run_after: Set(now),
        attempts: Set(0),
        locked_until: Set(None),
        last_error: Set(None),
        done_at: Set(None),
        failed_at: Set(None),
        created_at: Set(now),
    }
}

/// Claims up to `limit` due jobs of `kind`, leasing them until `lease_until`
/// and counting the attempt. On PostgreSQL, `FOR UPDATE SKIP LOCKED` lets any
/// number of workers claim side by side without taking the same job; SQLite
/// serialises writers, so the plain update is already exclusive there.
pub async fn claim(
    db: &impl ConnectionTrait,
    kind: &str,
    limit: u64,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<Vec<Model>> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "UPDATE jobs SET locked_until = $1, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM jobs \
                 WHERE kind = $2 AND done_at IS NULL AND failed_at IS NULL \
                   AND run_after <= $3 AND (locked_until IS NULL OR locked_until < $3) \
                 ORDER BY run_after, id LIMIT $4 FOR UPDATE SKIP LOCKED) \
             RETURNING *"
        }
        _ => {
            "UPDATE jobs SET locked_until = $1, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM jobs \
                 WHERE kind = $2 AND done_at IS NULL AND failed_at IS NULL \
                   AND run_after <= $3 AND (locked_until IS NULL OR locked_until < $3) \
                 ORDER BY run_after, id LIMIT $4) \
             RETURNING *"
        }
    };
    let values: Vec<Value> = vec![
        lease_until.into(),
        kind.into(),
        now.into(),
        (limit as i64).into(),
    ];
    let statement = Statement::from_sql_and_values(backend, sql, values);
    let mut jobs = Model::find_by_statement(statement).all(db).await?;
    jobs.sort_by_key(|job| (job.run_after, job.id));
    Ok(jobs)
}

/// Extends the lease of the jobs `ids` that are still held (claimed, not
/// yet done, given up or put back for a retry) to `lease_until`.
pub async fn renew(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    lease_until: DateTime<Utc>,
) -> Result<u64> {
    let result = Entity::update_many()
        .col_expr(Column::LockedUntil, Expr::value(lease_until))
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(Column::DoneAt.is_null())
        .filter(Column::FailedAt.is_null())
        .filter(Column::LockedUntil.is_not_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected)
}

pub async fn complete(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    Entity::update_many()
        .col_expr(Column::DoneAt, Expr::value(now))
        .col_expr(
            Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(Column::LastError, Expr::value(Option::<String>::None))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records a failed attempt: run again at `retry_at`, or give up when `None`.
pub async fn fail(
    db: &impl ConnectionTrait,
    id: Uuid,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut update = Entity::update_many()
        .col_expr(Column::LastError, Expr::value(error.to_owned()))
        .col_expr(
            Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        );
    update = match retry_at {
        Some(at) => update.col_expr(Column::RunAfter, Expr::value(at)),
        None => update.col_expr(Column::FailedAt, Expr::value(now)),
    };
    update.filter(Column::Id.eq(id)).exec(db).await?;
    Ok(())
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>> {
    Ok(Entity::find_by_id(id).one(db).await?)
}

/// Jobs of `kind` still waiting to be done (neither done nor given up).
pub async fn pending(db: &impl ConnectionTrait, kind: &str) -> Result<Vec<Model>> {
    Ok(Entity::find()
        .filter(Column::Kind.eq(kind))
        .filter(Column::DoneAt.is_null())
        .filter(Column::FailedAt.is_null())
        .all(db)
        .await?)
}

/// Enqueues a job under a chosen id to run from `run_after`; when a job with
/// that id exists already (another server scheduled it), nothing changes.
pub async fn enqueue_once(
    db: &impl ConnectionTrait,
    id: Uuid,
    kind: &str,
    payload: serde_json::Value,
    run_after: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    let row = ActiveModel {
        id: Set(id),
        kind: Set(kind.to_owned()),
        payload: Set(payload),
        run_after: Set(run_after),
        attempts: Set(0),
        locked_until: Set(None),
        last_error: Set(None),
        done_at: Set(None),
        failed_at: Set(None),
        created_at: Set(now),
    };
    Entity::insert(row)
        .on_conflict_do_nothing_on([Column::Id])
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Enqueues a job that may not run before `run_after`.
pub async fn enqueue_at(
    db: &impl ConnectionTrait,
    kind: &str,
    payload: serde_json::Value,
    run_after: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    enqueue_once(db, id, kind, payload, run_after, now).await?;
    Ok(id)
}

/// How many jobs of one kind wait, are due now, or failed for good.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct KindStats {
    pub kind: String,
    /// Not done and not given up, due or scheduled for later.
    pub waiting: i64,
    /// Waiting and due by `now`.
    pub due: i64,
    pub failed: i64,
}

/// The outbox per kind, for monitoring; kinds with nothing waiting or
/// failed are left out.
pub async fn stats(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<KindStats>> {
    let backend = db.get_database_backend();
    let sql = "SELECT kind, \
           SUM(CASE WHEN failed_at IS NULL THEN 1 ELSE 0 END) AS waiting, \
           SUM(CASE WHEN failed_at IS NULL AND run_after <= $1 THEN 1 ELSE 0 END) AS due, \
           SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END) AS failed \
         FROM jobs WHERE done_at IS NULL GROUP BY kind ORDER BY kind";
    let statement = Statement::from_sql_and_values(backend, sql, vec![now.into()]);
    Ok(KindStats::find_by_statement(statement).all(db).await?)
}

/// The job that has been due the longest without being done, if any.
pub async fn oldest_due(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Option<Model>> {
    use sea_orm::QueryOrder;
    Ok(Entity::find()
        .filter(Column::DoneAt.is_null())
        .filter(Column::FailedAt.is_null())
        .filter(Column::RunAfter.lte(now))
        .order_by_asc(Column::RunAfter)
        .one(db)
        .await?)
}
