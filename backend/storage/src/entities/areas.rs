use plein_domain::AreaKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "areas")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub name: String,
    pub slug: String,
    pub kind: AreaKind,
    /// Ids from the root down to and including this area: `/<id>/<id>/`.
    pub path: String,
    pub depth: i32,
    /// Supports at which an idea here goes to review; `None` inherits the parent's.
    pub support_threshold: Option<i32>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// A GeoJSON MultiPolygon in WGS84, when one was imported.
    #[sea_orm(column_type = "Text")]
    pub boundary: Option<String>,
    /// The boundary's box, for finding candidate areas without reading polygons.
    pub bbox_south: Option<f64>,
    pub bbox_west: Option<f64>,
    pub bbox_north: Option<f64>,
    pub bbox_east: Option<f64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
