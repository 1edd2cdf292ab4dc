//! Reports of problems in the street ("meldingen"): a resident files one at
//! a point in a category; it lands in the deepest area whose boundary holds
//! the point and is routed at once to the party that fixes it (the deepest
//! route of the category among that area and the areas above it, else the
//! category's default party). The party handles it through a signed link
//! without an account; the reporter and the residents who joined hear of
//! every status change, and after a resolve answer "is it solved?" with one
//! click, where "no" reopens it.
//!
//! The reporter (account or email address) is never shown to anyone but
//! themselves; the public sees every report but unconfirmed ones.

mod links;

use chrono::{DateTime, Utc};
use plein_domain::street_reports::{
    HandleAction, NEARBY_METRES, PartyKind, ReportStatus, add_working_days, box_around,
    distance_metres, parse_deadline_days, parse_description, parse_message, parse_name,
};
use plein_domain::{Email, Locale};
use plein_storage::entities::{
    report_categories as category_rows, report_parties as party_rows, report_routes as route_rows,
    street_report_events as event_rows, street_reports as rows,
};
use plein_storage::street_reports::{self as store, ReportFilter};
use plein_storage::{areas, users};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use links::{LinkClaim, LinkPurpose, ReportLinkKey};

use crate::jobs::BackgroundJob;
use crate::page::{Cursor, Page, PageArgs};
use crate::places::LocationInput;
use crate::{Actor, App, AppError, AppResult};

/// Where the web app shows the handling page behind a party's link.
pub const HANDLE_PATH: &str = "/meldingen/behandelen";
/// Where a reporter without an account confirms their report.
pub const CONFIRM_PATH: &str = "/meldingen/bevestigen";
/// Where a reporter answers "is it solved?".
pub const SOLVED_PATH: &str = "/meldingen/opgelost";

const LINK_SECRET: &str = "street_report_links";

/// The key that signs report links, made once per installation.
pub(crate) type LinkKeyCell = std::sync::Arc<std::sync::OnceLock<ReportLinkKey>>;

/// A category of reports, such as "Straatverlichting → Lantaarnpaal kapot".
#[derive(Debug, Clone)]
pub struct Category {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
    pub name: String,
    pub deadline_days: i32,
    pub default_party_id: Option<Uuid>,
}

impl From<category_rows::Model> for Category {
    fn from(row: category_rows::Model) -> Self {
        Self {
            id: row.id,
            parent_id: row.parent_id,
            name: row.name,
            deadline_days: row.deadline_days,
            default_party_id: row.default_party_id,
        }
    }
}

/// A party that fixes what is reported: a municipal team or a contractor.
#[derive(Debug, Clone)]
pub struct Party {
    pub id: Uuid,
    pub name: String,
    pub kind: PartyKind,
    /// Shown to admins and professionals only.
    pub email: String,
}

impl From<party_rows::Model> for Party {
    fn from(row: party_rows::Model) -> Self {
        Self {
            id: row.id,
            name: row.name,
            kind: row.kind,
            email: row.email,
        }
    }
}

/// Reports of a category in an area (and beneath it) go to a party.
#[derive(Debug, Clone)]
pub struct Route {
    pub category_id: Uuid,
    pub area_id: Uuid,
    pub party_id: Uuid,
}

impl From<route_rows::Model> for Route {
    fn from(row: route_rows::Model) -> Self {
        Self {
            category_id: row.category_id,
            area_id: row.area_id,
            party_id: row.party_id,
        }
    }
}

/// A report as its viewer may see it: never who filed it.
#[derive(Debug, Clone)]
pub struct StreetReport {
    pub id: Uuid,
    pub category_id: Uuid,
    pub area_id: Option<Uuid>,
    pub latitude: f64,
    pub longitude: f64,
    pub address: Option<String>,
    pub description: String,
    pub status: ReportStatus,
    pub party_id: Option<Uuid>,
    pub resolution: Option<String>,
    pub deadline_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    /// Whether the viewer filed it (the only thing said of the reporter).
    pub viewer_is_reporter: bool,
}

