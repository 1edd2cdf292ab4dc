//! Shared pieces of the keyset-paginated lists of ideas and plans.

use chrono::{DateTime, Utc};
use plein_domain::Viewer;
use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, IntoColumnRef, JoinType, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, QueryTrait, SelectorTrait};
use uuid::Uuid;

use crate::entities::areas;

/// Whose view a list shows.
#[derive(Debug, Clone, Copy)]
pub enum Visibility {
    /// Every row, whatever its status: for work behind the scenes (the
    /// search index, scope refreshes).
    All,
    /// What this viewer may see, by the rule in [`crate::visibility`].
    To(Viewer),
}

impl Visibility {
    /// The condition of `rule` (such as [`crate::visibility::ideas`]) for this view.
    pub(crate) fn condition(self, rule: fn(&Viewer) -> Condition) -> Condition {
        match self {
            Visibility::All => Condition::all(),
            Visibility::To(viewer) => rule(&viewer),
        }
    }
}

/// Runs a list's statement for one page of `limit` rows.
///
/// The page size and the statuses that are not public are written into the statement,
/// not bound as parameters. The statement then has the same plan for every
/// area, and PostgreSQL reuses one plan for the prepared statement instead of
/// planning it again on each call. Bound, a `LIMIT $n` makes its generic plan
/// look costlier than planning afresh, so it would plan every time (0.2–0.3 ms
/// of the 0.6–0.9 ms a feed page took in the database at a million ideas).
pub(crate) async fn fetch_page<S: SelectorTrait>(
    db: &impl ConnectionTrait,
    select: &impl QueryTrait,
    limit: u64,
) -> crate::Result<Vec<S::Item>> {
    let mut statement = select.build(db.get_database_backend());
    statement.sql.push_str(&format!(" LIMIT {limit}"));
    let rows = db.query_all_raw(statement).await?;
    Ok(rows
        .into_iter()
        .map(S::from_raw_query_result)
        .collect::<Result<_, _>>()?)
}

/// How a list is ordered; each is descending, ties broken by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Newest,
    /// Ideas: support count. Plans: linked ideas.
    MostSupported,
    MostDiscussed,
}

/// Where a page continues: the sort value and id of the last item seen.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Time(DateTime<Utc>, Uuid),
    Count(i32, Uuid),
}

/// Filters both lists share.
#[derive(Debug, Clone, Default)]
pub struct Filter<'a> {
    /// The materialised path of an area: the list holds that area and all beneath it.
    pub area_path: Option<&'a str>,
    /// The same by the area's id, its path read in the list's own statement.
    /// An unknown id gives an empty list.
    pub area_id: Option<Uuid>,
    pub status: Option<&'a str>,
    pub author_id: Option<Uuid>,
}

pub(crate) fn common_condition<C: ColumnTrait>(
    backend: DbBackend,
    filter: &Filter<'_>,
    area_col: C,
    status_col: C,
    author_col: C,
) -> Condition {
    let mut cond = Condition::all();
    if let Some(path) = filter.area_path {
        let areas_beneath = Query::select()
            .column(areas::Column::Id)
            .from(areas::Entity)
            .and_where(areas::Column::Path.starts_with(path))
            .to_owned();
        cond = cond.add(Expr::col(area_col.into_column_ref()).in_subquery(areas_beneath));
    }
    if let Some(id) = filter.area_id {
        let area = Expr::col(area_col.into_column_ref());
        cond = cond.add(match backend {
            DbBackend::Postgres => {
                // The areas beneath are the paths from the area's own up to
                // it with its last '/' raised to '0': paths are `/uuid/uuid/`
                // and collate as "C", byte by byte, so this is exactly the
                // paths that begin with the area's, and the path index walks
                // them. PostgreSQL cannot foresee how many areas the
                // subquery finds; as `IN (…)` it guesses one and then sorts
                // every item of a district by hand. As an array it walks the
                // sort order's index.
                let path_of_area = |path: &'static str| {
                    let read = Query::select()
                        .expr(Expr::cust(path))
                        .from(areas::Entity)
                        .and_where(Expr::col(areas::Column::Id).eq(id))
                        .to_owned();
                    Expr::SubQuery(None, Box::new(read.into()))
                };
                let areas_beneath = Query::select()
                    .column(areas::Column::Id)
                    .from(areas::Entity)
                    .and_where(Expr::col(areas::Column::Path).gte(path_of_area(r#""path""#)))
                    .and_where(
                        Expr::col(areas::Column::Path)
                            .lt(path_of_area(r#"left("path", -1) || '0'"#)),
                    )
                    .to_owned();
                Expr::cust_with_exprs(
                    "$1 = ANY(ARRAY($2))",
                    [area, Expr::SubQuery(None, Box::new(areas_beneath.into()))],
                )
            }
            _ => {
                // The areas whose path begins with the path of the area `id`.
                let scope = Alias::new("scope");
                let areas_beneath = Query::select()
                    .column((areas::Entity, areas::Column::Id))
                    .from(areas::Entity)
                    .join_as(
                        JoinType::InnerJoin,
                        areas::Entity,
                        scope.clone(),
                        Condition::all()
                            .add(Expr::col((scope.clone(), areas::Column::Id)).eq(id))
                            .add(Expr::cust(
                                r#"substr("areas"."path", 1, length("scope"."path")) = "scope"."path""#,
                            )),
                    )
                    .to_owned();
                area.in_subquery(areas_beneath)
            }
        });
    }
    if let Some(status) = filter.status {
        cond = cond.add(status_col.eq(status));
    }
    if let Some(author) = filter.author_id {
        cond = cond.add(author_col.eq(author));
    }
    cond
}

/// `(sort < key) OR (sort = key AND id < key_id)`: strictly after `key` in
/// descending order.
pub(crate) fn after_key<C: ColumnTrait>(
    sort: Sort,
    key: &Key,
    time_col: C,
    supported_col: C,
    discussed_col: C,
    id_col: C,
) -> Option<Condition> {
    let col = match sort {
        Sort::Newest => time_col,
        Sort::MostSupported => supported_col,
        Sort::MostDiscussed => discussed_col,
    };
    let (value, id): (sea_orm::Value, Uuid) = match (sort, key) {
        (Sort::Newest, Key::Time(t, id)) => ((*t).into(), *id),
        (Sort::MostSupported | Sort::MostDiscussed, Key::Count(n, id)) => ((*n).into(), *id),
        _ => return None,
    };
    Some(
        Condition::any()
            .add(col.lt(value.clone()))
            .add(Condition::all().add(col.eq(value)).add(id_col.lt(id))),
    )
}
