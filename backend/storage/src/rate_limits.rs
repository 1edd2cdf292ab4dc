//! Fixed-window counters shared by every server through the database.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::Result;
use crate::entities::rate_limits::{ActiveModel, Column, Entity};

/// Counts one hit in each bucket `(key, end of its window)`, in one
/// statement, and answers the hits so far of each, in the order given. The
/// keys must differ (one upsert cannot touch a row twice). A key names its
/// window, so an upsert counts; [`purge_expired`] clears the buckets of
/// windows that ended.
pub async fn hit_many(
    db: &impl ConnectionTrait,
    buckets: &[(String, DateTime<Utc>)],
) -> Result<Vec<i32>> {
    if buckets.is_empty() {
        return Ok(Vec::new());
    }
    let rows = buckets.iter().map(|(key, expires_at)| ActiveModel {
        key: Set(key.clone()),
        hits: Set(1),
        expires_at: Set(*expires_at),
    });
    let stored = Entity::insert_many(rows)
        .on_conflict(
            OnConflict::column(Column::Key)
                .value(Column::Hits, Expr::col((Entity, Column::Hits)).add(1))
                .to_owned(),
        )
        .exec_with_returning(db)
        .await?;
    // RETURNING promises no order.
    Ok(buckets
        .iter()
        .map(|(key, _)| {
            stored
                .iter()
                .filter(|row| &row.key == key)
                .map(|row| row.hits)
                .max()
                .unwrap_or(1)
        })
        .collect())
}

/// Takes back one hit from a bucket (an attempt that turned out fine).
pub async fn take_back(db: &impl ConnectionTrait, key: &str) -> Result<()> {
    Entity::update_many()
        .col_expr(Column::Hits, Expr::col(Column::Hits).sub(1))
        .filter(Column::Key.eq(key))
        .filter(Column::Hits.gt(0))
        .exec(db)
        .await?;
    Ok(())
}

/// The hits in a live bucket, and when it ends.
pub async fn peek(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> Result<Option<(i32, DateTime<Utc>)>> {
    Ok(Entity::find_by_id(key.to_owned())
        .filter(Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .map(|row| (row.hits, row.expires_at)))
}

pub async fn clear(db: &impl ConnectionTrait, key: &str) -> Result<()> {
    Entity::delete_by_id(key.to_owned()).exec(db).await?;
    Ok(())
}

/// Drops buckets that ended, so the table stays small.
pub async fn purge_expired(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<u64> {
    Ok(Entity::delete_many()
        .filter(Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}