impl StreetReport {
    fn of(row: rows::Model, viewer: Option<Uuid>) -> Self {
        Self {
            viewer_is_reporter: viewer.is_some() && row.reporter_id == viewer,
            id: row.id,
            category_id: row.category_id,
            area_id: row.area_id,
            latitude: row.latitude,
            longitude: row.longitude,
            address: row.address,
            description: row.description,
            status: row.status,
            party_id: row.party_id,
            resolution: row.resolution,
            deadline_at: row.deadline_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
            resolved_at: row.resolved_at,
        }
    }

    /// Still open past its deadline at `now`.
    pub fn is_overdue(&self, now: DateTime<Utc>) -> bool {
        self.status.is_open() && self.deadline_at < now
    }
}

/// One step in a report's history.
#[derive(Debug, Clone)]
pub struct StatusChange {
    pub report_id: Uuid,
    pub from_status: Option<ReportStatus>,
    pub to_status: ReportStatus,
    pub reason: Option<String>,
    pub at: DateTime<Utc>,
}

impl From<event_rows::Model> for StatusChange {
    fn from(row: event_rows::Model) -> Self {
        Self {
            report_id: row.report_id,
            from_status: row.from_status,
            to_status: row.to_status,
            reason: row.reason,
            at: row.created_at,
        }
    }
}

pub struct CategoryInput {
    pub name: String,
    pub parent_id: Option<Uuid>,
    pub deadline_days: i32,
    pub default_party_id: Option<Uuid>,
}

pub struct CategoryChange {
    pub id: Uuid,
    pub name: Option<String>,
    pub deadline_days: Option<i32>,
    /// `Some(None)` removes the default party.
    pub default_party_id: Option<Option<Uuid>>,
}

pub struct PartyInput {
    pub name: String,
    pub kind: PartyKind,
    pub email: String,
}

pub struct NewReportInput {
    pub category_id: Uuid,
    pub location: LocationInput,
    pub description: String,
    /// For a reporter without an account (ignored when signed in).
    pub email: Option<String>,
}

/// What a party's link may do, with its message.
pub struct Handling {
    pub action: HandleAction,
    pub message: Option<String>,
}

/// The outbox job for every report mail; who gets it and what it says are
/// read when it is sent.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportMailJob {
    pub report_id: Uuid,
    /// `confirm`, `routed`, `status` or `reopened`.
    pub kind: String,
    /// For `status`: the resident with an account to tell.
    #[serde(default)]
    pub user_id: Option<Uuid>,
    /// For `status`: tell the reporter without an account.
    #[serde(default)]
    pub to_reporter_email: bool,
    /// For `routed` and `reopened`: the party to tell.
    #[serde(default)]
    pub party_id: Option<Uuid>,
    /// For `status`: the status it changed to.
    #[serde(default)]
    pub status: Option<String>,
}

impl BackgroundJob for ReportMailJob {
    const KIND: &'static str = "mail.street_report";
}

/// What a report mail is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportMailKind {
    /// To a reporter without an account: confirm your report.
    Confirm,
    /// To the party: a new report for you, with the handling link.
    Routed,
    /// To the reporter or a joined resident: the status changed.
    Status,
    /// To the party: the reporter says it is not solved.
    Reopened,
}

/// Everything the mail worker needs to render one report mail.
#[derive(Debug, Clone)]
pub struct ReportMail {
    pub kind: ReportMailKind,
    pub to_address: String,
    pub to_name: Option<String>,
    pub locale: Locale,
    pub category: String,
    pub description: String,
    pub address: Option<String>,
    pub status: ReportStatus,
    /// The party's public message (resolved) or reason (handed back).
    pub message: Option<String>,
    pub deadline_at: DateTime<Utc>,
    /// The app path of the link the mail carries, if any.
    pub link_path: Option<String>,
    /// The app path where anyone can read the report.
    pub report_path: String,
}

/// The most reports `nearbyReports` answers.
pub const MAX_NEARBY: usize = 10;

fn status_job(report_id: Uuid, status: ReportStatus) -> ReportMailJob {
    ReportMailJob {
        report_id,
        kind: "status".into(),
        user_id: None,
        to_reporter_email: false,
        party_id: None,
        status: Some(status.as_str().into()),
    }
}

impl App {
    // ---- the link key ----

