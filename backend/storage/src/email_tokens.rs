//! Single-use tokens sent by mail.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::Result;
use crate::entities::email_tokens::{ActiveModel, Column, Entity, Model};

pub struct NewToken {
    pub user_id: Uuid,
    pub purpose: String,
    pub token_hash: String,
    pub new_email: Option<String>,
    pub expires_at: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewToken) -> Result<()> {
    let row = ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(new.user_id),
        purpose: Set(new.purpose),
        token_hash: Set(new.token_hash),
        new_email: Set(new.new_email),
        expires_at: Set(new.expires_at),
        used_at: Set(None),
        created_at: Set(new.now),
    };
    Entity::insert(row).exec_without_returning(db).await?;
    Ok(())
}

pub async fn find_by_hash(db: &impl ConnectionTrait, token_hash: &str) -> Result<Option<Model>> {
    Ok(Entity::find()
        .filter(Column::TokenHash.eq(token_hash))
        .one(db)
        .await?)
}

/// Marks the token used; answers false when it already was (another request
/// won the race), so a token works exactly once.
pub async fn use_once(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<bool> {
    let result = Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .filter(Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Retires a user's unused tokens of one purpose (a new reset link replaces
/// the old one; a password reset ends pending sign-in links).
pub async fn retire(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    purpose: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    Entity::update_many()
        .col_expr(Column::UsedAt, Expr::value(now))
        .filter(Column::UserId.eq(user_id))
        .filter(Column::Purpose.eq(purpose))
        .filter(Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
