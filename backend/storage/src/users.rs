use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entities::users::{self, ActiveModel, Column, Entity, Model};

pub struct NewUser {
    pub id: Uuid,
    pub email: String,
    pub password_hash: String,
    pub display_name: String,
    pub role: plein_domain::Role,
    pub organisation: Option<String>,
    pub locale: plein_domain::Locale,
    pub now: DateTime<Utc>,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewUser) -> Result<Model> {
    let row = ActiveModel {
        id: Set(new.id),
        email: Set(new.email),
        email_verified_at: Set(None),
        password_hash: Set(new.password_hash),
        display_name: Set(new.display_name),
        role: Set(new.role),
        organisation: Set(new.organisation),
        home_area_id: Set(None),
        locale: Set(new.locale),
        created_at: Set(new.now),
        updated_at: Set(new.now),
        blocked_at: Set(None),
        deleted_at: Set(None),
    };
    Ok(Entity::insert(row).exec_with_returning(db).await?)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>> {
    Ok(Entity::find_by_id(id).one(db).await?)
}

pub async fn find_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<Model>> {
    Ok(Entity::find()
        .filter(Column::Email.eq(email))
        .one(db)
        .await?)
}

/// One query for any number of users, for DataLoaders.
pub async fn find_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(Entity::find()
        .filter(Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// A keyset page of users ordered by id, optionally of one role.
pub async fn page(
    db: &impl ConnectionTrait,
    role: Option<&str>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Model>> {
    let mut query = Entity::find().order_by_asc(Column::Id).limit(limit);
    if let Some(role) = role {
        query = query.filter(Column::Role.eq(role));
    }
    if let Some(after) = after {
        query = query.filter(Column::Id.gt(after));
    }
    Ok(query.all(db).await?)
}

pub async fn count(db: &impl ConnectionTrait, role: Option<&str>) -> Result<u64> {
    let mut query = Entity::find();
    if let Some(role) = role {
        query = query.filter(Column::Role.eq(role));
    }
    Ok(query.count(db).await?)
}

/// The profile fields a person edits themselves; `None` leaves a field as it is.
#[derive(Default)]
pub struct ProfileChange {
    pub display_name: Option<String>,
    pub locale: Option<plein_domain::Locale>,
    pub organisation: Option<Option<String>>,
    pub home_area_id: Option<Option<Uuid>>,
}

pub async fn update_profile(
    db: &impl ConnectionTrait,
    id: Uuid,
    change: ProfileChange,
    now: DateTime<Utc>,
) -> Result<Model> {
    let mut row = ActiveModel {
        id: Set(id),
        updated_at: Set(now),
        ..Default::default()
    };
    if let Some(name) = change.display_name {
        row.display_name = Set(name);
    }
    if let Some(locale) = change.locale {
        row.locale = Set(locale);
    }
    if let Some(organisation) = change.organisation {
        row.organisation = Set(organisation);
    }
    if let Some(area) = change.home_area_id {
        row.home_area_id = Set(area);
    }
    Ok(Entity::update(row).exec(db).await?)
}

pub async fn set_role(
    db: &impl ConnectionTrait,
    id: Uuid,
    role: plein_domain::Role,
    organisation: Option<String>,
    now: DateTime<Utc>,
) -> Result<Model> {
    let row = ActiveModel {
        id: Set(id),
        role: Set(role),
        organisation: Set(organisation),
        updated_at: Set(now),
        ..Default::default()
    };
    Ok(Entity::update(row).exec(db).await?)
}

pub async fn set_password_hash(
    db: &impl ConnectionTrait,
    id: Uuid,
    password_hash: String,
    now: DateTime<Utc>,
) -> Result<()> {
    Entity::update_many()
        .col_expr(Column::PasswordHash, Expr::value(password_hash))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn mark_email_verified(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    Entity::update_many()
        .col_expr(Column::EmailVerifiedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .filter(users::Column::EmailVerifiedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_email(
    db: &impl ConnectionTrait,
    id: Uuid,
    email: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    Entity::update_many()
        .col_expr(Column::Email, Expr::value(email.to_owned()))
        .col_expr(Column::EmailVerifiedAt, Expr::value(now))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// What a deleted account keeps: a name to show on its contributions, and
/// an address and password hash nobody can use.
pub struct Anonymised {
    pub email: String,
    pub display_name: String,
    pub password_hash: String,
}

/// Removes the personal data from an account and marks it deleted.
pub async fn anonymise(
    db: &impl ConnectionTrait,
    id: Uuid,
    with: Anonymised,
    now: DateTime<Utc>,
) -> Result<()> {
    Entity::update_many()
        .col_expr(Column::Email, Expr::value(with.email))
        .col_expr(
            Column::EmailVerifiedAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(Column::PasswordHash, Expr::value(with.password_hash))
        .col_expr(Column::DisplayName, Expr::value(with.display_name))
        .col_expr(Column::Organisation, Expr::value(Option::<String>::None))
        .col_expr(Column::HomeAreaId, Expr::value(Option::<Uuid>::None))
        .col_expr(Column::DeletedAt, Expr::value(now))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