    /// The key that signs report links; made on first use and kept in the
    /// database, so every server shares it.
    pub async fn report_link_key(&self) -> AppResult<ReportLinkKey> {
        if let Some(key) = self.report_link_key.get() {
            return Ok(key.clone());
        }
        let candidate = crate::secrets::new_token()?;
        let secret = plein_storage::server_secrets::get_or_create(
            &self.db.conn,
            LINK_SECRET,
            candidate,
            self.now(),
        )
        .await?;
        let key = ReportLinkKey::new(secret.as_bytes())?;
        Ok(self.report_link_key.get_or_init(|| key).clone())
    }

    // ---- admin: categories, parties, routes ----

    pub async fn create_report_category(
        &self,
        actor: &Actor,
        input: CategoryInput,
    ) -> AppResult<Category> {
        actor.require_admin()?;
        let name = parse_name(&input.name)?;
        let deadline_days = parse_deadline_days(input.deadline_days)?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        if let Some(parent) = input.parent_id {
            store::find_category(&txn, parent)
                .await?
                .ok_or_else(|| AppError::bad_input("parentId", "is not a report category"))?;
        }
        if let Some(party) = input.default_party_id {
            store::find_party(&txn, party)
                .await?
                .ok_or_else(|| AppError::bad_input("defaultPartyId", "is not a party"))?;
        }
        let row = store::insert_category(
            &txn,
            store::NewCategory {
                id: Uuid::now_v7(),
                parent_id: input.parent_id,
                name,
                deadline_days,
                default_party_id: input.default_party_id,
                now,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }

    pub async fn update_report_category(
        &self,
        actor: &Actor,
        change: CategoryChange,
    ) -> AppResult<Category> {
        actor.require_admin()?;
        let name = change.name.as_deref().map(parse_name).transpose()?;
        let days = change.deadline_days.map(parse_deadline_days).transpose()?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let mut row = store::find_category(&txn, change.id)
            .await?
            .ok_or(AppError::NotFound("report category"))?;
        if let Some(Some(party)) = change.default_party_id {
            store::find_party(&txn, party)
                .await?
                .ok_or_else(|| AppError::bad_input("defaultPartyId", "is not a party"))?;
        }
        if let Some(name) = name {
            row.name = name;
        }
        if let Some(days) = days {
            row.deadline_days = days;
        }
        if let Some(party) = change.default_party_id {
            row.default_party_id = party;
        }
        let row = store::update_category(&txn, row, now).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    pub async fn create_responsible_party(
        &self,
        actor: &Actor,
        input: PartyInput,
    ) -> AppResult<Party> {
        actor.require_admin()?;
        let name = parse_name(&input.name)?;
        let email = Email::parse(&input.email)?;
        let txn = self.db.begin_write().await?;
        let row = store::insert_party(
            &txn,
            store::NewParty {
                id: Uuid::now_v7(),
                name,
                kind: input.kind,
                email: email.as_str().to_owned(),
                now: self.now(),
            },
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }

    pub async fn update_responsible_party(
        &self,
        actor: &Actor,
        id: Uuid,
        input: PartyInput,
    ) -> AppResult<Party> {
        actor.require_admin()?;
        let name = parse_name(&input.name)?;
        let email = Email::parse(&input.email)?;
        let txn = self.db.begin_write().await?;
        let mut row = store::find_party(&txn, id)
            .await?
            .ok_or(AppError::NotFound("party"))?;
        row.name = name;
        row.kind = input.kind;
        row.email = email.as_str().to_owned();
        let row = store::update_party(&txn, row, self.now()).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Routes reports of a category in an area (and beneath it) to a party,
    /// replacing the route that was there.
    pub async fn set_report_route(
        &self,
        actor: &Actor,
        category_id: Uuid,
        area_id: Uuid,
        party_id: Uuid,
    ) -> AppResult<Route> {
        actor.require_admin()?;
        let txn = self.db.begin_write().await?;
        store::find_category(&txn, category_id)
            .await?
            .ok_or_else(|| AppError::bad_input("categoryId", "is not a report category"))?;
        areas::find(&txn, area_id)
            .await?
            .ok_or_else(|| AppError::bad_input("areaId", "is not an area"))?;
        store::find_party(&txn, party_id)
            .await?
            .ok_or_else(|| AppError::bad_input("partyId", "is not a party"))?;
        let row = store::set_route(&txn, category_id, area_id, party_id, self.now()).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Removes a route; answers whether there was one.
    pub async fn remove_report_route(
        &self,
        actor: &Actor,
        category_id: Uuid,
        area_id: Uuid,
    ) -> AppResult<bool> {
        actor.require_admin()?;
        let txn = self.db.begin_write().await?;
        let removed = store::remove_route(&txn, category_id, area_id).await?;
        txn.commit().await?;
        Ok(removed)
    }

    /// Every category (anyone may read them: the form needs them).
    pub async fn report_categories(&self) -> AppResult<Vec<Category>> {
        Ok(store::all_categories(&self.db.conn)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    pub async fn report_categories_by_ids(&self, ids: &[Uuid]) -> AppResult<Vec<Category>> {
        Ok(store::find_categories(&self.db.conn, ids)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Every party, for admins and professionals.
    pub async fn responsible_parties(&self, actor: &Actor) -> AppResult<Vec<Party>> {
        require_official(actor)?;
        Ok(store::all_parties(&self.db.conn)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    pub async fn parties_by_ids(&self, ids: &[Uuid]) -> AppResult<Vec<Party>> {
        Ok(store::find_parties(&self.db.conn, ids)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    pub async fn report_routes(&self, actor: &Actor, category_id: Uuid) -> AppResult<Vec<Route>> {
        require_official(actor)?;
        Ok(store::routes_of_category(&self.db.conn, category_id)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    // ---- filing ----

    /// Files a report. Signed in (with a confirmed address): it is `NEW` and
    /// routed, and the party is mailed. With an email address instead: it is
    /// routed but stays `UNCONFIRMED`, and the reporter is mailed a link
    /// that confirms it; only then is the party mailed.
    pub async fn create_report(
        &self,
        actor: &Actor,
        input: NewReportInput,
    ) -> AppResult<StreetReport> {
        let reporter = match &actor.user {
            Some(_) => Reporter::User(actor.require_verified()?.id),
            None => {
                let raw = input.email.as_deref().ok_or_else(|| {
                    AppError::bad_input("email", "give your email address, or sign in")
                })?;
                Reporter::Email(Email::parse(raw)?)
            }
        };
        let description = parse_description(&input.description)?;
        let place = self.parse_location(input.location)?;
        if place.address.is_none() {
            return Err(AppError::bad_input(
                "address",
                "say where it is: a street and number, or a description of the spot",
            ));
        }
        self.count_write(actor).await?;
        if let Reporter::Email(email) = &reporter {
            self.limit_mail_requests(actor, email).await?;
        }
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let category = store::find_category(&txn, input.category_id)
            .await?
            .ok_or_else(|| AppError::bad_input("categoryId", "is not a report category"))?;
        let area_id = crate::places::deepest_area(&txn, &place).await?;
        let party_id = route(&txn, &category, area_id).await?;
        let (status, reporter_id, reporter_email) = match &reporter {
            Reporter::User(id) => (ReportStatus::New, Some(*id), None),
            Reporter::Email(email) => (
                ReportStatus::Unconfirmed,
                None,
                Some(email.as_str().to_owned()),
            ),
        };
        let row = store::insert_report(
            &txn,
            store::NewReport {
                id: Uuid::now_v7(),
                category_id: category.id,
                area_id,
                latitude: place.latitude,
                longitude: place.longitude,
                address: place.address,
                description,
                status,
                reporter_id,
                reporter_email,
                party_id,
                deadline_at: add_working_days(now, category.deadline_days),
                now,
            },
        )
        .await?;
        store::insert_event(
            &txn,
            store::NewEvent {
                report_id: row.id,
                from_status: None,
                to_status: status,
                reason: None,
                party_id,
                now,
            },
        )
        .await?;
        match status {
            ReportStatus::Unconfirmed => {
                ReportMailJob {
                    report_id: row.id,
                    kind: "confirm".into(),
                    user_id: None,
                    to_reporter_email: true,
                    party_id: None,
                    status: None,
                }
                .enqueue(&txn, now)
                .await?;
            }
            _ => queue_routed(&txn, &row, "routed", now).await?,
        }
        txn.commit().await?;
        tracing::info!(report_id = %row.id, ?party_id, "street report filed");
        Ok(StreetReport::of(row, actor.user_id()))
    }

    /// Confirms a report filed without an account, from the mailed link: it
    /// becomes `NEW` and the party is mailed. Confirming twice is once.
    pub async fn confirm_report(&self, token: &str) -> AppResult<StreetReport> {
        let claim =
            self.report_link_key()
                .await?
                .verify(LinkPurpose::Confirm, token, self.now())?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let mut row = store::find_report_for_update(&txn, claim.report_id)
            .await?
            .ok_or_else(|| AppError::bad_input("token", "is not a valid link"))?;
        if row.status == ReportStatus::Unconfirmed {
            row.status = ReportStatus::New;
            let row_now = store::save_report(&txn, row, now).await?;
            store::insert_event(
                &txn,
                store::NewEvent {
                    report_id: row_now.id,
                    from_status: Some(ReportStatus::Unconfirmed),
                    to_status: ReportStatus::New,
                    reason: None,
                    party_id: row_now.party_id,
                    now,
                },
            )
            .await?;
            queue_routed(&txn, &row_now, "routed", now).await?;
            row = row_now;
        }
        txn.commit().await?;
        Ok(StreetReport::of(row, None))
    }

    /// Open reports of a category within about 50 m of a point, nearest
    /// first: "is it one of these?".
    pub async fn nearby_reports(
        &self,
        category_id: Uuid,
        location: LocationInput,
        actor: &Actor,
    ) -> AppResult<Vec<StreetReport>> {
        let place = self.parse_location(location)?;
        let here = (place.latitude, place.longitude);
        let rows = store::open_in_box(
            &self.db.conn,
            category_id,
            box_around(place.latitude, place.longitude, NEARBY_METRES),
            200,
        )
        .await?;
        let mut near: Vec<(f64, rows::Model)> = rows
            .into_iter()
            .map(|r| (distance_metres(here, (r.latitude, r.longitude)), r))
            .filter(|(d, _)| *d <= NEARBY_METRES)
            .collect();
        near.sort_by(|a, b| a.0.total_cmp(&b.0));
        Ok(near
            .into_iter()
            .take(MAX_NEARBY)
            .map(|(_, r)| StreetReport::of(r, actor.user_id()))
            .collect())
    }

    /// Adds the viewer to an open report ("me too"): they hear of its status
    /// changes as the reporter does. Joining twice is once.
    pub async fn join_report(&self, actor: &Actor, id: Uuid) -> AppResult<StreetReport> {
        let user = actor.require_verified()?;
        self.count_write(actor).await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let row = store::find_report(&txn, id)
            .await?
            .filter(|r| r.status.is_public())
            .ok_or(AppError::NotFound("report"))?;
        if !row.status.is_open() {
            return Err(AppError::conflict("id", "this report is no longer open"));
        }
        if row.reporter_id != Some(user.id) {
            store::join(&txn, id, user.id, now).await?;
        }
        txn.commit().await?;
        Ok(StreetReport::of(row, Some(user.id)))
    }

    // ---- handling ----

    /// The party acts through its signed link: acknowledge, start, resolve
    /// (with a public message) or hand back as not theirs (with a reason;
    /// the report goes back to triage without a party). The reporter and
    /// those who joined are mailed; after a resolve with "is it solved?".
    pub async fn handle_report(&self, token: &str, handling: Handling) -> AppResult<StreetReport> {
        let now = self.now();
        let claim = self
            .report_link_key()
            .await?
            .verify(LinkPurpose::Handle, token, now)?;
        let message = match handling.action {
            HandleAction::Resolve | HandleAction::NotOurs => {
                let raw = handling.message.as_deref().unwrap_or("");
                Some(parse_message(raw)?)
            }
            _ => handling
                .message
                .as_deref()
                .filter(|m| !m.trim().is_empty())
                .map(parse_message)
                .transpose()?,
        };
        let txn = self.db.begin_write().await?;
        let mut row = store::find_report_for_update(&txn, claim.report_id)
            .await?
            .ok_or_else(|| AppError::bad_input("token", "is not a valid link"))?;
        // A report routed elsewhere since (or handed back) is no longer this
        // party's to handle.
        if row.party_id.is_none() || row.party_id != claim.party_id {
            return Err(AppError::Forbidden(
                "this report is no longer with your organisation",
            ));
        }
        let from = row.status;
        let to = handling.action.next(from).ok_or_else(|| {
            AppError::conflict("action", format!("a report that is {from} cannot do this"))
        })?;
        let party = row.party_id;
        row.status = to;
        match handling.action {
            HandleAction::Resolve => {
                row.resolution = message.clone();
                row.resolved_at = Some(now);
            }
            HandleAction::NotOurs => row.party_id = None,
            _ => {}
        }
        let row = store::save_report(&txn, row, now).await?;
        store::insert_event(
            &txn,
            store::NewEvent {
                report_id: row.id,
                from_status: Some(from),
                to_status: to,
                reason: message,
                party_id: party,
                now,
            },
        )
        .await?;
        queue_status_mails(&txn, &row, to, now).await?;
        txn.commit().await?;
        tracing::info!(report_id = %row.id, status = %to, "street report handled");
        Ok(StreetReport::of(row, None))
    }

    /// The reporter's answer to "is it solved?": yes keeps it resolved (and
    /// is written in its history); no reopens it and tells the party.
    pub async fn confirm_report_solved(
        &self,
        token: &str,
        solved: bool,
    ) -> AppResult<StreetReport> {
        let now = self.now();
        let claim = self
            .report_link_key()
            .await?
            .verify(LinkPurpose::Solved, token, now)?;
        let txn = self.db.begin_write().await?;
        let mut row = store::find_report_for_update(&txn, claim.report_id)
            .await?
            .ok_or_else(|| AppError::bad_input("token", "is not a valid link"))?;
        if row.status != ReportStatus::Resolved {
            return Err(AppError::conflict(
                "token",
                "this report is not resolved now; nothing to answer",
            ));
        }
        if solved {
            store::insert_event(
                &txn,
                store::NewEvent {
                    report_id: row.id,
                    from_status: Some(ReportStatus::Resolved),
                    to_status: ReportStatus::Resolved,
                    reason: Some("confirmed solved by the reporter".into()),
                    party_id: row.party_id,
                    now,
                },
            )
            .await?;
            txn.commit().await?;
            return Ok(StreetReport::of(row, None));
        }
        row.status = ReportStatus::Reopened;
        row.resolved_at = None;
        let row = store::save_report(&txn, row, now).await?;
        store::insert_event(
            &txn,
            store::NewEvent {
                report_id: row.id,
                from_status: Some(ReportStatus::Resolved),
                to_status: ReportStatus::Reopened,
                reason: Some("not solved, says the reporter".into()),
                party_id: row.party_id,
                now,
            },
        )
        .await?;
        queue_routed(&txn, &row, "reopened", now).await?;
        queue_status_mails(&txn, &row, ReportStatus::Reopened, now).await?;
        txn.commit().await?;
        Ok(StreetReport::of(row, None))
    }

    // ---- reading ----

    /// One report, if the viewer may see it: public ones for everyone,
    /// unconfirmed ones for professionals and admins.
    pub async fn street_report(&self, actor: &Actor, id: Uuid) -> AppResult<Option<StreetReport>> {
        let row = store::find_report(&self.db.conn, id).await?;
        Ok(row
            .filter(|r| may_see(actor, r))
            .map(|r| StreetReport::of(r, actor.user_id())))
    }

    pub async fn reports_by_ids(
        &self,
        actor: &Actor,
        ids: &[Uuid],
    ) -> AppResult<Vec<StreetReport>> {
        Ok(store::find_reports(&self.db.conn, ids)
            .await?
            .into_iter()
            .filter(|r| may_see(actor, r))
            .map(|r| StreetReport::of(r, actor.user_id()))
            .collect())
    }

    /// Public reports, newest first, in an area (and beneath it), by status.
    pub async fn reports(
        &self,
        actor: &Actor,
        area_id: Option<Uuid>,
        status: Option<ReportStatus>,
        args: &PageArgs,
    ) -> AppResult<Page<StreetReport>> {
        let path = match area_id {
            Some(id) => Some(
                areas::find(&self.db.conn, id)
                    .await?
                    .ok_or_else(|| AppError::bad_input("area", "is not an area"))?
                    .path,
            ),
            None => None,
        };
        if status == Some(ReportStatus::Unconfirmed) {
            return Err(AppError::bad_input(
                "status",
                "unconfirmed reports are not public",
            ));
        }
        let filter = ReportFilter {
            area_path: path.as_deref(),
            status,
            public_only: true,
            ..Default::default()
        };
        let after = args.after_at()?;
        let rows = store::page_newest(&self.db.conn, &filter, after, args.fetch_limit()).await?;
        let total = if args.with_total {
            store::count(&self.db.conn, &filter).await?
        } else {
            0
        };
        let viewer = actor.user_id();
        Ok(
            Page::from_rows(args, rows, total, |r| Cursor::At(r.created_at, r.id))
                .map(|r| StreetReport::of(r, viewer)),
        )
    }

    /// A party's queue for professionals and admins: earliest deadline
    /// first, by status, or only the overdue ones. Without a party: the
    /// triage queue (reports nobody has, such as those handed back).
    pub async fn report_queue(
        &self,
        actor: &Actor,
        party_id: Option<Uuid>,
        status: Option<ReportStatus>,
        overdue: bool,
        args: &PageArgs,
    ) -> AppResult<Page<StreetReport>> {
        require_official(actor)?;
        let now = self.now();
        let filter = ReportFilter {
            status,
            party_id,
            overdue_at: overdue.then_some(now),
            triage: party_id.is_none(),
            public_only: true,
            ..Default::default()
        };
        let after = args.after_at()?;
        let db = &self.db.conn;
        let rows = store::page_by_deadline(db, &filter, after, args.fetch_limit()).await?;
        let total = if args.with_total {
            store::count(db, &filter).await?
        } else {
            0
        };
        let viewer = actor.user_id();
        Ok(
            Page::from_rows(args, rows, total, |r| Cursor::At(r.deadline_at, r.id))
                .map(|r| StreetReport::of(r, viewer)),
        )
    }

    /// The status history of reports the viewer may see, oldest first.
    pub async fn report_history(&self, ids: &[Uuid]) -> AppResult<Vec<StatusChange>> {
        Ok(store::events_of(&self.db.conn, ids)
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// How many residents joined each report (besides the reporter).
    pub async fn report_join_counts(&self, ids: &[Uuid]) -> AppResult<Vec<(Uuid, i64)>> {
        Ok(store::join_counts(&self.db.conn, ids).await?)
    }

    // ---- mail ----

    /// Loads what a report mail says and to whom, or `None` when there is
    /// nobody to send it to (an account gone or unconfirmed, a party gone).
    pub async fn report_mail(&self, job: &ReportMailJob) -> AppResult<Option<ReportMail>> {
        let db = &self.db.conn;
        let Some(report) = store::find_report(db, job.report_id).await? else {
            return Ok(None);
        };
        let Some(category) = store::find_category(db, report.category_id).await? else {
            return Ok(None);
        };
        let key = self.report_link_key().await?;
        let now = self.now();
        let link = |purpose: LinkPurpose, path: &str, party: Option<Uuid>| {
            let token = key.sign(purpose, report.id, party, now + purpose.valid_for());
            format!("{path}?token={token}")
        };
        let kind = match job.kind.as_str() {
            "confirm" => ReportMailKind::Confirm,
            "routed" => ReportMailKind::Routed,
            "status" => ReportMailKind::Status,
            "reopened" => ReportMailKind::Reopened,
            other => return Err(AppError::internal(format!("report mail kind {other:?}"))),
        };
        let status = match &job.status {
            Some(s) => s.parse::<ReportStatus>().map_err(AppError::internal)?,
            None => report.status,
        };
        let (to_address, to_name, locale, link_path) = match kind {
            ReportMailKind::Confirm => {
                let Some(email) = report.reporter_email.clone() else {
                    return Ok(None);
                };
                if report.status != ReportStatus::Unconfirmed {
                    return Ok(None);
                }
                let path = link(LinkPurpose::Confirm, CONFIRM_PATH, None);
                (email, None, Locale::Nl, Some(path))
            }
            ReportMailKind::Routed | ReportMailKind::Reopened => {
                let Some(party_id) = job.party_id else {
                    return Ok(None);
                };
                let Some(party) = store::find_party(db, party_id).await? else {
                    return Ok(None);
                };
                let path = link(LinkPurpose::Handle, HANDLE_PATH, Some(party.id));
                (party.email, Some(party.name), Locale::Nl, Some(path))
            }
            ReportMailKind::Status => {
                let path = (status == ReportStatus::Resolved)
                    .then(|| link(LinkPurpose::Solved, SOLVED_PATH, None));
                if job.to_reporter_email {
                    let Some(email) = report.reporter_email.clone() else {
                        return Ok(None);
                    };
                    (email, None, Locale::Nl, path)
                } else {
                    let Some(user_id) = job.user_id else {
                        return Ok(None);
                    };
                    let Some(user) = users::find(db, user_id).await? else {
                        return Ok(None);
                    };
                    if user.email_verified_at.is_none() || user.deleted_at.is_some() {
                        return Ok(None);
                    }
                    // Only the reporter answers "is it solved?".
                    let path = path.filter(|_| report.reporter_id == Some(user.id));
                    (user.email, Some(user.display_name), user.locale, path)
                }
            }
        };
        let message = match status {
            ReportStatus::Resolved => report.resolution.clone(),
            ReportStatus::NotOurs => store::events_of(db, &[report.id])
                .await?
                .into_iter()
                .rev()
                .find(|e| e.to_status == ReportStatus::NotOurs)
                .and_then(|e| e.reason),
            _ => None,
        };
        Ok(Some(ReportMail {
            kind,
            to_address,
            to_name,
            locale,
            category: category.name,
            description: report.description,
            address: report.address,
            status,
            message,
            deadline_at: report.deadline_at,
            link_path,
            report_path: format!("/meldingen/{}", report.id),
        }))
    }
}

enum Reporter {
    User(Uuid),
    Email(Email),
}

fn require_official(actor: &Actor) -> AppResult<()> {
    let user = actor.require_user()?;
    if user.role.is_official() {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "only professionals and admins may do this",
        ))
    }
}

/// The visibility rule of reports: public ones for everyone; unconfirmed
/// ones for professionals and admins only.
fn may_see(actor: &Actor, row: &rows::Model) -> bool {
    row.status.is_public() || actor.user.as_ref().is_some_and(|u| u.role.is_official())
}

/// The party for a report of `category` in `area_id`: the deepest route
/// among the area and the areas above it, else the category's default.
async fn route(
    db: &impl sea_orm::ConnectionTrait,
    category: &category_rows::Model,
    area_id: Option<Uuid>,
) -> AppResult<Option<Uuid>> {
    if let Some(area) = area_id {
        let chain = areas::with_ancestors(db, area).await?;
        let ids: Vec<Uuid> = chain.iter().map(|a| a.id).collect();
        let routes = store::routes_among(db, category.id, &ids).await?;
        let deepest = chain
            .iter()
            .filter_map(|a| {
                routes
                    .iter()
                    .find(|r| r.area_id == a.id)
                    .map(|r| (a.depth, r.party_id))
            })
            .max_by_key(|(depth, _)| *depth);
        if let Some((_, party)) = deepest {
            return Ok(Some(party));
        }
    }
    Ok(category.default_party_id)
}

/// Mails the report's party (if it has one) with its handling link.
async fn queue_routed(
    db: &impl sea_orm::ConnectionTrait,
    row: &rows::Model,
    kind: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if let Some(party) = row.party_id {
        ReportMailJob {
            report_id: row.id,
            kind: kind.into(),
            user_id: None,
            to_reporter_email: false,
            party_id: Some(party),
            status: None,
        }
        .enqueue(db, now)
        .await?;
    }
    Ok(())
}

/// Mails the reporter and everyone who joined that the status changed.
async fn queue_status_mails(
    db: &impl sea_orm::ConnectionTrait,
    row: &rows::Model,
    status: ReportStatus,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if let Some(reporter) = row.reporter_id {
        ReportMailJob {
            user_id: Some(reporter),
            ..status_job(row.id, status)
        }
        .enqueue(db, now)
        .await?;
    } else if row.reporter_email.is_some() {
        ReportMailJob {
            to_reporter_email: true,
            ..status_job(row.id, status)
        }
        .enqueue(db, now)
        .await?;
    }
    for user in store::joined(db, row.id).await? {
        ReportMailJob {
            user_id: Some(user),
            ..status_job(row.id, status)
        }
        .enqueue(db, now)
        .await?;
    }
    Ok(())
}
