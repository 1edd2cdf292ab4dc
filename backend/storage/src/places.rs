//! Places: area boundaries, and what lies in a box on the map.
//!
//! The map query filters on the (latitude, longitude) index and the same
//! visibility condition every list uses; clusters are a GROUP BY on a grid
//! cell computed in SQL, so only one row per cell leaves the database.

use chrono::{DateTime, Utc};
use plein_domain::places::Bounds;
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entities::{areas, ideas, plans};
use crate::visibility::{self, Viewer};

/// A point with its address text, as stored on ideas, plans and meetings.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub latitude: f64,
    pub longitude: f64,
    pub address: Option<String>,
}

/// The areas whose boundary box holds the point, deepest first.
pub async fn boundary_candidates(
    db: &impl ConnectionTrait,
    latitude: f64,
    longitude: f64,
) -> Result<Vec<areas::Model>> {
    Ok(areas::Entity::find()
        .filter(areas::Column::BboxSouth.lte(latitude))
        .filter(areas::Column::BboxNorth.gte(latitude))
        .filter(areas::Column::BboxWest.lte(longitude))
        .filter(areas::Column::BboxEast.gte(longitude))
        .order_by_desc(areas::Column::Depth)
        .order_by_asc(areas::Column::Path)
        .all(db)
        .await?)
}

/// Whether any top-level area has a boundary: then points outside all of
/// them lie outside the municipality.
pub async fn roots_have_boundaries(db: &impl ConnectionTrait) -> Result<bool> {
    Ok(areas::Entity::find()
        .filter(areas::Column::ParentId.is_null())
        .filter(areas::Column::Boundary.is_not_null())
        .count(db)
        .await?
        > 0)
}

/// Sets an area's boundary (GeoJSON text in WGS84) and its box.
pub async fn set_boundary(
    db: &impl ConnectionTrait,
    id: Uuid,
    boundary: String,
    bbox: Bounds,
    now: DateTime<Utc>,
) -> Result<()> {
    let row = areas::ActiveModel {
        id: Set(id),
        boundary: Set(Some(boundary)),
        bbox_south: Set(Some(bbox.south)),
        bbox_west: Set(Some(bbox.west)),
        bbox_north: Set(Some(bbox.north)),
        bbox_east: Set(Some(bbox.east)),
        updated_at: Set(now),
        ..Default::default()
    };
    areas::Entity::update(row).exec(db).await?;
    Ok(())
}

/// What the map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MapKind {
    Idea,
    Plan,
}

