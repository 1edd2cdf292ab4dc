//! Places: a point on the map, an address text, an area's boundary, and the
//! conversion from the Dutch national grid (RD New) to WGS84.
//!
//! Geometry comes from `geo` (containment, validity), GeoJSON parsing from
//! `geojson`, and the RD New transformation from `proj4rs`; none of it is
//! hand-written math.

use std::fmt;
use std::str::FromStr;

use geo::{BoundingRect, Coord, Intersects, LineString, MultiPolygon, Polygon, Validation};
use geojson::{FeatureCollection, GeoJson, GeometryValue};
use serde_json::{Map, Value};

use crate::error::{FieldError, bounded_text};

/// A box of WGS84 degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
}

impl Bounds {
    /// The Netherlands' land and coastal waters, generously: 50.75–53.7 N,
    /// 3.2–7.25 E (the Wadden islands, Zeeland and South Limburg fall inside).
    pub const NETHERLANDS: Bounds = Bounds {
        south: 50.75,
        west: 3.2,
        north: 53.7,
        east: 7.25,
    };

    /// A box from its four sides; `field` names the input in errors.
    pub fn parse(
        field: &'static str,
        south: f64,
        west: f64,
        north: f64,
        east: f64,
    ) -> Result<Self, FieldError> {
        let all = [south, west, north, east];
        if all.iter().any(|v| !v.is_finite()) {
            return Err(FieldError::new(field, "must be numbers"));
        }
        if !(-90.0..=90.0).contains(&south) || !(-90.0..=90.0).contains(&north) {
            return Err(FieldError::new(
                field,
                "south and north must be between -90 and 90",
            ));
        }
        if !(-180.0..=180.0).contains(&west) || !(-180.0..=180.0).contains(&east) {
            return Err(FieldError::new(
                field,
                "west and east must be between -180 and 180",
            ));
        }
        if south > north || west > east {
            return Err(FieldError::new(
                field,
                "south must not be above north, nor west east of east",
            ));
        }
        Ok(Self {
            south,
            west,
            north,
            east,
        })
    }

    pub fn contains(&self, latitude: f64, longitude: f64) -> bool {
        (self.south..=self.north).contains(&latitude)
            && (self.west..=self.east).contains(&longitude)
    }
}

/// `south,west,north,east` in degrees, as in `PLEIN_MAP_BOUNDS`.
impl FromStr for Bounds {
    type Err = FieldError;

    fn from_str(raw: &str) -> Result<Self, FieldError> {
        let parts: Vec<f64> = raw
            .split(',')
            .map(|p| p.trim().parse::<f64>())
            .collect::<Result<_, _>>()
            .map_err(|_| {
                FieldError::new("bounds", "must be four numbers: south,west,north,east")
            })?;
        match parts[..] {
            [south, west, north, east] => Self::parse("bounds", south, west, north, east),
            _ => Err(FieldError::new(
                "bounds",
                "must be four numbers: south,west,north,east",
            )),
        }
    }
}

impl Default for Bounds {
    fn default() -> Self {
        Self::NETHERLANDS
    }
}

/// A point in WGS84 degrees, inside the platform's bounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub latitude: f64,
    pub longitude: f64,
}

impl Point {
    /// Checks the range of each coordinate and that the point lies in `bounds`;
    /// errors name the field `location`.
    pub fn parse(latitude: f64, longitude: f64, bounds: &Bounds) -> Result<Self, FieldError> {
        if !latitude.is_finite() || !(-90.0..=90.0).contains(&latitude) {
            return Err(FieldError::new(
                "location",
                "latitude must be between -90 and 90",
            ));
        }
        if !longitude.is_finite() || !(-180.0..=180.0).contains(&longitude) {
            return Err(FieldError::new(
                "location",
                "longitude must be between -180 and 180",
            ));
        }
        if !bounds.contains(latitude, longitude) {
            return Err(FieldError::new(
                "location",
                "lies outside the map of this platform",
            ));
        }
        Ok(Self {
            latitude,
            longitude,
        })
    }
}

/// The longest address text, in characters.
pub const MAX_ADDRESS: usize = 200;

/// An address or description of a place ("Dorpsstraat 12", "the bench by the pond").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address(String);

