use async_graphql::{Context, Enum, InputObject, Object, SimpleObject};
use plein_domain::places::Projection;

use crate::graphql::types::AreaNode;
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct PlaceMutations;

/// The projections a boundary file may use.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "Projection")]
pub enum ProjectionValue {
    /// WGS84 longitude/latitude (EPSG:4326); GeoJSON's default.
    Wgs84,
    /// The Dutch national grid, RD New (EPSG:28992), in metres.
    RdNew,
}

impl From<ProjectionValue> for Projection {
    fn from(p: ProjectionValue) -> Self {
        match p {
            ProjectionValue::Wgs84 => Projection::Wgs84,
            ProjectionValue::RdNew => Projection::RdNew,
        }
    }
}

impl From<Projection> for ProjectionValue {
    fn from(p: Projection) -> Self {
        match p {
            Projection::Wgs84 => ProjectionValue::Wgs84,
            Projection::RdNew => ProjectionValue::RdNew,
        }
    }
}

/// Admins only. A GeoJSON FeatureCollection of Polygons and MultiPolygons,
/// one feature per area, matched by code (`buurtcode`, `wijkcode`,
/// `gemeentecode` or `code`, against the area's slug) or by name
/// (`buurtnaam`, `wijknaam`, `gemeentenaam` or `name`).
#[derive(InputObject)]
pub struct ImportAreaBoundariesInput {
    pub geojson: String,
    /// Left out: the one the file's `crs` member names, else WGS84.
    pub projection: Option<ProjectionValue>,
}

#[derive(SimpleObject)]
pub struct ImportAreaBoundariesPayload {
    /// The areas that got a boundary, in the file's order.
    pub areas: Vec<AreaNode>,
    pub projection: ProjectionValue,
}

#[Object]
impl PlaceMutations {
    /// Gives areas their boundaries, all or none: a bad feature (named by its
    /// number, from 1) changes nothing.
    async fn import_area_boundaries(
        &self,
        ctx: &Context<'_>,
        input: ImportAreaBoundariesInput,
    ) -> async_graphql::Result<ImportAreaBoundariesPayload> {
        let app = ctx.app();
        let report = app
            .import_area_boundaries(
                ctx.actor(),
                &input.geojson,
                input.projection.map(Into::into),
                &|_, _| {},
            )
            .await
            .gql()?;
        let areas = app.areas_by_ids(&report.areas).await.gql()?;
        let mut by_id: std::collections::HashMap<_, _> =
            areas.into_iter().map(|a| (a.id, a)).collect();
        Ok(ImportAreaBoundariesPayload {
            areas: report
                .areas
                .iter()
                .filter_map(|id| by_id.remove(id))
                .map(AreaNode)
                .collect(),
            projection: report.projection.into(),
        })
    }
}
