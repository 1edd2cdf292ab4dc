//! Atom news feeds: `/feeds/areas/<slug>.atom`, `/feeds/ideas/<id>.atom`,
//! `/feeds/plans/<id>.atom` and `/feeds/search.atom?q=`. Feed readers fetch
//! them without cookies, so they hold what anyone may see (see
//! `plein_app::atom`).

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use plein_app::AppError;
use plein_app::atom::FeedSite;
use plein_domain::atom::Feed;
use serde::Deserialize;
use uuid::Uuid;

use crate::state::ApiState;

#[derive(Deserialize)]
pub struct SearchQuery {
    q: Option<String>,
}

fn site(state: &ApiState) -> FeedSite {
    FeedSite::new(&state.config.public_url, &state.config.installation_name)
}

fn text(status: StatusCode, body: impl Into<String>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body.into(),
    )
        .into_response()
}

fn not_found() -> Response {
    text(StatusCode::NOT_FOUND, "Not found")
}

fn respond(result: Result<Feed, AppError>) -> Response {
    match result {
        Ok(feed) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
                (header::CACHE_CONTROL, "public, max-age=300"),
            ],
            feed.to_xml(),
        )
            .into_response(),
        Err(AppError::NotFound(_)) => not_found(),
        Err(AppError::BadInput(err)) => text(
            StatusCode::BAD_REQUEST,
            format!("{}: {}", err.field, err.message),
        ),
        Err(AppError::SearchUnavailable(detail)) => {
            tracing::warn!(error = %detail, "a search feed could not search");
            text(
                StatusCode::SERVICE_UNAVAILABLE,
                "Search is unavailable right now; try again shortly",
            )
        }
        Err(err) => {
            tracing::error!(error = %err, "a news feed failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn name_of(file: &str) -> Option<&str> {
    file.strip_suffix(".atom").filter(|name| !name.is_empty())
}

fn id_of(file: &str) -> Option<Uuid> {
    name_of(file).and_then(|id| Uuid::parse_str(id).ok())
}

pub async fn area_feed(State(state): State<ApiState>, Path(file): Path<String>) -> Response {
    let Some(area) = name_of(&file) else {
        return not_found();
    };
    respond(state.app.area_feed(&site(&state), area).await)
}

pub async fn idea_feed(State(state): State<ApiState>, Path(file): Path<String>) -> Response {
    let Some(id) = id_of(&file) else {
        return not_found();
    };
    respond(state.app.idea_feed(&site(&state), id).await)
}

pub async fn plan_feed(State(state): State<ApiState>, Path(file): Path<String>) -> Response {
    let Some(id) = id_of(&file) else {
        return not_found();
    };
    respond(state.app.plan_feed(&site(&state), id).await)
}

pub async fn search_feed(
    State(state): State<ApiState>,
    Query(query): Query<SearchQuery>,
) -> Response {
    let q = query.q.unwrap_or_default();
    respond(state.app.search_feed(&site(&state), &q).await)
}
