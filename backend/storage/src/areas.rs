use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entities::areas::{ActiveModel, Column, Entity, Model};

/// The materialised path of an area under `parent_path` (or at the root).
pub fn child_path(parent_path: Option<&str>, id: Uuid) -> String {
    format!("{}{id}/", parent_path.unwrap_or("/"))
}

/// The ids on a path, root first.
pub fn path_ids(path: &str) -> Vec<Uuid> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .filter_map(|s| Uuid::parse_str(s).ok())
        .collect()
}

pub struct NewArea {
    pub id: Uuid,
    pub parent: Option<Model>,
    pub name: String,
    pub slug: String,
    pub kind: plein_domain::AreaKind,
    pub now: DateTime<Utc>,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewArea) -> Result<Model> {
    let parent_path = new.parent.as_ref().map(|p| p.path.as_str());
    let row = ActiveModel {
        id: Set(new.id),
        parent_id: Set(new.parent.as_ref().map(|p| p.id)),
        name: Set(new.name),
        slug: Set(new.slug),
        kind: Set(new.kind),
        path: Set(child_path(parent_path, new.id)),
        depth: Set(new.parent.as_ref().map_or(0, |p| p.depth + 1)),
        support_threshold: Set(None),
        created_at: Set(new.now),
        updated_at: Set(new.now),
        boundary: Set(None),
        bbox_south: Set(None),
        bbox_west: Set(None),
        bbox_north: Set(None),
        bbox_east: Set(None),
    };
    Ok(Entity::insert(row).exec_with_returning(db).await?)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>> {
    Ok(Entity::find_by_id(id).one(db).await?)
}

pub async fn find_by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<Option<Model>> {
    Ok(Entity::find().filter(Column::Slug.eq(slug)).one(db).await?)
}

/// The area `id` and every area above it, root first, in one statement:
/// the areas whose path begins the path of `id`. Empty when there is no such
/// area.
pub async fn with_ancestors(db: &impl ConnectionTrait, id: Uuid) -> Result<Vec<Model>> {
    let path_of_id = Query::select()
        .column(Column::Path)
        .from(Entity)
        .and_where(Column::Id.eq(id))
        .to_owned();
    // Paths are `/uuid/uuid/`: nothing in them is special to LIKE. The
    // placeholder for the subquery is the backend's own.
    let begins = match db.get_database_backend() {
        DbBackend::Postgres => r#"$1 LIKE "areas"."path" || '%'"#,
        _ => r#"substr(?, 1, length("areas"."path")) = "areas"."path""#,
    };
    Ok(Entity::find()
        .filter(Expr::cust_with_exprs(
            begins,
            [Expr::SubQuery(None, Box::new(path_of_id.into()))],
        ))
        .order_by_asc(Column::Depth)
        .all(db)
        .await?)
}

/// One query for any number of areas, for DataLoaders and ancestor chains.
pub async fn find_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(Entity::find()
        .filter(Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(Column::Depth)
        .all(db)
        .await?)
}

/// The children of any number of areas in one query, ordered by name.
pub async fn children_of(db: &impl ConnectionTrait, parent_ids: &[Uuid]) -> Result<Vec<Model>> {
    if parent_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(Entity::find()
        .filter(Column::ParentId.is_in(parent_ids.iter().copied()))
        .order_by_asc(Column::Name)
        .order_by_asc(Column::Id)
        .all(db)
        .await?)
}

/// Areas without a parent: the municipalities.
pub async fn roots(db: &impl ConnectionTrait) -> Result<Vec<Model>> {
    Ok(Entity::find()
        .filter(Column::ParentId.is_null())
        .order_by_asc(Column::Name)
        .order_by_asc(Column::Id)
        .all(db)
        .await?)
}

/// Where a keyset page of areas continues: after this (path) position.
pub type AreaKey = String;

/// A keyset page of the areas strictly beneath `path` (or of all areas when
/// `None`), in tree order: each area directly followed by its subtree.
pub async fn page_beneath(
    db: &impl ConnectionTrait,
    path: Option<&str>,
    after: Option<&AreaKey>,
    limit: u64,
) -> Result<Vec<Model>> {
    let mut query = Entity::find().order_by_asc(Column::Path).limit(limit);
    if let Some(path) = path {
        query = query
            .filter(Column::Path.starts_with(path))
            .filter(Column::Path.ne(path));
    }
    if let Some(after) = after {
        query = query.filter(Column::Path.gt(after.as_str()));
    }
    Ok(query.all(db).await?)
}

pub async fn count_beneath(db: &impl ConnectionTrait, path: Option<&str>) -> Result<u64> {
    let mut query = Entity::find();
    if let Some(path) = path {
        query = query
            .filter(Column::Path.starts_with(path))
            .filter(Column::Path.ne(path));
    }
    Ok(query.count(db).await?)
}

pub async fn rename(
    db: &impl ConnectionTrait,
    id: Uuid,
    name: String,
    slug: String,
    now: DateTime<Utc>,
) -> Result<Model> {
    let row = ActiveModel {
        id: Set(id),
        name: Set(name),
        slug: Set(slug),
        updated_at: Set(now),
        ..Default::default()
    };
    Ok(Entity::update(row).exec(db).await?)
}

/// Moves `area` and its whole subtree under `new_parent` (or to the root) in
/// two statements. The caller has checked that `new_parent` is not inside it.
pub async fn move_subtree(
    db: &impl ConnectionTrait,
    area: &Model,
    new_parent: Option<&Model>,
    now: DateTime<Utc>,
) -> Result<Model> {
    let new_path = child_path(new_parent.map(|p| p.path.as_str()), area.id);
    let new_depth = new_parent.map_or(0, |p| p.depth + 1);
    let depth_delta = new_depth - area.depth;
    let old_len = i32::try_from(area.path.chars().count()).unwrap_or(i32::MAX);

    Entity::update_many()
        .col_expr(
            Column::Path,
            // concat() and substr() exist on PostgreSQL and on SQLite (3.44+).
            Expr::from(
                Func::cust("concat").arg(Expr::val(new_path.clone())).arg(
                    Func::cust("substr")
                        .arg(Expr::col(Column::Path))
                        .arg(Expr::val(old_len + 1)),
                ),
            ),
        )
        .col_expr(Column::Depth, Expr::col(Column::Depth).add(depth_delta))
        .filter(Column::Path.starts_with(area.path.as_str()))
        .filter(Column::Id.ne(area.id))
        .exec(db)
        .await?;

    let row = ActiveModel {
        id: Set(area.id),
        parent_id: Set(new_parent.map(|p| p.id)),
        path: Set(new_path),
        depth: Set(new_depth),
        updated_at: Set(now),
        ..Default::default()
    };
    Ok(Entity::update(row).exec(db).await?)
}

/// Sets (or with `None` clears) the support threshold of one area.
pub async fn set_support_threshold(
    db: &impl ConnectionTrait,
    id: Uuid,
    threshold: Option<i32>,
    now: DateTime<Utc>,
) -> Result<Model> {
    let row = ActiveModel {
        id: Set(id),
        support_threshold: Set(threshold),
        updated_at: Set(now),
        ..Default::default()
    };
    Ok(Entity::update(row).exec(db).await?)
}
