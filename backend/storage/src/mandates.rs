//! Mandates: who may act for whom, and what was done under them.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entities::mandates::{ActiveModel, Column, Entity, Model};
use crate::entities::{
    comments, decision_votes, group_decisions, group_meetings, ideas, meeting_rsvps, supports,
};

/// Who made a record for the person it belongs to: the delegate and the
/// mandate, or nobody (the person made it themself).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Acting {
    pub acted_by: Option<Uuid>,
    pub mandate_id: Option<Uuid>,
}

/// Assisted intake: whom an idea or comment was taken down for, and where.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Intake {
    pub resident: String,
    pub place: String,
}

pub struct NewMandate {
    pub id: Uuid,
    pub grantor_id: Uuid,
    pub delegate_id: Uuid,
    pub actions: Vec<String>,
    pub valid_until: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewMandate) -> Result<Model> {
    let row = ActiveModel {
        id: Set(new.id),
        grantor_id: Set(new.grantor_id),
        delegate_id: Set(new.delegate_id),
        actions: Set(crate::entities::json::StringList(new.actions)),
        valid_until: Set(new.valid_until),
        created_at: Set(new.now),
        revoked_at: Set(None),
    };
    Ok(Entity::insert(row).exec_with_returning(db).await?)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>> {
    Ok(Entity::find_by_id(id).one(db).await?)
}

/// Reads a mandate and, on PostgreSQL, locks its row until the transaction ends.
pub async fn find_for_update(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>> {
    Ok(Entity::find_by_id(id).lock_exclusive().one(db).await?)
}

/// The mandates from `grantor_id` to `delegate_id` that are neither revoked
/// nor expired at `now`, newest first. On PostgreSQL their rows stay locked
/// until the transaction ends, so a revocation waits for a write under the
/// mandate, or the write sees the revocation.
pub async fn active_between_for_update(
    db: &impl ConnectionTrait,
    grantor_id: Uuid,
    delegate_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<Model>> {
    Ok(Entity::find()
        .filter(Column::GrantorId.eq(grantor_id))
        .filter(Column::DelegateId.eq(delegate_id))
        .filter(Column::RevokedAt.is_null())
        .filter(Column::ValidUntil.gt(now))
        .order_by_desc(Column::CreatedAt)
        .order_by_desc(Column::Id)
        .lock_exclusive()
        .all(db)
        .await?)
}

/// The mandates `delegate_id` holds that are neither revoked nor expired at
/// `now`, newest first.
pub async fn active_held(
    db: &impl ConnectionTrait,
    delegate_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<Model>> {
    Ok(Entity::find()
        .filter(Column::DelegateId.eq(delegate_id))
        .filter(Column::RevokedAt.is_null())
        .filter(Column::ValidUntil.gt(now))
        .order_by_desc(Column::CreatedAt)
        .order_by_desc(Column::Id)
        .all(db)
        .await?)
}

/// The mandates `user_id` gave (`given`) or holds, newest first, at most `limit`.
pub async fn of_user(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    given: bool,
    limit: u64,
) -> Result<Vec<Model>> {
    let col = if given {
        Column::GrantorId
    } else {
        Column::DelegateId
    };
    Ok(Entity::find()
        .filter(col.eq(user_id))
        .order_by_desc(Column::CreatedAt)
        .order_by_desc(Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Which of `ids` `user_id` gave or holds.
pub async fn ids_involving(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    user_id: Uuid,
) -> Result<Vec<Uuid>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(
            sea_orm::Condition::any()
                .add(Column::GrantorId.eq(user_id))
                .add(Column::DelegateId.eq(user_id)),
        )
        .into_tuple::<Uuid>()
        .all(db)
        .await?)
}

pub async fn revoke(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<Model> {
    let row = ActiveModel {
        id: Set(id),
        revoked_at: Set(Some(now)),
        ..Default::default()
    };
    Ok(Entity::update(row).exec(db).await?)
}

/// Everything made under some mandates, one query per kind of record.
#[derive(Debug, Default)]
pub struct Records {
    pub ideas: Vec<ideas::Model>,
    pub comments: Vec<comments::Model>,
    pub supports: Vec<supports::Model>,
    pub rsvps: Vec<meeting_rsvps::Model>,
    pub votes: Vec<decision_votes::Model>,
    /// The ideas supported, the meetings answered and the decisions voted on.
    pub supported: Vec<ideas::Model>,
    pub meetings: Vec<group_meetings::Model>,
    pub decisions: Vec<group_decisions::Model>,
}

pub async fn records(db: &impl ConnectionTrait, mandate_ids: &[Uuid]) -> Result<Records> {
    if mandate_ids.is_empty() {
        return Ok(Records::default());
    }
    let ids = || mandate_ids.iter().copied();
    let mut records = Records {
        ideas: ideas::Entity::find()
            .filter(ideas::Column::MandateId.is_in(ids()))
            .order_by_asc(ideas::Column::CreatedAt)
            .all(db)
            .await?,
        comments: comments::Entity::find()
            .filter(comments::Column::MandateId.is_in(ids()))
            .order_by_asc(comments::Column::CreatedAt)
            .all(db)
            .await?,
        supports: supports::Entity::find()
            .filter(supports::Column::MandateId.is_in(ids()))
            .order_by_asc(supports::Column::CreatedAt)
            .all(db)
            .await?,
        rsvps: meeting_rsvps::Entity::find()
            .filter(meeting_rsvps::Column::MandateId.is_in(ids()))
            .order_by_asc(meeting_rsvps::Column::UpdatedAt)
            .all(db)
            .await?,
        votes: decision_votes::Entity::find()
            .filter(decision_votes::Column::MandateId.is_in(ids()))
            .order_by_asc(decision_votes::Column::UpdatedAt)
            .all(db)
            .await?,
        ..Default::default()
    };
    if !records.supports.is_empty() {
        let idea_ids = records.supports.iter().map(|s| s.idea_id);
        records.supported = ideas::Entity::find()
            .filter(ideas::Column::Id.is_in(idea_ids))
            .all(db)
            .await?;
    }
    if !records.rsvps.is_empty() {
        let meeting_ids = records.rsvps.iter().map(|r| r.meeting_id);
        records.meetings = group_meetings::Entity::find()
            .filter(group_meetings::Column::Id.is_in(meeting_ids))
            .all(db)
            .await?;
    }
    if !records.votes.is_empty() {
        let decision_ids = records.votes.iter().map(|v| v.decision_id);
        records.decisions = group_decisions::Entity::find()
            .filter(group_decisions::Column::Id.is_in(decision_ids))
            .all(db)
            .await?;
    }
    Ok(records)
}

/// Ends every mandate `user_id` gave or holds that is still running (an
/// account being deleted).
pub async fn revoke_all_involving(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<u64> {
    Ok(Entity::update_many()
        .col_expr(Column::RevokedAt, sea_orm::sea_query::Expr::value(now))
        .filter(
            sea_orm::Condition::any()
                .add(Column::GrantorId.eq(user_id))
                .add(Column::DelegateId.eq(user_id)),
        )
        .filter(Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}
