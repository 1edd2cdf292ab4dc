//! The embedded geocoder's source: addresses already stored on ideas and
//! plans anyone may see, and the names of areas with a boundary (their box's
//! centre), matched on a piece of text.

use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect,
};

use crate::Result;
use crate::entities::{areas, ideas, plans};
use crate::visibility::{self, Viewer};

/// A place with a name: an address or an area.
#[derive(Debug, Clone, PartialEq, FromQueryResult)]
pub struct KnownPlace {
    pub label: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// `%text%` for LIKE, with the wildcards in `text` taken literally.
fn contains(text: &str) -> LikeExpr {
    let mut pattern = String::from("%");
    for c in text.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    LikeExpr::new(pattern).escape('\\')
}

/// Places whose name holds `text` (any case): areas first, then addresses
/// on public ideas and plans; at most `limit` of each source.
pub async fn places_named(
    db: &impl ConnectionTrait,
    text: &str,
    limit: u64,
) -> Result<Vec<KnownPlace>> {
    let mut found = Vec::new();
    let area_rows = areas::Entity::find()
        .filter(Expr::expr(Func::lower(Expr::col(areas::Column::Name))).like(contains(text)))
        .filter(areas::Column::BboxSouth.is_not_null())
        .filter(areas::Column::BboxNorth.is_not_null())
        .filter(areas::Column::BboxWest.is_not_null())
        .filter(areas::Column::BboxEast.is_not_null())
        .limit(limit)
        .all(db)
        .await?;
    for area in area_rows {
        if let (Some(s), Some(w), Some(n), Some(e)) = (
            area.bbox_south,
            area.bbox_west,
            area.bbox_north,
            area.bbox_east,
        ) {
            found.push(KnownPlace {
                label: area.name,
                latitude: (s + n) / 2.0,
                longitude: (w + e) / 2.0,
            });
        }
    }
    let anyone = Viewer::ANONYMOUS;
    found.extend(
        ideas::Entity::find()
            .select_only()
            .column_as(ideas::Column::Address, "label")
            .column(ideas::Column::Latitude)
            .column(ideas::Column::Longitude)
            .filter(visibility::ideas(&anyone))
            .filter(ideas::Column::Latitude.is_not_null())
            .filter(ideas::Column::Longitude.is_not_null())
            .filter(ideas::Column::Address.is_not_null())
            .filter(Expr::expr(Func::lower(Expr::col(ideas::Column::Address))).like(contains(text)))
            .limit(limit)
            .into_model::<KnownPlace>()
            .all(db)
            .await?,
    );
    found.extend(
        plans::Entity::find()
            .select_only()
            .column_as(plans::Column::Address, "label")
            .column(plans::Column::Latitude)
            .column(plans::Column::Longitude)
            .filter(visibility::plans(&anyone))
            .filter(plans::Column::Latitude.is_not_null())
            .filter(plans::Column::Longitude.is_not_null())
            .filter(plans::Column::Address.is_not_null())
            .filter(Expr::expr(Func::lower(Expr::col(plans::Column::Address))).like(contains(text)))
            .limit(limit)
            .into_model::<KnownPlace>()
            .all(db)
            .await?,
    );
    Ok(found)
}
