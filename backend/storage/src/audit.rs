//! A record of every privileged action: who did what to which object.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait};
use uuid::Uuid;

use crate::Result;
use crate::entities::audit_log::{ActiveModel, Entity};

pub struct Entry<'a> {
    pub actor_id: Option<Uuid>,
    pub action: &'a str,
    pub subject_kind: &'a str,
    pub subject_id: Uuid,
    pub detail: serde_json::Value,
    pub now: DateTime<Utc>,
}

pub async fn record(db: &impl ConnectionTrait, entry: Entry<'_>) -> Result<()> {
    let row = ActiveModel {
        id: Set(Uuid::now_v7()),
        actor_id: Set(entry.actor_id),
        action: Set(entry.action.to_owned()),
        subject_kind: Set(entry.subject_kind.to_owned()),
        subject_id: Set(entry.subject_id),
        detail: Set(entry.detail),
        created_at: Set(entry.now),
    };
    Entity::insert(row).exec_without_returning(db).await?;
    Ok(())
}
