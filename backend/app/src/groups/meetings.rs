//! A group's meetings: when and where, agenda and minutes, and who comes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use plein_domain::Title;
use plein_domain::groups::{
    MAX_GROUP_TEXT, Rsvp, check_meeting_times, parse_online_url, parse_place,
};
use plein_storage::entities::group_meetings as rows;
use plein_storage::groups;
use uuid::Uuid;

use super::access;
use crate::notifications::{Event, enqueue_event};
use crate::page::{Page, PageArgs, offset_page};
use crate::{Actor, App, AppError, AppResult};

#[derive(Debug, Clone)]
pub struct Meeting {
    pub id: Uuid,
    pub group_id: Uuid,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: Option<String>,
    pub online_url: Option<String>,
    /// Markdown as written; may be empty.
    pub agenda: String,
    pub minutes: Option<String>,
    /// iCalendar SEQUENCE: how often it changed.
    pub sequence: i32,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<rows::Model> for Meeting {
    fn from(row: rows::Model) -> Self {
        Self {
            id: row.id,
            group_id: row.group_id,
            title: row.title,
            starts_at: row.starts_at,
            ends_at: row.ends_at,
            place: row.place,
            online_url: row.online_url,
            agenda: row.agenda,
            minutes: row.minutes,
            sequence: row.sequence,
            cancelled_at: row.cancelled_at,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

impl Meeting {
    pub fn agenda_html(&self) -> String {
        plein_domain::markdown::to_safe_html(&self.agenda)
    }

    pub fn minutes_html(&self) -> Option<String> {
        self.minutes
            .as_deref()
            .map(plein_domain::markdown::to_safe_html)
    }
}

/// How many members answered what.
#[derive(Debug, Clone, Copy, Default)]
pub struct RsvpCounts {
    pub yes: i64,
    pub no: i64,
    pub maybe: i64,
}

/// A new meeting (`id: None`) or a change to one; on a change, absent
/// fields stay as they are.
#[derive(Default)]
pub struct MeetingInput {
    pub id: Option<Uuid>,
    pub group_id: Option<Uuid>,
    pub title: Option<String>,
    pub starts_at: Option<DateTime<Utc>>,
    pub ends_at: Option<DateTime<Utc>>,
    /// `Some("")` clears it.
    pub place: Option<String>,
    pub online_url: Option<String>,
    pub agenda: Option<String>,
    pub minutes: Option<String>,
}

fn optional_markdown(field: &'static str, raw: &str) -> AppResult<String> {
    if raw.trim().is_empty() {
        return Ok(String::new());
    }
    Ok(plein_domain::Markdown::parse(field, raw, MAX_GROUP_TEXT)?.into_inner())
}

impl App {
    /// Coordinators schedule meetings and change them; every change tells
    /// the members and bumps the calendar sequence. Minutes may be added by
    /// any member once the meeting has started.
    pub async fn save_meeting(&self, actor: &Actor, input: MeetingInput) -> AppResult<Meeting> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let existing = match input.id {
            Some(id) => Some(
                groups::find_meeting(&txn, id)
                    .await?
                    .ok_or(AppError::NotFound("meeting"))?,
            ),
            None => None,
        };
        let group_id = match (&existing, input.group_id) {
            (Some(row), _) => row.group_id,
            (None, Some(group)) => group,
            (None, None) => {
                return Err(AppError::bad_input(
                    "groupId",
                    "is required for a new meeting",
                ));
            }
        };
        let group = access(&txn, actor, group_id).await.map_err(|e| match e {
            AppError::NotFound(_) if existing.is_some() => AppError::NotFound("meeting"),
            e => e,
        })?;
        let only_minutes = existing.is_some()
            && input.title.is_none()
            && input.starts_at.is_none()
            && input.ends_at.is_none()
            && input.place.is_none()
            && input.online_url.is_none()
            && input.agenda.is_none();
        let user = if only_minutes {
            group.require_member(actor)?
        } else {
            group.require_coordinator(actor)?
        };
        let new = existing.is_none();
        let mut row = existing.unwrap_or_else(|| rows::Model {
            id: Uuid::now_v7(),
            group_id,
            title: String::new(),
            starts_at: now,
            ends_at: now,
            place: None,
            online_url: None,
            latitude: None,
            longitude: None,
            address: None,
            agenda: String::new(),
            minutes: None,
            sequence: 0,
            cancelled_at: None,
            created_by: Some(user.id),
            created_at: now,
            updated_at: now,
        });
        if row.cancelled_at.is_some() {
            return Err(AppError::conflict("id", "the meeting was cancelled"));
        }
        match (&input.title, new) {
            (Some(title), _) => row.title = Title::parse(title)?.into_inner(),
            (None, true) => return Err(AppError::bad_input("title", "must not be empty")),
            (None, false) => {}
        }
        let times_changed = input.starts_at.is_some() || input.ends_at.is_some();
        match (input.starts_at, input.ends_at, new) {
            (None, _, true) => return Err(AppError::bad_input("startsAt", "is required")),
            (_, None, true) => return Err(AppError::bad_input("endsAt", "is required")),
            (starts, ends, _) => {
                let starts_at = starts.unwrap_or(row.starts_at);
                let ends_at = ends.unwrap_or(row.ends_at);
                check_meeting_times(starts_at, ends_at, now, new || times_changed)?;
                row.starts_at = starts_at;
                row.ends_at = ends_at;
            }
        }
        if let Some(place) = &input.place {
            row.place = parse_place(Some(place))?;
        }
        if let Some(url) = &input.online_url {
            row.online_url = parse_online_url(Some(url))?;
        }
        if let Some(agenda) = &input.agenda {
            row.agenda = optional_markdown("agenda", agenda)?;
        }
        if let Some(minutes) = &input.minutes {
            if row.starts_at > now {
                return Err(AppError::conflict(
                    "minutes",
                    "minutes can be added once the meeting has started",
                ));
            }
            let minutes = optional_markdown("minutes", minutes)?;
            row.minutes = (!minutes.is_empty()).then_some(minutes);
        }
        let tell_members = new || !only_minutes;
        if !new {
            row.sequence += 1;
        }
        row.updated_at = now;
        if new {
            groups::insert_meeting(&txn, row.clone()).await?;
        } else {
            groups::save_meeting(&txn, row.clone()).await?;
        }
        if tell_members {
            enqueue_event(
                &txn,
                &Event::MeetingScheduled {
                    meeting_id: row.id,
                    actor_id: user.id,
                    change: if new { "scheduled" } else { "changed" }.to_owned(),
                },
                now,
            )
            .await?;
        }
        txn.commit().await?;
        Ok(row.into())
    }

    /// A coordinator cancels a meeting; it stays listed (and in calendars)
    /// as cancelled.
    pub async fn cancel_meeting(&self, actor: &Actor, id: Uuid) -> AppResult<Meeting> {
        actor.require_verified()?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let mut row = groups::find_meeting(&txn, id)
            .await?
            .ok_or(AppError::NotFound("meeting"))?;
        let user = access(&txn, actor, row.group_id)
            .await
            .map_err(|_| AppError::NotFound("meeting"))?
            .require_coordinator(actor)?
            .clone();
        if row.cancelled_at.is_some() {
            return Err(AppError::conflict(
                "id",
                "the meeting was already cancelled",
            ));
        }
        if row.ends_at <= now {
            return Err(AppError::conflict("id", "the meeting is over"));
        }
        row.cancelled_at = Some(now);
        row.sequence += 1;
        row.updated_at = now;
        groups::save_meeting(&txn, row.clone()).await?;
        enqueue_event(
            &txn,
            &Event::MeetingScheduled {
                meeting_id: id,
                actor_id: user.id,
                change: "cancelled".to_owned(),
            },
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// A member answers whether they come; answering again replaces the
    /// answer, until the meeting starts.
    pub async fn rsvp(
        &self,
        actor: &Actor,
        meeting_id: Uuid,
        answer: Rsvp,
        on_behalf_of: Option<Uuid>,
    ) -> AppResult<Meeting> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let who = self
            .act_as(
                &txn,
                actor,
                on_behalf_of,
                plein_domain::MandateAction::Rsvp,
                now,
            )
            .await?;
        let actor = &who.actor;
        let row = groups::find_meeting(&txn, meeting_id)
            .await?
            .ok_or(AppError::NotFound("meeting"))?;
        let user = access(&txn, actor, row.group_id)
            .await
            .map_err(|_| AppError::NotFound("meeting"))?
            .require_member(actor)?
            .clone();
        if row.cancelled_at.is_some() {
            return Err(AppError::conflict("meetingId", "the meeting was cancelled"));
        }
        if row.starts_at <= now {
            return Err(AppError::conflict(
                "meetingId",
                "the meeting has started; answers are closed",
            ));
        }
        groups::upsert_rsvp(&txn, meeting_id, user.id, answer, who.acting, now).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    pub async fn meeting(&self, actor: &Actor, id: Uuid) -> AppResult<Option<Meeting>> {
        let Some(row) = groups::find_meeting(&self.db.conn, id).await? else {
            return Ok(None);
        };
        match access(&self.db.conn, actor, row.group_id).await {
            Ok(_) => Ok(Some(row.into())),
            Err(AppError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// A page of a group's upcoming meetings (soonest first) or past ones
    /// (latest first).
    pub async fn group_meetings(
        &self,
        actor: &Actor,
        group_id: Uuid,
        upcoming: bool,
        args: &PageArgs,
    ) -> AppResult<Page<Meeting>> {
        let db = &self.db.conn;
        access(db, actor, group_id).await?;
        let start = args.start()?;
        let (rows, total) = groups::meetings(
            db,
            group_id,
            self.now(),
            upcoming,
            start,
            args.fetch_limit(),
        )
        .await?;
        Ok(offset_page(args, start, rows, total).map(Meeting::from))
    }

    /// The answers to meetings the caller may already see (for DataLoaders).
    pub async fn rsvp_counts(&self, meeting_ids: &[Uuid]) -> AppResult<HashMap<Uuid, RsvpCounts>> {
        let mut counts: HashMap<Uuid, RsvpCounts> = meeting_ids
            .iter()
            .map(|id| (*id, RsvpCounts::default()))
            .collect();
        for row in groups::rsvp_counts(&self.db.conn, meeting_ids).await? {
            let entry = counts.entry(row.parent_id).or_default();
            match row.answer {
                Rsvp::Yes => entry.yes = row.count,
                Rsvp::No => entry.no = row.count,
                Rsvp::Maybe => entry.maybe = row.count,
            }
        }
        Ok(counts)
    }

    /// The viewer's own answers (for DataLoaders).
    pub async fn viewer_rsvps(
        &self,
        actor: &Actor,
        meeting_ids: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Rsvp>> {
        let Some(user) = actor.user_id() else {
            return Ok(HashMap::new());
        };
        Ok(groups::rsvps_by(&self.db.conn, user, meeting_ids)
            .await?
            .into_iter()
            .map(|r| (r.meeting_id, r.answer))
            .collect())
    }
}
