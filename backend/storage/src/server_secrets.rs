//! Secrets every server of an installation shares, made once on first use.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};

use crate::Result;
use crate::entities::server_secrets::{ActiveModel, Column, Entity};

/// The secret called `name`: the stored one, or `candidate` when there was
/// none yet. Servers racing to create it all end up with the same value.
pub async fn get_or_create(
    db: &impl ConnectionTrait,
    name: &str,
    candidate: String,
    now: DateTime<Utc>,
) -> Result<String> {
    let row = ActiveModel {
        name: Set(name.to_owned()),
        value: Set(candidate),
        created_at: Set(now),
    };
    Entity::insert(row)
        .on_conflict_do_nothing_on([Column::Name])
        .exec_without_returning(db)
        .await?;
    Entity::find_by_id(name.to_owned())
        .one(db)
        .await?
        .map(|row| row.value)
        .ok_or(crate::StorageError::NotFound)
}
