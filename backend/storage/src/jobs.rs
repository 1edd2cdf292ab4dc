//! The outbox: work for the side systems (mail, search), committed in the same
//! transaction as the change that caused it.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::Result;
use crate::entities::jobs::{ActiveModel, Entity};

pub async fn enqueue(
    db: &impl ConnectionTrait,
    kind: &str,
    payload: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    let row = ActiveModel {
        id: Set(id),
        kind: Set(kind.to_owned()),
        payload: Set(payload),
        run_after: Set(now),
        attempts: Set(0),
        last_error: Set(None),
        done_at: Set(None),
        created_at: Set(now),
    };
    Entity::insert(row).exec_without_returning(db).await?;
    Ok(id)
}