impl Address {
    /// `None` for an empty text.
    pub fn parse(raw: &str) -> Result<Option<Self>, FieldError> {
        if raw.trim().is_empty() {
            return Ok(None);
        }
        bounded_text("address", raw, 1, MAX_ADDRESS).map(|a| Some(Self(a)))
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// The projections an imported boundary file may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Projection {
    /// WGS84 longitude/latitude (EPSG:4326, CRS84); GeoJSON's default.
    Wgs84,
    /// The Dutch national grid, Amersfoort / RD New (EPSG:28992), in metres.
    RdNew,
}

impl Projection {
    /// From a name as given on the command line or in a `crs` member:
    /// `EPSG:4326`, `CRS84`, `EPSG:28992`, `RD`, or their OGC URNs.
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim().to_ascii_uppercase();
        let code = name
            .rsplit([':', '/'])
            .next()
            .unwrap_or(name.as_str())
            .to_owned();
        match code.as_str() {
            "4326" | "CRS84" | "WGS84" => Some(Self::Wgs84),
            "28992" | "RD" | "RDNEW" => Some(Self::RdNew),
            _ => None,
        }
    }
}

/// RD New as PROJ parameters, with the datum shift to WGS84 (accurate to
/// about half a metre, see the tests; RDNAPTRANS™ with its correction grid
/// does better but is not needed for a map).
const RD_NEW: &str = "+proj=sterea +lat_0=52.15616055555555 +lon_0=5.38763888888889 \
+k=0.9999079 +x_0=155000 +y_0=463000 +ellps=bessel \
+towgs84=565.417,50.3319,465.552,-0.398957,0.343988,-1.8774,4.0725 +units=m +no_defs";
const WGS84: &str = "+proj=longlat +datum=WGS84 +no_defs";

/// Converts RD New coordinates (metres) to WGS84 (latitude, longitude) in degrees.
pub struct RdToWgs84 {
    from: proj4rs::Proj,
    to: proj4rs::Proj,
}

impl RdToWgs84 {
    pub fn new() -> Self {
        Self {
            // Both definitions are constants that parse; a test proves it.
            #[allow(clippy::expect_used)]
            from: proj4rs::Proj::from_proj_string(RD_NEW).expect("RD New definition"),
            #[allow(clippy::expect_used)]
            to: proj4rs::Proj::from_proj_string(WGS84).expect("WGS84 definition"),
        }
    }

    /// `(latitude, longitude)` of the RD point `(x, y)`.
    pub fn convert(&self, x: f64, y: f64) -> Result<(f64, f64), String> {
        let mut p = (x, y, 0.0);
        proj4rs::transform::transform(&self.from, &self.to, &mut p)
            .map_err(|e| format!("cannot convert RD point ({x}, {y}): {e}"))?;
        Ok((p.1.to_degrees(), p.0.to_degrees()))
    }
}

impl Default for RdToWgs84 {
    fn default() -> Self {
        Self::new()
    }
}

/// An area's boundary: one or more valid polygons in WGS84.
#[derive(Debug, Clone, PartialEq)]
pub struct Boundary {
    shape: MultiPolygon<f64>,
    bbox: Bounds,
}

