//! iCalendar downloads: `/calendar/meetings/<id>.ics` for one meeting (for
//! whoever may see its group, by session cookie) and
//! `/calendar/groups/<id>.ics` for a group's feed (open for public groups,
//! `?token=` for members-only ones). Calendar apps fetch feeds without
//! cookies, so a feed's secret is in its address.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use plein_app::AppError;
use plein_app::groups::CalendarFile;
use serde::Deserialize;
use uuid::Uuid;

use crate::auth::MaybeSignedIn;
use crate::state::ApiState;

#[derive(Deserialize)]
pub struct FeedQuery {
    token: Option<String>,
}

fn id_of(file: &str) -> Option<Uuid> {
    file.strip_suffix(".ics")
        .and_then(|id| Uuid::parse_str(id).ok())
}

fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Not found",
    )
        .into_response()
}

fn respond(result: Result<CalendarFile, AppError>) -> Response {
    match result {
        Ok(file) => {
            let disposition = format!("inline; filename=\"{}\"", file.filename);
            let mut response = (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                    (header::CACHE_CONTROL, "private, max-age=300"),
                ],
                file.body,
            )
                .into_response();
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                response
                    .headers_mut()
                    .insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Err(AppError::NotFound(_)) => not_found(),
        Err(err) => {
            tracing::error!(error = %err, "calendar failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

pub async fn meeting(
    State(state): State<ApiState>,
    Path(file): Path<String>,
    asker: MaybeSignedIn,
) -> Response {
    let Some(id) = id_of(&file) else {
        return not_found();
    };
    respond(state.app.meeting_calendar(&asker.actor, id).await)
}

pub async fn group_feed(
    State(state): State<ApiState>,
    Path(file): Path<String>,
    Query(query): Query<FeedQuery>,
) -> Response {
    let Some(id) = id_of(&file) else {
        return not_found();
    };
    respond(state.app.group_calendar(id, query.token.as_deref()).await)
}
