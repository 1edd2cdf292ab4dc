//! Everything stored about one person, read for their data export, and the
//! personal rows removed when they delete their account. Contributions
//! (ideas, comments, supports, answers) are not touched here: they stay,
//! under the account's anonymous name.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::Result;
use crate::entities::{
    comments, email_tokens, follows, group_join_requests, ideas, notification_preferences,
    notifications, sessions, supports,
};

/// The person's ideas, drafts and withdrawn ones included, oldest first.
pub async fn ideas_by(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<ideas::Model>> {
    Ok(ideas::Entity::find()
        .filter(ideas::Column::AuthorId.eq(user_id))
        .order_by_asc(ideas::Column::CreatedAt)
        .order_by_asc(ideas::Column::Id)
        .all(db)
        .await?)
}

/// The person's comments on anything, oldest first.
pub async fn comments_by(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<comments::Model>> {
    Ok(comments::Entity::find()
        .filter(comments::Column::AuthorId.eq(user_id))
        .order_by_asc(comments::Column::CreatedAt)
        .order_by_asc(comments::Column::Id)
        .all(db)
        .await?)
}

pub async fn supports_by(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<supports::Model>> {
    Ok(supports::Entity::find()
        .filter(supports::Column::UserId.eq(user_id))
        .order_by_asc(supports::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Every notification the person has, read or not, oldest first.
pub async fn notifications_of(
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Vec<notifications::Model>> {
    Ok(notifications::Entity::find()
        .filter(notifications::Column::UserId.eq(user_id))
        .order_by_asc(notifications::Column::CreatedAt)
        .order_by_asc(notifications::Column::Id)
        .all(db)
        .await?)
}

pub async fn follows_of(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<follows::Model>> {
    Ok(follows::Entity::find()
        .filter(follows::Column::UserId.eq(user_id))
        .order_by_asc(follows::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Every session the person opened, ended ones included.
pub async fn sessions_of(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<sessions::Model>> {
    Ok(sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(user_id))
        .order_by_asc(sessions::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Removes what only served the person: sessions, pending mail tokens,
/// follows, notifications and their preferences, and open requests to join
/// groups. Notifications others received about the person's actions keep
/// the event but show `anonymous_name` instead of the person's name.
pub async fn erase(db: &impl ConnectionTrait, user_id: Uuid, anonymous_name: &str) -> Result<()> {
    sessions::Entity::delete_many()
        .filter(sessions::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    email_tokens::Entity::delete_many()
        .filter(email_tokens::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    follows::Entity::delete_many()
        .filter(follows::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    notifications::Entity::delete_many()
        .filter(notifications::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    notification_preferences::Entity::delete_many()
        .filter(notification_preferences::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    group_join_requests::Entity::delete_many()
        .filter(group_join_requests::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    notifications::Entity::update_many()
        .col_expr(
            notifications::Column::ActorName,
            Expr::value(anonymous_name.to_owned()),
        )
        .filter(notifications::Column::ActorId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