impl Boundary {
    /// From a GeoJSON Polygon or MultiPolygon in `projection`. Rings must be
    /// closed, have at least four positions, and the result must be valid
    /// (no self-intersections, holes inside their shell).
    pub fn from_geojson(
        geometry: &geojson::Geometry,
        projection: Projection,
    ) -> Result<Self, String> {
        let polygons = match &geometry.value {
            GeometryValue::Polygon { coordinates } => vec![coordinates],
            GeometryValue::MultiPolygon { coordinates } => coordinates.iter().collect(),
            other => {
                return Err(format!(
                    "is a {}, not a Polygon or MultiPolygon",
                    other.type_name()
                ));
            }
        };
        if polygons.is_empty() {
            return Err("has no polygons".into());
        }
        let rd = (projection == Projection::RdNew).then(RdToWgs84::new);
        let mut shape = Vec::with_capacity(polygons.len());
        for rings in polygons {
            if rings.is_empty() {
                return Err("has a polygon without rings".into());
            }
            let mut converted = Vec::with_capacity(rings.len());
            for ring in rings {
                if ring.len() < 4 {
                    return Err("has a ring of fewer than four positions".into());
                }
                if ring.iter().any(|p| p.len() < 2) {
                    return Err("has a position without two coordinates".into());
                }
                let (first, last) = (&ring[0], &ring[ring.len() - 1]);
                if first[0] != last[0] || first[1] != last[1] {
                    return Err("has a ring that is not closed".into());
                }
                let coords = ring
                    .iter()
                    .map(|p| match &rd {
                        Some(rd) => rd
                            .convert(p[0], p[1])
                            .map(|(lat, lon)| Coord { x: lon, y: lat }),
                        None => Ok(Coord { x: p[0], y: p[1] }),
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                if coords
                    .iter()
                    .any(|c| !(-180.0..=180.0).contains(&c.x) || !(-90.0..=90.0).contains(&c.y))
                {
                    return Err(
                        "has coordinates outside WGS84's range (is the projection right?)".into(),
                    );
                }
                converted.push(LineString::new(coords));
            }
            let shell = converted.remove(0);
            shape.push(Polygon::new(shell, converted));
        }
        Self::from_shape(MultiPolygon::new(shape))
    }

    fn from_shape(shape: MultiPolygon<f64>) -> Result<Self, String> {
        if let Err(problem) = shape.check_validation() {
            return Err(format!("is not a valid polygon: {problem}"));
        }
        let rect = shape
            .bounding_rect()
            .ok_or_else(|| "has no polygons".to_owned())?;
        Ok(Self {
            bbox: Bounds {
                south: rect.min().y,
                west: rect.min().x,
                north: rect.max().y,
                east: rect.max().x,
            },
            shape,
        })
    }

    /// A boundary as stored (a GeoJSON MultiPolygon in WGS84).
    pub fn from_stored(text: &str) -> Result<Self, String> {
        let geometry = geojson::Geometry::from_str(text).map_err(|e| e.to_string())?;
        Self::from_geojson(&geometry, Projection::Wgs84)
    }

    /// The GeoJSON MultiPolygon text to store.
    pub fn to_stored(&self) -> String {
        geojson::Geometry::from(&self.shape).to_string()
    }

    pub fn bbox(&self) -> Bounds {
        self.bbox
    }

    /// Whether the point lies inside or on the edge.
    pub fn contains(&self, point: Point) -> bool {
        self.bbox.contains(point.latitude, point.longitude)
            && self
                .shape
                .intersects(&geo::Point::new(point.longitude, point.latitude))
    }
}

/// The property names read to match a feature to an area by code (against
/// the area's slug, compared without case) and by name (against its name).
pub const CODE_PROPERTIES: [&str; 4] = ["buurtcode", "wijkcode", "gemeentecode", "code"];
pub const NAME_PROPERTIES: [&str; 4] = ["buurtnaam", "wijknaam", "gemeentenaam", "name"];

/// One feature of an import, ready to be matched to an area.
#[derive(Debug, Clone)]
pub struct BoundaryFeature {
    /// 1-based, as a person counts the features in the file.
    pub number: usize,
    /// The first code property present.
    pub code: Option<String>,
    /// The first name property present.
    pub name: Option<String>,
    pub boundary: Boundary,
}

/// What is wrong with an import; `feature` is 1-based.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    pub feature: Option<usize>,
    pub reason: String,
}

impl ImportError {
    pub fn file(reason: impl Into<String>) -> Self {
        Self {
            feature: None,
            reason: reason.into(),
        }
    }

