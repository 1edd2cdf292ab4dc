//! Comment threads on any (kind, id) subject, with revisions and reactions.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entities::comments::{ActiveModel, Column, Entity, Model};
use crate::entities::{comment_reactions, comment_revisions};

pub struct NewComment {
    pub id: Uuid,
    pub subject_kind: plein_domain::SubjectKind,
    pub subject_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub depth: i32,
    pub author_id: Uuid,
    pub body: String,
    pub official: bool,
    pub acting: crate::mandates::Acting,
    pub intake: Option<crate::mandates::Intake>,
    pub now: DateTime<Utc>,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewComment) -> Result<Model> {
    let row = ActiveModel {
        id: Set(new.id),
        subject_kind: Set(new.subject_kind),
        subject_id: Set(new.subject_id),
        parent_id: Set(new.parent_id),
        depth: Set(new.depth),
        author_id: Set(new.author_id),
        body: Set(new.body.clone()),
        official: Set(new.official),
        answer_id: Set(None),
        agree_count: Set(0),
        created_at: Set(new.now),
        edited_at: Set(None),
        deleted_at: Set(None),
        hidden_at: Set(None),
        acted_by: Set(new.acting.acted_by),
        mandate_id: Set(new.acting.mandate_id),
        intake_resident: Set(new.intake.as_ref().map(|i| i.resident.clone())),
        intake_place: Set(new.intake.map(|i| i.place)),
    };
    let row = Entity::insert(row).exec_with_returning(db).await?;
    insert_revision(db, row.id, new.body, new.now).await?;
    Ok(row)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>> {
    Ok(Entity::find_by_id(id).one(db).await?)
}

pub async fn find_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(Entity::find()
        .filter(Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// The comments among `ids` that `viewer` may see (those on subjects they
/// may see), in one statement.
pub async fn find_visible(
    db: &impl ConnectionTrait,
    viewer: &plein_domain::Viewer,
    ids: &[Uuid],
) -> Result<Vec<Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(Entity::find()
        .filter(Column::Id.is_in(ids.iter().copied()))
        .filter(crate::visibility::comments(viewer))
        .all(db)
        .await?)
}

/// A keyset page of a subject's top-level comments, oldest first.
pub async fn roots_page(
    db: &impl ConnectionTrait,
    kind: &str,
    subject_id: Uuid,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: u64,
) -> Result<Vec<Model>> {
    let mut query = Entity::find()
        .filter(Column::SubjectKind.eq(kind))
        .filter(Column::SubjectId.eq(subject_id))
        .filter(Column::ParentId.is_null())
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::Id)
        .limit(limit);
    if let Some((at, id)) = after {
        query = query.filter(
            Condition::any().add(Column::CreatedAt.gt(at)).add(
                Condition::all()
                    .add(Column::CreatedAt.eq(at))
                    .add(Column::Id.gt(id)),
            ),
        );
    }
    Ok(query.all(db).await?)
}

pub async fn count_roots(db: &impl ConnectionTrait, kind: &str, subject_id: Uuid) -> Result<u64> {
    Ok(Entity::find()
        .filter(Column::SubjectKind.eq(kind))
        .filter(Column::SubjectId.eq(subject_id))
        .filter(Column::ParentId.is_null())
        .count(db)
        .await?)
}

/// The newest official comments on a subject (answers by professionals),
/// newest first. The caller holds a subject the viewer may see, and drops
/// deleted or hidden ones by `plein_domain::visibility::comment_text_shown`.
pub async fn official_of(
    db: &impl ConnectionTrait,
    kind: &str,
    subject_id: Uuid,
    limit: u64,
) -> Result<Vec<Model>> {
    Ok(Entity::find()
        .filter(Column::SubjectKind.eq(kind))
        .filter(Column::SubjectId.eq(subject_id))
        .filter(Column::Official.eq(true))
        .order_by_desc(Column::CreatedAt)
        .order_by_desc(Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// The direct replies to any of the comments, oldest first.
pub async fn replies_to(db: &impl ConnectionTrait, parent_ids: &[Uuid]) -> Result<Vec<Model>> {
    if parent_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(Entity::find()
        .filter(Column::ParentId.is_in(parent_ids.iter().copied()))
        .order_by_asc(Column::CreatedAt)
        .order_by_asc(Column::Id)
        .all(db)
        .await?)
}

pub async fn update_body(
    db: &impl ConnectionTrait,
    id: Uuid,
    body: String,
    now: DateTime<Utc>,
) -> Result<Model> {
    let row = ActiveModel {
        id: Set(id),
        body: Set(body.clone()),
        edited_at: Set(Some(now)),
        ..Default::default()
    };
    let row = Entity::update(row).exec(db).await?;
    insert_revision(db, id, body, now).await?;
    Ok(row)
}

/// Leaves a placeholder: the row (and so its replies) stays, the text goes.
pub async fn mark_deleted(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<Model> {
    let row = ActiveModel {
        id: Set(id),
        body: Set(String::new()),
        deleted_at: Set(Some(now)),
        ..Default::default()
    };
    comment_revisions::Entity::delete_many()
        .filter(comment_revisions::Column::CommentId.eq(id))
        .exec(db)
        .await?;
    Ok(Entity::update(row).exec(db).await?)
}

pub async fn set_answer(db: &impl ConnectionTrait, root_id: Uuid, answer_id: Uuid) -> Result<()> {
    Entity::update_many()
        .col_expr(Column::AnswerId, Expr::value(answer_id))
        .filter(Column::Id.eq(root_id))
        .exec(db)
        .await?;
    Ok(())
}

async fn insert_revision(
    db: &impl ConnectionTrait,
    comment_id: Uuid,
    body: String,
    now: DateTime<Utc>,
) -> Result<()> {
    let row = comment_revisions::ActiveModel {
        id: Set(Uuid::now_v7()),
        comment_id: Set(comment_id),
        body: Set(body),
        created_at: Set(now),
    };
    comment_revisions::Entity::insert(row)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Every version of the comments' texts, oldest first.
pub async fn revisions_of(
    db: &impl ConnectionTrait,
    comment_ids: &[Uuid],
) -> Result<Vec<comment_revisions::Model>> {
    if comment_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(comment_revisions::Entity::find()
        .filter(comment_revisions::Column::CommentId.is_in(comment_ids.iter().copied()))
        .order_by_asc(comment_revisions::Column::CreatedAt)
        .order_by_asc(comment_revisions::Column::Id)
        .all(db)
        .await?)
}

async fn bump_agree(db: &impl ConnectionTrait, id: Uuid, delta: i32) -> Result<Model> {
    Entity::update_many()
        .col_expr(Column::AgreeCount, Expr::col(Column::AgreeCount).add(delta))
        .filter(Column::Id.eq(id))
        .exec_with_returning(db)
        .await?
        .pop()
        .ok_or(crate::StorageError::NotFound)
}

/// Records a reaction; the count moves only when a row was added.
pub async fn add_reaction(
    db: &impl ConnectionTrait,
    comment_id: Uuid,
    user_id: Uuid,
    kind: &str,
    now: DateTime<Utc>,
) -> Result<bool> {
    let row = comment_reactions::ActiveModel {
        comment_id: Set(comment_id),
        user_id: Set(user_id),
        kind: Set(kind.to_owned()),
        created_at: Set(now),
    };
    let inserted = comment_reactions::Entity::insert(row)
        .on_conflict_do_nothing_on([
            comment_reactions::Column::CommentId,
            comment_reactions::Column::UserId,
        ])
        .exec_without_returning(db)
        .await?;
    let added = matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0);
    if added {
        bump_agree(db, comment_id, 1).await?;
    }
    Ok(added)
}

pub async fn remove_reaction(
    db: &impl ConnectionTrait,
    comment_id: Uuid,
    user_id: Uuid,
) -> Result<bool> {
    let removed = comment_reactions::Entity::delete_many()
        .filter(comment_reactions::Column::CommentId.eq(comment_id))
        .filter(comment_reactions::Column::UserId.eq(user_id))
        .exec(db)
        .await?
        .rows_affected
        > 0;
    if removed {
        bump_agree(db, comment_id, -1).await?;
    }
    Ok(removed)
}

/// Which of the comments `user_id` has reacted to.
pub async fn reacted_by(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    comment_ids: &[Uuid],
) -> Result<Vec<Uuid>> {
    if comment_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(comment_reactions::Entity::find()
        .select_only()
        .column(comment_reactions::Column::CommentId)
        .filter(comment_reactions::Column::UserId.eq(user_id))
        .filter(comment_reactions::Column::CommentId.is_in(comment_ids.iter().copied()))
        .into_tuple::<Uuid>()
        .all(db)
        .await?)
}
