//! Who follows what. A follow of an area covers everything beneath it, so the
//! followers of an item are those of the item and of every area on its path.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Condition;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::Result;
use crate::entities::follows::{ActiveModel, Column, Entity};

/// Follows a subject; following twice is the same as once.
pub async fn follow(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    kind: plein_domain::FollowKind,
    subject_id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    let row = ActiveModel {
        user_id: Set(user_id),
        subject_kind: Set(kind),
        subject_id: Set(subject_id),
        created_at: Set(now),
    };
    Entity::insert(row)
        .on_conflict_do_nothing_on([Column::UserId, Column::SubjectKind, Column::SubjectId])
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn unfollow(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    kind: &str,
    subject_id: Uuid,
) -> Result<()> {
    Entity::delete_many()
        .filter(Column::UserId.eq(user_id))
        .filter(Column::SubjectKind.eq(kind))
        .filter(Column::SubjectId.eq(subject_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Which of `subject_ids` (of one kind) `user_id` follows.
pub async fn followed_by(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    kind: &str,
    subject_ids: &[Uuid],
) -> Result<Vec<Uuid>> {
    if subject_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(Entity::find()
        .filter(Column::UserId.eq(user_id))
        .filter(Column::SubjectKind.eq(kind))
        .filter(Column::SubjectId.is_in(subject_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.subject_id)
        .collect())
}

/// Everyone who follows the subject itself or one of `area_ids`, in one query.
pub async fn followers(
    db: &impl ConnectionTrait,
    kind: &str,
    subject_id: Uuid,
    area_ids: &[Uuid],
) -> Result<Vec<Uuid>> {
    let mut condition = Condition::any().add(
        Condition::all()
            .add(Column::SubjectKind.eq(kind))
            .add(Column::SubjectId.eq(subject_id)),
    );
    if !area_ids.is_empty() {
        condition = condition.add(
            Condition::all()
                .add(Column::SubjectKind.eq("area"))
                .add(Column::SubjectId.is_in(area_ids.iter().copied())),
        );
    }
    let mut users: Vec<Uuid> = Entity::find()
        .filter(condition)
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.user_id)
        .collect();
    users.sort();
    users.dedup();
    Ok(users)
}
