//! In-app notifications and the preferences that decide which are mailed.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entities::notification_preferences as prefs;
use crate::entities::notifications::{ActiveModel, Column, Entity, Model};

/// Rows per INSERT, well under every database's limit on bound values.
const CHUNK: usize = 500;

/// Inserts many notifications; one that already exists for the same person
/// and event is skipped, so a retried fan-out adds nothing twice.
pub async fn insert_many(db: &impl ConnectionTrait, rows: Vec<Model>) -> Result<()> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<ActiveModel> = rows
            .by_ref()
            .take(CHUNK)
            .map(|row| ActiveModel {
                id: Set(row.id),
                user_id: Set(row.user_id),
                event_id: Set(row.event_id),
                kind: Set(row.kind),
                subject_kind: Set(row.subject_kind),
                subject_id: Set(row.subject_id),
                subject_title: Set(row.subject_title),
                actor_id: Set(row.actor_id),
                actor_name: Set(row.actor_name),
                text: Set(row.text),
                detail: Set(row.detail),
                created_at: Set(row.created_at),
                read_at: Set(row.read_at),
                mailed_at: Set(row.mailed_at),
            })
            .collect();
        Entity::insert_many(chunk)
            .on_conflict_do_nothing_on([Column::UserId, Column::EventId])
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The notifications of one event, as stored (after a retry, the first ones).
pub async fn of_event(db: &impl ConnectionTrait, event_id: Uuid) -> Result<Vec<Model>> {
    Ok(Entity::find()
        .filter(Column::EventId.eq(event_id))
        .all(db)
        .await?)
}

/// Where a keyset page of notifications continues, newest first.
pub type Key = (DateTime<Utc>, Uuid);

pub async fn page(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    unread_only: bool,
    after: Option<Key>,
    limit: u64,
) -> Result<Vec<Model>> {
    let mut query = Entity::find()
        .filter(Column::UserId.eq(user_id))
        .order_by_desc(Column::CreatedAt)
        .order_by_desc(Column::Id)
        .limit(limit);
    if unread_only {
        query = query.filter(Column::ReadAt.is_null());
    }
    if let Some((at, id)) = after {
        query = query.filter(
            Condition::any().add(Column::CreatedAt.lt(at)).add(
                Condition::all()
                    .add(Column::CreatedAt.eq(at))
                    .add(Column::Id.lt(id)),
            ),
        );
    }
    Ok(query.all(db).await?)
}

pub async fn count(db: &impl ConnectionTrait, user_id: Uuid, unread_only: bool) -> Result<u64> {
    let mut query = Entity::find().filter(Column::UserId.eq(user_id));
    if unread_only {
        query = query.filter(Column::ReadAt.is_null());
    }
    Ok(query.count(db).await?)
}

/// Marks `ids` (or, with `None`, all) of one person's notifications read;
/// other people's ids are left alone.
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    ids: Option<&[Uuid]>,
    now: DateTime<Utc>,
) -> Result<u64> {
    let mut update = Entity::update_many()
        .col_expr(Column::ReadAt, Expr::value(now))
        .filter(Column::UserId.eq(user_id))
        .filter(Column::ReadAt.is_null());
    if let Some(ids) = ids {
        update = update.filter(Column::Id.is_in(ids.iter().copied()));
    }
    Ok(update.exec(db).await?.rows_affected)
}

/// One person's notifications among `ids`.
pub async fn find_for_user(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(Entity::find()
        .filter(Column::UserId.eq(user_id))
        .filter(Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::Id)
        .all(db)
        .await?)
}

/// Forgets what notifications say about a subject moderators hid: its
/// title and the excerpt. Answers how many changed.
pub async fn redact_subject(
    db: &impl ConnectionTrait,
    subject_kind: &str,
    subject_id: Uuid,
) -> Result<u64> {
    Ok(Entity::update_many()
        .col_expr(Column::SubjectTitle, Expr::value(""))
        .col_expr(Column::Text, Expr::value(Option::<String>::None))
        .filter(Column::SubjectKind.eq(subject_kind))
        .filter(Column::SubjectId.eq(subject_id))
        .exec(db)
        .await?
        .rows_affected)
}

/// Forgets the excerpts `texts` that notifications of `kinds` about a
/// subject quote from what `actor_id` wrote (a comment moderators hid, in
/// each of its versions).
pub async fn redact_text(
    db: &impl ConnectionTrait,
    subject_id: Uuid,
    actor_id: Uuid,
    kinds: &[&str],
    texts: &[String],
) -> Result<u64> {
    Ok(Entity::update_many()
        .col_expr(Column::Text, Expr::value(Option::<String>::None))
        .filter(Column::SubjectId.eq(subject_id))
        .filter(Column::ActorId.eq(actor_id))
        .filter(Column::Kind.is_in(kinds.iter().copied()))
        .filter(Column::Text.is_in(texts.iter().cloned()))
        .exec(db)
        .await?
        .rows_affected)
}

/// Records that a mail job now carries these notifications.
pub async fn mark_mailed(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    now: DateTime<Utc>,
) -> Result<()> {
    for chunk in ids.chunks(CHUNK) {
        Entity::update_many()
            .col_expr(Column::MailedAt, Expr::value(now))
            .filter(Column::Id.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Notifications not mailed yet, created in `[since, until)`, oldest first:
/// what a digest may carry.
pub async fn unmailed_between(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> Result<Vec<Model>> {
    Ok(Entity::find()
        .filter(Column::MailedAt.is_null())
        .filter(Column::CreatedAt.gte(since))
        .filter(Column::CreatedAt.lt(until))
        .order_by_asc(Column::UserId)
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::Id)
        .all(db)
        .await?)
}

/// The preferences stored for these people (kinds without a row keep their default).
pub async fn preferences_of(
    db: &impl ConnectionTrait,
    user_ids: &[Uuid],
) -> Result<Vec<prefs::Model>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut all = Vec::new();
    for chunk in user_ids.chunks(CHUNK) {
        all.extend(
            prefs::Entity::find()
                .filter(prefs::Column::UserId.is_in(chunk.iter().copied()))
                .all(db)
                .await?,
        );
    }
    Ok(all)
}

pub async fn set_preference(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    kind: plein_domain::NotificationKind,
    cadence: plein_domain::Cadence,
    now: DateTime<Utc>,
) -> Result<()> {
    let row = prefs::ActiveModel {
        user_id: Set(user_id),
        kind: Set(kind),
        cadence: Set(cadence),
        updated_at: Set(now),
    };
    prefs::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([prefs::Column::UserId, prefs::Column::Kind])
                .update_columns([prefs::Column::Cadence, prefs::Column::UpdatedAt])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}
