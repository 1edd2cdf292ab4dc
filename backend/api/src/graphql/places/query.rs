use async_graphql::{Context, Enum, ID, InputObject, Object, SimpleObject};
use plein_app::places::{MapKind, MapQuery};
use plein_domain::places::Bounds;

use crate::graphql::types::parse_id;
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct PlaceQuery;

/// A box on the map in WGS84 degrees.
#[derive(InputObject)]
pub struct BoundsInput {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

/// What can be on the map.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "MapKind")]
pub enum MapKindValue {
    Idea,
    Plan,
}

impl From<MapKindValue> for MapKind {
    fn from(k: MapKindValue) -> Self {
        match k {
            MapKindValue::Idea => MapKind::Idea,
            MapKindValue::Plan => MapKind::Plan,
        }
    }
}

impl From<MapKind> for MapKindValue {
    fn from(k: MapKind) -> Self {
        match k {
            MapKind::Idea => MapKindValue::Idea,
            MapKind::Plan => MapKindValue::Plan,
        }
    }
}

/// A box on the map, as answered.
#[derive(SimpleObject)]
pub struct MapBounds {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl From<Bounds> for MapBounds {
    fn from(b: Bounds) -> Self {
        Self {
            south: b.south,
            west: b.west,
            north: b.north,
            east: b.east,
        }
    }
}

/// One idea or plan on the map.
#[derive(SimpleObject)]
pub struct MapItem {
    pub id: ID,
    pub kind: MapKindValue,
    pub title: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// Several things close together, counted: zoom into `bounds` to see them.
#[derive(SimpleObject)]
pub struct MapCluster {
    pub count: i64,
    /// The average of their points.
    pub latitude: f64,
    pub longitude: f64,
    /// The box their points span.
    pub bounds: MapBounds,
}

/// Single items when there are at most 200 in the box, otherwise clusters
/// on a grid that gets finer with each zoom level (never both).
#[derive(SimpleObject)]
pub struct MapItems {
    pub items: Vec<MapItem>,
    pub clusters: Vec<MapCluster>,
}

/// How the web map is drawn: where its tiles come from and what it covers.
#[derive(SimpleObject)]
pub struct MapSettings {
    /// An XYZ URL template with `{z}`, `{x}` and `{y}` (`PLEIN_MAP_TILES`).
    pub tiles: String,
    /// Who made the tiles, to show on the map (`PLEIN_MAP_ATTRIBUTION`).
    pub attribution: String,
    /// Where points may lie (`PLEIN_MAP_BOUNDS`): the map's first view.
    pub bounds: MapBounds,
}

#[Object]
impl PlaceQuery {
    /// The web map's tile source, attribution and bounds.
    async fn map_settings(&self, ctx: &Context<'_>) -> MapSettings {
        let settings = &ctx.app().settings;
        MapSettings {
            tiles: settings.map_tiles.clone(),
            attribution: settings.map_attribution.clone(),
            bounds: settings.map_bounds.into(),
        }
    }

    /// What you may see in the box: ideas and plans with a location (or only
    /// `kinds`), in `area` and beneath it when given. `zoom` is the web
    /// map's zoom level (0 to 22).
    async fn map_items(
        &self,
        ctx: &Context<'_>,
        bbox: BoundsInput,
        zoom: i32,
        kinds: Option<Vec<MapKindValue>>,
        area: Option<ID>,
    ) -> async_graphql::Result<MapItems> {
        let bbox = Bounds::parse("bbox", bbox.south, bbox.west, bbox.north, bbox.east)
            .map_err(plein_app::AppError::from)
            .gql()?;
        let area_id = area
            .as_ref()
            .map(|a| parse_id("area", a))
            .transpose()
            .gql()?;
        let answer = ctx
            .app()
            .map_items(
                ctx.actor(),
                MapQuery {
                    bbox,
                    zoom,
                    kinds: kinds
                        .unwrap_or_default()
                        .into_iter()
                        .map(Into::into)
                        .collect(),
                    area_id,
                },
            )
            .await
            .gql()?;
        Ok(MapItems {
            items: answer
                .items
                .into_iter()
                .map(|i| MapItem {
                    id: ID(i.id.to_string()),
                    kind: i.kind.into(),
                    title: i.title,
                    latitude: i.latitude,
                    longitude: i.longitude,
                })
                .collect(),
            clusters: answer
                .clusters
                .into_iter()
                .map(|c| MapCluster {
                    count: c.count,
                    latitude: c.latitude,
                    longitude: c.longitude,
                    bounds: c.bbox.into(),
                })
                .collect(),
        })
    }
}
