//! The area tree: municipality → district → neighbourhood, deeper where needed.

use chrono::{DateTime, Utc};
use plein_domain::{AreaKind, AreaName, Slug};
use plein_storage::entities::areas as rows;
use plein_storage::{areas, audit};
use serde_json::json;
use uuid::Uuid;

use crate::page::{Cursor, Page, PageArgs};
use crate::search;
use crate::{Actor, App, AppError, AppResult};

/// An area as everyone may see it.
#[derive(Debug, Clone)]
pub struct Area {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub name: String,
    pub slug: String,
    pub kind: AreaKind,
    pub depth: i32,
    /// Supports at which an idea here goes to review; `None` inherits.
    pub support_threshold: Option<i32>,
    /// Ids from the root down to this area's parent.
    pub ancestor_ids: Vec<Uuid>,
    /// A GeoJSON MultiPolygon in WGS84, when one was imported.
    pub boundary: Option<String>,
    path: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<rows::Model> for Area {
    fn from(row: rows::Model) -> Self {
        let mut ancestor_ids = areas::path_ids(&row.path);
        ancestor_ids.pop();
        Self {
            id: row.id,
            parent_id: row.parent_id,
            kind: row.kind,
            name: row.name,
            slug: row.slug,
            depth: row.depth,
            support_threshold: row.support_threshold,
            ancestor_ids,
            boundary: row.boundary,
            path: row.path,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

pub struct NewAreaInput {
    pub name: String,
    pub slug: Option<String>,
    pub kind: AreaKind,
    pub parent_id: Option<Uuid>,
}

pub struct RenameAreaInput {
    pub id: Uuid,
    pub name: String,
    pub slug: Option<String>,
}

impl App {
    pub async fn area(&self, id: Uuid) -> AppResult<Option<Area>> {
        Ok(areas::find(&self.db.conn, id).await?.map(Area::from))
    }

    pub async fn area_by_slug(&self, slug: &str) -> AppResult<Option<Area>> {
        Ok(areas::find_by_slug(&self.db.conn, slug)
            .await?
            .map(Area::from))
    }

    /// Areas by id in one query (for DataLoaders).
    pub async fn areas_by_ids(&self, ids: &[Uuid]) -> AppResult<Vec<Area>> {
        let rows = areas::find_many(&self.db.conn, ids).await?;
        Ok(rows.into_iter().map(Area::from).collect())
    }

    /// The children of many areas in one query (for DataLoaders).
    pub async fn children_of(&self, parent_ids: &[Uuid]) -> AppResult<Vec<Area>> {
        let rows = areas::children_of(&self.db.conn, parent_ids).await?;
        Ok(rows.into_iter().map(Area::from).collect())
    }

    /// The tops of the tree: the municipalities.
    pub async fn root_areas(&self) -> AppResult<Vec<Area>> {
        let rows = areas::roots(&self.db.conn).await?;
        Ok(rows.into_iter().map(Area::from).collect())
    }

    /// The ancestors of `area`, from the root down to its parent, in one query.
    pub async fn ancestors(&self, area: &Area) -> AppResult<Vec<Area>> {
        self.areas_by_ids(&area.ancestor_ids).await
    }

    /// Everything beneath `area` (or every area), in tree order, a page at a time.
    pub async fn areas_beneath(
        &self,
        area: Option<&Area>,
        args: &PageArgs,
    ) -> AppResult<Page<Area>> {
        let path = area.map(|a| a.path.as_str());
        let after = args.after_path()?;
        let rows =
            areas::page_beneath(&self.db.conn, path, after.as_ref(), args.fetch_limit()).await?;
        let total = areas::count_beneath(&self.db.conn, path).await?;
        Ok(
            Page::from_rows(args, rows, total, |row| Cursor::Path(row.path.clone()))
                .map(Area::from),
        )
    }

    pub async fn create_area(&self, actor: &Actor, input: NewAreaInput) -> AppResult<Area> {
        let admin = actor.require_admin()?;
        let name = AreaName::parse(&input.name)?;
        let slug = match input.slug.as_deref() {
            Some(slug) => Slug::parse(slug)?,
            None => Slug::from_name(&name)?,
        };
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let parent = match input.parent_id {
            Some(id) => Some(
                areas::find(&txn, id)
                    .await?
                    .ok_or_else(|| AppError::bad_input("parentId", "no area has this id"))?,
            ),
            None => None,
        };
        let row = areas::insert(
            &txn,
            areas::NewArea {
                id: Uuid::now_v7(),
                parent,
                name: name.into_inner(),
                slug: slug.into_inner(),
                kind: input.kind,
                now,
            },
        )
        .await?;
        audit::record(
            &txn,
            audit::Entry {
                actor_id: Some(admin.id),
                action: "area.create",
                subject_kind: "area",
                subject_id: row.id,
                detail: json!({ "name": row.name, "parent_id": row.parent_id }),
                now,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }

    pub async fn rename_area(&self, actor: &Actor, input: RenameAreaInput) -> AppResult<Area> {
        let admin = actor.require_admin()?;
        let name = AreaName::parse(&input.name)?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let Some(before) = areas::find(&txn, input.id).await? else {
            return Err(AppError::bad_input("id", "no area has this id"));
        };
        let slug = match input.slug.as_deref() {
            Some(slug) => Slug::parse(slug)?.into_inner(),
            None => before.slug.clone(),
        };
        let row = areas::rename(&txn, input.id, name.into_inner(), slug, now).await?;
        audit::record(
            &txn,
            audit::Entry {
                actor_id: Some(admin.id),
                action: "area.rename",
                subject_kind: "area",
                subject_id: row.id,
                detail: json!({
                    "from": { "name": before.name, "slug": before.slug },
                    "to": { "name": row.name, "slug": row.slug },
                }),
                now,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Moves an area with everything beneath it under another parent (or to
    /// the top). An area cannot move into its own subtree.
    pub async fn move_area(
        &self,
        actor: &Actor,
        id: Uuid,
        new_parent_id: Option<Uuid>,
    ) -> AppResult<Area> {
        let admin = actor.require_admin()?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let Some(area) = areas::find(&txn, id).await? else {
            return Err(AppError::bad_input("id", "no area has this id"));
        };
        let new_parent = match new_parent_id {
            Some(parent_id) => {
                let parent = areas::find(&txn, parent_id)
                    .await?
                    .ok_or_else(|| AppError::bad_input("parentId", "no area has this id"))?;
                if parent.path.starts_with(&area.path) {
                    return Err(AppError::bad_input(
                        "parentId",
                        "an area cannot move into itself or an area beneath it",
                    ));
                }
                Some(parent)
            }
            None => None,
        };
        let row = areas::move_subtree(&txn, &area, new_parent.as_ref(), now).await?;
        // Every document beneath names the area's ancestors.
        search::enqueue_scope(&txn, search::Scope::AreaPath(row.path.clone()), now).await?;
        audit::record(
            &txn,
            audit::Entry {
                actor_id: Some(admin.id),
                action: "area.move",
                subject_kind: "area",
                subject_id: row.id,
                detail: json!({ "from": area.parent_id, "to": row.parent_id }),
                now,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }
}
