//! Reports of problems in the street: categories, parties, routes, the
//! reports with their status history, and the residents who joined one.
//!
//! What the public may see of a report is one rule: every status but
//! `unconfirmed` ([`public`] here, `ReportStatus::is_public` for one row).

use chrono::{DateTime, Utc};
use plein_domain::street_reports::{PartyKind, ReportStatus};
use sea_orm::ExprTrait;
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entities::{
    areas, report_categories as categories, report_parties as parties, report_routes as routes,
    street_report_events as events, street_report_joins as joins, street_reports as reports,
};

// ---- categories ----

pub struct NewCategory {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub name: String,
    pub deadline_days: i32,
    pub default_party_id: Option<Uuid>,
    pub now: DateTime<Utc>,
}

pub async fn insert_category(
    db: &impl ConnectionTrait,
    new: NewCategory,
) -> Result<categories::Model> {
    let row = categories::ActiveModel {
        id: Set(new.id),
        parent_id: Set(new.parent_id),
        name: Set(new.name),
        deadline_days: Set(new.deadline_days),
        default_party_id: Set(new.default_party_id),
        created_at: Set(new.now),
        updated_at: Set(new.now),
    };
    Ok(categories::Entity::insert(row)
        .exec_with_returning(db)
        .await?)
}

pub async fn find_category(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<categories::Model>> {
    Ok(categories::Entity::find_by_id(id).one(db).await?)
}

/// Every category, by name (the tree is small: tens, not thousands).
pub async fn all_categories(db: &impl ConnectionTrait) -> Result<Vec<categories::Model>> {
    Ok(categories::Entity::find()
        .order_by_asc(categories::Column::Name)
        .order_by_asc(categories::Column::Id)
        .all(db)
        .await?)
}

pub async fn find_categories(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<Vec<categories::Model>> {
    Ok(categories::Entity::find()
        .filter(categories::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

pub async fn update_category(
    db: &impl ConnectionTrait,
    row: categories::Model,
    now: DateTime<Utc>,
) -> Result<categories::Model> {
    let mut active = row.into_active_model().reset_all();
    active.updated_at = Set(now);
    Ok(active.update(db).await?)
}

// ---- parties ----

pub struct NewParty {
    pub id: Uuid,
    pub name: String,
    pub kind: PartyKind,
    pub email: String,
    pub now: DateTime<Utc>,
}

pub async fn insert_party(db: &impl ConnectionTrait, new: NewParty) -> Result<parties::Model> {
    let row = parties::ActiveModel {
        id: Set(new.id),
        name: Set(new.name),
        kind: Set(new.kind),
        email: Set(new.email),
        created_at: Set(new.now),
        updated_at: Set(new.now),
    };
    Ok(parties::Entity::insert(row).exec_with_returning(db).await?)
}

pub async fn find_party(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<parties::Model>> {
    Ok(parties::Entity::find_by_id(id).one(db).await?)
}

pub async fn find_parties(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<parties::Model>> {
    Ok(parties::Entity::find()
        .filter(parties::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

pub async fn all_parties(db: &impl ConnectionTrait) -> Result<Vec<parties::Model>> {
    Ok(parties::Entity::find()
        .order_by_asc(parties::Column::Name)
        .order_by_asc(parties::Column::Id)
        .all(db)
        .await?)
}

pub async fn update_party(
    db: &impl ConnectionTrait,
    row: parties::Model,
    now: DateTime<Utc>,
) -> Result<parties::Model> {
    let mut active = row.into_active_model().reset_all();
    active.updated_at = Set(now);
    Ok(active.update(db).await?)
}

// ---- routes ----

/// Routes reports of `category_id` in `area_id` (and beneath it) to `party_id`,
/// replacing the route that was there.
pub async fn set_route(
    db: &impl ConnectionTrait,
    category_id: Uuid,
    area_id: Uuid,
    party_id: Uuid,
    now: DateTime<Utc>,
) -> Result<routes::Model> {
    let row = routes::ActiveModel {
        category_id: Set(category_id),
        area_id: Set(area_id),
        party_id: Set(party_id),
        created_at: Set(now),
    };
    routes::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([
                routes::Column::CategoryId,
                routes::Column::AreaId,
            ])
            .update_columns([routes::Column::PartyId, routes::Column::CreatedAt])
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    routes::Entity::find_by_id((category_id, area_id))
        .one(db)
        .await?
        .ok_or(crate::StorageError::NotFound)
}

/// Removes a route; answers whether there was one.
pub async fn remove_route(
    db: &impl ConnectionTrait,
    category_id: Uuid,
    area_id: Uuid,
) -> Result<bool> {
    let result = routes::Entity::delete_by_id((category_id, area_id))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

pub async fn routes_of_category(
    db: &impl ConnectionTrait,
    category_id: Uuid,
) -> Result<Vec<routes::Model>> {
    Ok(routes::Entity::find()
        .filter(routes::Column::CategoryId.eq(category_id))
        .all(db)
        .await?)
}

/// The routes of `category_id` among `area_ids` (an area and its
/// ancestors); the caller picks the deepest.
pub async fn routes_among(
    db: &impl ConnectionTrait,
    category_id: Uuid,
    area_ids: &[Uuid],
) -> Result<Vec<routes::Model>> {
    if area_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(routes::Entity::find()
        .filter(routes::Column::CategoryId.eq(category_id))
        .filter(routes::Column::AreaId.is_in(area_ids.iter().copied()))
        .all(db)
        .await?)
}

// ---- reports ----

pub struct NewReport {
    pub id: Uuid,
    pub category_id: Uuid,
    pub area_id: Option<Uuid>,
    pub latitude: f64,
    pub longitude: f64,
    pub address: Option<String>,
    pub description: String,
    pub status: ReportStatus,
    pub reporter_id: Option<Uuid>,
    pub reporter_email: Option<String>,
    pub party_id: Option<Uuid>,
    pub deadline_at: DateTime<Utc>,
    pub now: DateTime<Utc>,
}

pub async fn insert_report(db: &impl ConnectionTrait, new: NewReport) -> Result<reports::Model> {
    let row = reports::ActiveModel {
        id: Set(new.id),
        category_id: Set(new.category_id),
        area_id: Set(new.area_id),
        latitude: Set(new.latitude),
        longitude: Set(new.longitude),
        address: Set(new.address),
        description: Set(new.description),
        status: Set(new.status),
        reporter_id: Set(new.reporter_id),
        reporter_email: Set(new.reporter_email),
        party_id: Set(new.party_id),
        resolution: Set(None),
        deadline_at: Set(new.deadline_at),
        created_at: Set(new.now),
        updated_at: Set(new.now),
        resolved_at: Set(None),
    };
    Ok(reports::Entity::insert(row).exec_with_returning(db).await?)
}

pub async fn find_report(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<reports::Model>> {
    Ok(reports::Entity::find_by_id(id).one(db).await?)
}

/// Reads a report and, on PostgreSQL, locks its row until the transaction ends.
pub async fn find_report_for_update(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<reports::Model>> {
    Ok(reports::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?)
}

pub async fn find_reports(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<reports::Model>> {
    Ok(reports::Entity::find()
        .filter(reports::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// Writes a report's changed fields back.
pub async fn save_report(
    db: &impl ConnectionTrait,
    row: reports::Model,
    now: DateTime<Utc>,
) -> Result<reports::Model> {
    let mut active = row.into_active_model().reset_all();
    active.updated_at = Set(now);
    Ok(active.update(db).await?)
}

/// The rows the public may see: every status but `unconfirmed`.
pub fn public() -> Condition {
    Condition::all().add(reports::Column::Status.ne(ReportStatus::Unconfirmed))
}

/// Open reports of one category inside a box, nearest first is left to the
/// caller (it has the exact distance); at most `limit`.
pub async fn open_in_box(
    db: &impl ConnectionTrait,
    category_id: Uuid,
    (south, west, north, east): (f64, f64, f64, f64),
    limit: u64,
) -> Result<Vec<reports::Model>> {
    Ok(reports::Entity::find()
        .filter(reports::Column::CategoryId.eq(category_id))
        .filter(reports::Column::Latitude.between(south, north))
        .filter(reports::Column::Longitude.between(west, east))
        .filter(reports::Column::Status.is_in(ReportStatus::OPEN))
        .order_by_asc(reports::Column::CreatedAt)
        .limit(limit)
        .all(db)
        .await?)
}

/// What a list of reports is filtered by.
#[derive(Debug, Clone, Default)]
pub struct ReportFilter<'a> {
    /// Only reports in this area or beneath it (its path).
    pub area_path: Option<&'a str>,
    pub status: Option<ReportStatus>,
    /// Only this party's reports.
    pub party_id: Option<Uuid>,
    /// Only reports past this deadline that are still open.
    pub overdue_at: Option<DateTime<Utc>>,
    /// Only what the public sees.
    pub public_only: bool,
    /// Only reports without a party (the municipality's triage queue).
    pub triage: bool,
}

fn filter_condition(filter: &ReportFilter<'_>) -> Condition {
    let mut cond = Condition::all();
    if filter.public_only {
        cond = cond.add(public());
    }
    if let Some(path) = filter.area_path {
        let beneath = Query::select()
            .column(areas::Column::Id)
            .from(areas::Entity)
            .and_where(areas::Column::Path.starts_with(path))
            .to_owned();
        cond = cond.add(Expr::col((reports::Entity, reports::Column::AreaId)).in_subquery(beneath));
    }
    if let Some(status) = filter.status {
        cond = cond.add(reports::Column::Status.eq(status));
    }
    if filter.triage {
        cond = cond.add(reports::Column::PartyId.is_null());
    }
    if let Some(party) = filter.party_id {
        cond = cond.add(reports::Column::PartyId.eq(party));
    }
    if let Some(now) = filter.overdue_at {
        cond = cond
            .add(reports::Column::DeadlineAt.lt(now))
            .add(reports::Column::Status.is_in(ReportStatus::OPEN));
    }
    cond
}

/// A page of reports, newest first, after `(created_at, id)`.
pub async fn page_newest(
    db: &impl ConnectionTrait,
    filter: &ReportFilter<'_>,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: u64,
) -> Result<Vec<reports::Model>> {
    let mut query = reports::Entity::find().filter(filter_condition(filter));
    if let Some((at, id)) = after {
        query = query.filter(
            Condition::any().add(reports::Column::CreatedAt.lt(at)).add(
                Condition::all()
                    .add(reports::Column::CreatedAt.eq(at))
                    .add(reports::Column::Id.lt(id)),
            ),
        );
    }
    Ok(query
        .order_by_desc(reports::Column::CreatedAt)
        .order_by_desc(reports::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// A page of reports, earliest deadline first, after `(deadline_at, id)`.
pub async fn page_by_deadline(
    db: &impl ConnectionTrait,
    filter: &ReportFilter<'_>,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: u64,
) -> Result<Vec<reports::Model>> {
    let mut query = reports::Entity::find().filter(filter_condition(filter));
    if let Some((at, id)) = after {
        query = query.filter(
            Condition::any()
                .add(reports::Column::DeadlineAt.gt(at))
                .add(
                    Condition::all()
                        .add(reports::Column::DeadlineAt.eq(at))
                        .add(reports::Column::Id.gt(id)),
                ),
        );
    }
    Ok(query
        .order_by_asc(reports::Column::DeadlineAt)
        .order_by_asc(reports::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

pub async fn count(db: &impl ConnectionTrait, filter: &ReportFilter<'_>) -> Result<u64> {
    Ok(reports::Entity::find()
        .filter(filter_condition(filter))
        .count(db)
        .await?)
}

// ---- history ----

pub struct NewEvent {
    pub report_id: Uuid,
    pub from_status: Option<ReportStatus>,
    pub to_status: ReportStatus,
    pub reason: Option<String>,
    pub party_id: Option<Uuid>,
    pub now: DateTime<Utc>,
}

pub async fn insert_event(db: &impl ConnectionTrait, new: NewEvent) -> Result<()> {
    let row = events::ActiveModel {
        id: Set(Uuid::now_v7()),
        report_id: Set(new.report_id),
        from_status: Set(new.from_status),
        to_status: Set(new.to_status),
        reason: Set(new.reason),
        party_id: Set(new.party_id),
        created_at: Set(new.now),
    };
    events::Entity::insert(row)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The status history of some reports, oldest first.
pub async fn events_of(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<events::Model>> {
    Ok(events::Entity::find()
        .filter(events::Column::ReportId.is_in(ids.iter().copied()))
        .order_by_asc(events::Column::CreatedAt)
        .order_by_asc(events::Column::Id)
        .all(db)
        .await?)
}

// ---- joins ----

/// Adds a resident to a report; answers whether they were not on it yet.
pub async fn join(
    db: &impl ConnectionTrait,
    report_id: Uuid,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool> {
    let row = joins::ActiveModel {
        report_id: Set(report_id),
        user_id: Set(user_id),
        created_at: Set(now),
    };
    let inserted = joins::Entity::insert(row)
        .on_conflict_do_nothing_on([joins::Column::ReportId, joins::Column::UserId])
        .exec_without_returning(db)
        .await?;
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0))
}

/// Who joined a report.
pub async fn joined(db: &impl ConnectionTrait, report_id: Uuid) -> Result<Vec<Uuid>> {
    Ok(joins::Entity::find()
        .select_only()
        .column(joins::Column::UserId)
        .filter(joins::Column::ReportId.eq(report_id))
        .into_tuple::<Uuid>()
        .all(db)
        .await?)
}

/// How many residents joined each of some reports.
pub async fn join_counts(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<(Uuid, i64)>> {
    Ok(joins::Entity::find()
        .select_only()
        .column(joins::Column::ReportId)
        .column_as(joins::Column::UserId.count(), "n")
        .filter(joins::Column::ReportId.is_in(ids.iter().copied()))
        .group_by(joins::Column::ReportId)
        .into_tuple::<(Uuid, i64)>()
        .all(db)
        .await?)
}