/// One item on the map.
#[derive(Debug, Clone, FromQueryResult)]
pub struct MapItemRow {
    pub id: Uuid,
    pub title: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// One grid cell with its items counted.
#[derive(Debug, Clone, FromQueryResult)]
pub struct MapCellRow {
    pub cell_y: i64,
    pub cell_x: i64,
    pub count: i64,
    pub latitude: f64,
    pub longitude: f64,
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

/// The box, visibility and area a map question asks about.
pub struct MapFilter<'a> {
    pub bbox: Bounds,
    pub viewer: &'a Viewer,
    /// The materialised path of an area: only what lies in it and beneath.
    pub area_path: Option<&'a str>,
}

fn condition<C: ColumnTrait>(
    filter: &MapFilter<'_>,
    visible: Condition,
    latitude: C,
    longitude: C,
    area: C,
) -> Condition {
    let mut cond = Condition::all()
        .add(visible)
        .add(latitude.between(filter.bbox.south, filter.bbox.north))
        .add(longitude.between(filter.bbox.west, filter.bbox.east));
    if let Some(path) = filter.area_path {
        let beneath = Query::select()
            .column(areas::Column::Id)
            .from(areas::Entity)
            .and_where(areas::Column::Path.starts_with(path))
            .to_owned();
        cond = cond.add(Expr::col(area.as_column_ref()).in_subquery(beneath));
    }
    cond
}

fn idea_condition(filter: &MapFilter<'_>) -> Condition {
    condition(
        filter,
        visibility::ideas(filter.viewer),
        ideas::Column::Latitude,
        ideas::Column::Longitude,
        ideas::Column::AreaId,
    )
}

fn plan_condition(filter: &MapFilter<'_>) -> Condition {
    condition(
        filter,
        visibility::plans(filter.viewer),
        plans::Column::Latitude,
        plans::Column::Longitude,
        plans::Column::AreaId,
    )
}

/// How many items of `kind` the viewer may see in the box, counting at most
/// `cap` (enough to decide between items and clusters).
pub async fn count(
    db: &impl ConnectionTrait,
    kind: MapKind,
    filter: &MapFilter<'_>,
    cap: u64,
) -> Result<u64> {
    let rows: Vec<Uuid> = match kind {
        MapKind::Idea => {
            ideas::Entity::find()
                .select_only()
                .column(ideas::Column::Id)
                .filter(idea_condition(filter))
                .limit(cap)
                .into_tuple()
                .all(db)
                .await?
        }
        MapKind::Plan => {
            plans::Entity::find()
                .select_only()
                .column(plans::Column::Id)
                .filter(plan_condition(filter))
                .limit(cap)
                .into_tuple()
                .all(db)
                .await?
        }
    };
    Ok(rows.len() as u64)
}

/// The items of `kind` in the box, at most `limit`, newest first.
pub async fn items(
    db: &impl ConnectionTrait,
    kind: MapKind,
    filter: &MapFilter<'_>,
    limit: u64,
) -> Result<Vec<MapItemRow>> {
    Ok(match kind {
        MapKind::Idea => {
            ideas::Entity::find()
                .select_only()
                .column(ideas::Column::Id)
                .column(ideas::Column::Title)
                .column(ideas::Column::Latitude)
                .column(ideas::Column::Longitude)
                .filter(idea_condition(filter))
                .order_by_desc(ideas::Column::Id)
                .limit(limit)
                .into_model()
                .all(db)
                .await?
        }
        MapKind::Plan => {
            plans::Entity::find()
                .select_only()
                .column(plans::Column::Id)
                .column(plans::Column::Title)
                .column(plans::Column::Latitude)
                .column(plans::Column::Longitude)
                .filter(plan_condition(filter))
                .order_by_desc(plans::Column::Id)
                .limit(limit)
                .into_model()
                .all(db)
                .await?
        }
    })
}

/// The grid cell of a coordinate, as SQL: cells of `size` degrees counted
/// from `origin` (-90 or -180, so the value is never negative and SQLite's
/// truncating cast is a floor).
fn cell_sql(backend: DbBackend, column: &str, origin: f64, size: f64) -> String {
    match backend {
        DbBackend::Postgres => {
            format!("CAST(FLOOR(({column} - ({origin:.1})) / {size:e}) AS BIGINT)")
        }
        _ => format!("CAST(({column} - ({origin:.1})) / {size:e} AS INTEGER)"),
    }
}

/// The items of `kind` in the box, counted per grid cell of `cell` degrees.
pub async fn cells(
    db: &impl ConnectionTrait,
    kind: MapKind,
    filter: &MapFilter<'_>,
    cell: f64,
) -> Result<Vec<MapCellRow>> {
    let backend = db.get_database_backend();
    let (table, cond) = match kind {
        MapKind::Idea => ("ideas", idea_condition(filter)),
        MapKind::Plan => ("plans", plan_condition(filter)),
    };
    let lat = format!(r#""{table}"."latitude""#);
    let lon = format!(r#""{table}"."longitude""#);
    let mut select = Query::select();
    select
        .expr_as(Expr::cust(cell_sql(backend, &lat, -90.0, cell)), "cell_y")
        .expr_as(Expr::cust(cell_sql(backend, &lon, -180.0, cell)), "cell_x")
        .expr_as(Expr::cust("COUNT(*)"), "count")
        .expr_as(Expr::cust(format!("AVG({lat})")), "latitude")
        .expr_as(Expr::cust(format!("AVG({lon})")), "longitude")
        .expr_as(Expr::cust(format!("MIN({lat})")), "south")
        .expr_as(Expr::cust(format!("MIN({lon})")), "west")
        .expr_as(Expr::cust(format!("MAX({lat})")), "north")
        .expr_as(Expr::cust(format!("MAX({lon})")), "east")
        .cond_where(cond)
        .add_group_by([Expr::cust("cell_y"), Expr::cust("cell_x")]);
    match kind {
        MapKind::Idea => select.from(ideas::Entity),
        MapKind::Plan => select.from(plans::Entity),
    };
    let statement = backend.build(&select);
    let rows = db.query_all_raw(statement).await?;
    Ok(rows
        .iter()
        .map(|row| MapCellRow::from_query_result(row, ""))
        .collect::<Result<_, _>>()?)
}
