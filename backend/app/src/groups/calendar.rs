//! Meetings as iCalendar files: one per meeting, and a feed per group that
//! calendar apps subscribe to (with a secret address for members-only groups).

use plein_domain::groups::GroupVisibility;
use plein_domain::ical::{IcsEvent, calendar};
use plein_storage::entities::group_meetings;
use plein_storage::groups;
use uuid::Uuid;

use super::access;
use crate::{Actor, App, AppError, AppResult};

/// How far back a group's feed reaches.
const FEED_HISTORY_DAYS: i64 = 90;

/// An `.ics` file to serve.
#[derive(Debug, Clone)]
pub struct CalendarFile {
    pub filename: String,
    pub body: String,
}

fn event<'a>(
    row: &'a group_meetings::Model,
    stamp: chrono::DateTime<chrono::Utc>,
    uid: &'a str,
) -> IcsEvent<'a> {
    IcsEvent {
        uid,
        sequence: row.sequence,
        stamp,
        starts_at: row.starts_at,
        ends_at: row.ends_at,
        summary: &row.title,
        description: Some(row.agenda.as_str()).filter(|a| !a.trim().is_empty()),
        location: row.place.as_deref().or(row.online_url.as_deref()),
        url: row.online_url.as_deref(),
        updated_at: row.updated_at,
        cancelled: row.cancelled_at.is_some(),
    }
}

fn uid_of(row: &group_meetings::Model) -> String {
    format!("meeting-{}@plein", row.id)
}

fn render(
    name: &str,
    rows: &[group_meetings::Model],
    stamp: chrono::DateTime<chrono::Utc>,
) -> String {
    let uids: Vec<String> = rows.iter().map(uid_of).collect();
    let events: Vec<IcsEvent<'_>> = rows
        .iter()
        .zip(&uids)
        .map(|(row, uid)| event(row, stamp, uid))
        .collect();
    calendar(name, &events)
}

impl App {
    /// One meeting as an `.ics` file, for whoever may see its group.
    pub async fn meeting_calendar(
        &self,
        actor: &Actor,
        meeting_id: Uuid,
    ) -> AppResult<CalendarFile> {
        let db = &self.db.conn;
        let row = groups::find_meeting(db, meeting_id)
            .await?
            .ok_or(AppError::NotFound("meeting"))?;
        let group = access(db, actor, row.group_id)
            .await
            .map_err(|_| AppError::NotFound("meeting"))?;
        Ok(CalendarFile {
            filename: format!("meeting-{meeting_id}.ics"),
            body: render(&group.row.name, std::slice::from_ref(&row), self.now()),
        })
    }

    /// A group's calendar feed: its meetings from 90 days back on. A public
    /// group's feed is open; a members-only group's needs the feed's secret.
    pub async fn group_calendar(
        &self,
        group_id: Uuid,
        token: Option<&str>,
    ) -> AppResult<CalendarFile> {
        let db = &self.db.conn;
        let group = groups::find_group(db, group_id)
            .await?
            .ok_or(AppError::NotFound("group"))?;
        let public = group.visibility == GroupVisibility::Public;
        let token_ok = token.is_some_and(|t| {
            crate::secrets::constant_time_eq(t.as_bytes(), group.calendar_token.as_bytes())
        });
        if !public && !token_ok {
            return Err(AppError::NotFound("group"));
        }
        let now = self.now();
        let rows = groups::meetings_since(
            db,
            group_id,
            now - chrono::Duration::days(FEED_HISTORY_DAYS),
        )
        .await?;
        Ok(CalendarFile {
            filename: format!("group-{group_id}.ics"),
            body: render(&group.name, &rows, now),
        })
    }
}
