//! Places: points on ideas and plans, the area a point lands in, importing
//! area boundaries, and what the map shows in a box.
//!
//! Placing: when areas have boundaries, a point lands in the deepest area
//! whose boundary holds it. The area chosen in the form is kept when it lies
//! inside that area (it is then the more precise of the two); otherwise the
//! point wins, because the point is what people see on the map. When a
//! top-level area has a boundary, a point outside every top-level boundary
//! lies outside the municipality and is refused.

use std::collections::HashMap;

use plein_domain::places::{
    Address, Boundary, BoundaryFeature, Bounds, Point, Projection, grid_cell_degrees,
    parse_boundaries,
};
pub use plein_storage::places::MapKind;
use plein_storage::places::{self as store, MapFilter, Place};
use plein_storage::{areas, audit};
use sea_orm::{ConnectionTrait, EntityTrait};
use serde_json::json;
use uuid::Uuid;

use crate::{Actor, App, AppError, AppResult};

/// A point and its address as a form sends them.
#[derive(Debug, Clone)]
pub struct LocationInput {
    pub latitude: f64,
    pub longitude: f64,
    pub address: Option<String>,
}

/// A point as stored on an idea or plan.
pub type Location = Place;

/// Up to this many things in a box come back one by one; more are clustered.
pub const MAX_ITEMS: u64 = 200;

impl App {
    /// Parses a form's location: in range, inside the map's bounds, with an
    /// address of at most 200 characters.
    pub fn parse_location(&self, raw: LocationInput) -> AppResult<Place> {
        let point = Point::parse(raw.latitude, raw.longitude, &self.settings.map_bounds)?;
        let address = raw
            .address
            .as_deref()
            .map(Address::parse)
            .transpose()?
            .flatten()
            .map(Address::into_inner);
        Ok(Place {
            latitude: point.latitude,
            longitude: point.longitude,
            address,
        })
    }
}

/// The area a thing placed at `place` belongs in, given the area chosen
/// (see the module's comment); refuses a point outside the municipality.
pub(crate) async fn area_for(
    db: &impl ConnectionTrait,
    place: &Place,
    chosen: Uuid,
) -> AppResult<Uuid> {
    let containing = containing_areas(db, place).await?;
    // Deepest first (the candidates come in that order).
    let Some(deepest) = containing.first() else {
        return Ok(chosen);
    };
    let chosen_row = areas::find(db, chosen).await?;
    match chosen_row {
        // Beneath it and without a boundary of its own (one that would have
        // held the point had it been the right area).
        Some(row) if row.path.starts_with(&deepest.path) && row.boundary.is_none() => Ok(chosen),
        _ => Ok(deepest.id),
    }
}

/// The deepest area whose boundary holds `place`, for things placed by
/// their point alone (street reports); `None` when no boundary holds it
/// and the municipality has none. Refuses a point outside the municipality.
pub(crate) async fn deepest_area(
    db: &impl ConnectionTrait,
    place: &Place,
) -> AppResult<Option<Uuid>> {
    Ok(containing_areas(db, place).await?.first().map(|a| a.id))
}

/// The areas whose boundary holds `place`, deepest first; refuses a point
/// outside every top-level boundary when top-level areas have them.
async fn containing_areas(
    db: &impl ConnectionTrait,
    place: &Place,
) -> AppResult<Vec<plein_storage::entities::areas::Model>> {
    let point = Point {
        latitude: place.latitude,
        longitude: place.longitude,
    };
    let candidates = store::boundary_candidates(db, place.latitude, place.longitude).await?;
    let mut containing = Vec::new();
    for area in candidates {
        let Some(text) = area.boundary.as_deref() else {
            continue;
        };
        let boundary = Boundary::from_stored(text)
            .map_err(|e| AppError::internal(format!("stored boundary of {}: {e}", area.id)))?;
        if boundary.contains(point) {
            containing.push(area);
        }
    }
    if !containing.iter().any(|a| a.parent_id.is_none()) && store::roots_have_boundaries(db).await?
    {
        return Err(AppError::bad_input(
            "location",
            "lies outside the municipality",
        ));
    }
    Ok(containing)
}