    pub fn feature(number: usize, reason: impl Into<String>) -> Self {
        Self {
            feature: Some(number),
            reason: reason.into(),
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.feature {
            Some(n) => write!(f, "feature {n}: {}", self.reason),
            None => f.write_str(&self.reason),
        }
    }
}

impl std::error::Error for ImportError {}

/// The projection named by a FeatureCollection's `crs` member (the 2008
/// GeoJSON form that GDAL still writes), `None` when there is none.
fn declared_projection(
    foreign: Option<&Map<String, Value>>,
) -> Result<Option<Projection>, ImportError> {
    let Some(crs) = foreign.and_then(|f| f.get("crs")) else {
        return Ok(None);
    };
    let name = crs
        .pointer("/properties/name")
        .and_then(Value::as_str)
        .ok_or_else(|| ImportError::file("the crs member has no properties.name"))?;
    Projection::from_name(name).map(Some).ok_or_else(|| {
        ImportError::file(format!(
            "unknown projection {name:?}: use WGS84 (EPSG:4326) or RD New (EPSG:28992)"
        ))
    })
}

/// Parses a FeatureCollection of boundaries. The projection is `given`,
/// else the one the `crs` member names, else WGS84; a `given` one that
/// differs from the declared one is an error.
pub fn parse_boundaries(
    text: &str,
    given: Option<Projection>,
) -> Result<(Projection, Vec<BoundaryFeature>), ImportError> {
    let geojson =
        GeoJson::from_str(text).map_err(|e| ImportError::file(format!("not GeoJSON: {e}")))?;
    let collection = match geojson {
        GeoJson::FeatureCollection(c) => c,
        _ => return Err(ImportError::file("not a FeatureCollection")),
    };
    let FeatureCollection {
        features,
        foreign_members,
        ..
    } = collection;
    let declared = declared_projection(foreign_members.as_ref())?;
    let projection = match (given, declared) {
        (Some(g), Some(d)) if g != d => {
            return Err(ImportError::file(
                "the projection given differs from the one the file declares",
            ));
        }
        (Some(g), _) => g,
        (None, Some(d)) => d,
        (None, None) => Projection::Wgs84,
    };
    if features.is_empty() {
        return Err(ImportError::file("the collection has no features"));
    }
    let mut out = Vec::with_capacity(features.len());
    for (i, feature) in features.into_iter().enumerate() {
        let number = i + 1;
        let geometry = feature
            .geometry
            .as_ref()
            .ok_or_else(|| ImportError::feature(number, "has no geometry"))?;
        let boundary = Boundary::from_geojson(geometry, projection)
            .map_err(|reason| ImportError::feature(number, reason))?;
        let props = feature.properties.as_ref();
        let first = |names: &[&str]| {
            names.iter().find_map(|n| {
                props.and_then(|p| p.get(*n)).and_then(|v| match v {
                    Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
            })
        };
        let code = first(&CODE_PROPERTIES);
        let name = first(&NAME_PROPERTIES);
        if code.is_none() && name.is_none() {
            return Err(ImportError::feature(
                number,
                "has none of the properties buurtcode, wijkcode, gemeentecode, code, buurtnaam, wijknaam, gemeentenaam or name",
            ));
        }
        out.push(BoundaryFeature {
            number,
            code,
            name,
            boundary,
        });
    }
    Ok((projection, out))
}

/// The side of a map grid cell, in degrees, at a web-map zoom level: a
/// quarter of a 256-pixel tile, so a cluster covers about 64 pixels.
pub fn grid_cell_degrees(zoom: u8) -> f64 {
    360.0 / f64::from(1u32 << zoom.min(24)) / 4.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, side: f64) -> String {
        format!(
            r#"{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}"#,
            x1 = x0 + side,
            y1 = y0 + side
        )
    }

    /// Within 5e-6 degrees (about 0.5 m) of the published WGS84 values.
    const TOLERANCE: f64 = 5e-6;

    #[test]
    fn rd_new_converts_known_points() {
        let rd = RdToWgs84::new();
        // The Amersfoort base point, and two church towers often used to
        // check RD conversions (Westertoren, Amsterdam; Martinitoren, Groningen).
        for (x, y, lat, lon) in [
            (155_000.0, 463_000.0, 52.155_174_40, 5.387_206_21),
            (120_700.723, 487_525.501, 52.374_532_53, 4.883_525_59),
            (233_883.131, 582_065.167, 53.219_383_17, 6.568_200_53),
        ] {
            let (got_lat, got_lon) = rd.convert(x, y).expect("converts");
            assert!((got_lat - lat).abs() < TOLERANCE, "{x},{y}: lat {got_lat}");
            assert!((got_lon - lon).abs() < TOLERANCE, "{x},{y}: lon {got_lon}");
        }
    }

    #[test]
    fn points_must_be_in_range_and_bounds() {
        let nl = Bounds::NETHERLANDS;
        assert!(Point::parse(52.37, 4.89, &nl).is_ok());
        assert_eq!(
            Point::parse(91.0, 4.0, &nl).expect_err("range").field,
            "location"
        );
        assert!(Point::parse(48.85, 2.35, &nl).is_err(), "Paris is outside");
        assert!(Point::parse(f64::NAN, 4.0, &nl).is_err());
        let everywhere: Bounds = "-90,-180,90,180".parse().expect("bounds");
        assert!(Point::parse(48.85, 2.35, &everywhere).is_ok());
        assert!("1,2,3".parse::<Bounds>().is_err());
        assert!("3,2,1,0".parse::<Bounds>().is_err());
    }

    #[test]
    fn addresses_are_trimmed_and_limited() {
        assert_eq!(Address::parse("  ").expect("empty"), None);
        assert_eq!(
            Address::parse(" Dorpsstraat 12 ")
                .expect("ok")
                .map(Address::into_inner),
            Some("Dorpsstraat 12".into())
        );
        assert!(Address::parse(&"a".repeat(MAX_ADDRESS + 1)).is_err());
    }

    #[test]
    fn boundaries_are_validated() {
        let g = |s: &str| geojson::Geometry::from_str(s).expect("geometry");
        let ok =
            Boundary::from_geojson(&g(&square(5.0, 52.0, 0.1)), Projection::Wgs84).expect("valid");
        assert!(ok.contains(Point {
            latitude: 52.05,
            longitude: 5.05
        }));
        assert!(!ok.contains(Point {
            latitude: 52.15,
            longitude: 5.05
        }));
        let stored = Boundary::from_stored(&ok.to_stored()).expect("round trip");
        assert_eq!(stored.bbox(), ok.bbox());

        let bowtie =
            r#"{"type":"Polygon","coordinates":[[[5,52],[5.1,52.1],[5.1,52],[5,52.1],[5,52]]]}"#;
        let err = Boundary::from_geojson(&g(bowtie), Projection::Wgs84).expect_err("bowtie");
        assert!(err.contains("not a valid polygon"), "{err}");

        let open = r#"{"type":"Polygon","coordinates":[[[5,52],[5.1,52],[5.1,52.1],[5,52.1]]]}"#;
        let err = Boundary::from_geojson(&g(open), Projection::Wgs84).expect_err("open");
        assert!(
            err.contains("fewer than four") || err.contains("not closed"),
            "{err}"
        );

        let open5 =
            r#"{"type":"Polygon","coordinates":[[[5,52],[5.1,52],[5.1,52.1],[5,52.1],[5.01,52]]]}"#;
        let err = Boundary::from_geojson(&g(open5), Projection::Wgs84).expect_err("open");
        assert!(err.contains("not closed"), "{err}");

        let empty = r#"{"type":"MultiPolygon","coordinates":[]}"#;
        assert!(Boundary::from_geojson(&g(empty), Projection::Wgs84).is_err());

        let line = r#"{"type":"LineString","coordinates":[[5,52],[5.1,52]]}"#;
        assert!(Boundary::from_geojson(&g(line), Projection::Wgs84).is_err());
    }

    #[test]
    fn collections_name_the_bad_feature_and_projection() {
        let fc = |crs: &str, geoms: &[String]| {
            let features: Vec<String> = geoms
                .iter()
                .enumerate()
                .map(|(i, g)| {
                    format!(r#"{{"type":"Feature","properties":{{"buurtcode":"BU{i}"}},"geometry":{g}}}"#)
                })
                .collect();
            format!(
                r#"{{"type":"FeatureCollection",{crs}"features":[{}]}}"#,
                features.join(",")
            )
        };
        let bowtie =
            r#"{"type":"Polygon","coordinates":[[[5,52],[5.1,52.1],[5.1,52],[5,52.1],[5,52]]]}"#;
        let err = parse_boundaries(&fc("", &[square(5.0, 52.0, 0.1), bowtie.into()]), None)
            .expect_err("bad second");
        assert_eq!(err.feature, Some(2));

        let rd_crs =
            r#""crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::28992"}},"#;
        let (projection, features) =
            parse_boundaries(&fc(rd_crs, &[square(154_000.0, 462_000.0, 2000.0)]), None)
                .expect("rd");
        assert_eq!(projection, Projection::RdNew);
        assert!(features[0].boundary.contains(Point {
            latitude: 52.155_174_40,
            longitude: 5.387_206_21
        }));
        assert_eq!(features[0].code.as_deref(), Some("BU0"));

        let unknown = r#""crs":{"type":"name","properties":{"name":"EPSG:3857"}},"#;
        let err =
            parse_boundaries(&fc(unknown, &[square(5.0, 52.0, 0.1)]), None).expect_err("unknown");
        assert!(err.reason.contains("unknown projection"), "{err}");
    }

    #[test]
    fn grid_cells_halve_per_zoom_level() {
        assert!((grid_cell_degrees(0) - 90.0).abs() < 1e-9);
        assert!((grid_cell_degrees(12) * 2.0 - grid_cell_degrees(11)).abs() < 1e-12);
    }
}
