use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::Result;
use crate::entities::sessions::{ActiveModel, Column, Entity, Model};

pub struct NewSession {
    pub id: Uuid,
    pub user_id: Uuid,
    pub token_hash: String,
    pub expires_at: DateTime<Utc>,
    pub user_agent: Option<String>,
    pub client_addr: Option<String>,
    pub now: DateTime<Utc>,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewSession) -> Result<Model> {
    let row = ActiveModel {
        id: Set(new.id),
        user_id: Set(new.user_id),
        token_hash: Set(new.token_hash),
        created_at: Set(new.now),
        last_seen_at: Set(new.now),
        expires_at: Set(new.expires_at),
        revoked_at: Set(None),
        user_agent: Set(new.user_agent),
        client_addr: Set(new.client_addr),
    };
    Ok(Entity::insert(row).exec_with_returning(db).await?)
}

/// The session holding `token_hash`, with its account, in one statement.
pub async fn find_with_user(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<(Model, Option<crate::entities::users::Model>)>> {
    // An inner join: every session has its user (a foreign key), and unlike
    // `find_also_related` a user row that fails to read is an error, not "no user".
    Ok(Entity::find()
        .filter(Column::TokenHash.eq(token_hash))
        .find_both_related(crate::entities::users::Entity)
        .one(db)
        .await?
        .map(|(session, user)| (session, Some(user))))
}

/// The session `id`, with its account, in one statement.
pub async fn find_by_id_with_user(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<(Model, Option<crate::entities::users::Model>)>> {
    Ok(Entity::find_by_id(id)
        .find_also_related(crate::entities::users::Entity)
        .one(db)
        .await?)
}

pub async fn touch(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    Entity::update_many()
        .col_expr(Column::LastSeenAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Revokes one session of one user; answers whether there was one to revoke.
pub async fn revoke(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool> {
    let result = Entity::update_many()
        .col_expr(Column::RevokedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .filter(Column::UserId.eq(user_id))
        .filter(Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// Revokes every live session of a user, for instance after a password change.
pub async fn revoke_all(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    except: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<u64> {
    let mut update = Entity::update_many()
        .col_expr(Column::RevokedAt, Expr::value(now))
        .filter(Column::UserId.eq(user_id))
        .filter(Column::RevokedAt.is_null());
    if let Some(keep) = except {
        update = update.filter(Column::Id.ne(keep));
    }
    Ok(update.exec(db).await?.rows_affected)
}

/// A user's sessions that are neither revoked nor expired, newest first.
pub async fn live_for_user(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<Model>> {
    Ok(Entity::find()
        .filter(Column::UserId.eq(user_id))
        .filter(Column::RevokedAt.is_null())
        .filter(Column::ExpiresAt.gt(now))
        .order_by_desc(Column::CreatedAt)
        .all(db)
        .await?)
}