/// What an import changed.
#[derive(Debug, Clone)]
pub struct ImportReport {
    pub projection: Projection,
    /// The areas given a boundary, in the file's order.
    pub areas: Vec<Uuid>,
}

/// A box on the map and what to show in it.
#[derive(Debug, Clone)]
pub struct MapQuery {
    pub bbox: Bounds,
    pub zoom: i32,
    /// Empty means ideas and plans.
    pub kinds: Vec<MapKind>,
    pub area_id: Option<Uuid>,
}

#[derive(Debug, Clone)]
pub struct MapItem {
    pub kind: MapKind,
    pub id: Uuid,
    pub title: String,
    pub latitude: f64,
    pub longitude: f64,
}

#[derive(Debug, Clone)]
pub struct MapCluster {
    pub count: i64,
    /// The average of its points.
    pub latitude: f64,
    pub longitude: f64,
    /// The box its points span.
    pub bbox: Bounds,
}

/// Single items when there are few, clusters otherwise (never both).
#[derive(Debug, Clone, Default)]
pub struct MapAnswer {
    pub items: Vec<MapItem>,
    pub clusters: Vec<MapCluster>,
}

impl App {
    /// Gives areas their boundaries from a GeoJSON FeatureCollection, all in
    /// one transaction: any bad feature and nothing changes. Admins only.
    /// `progress` hears (done, total) after each feature.
    pub async fn import_area_boundaries(
        &self,
        actor: &Actor,
        geojson: &str,
        projection: Option<Projection>,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> AppResult<ImportReport> {
        let admin = actor.require_admin()?;
        self.import_boundaries(Some(admin.id), geojson, projection, progress)
            .await
    }

    /// The same for `plein import-areas`: whoever runs the server command
    /// may; the audit log records no account.
    pub async fn import_area_boundaries_by_operator(
        &self,
        geojson: &str,
        projection: Option<Projection>,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> AppResult<ImportReport> {
        self.import_boundaries(None, geojson, projection, progress)
            .await
    }

    async fn import_boundaries(
        &self,
        actor_id: Option<Uuid>,
        geojson: &str,
        projection: Option<Projection>,
        progress: &(dyn Fn(usize, usize) + Send + Sync),
    ) -> AppResult<ImportReport> {
        let (projection, features) = parse_boundaries(geojson, projection)
            .map_err(|e| AppError::bad_input("geojson", e.to_string()))?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let all = plein_storage::entities::areas::Entity::find()
            .all(&txn)
            .await
            .map_err(plein_storage::StorageError::from)?;
        let by_slug: HashMap<String, Uuid> =
            all.iter().map(|a| (a.slug.to_lowercase(), a.id)).collect();
        let mut by_name: HashMap<String, Vec<Uuid>> = HashMap::new();
        for a in &all {
            by_name.entry(a.name.to_lowercase()).or_default().push(a.id);
        }
        let mut done: HashMap<Uuid, usize> = HashMap::new();
        let mut report = Vec::with_capacity(features.len());
        let total = features.len();
        for feature in features {
            let id = match_area(&feature, &by_slug, &by_name)
                .map_err(|reason| bad_feature(feature.number, reason))?;
            if let Some(earlier) = done.insert(id, feature.number) {
                return Err(bad_feature(
                    feature.number,
                    format!("is for the same area as feature {earlier}"),
                ));
            }
            let boundary = &feature.boundary;
            store::set_boundary(&txn, id, boundary.to_stored(), boundary.bbox(), now).await?;
            report.push(id);
            progress(report.len(), total);
        }
        audit::record(
            &txn,
            audit::Entry {
                actor_id,
                action: "area.import_boundaries",
                subject_kind: "area",
                subject_id: report.first().copied().unwrap_or_default(),
                detail: json!({ "areas": report.len(), "projection": format!("{projection:?}") }),
                now,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(ImportReport {
            projection,
            areas: report,
        })
    }

    /// What the viewer may see in the box: items when there are at most
    /// `map_max_items` ([`MAX_ITEMS`] by default), else counts per grid cell sized by the zoom level.
    pub async fn map_items(&self, actor: &Actor, query: MapQuery) -> AppResult<MapAnswer> {
        if !(0..=22).contains(&query.zoom) {
            return Err(AppError::bad_input("zoom", "must be between 0 and 22"));
        }
        let area_path = match query.area_id {
            Some(id) => Some(
                areas::find(&self.db.conn, id)
                    .await?
                    .ok_or_else(|| AppError::bad_input("area", "no area has this id"))?
                    .path,
            ),
            None => None,
        };
        let viewer = actor.viewer();
        let filter = MapFilter {
            bbox: query.bbox,
            viewer: &viewer,
            area_path: area_path.as_deref(),
        };
        let kinds = if query.kinds.is_empty() {
            vec![MapKind::Idea, MapKind::Plan]
        } else {
            let mut kinds = query.kinds.clone();
            kinds.dedup();
            kinds
        };
        let db = &self.db.conn;
        let max = self.settings.map_max_items;
        let mut total = 0;
        for kind in &kinds {
            total += store::count(db, *kind, &filter, max + 1).await?;
        }
        let mut answer = MapAnswer::default();
        if total <= max {
            for kind in kinds {
                for row in store::items(db, kind, &filter, max).await? {
                    answer.items.push(MapItem {
                        kind,
                        id: row.id,
                        title: row.title,
                        latitude: row.latitude,
                        longitude: row.longitude,
                    });
                }
            }
            return Ok(answer);
        }
        let cell = grid_cell_degrees(u8::try_from(query.zoom).unwrap_or(22));
        let mut merged: HashMap<(i64, i64), MapCluster> = HashMap::new();
        for kind in kinds {
            for row in store::cells(db, kind, &filter, cell).await? {
                let entry = merged
                    .entry((row.cell_y, row.cell_x))
                    .or_insert(MapCluster {
                        count: 0,
                        latitude: 0.0,
                        longitude: 0.0,
                        bbox: Bounds {
                            south: row.south,
                            west: row.west,
                            north: row.north,
                            east: row.east,
                        },
                    });
                let (n, m) = (entry.count as f64, row.count as f64);
                entry.latitude = (entry.latitude * n + row.latitude * m) / (n + m);
                entry.longitude = (entry.longitude * n + row.longitude * m) / (n + m);
                entry.count += row.count;
                entry.bbox.south = entry.bbox.south.min(row.south);
                entry.bbox.west = entry.bbox.west.min(row.west);
                entry.bbox.north = entry.bbox.north.max(row.north);
                entry.bbox.east = entry.bbox.east.max(row.east);
            }
        }
        let mut cells: Vec<_> = merged.into_iter().collect();
        cells.sort_by_key(|(key, _)| *key);
        answer.clusters = cells.into_iter().map(|(_, c)| c).collect();
        Ok(answer)
    }
}

fn bad_feature(number: usize, reason: impl std::fmt::Display) -> AppError {
    AppError::bad_input("geojson", format!("feature {number}: {reason}"))
}

/// The area a feature is for: by code (against slugs), else by name.
fn match_area(
    feature: &BoundaryFeature,
    by_slug: &HashMap<String, Uuid>,
    by_name: &HashMap<String, Vec<Uuid>>,
) -> Result<Uuid, String> {
    if let Some(id) = feature
        .code
        .as_ref()
        .and_then(|c| by_slug.get(&c.to_lowercase()))
    {
        return Ok(*id);
    }
    if let Some(name) = &feature.name {
        match by_name.get(&name.to_lowercase()).map(Vec::as_slice) {
            Some([id]) => return Ok(*id),
            Some(many) if many.len() > 1 => {
                return Err(format!(
                    "the name {name:?} fits {} areas; give its code (the area's slug)",
                    many.len()
                ));
            }
            _ => {}
        }
    }
    Err(format!(
        "no area has the code {:?} (as slug) or the name {:?}",
        feature.code.as_deref().unwrap_or(""),
        feature.name.as_deref().unwrap_or("")
    ))
}
