//! Downloading one's own data: `/my-data/download?token=…` answers the JSON
//! file once; a used, expired or unknown link gets a clear page instead.
//! The mailed link opens `/my-data?token=…`, a page with a button, so a mail
//! scanner that fetches every link cannot use it up.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use plein_app::AppError;

use crate::pages::{Lang, TokenQuery, escape, failure, lang, page};
use crate::state::ApiState;

pub async fn download_page(headers: HeaderMap, Query(query): Query<TokenQuery>) -> Response {
    let lang = lang(&headers);
    let token = escape(&query.token);
    let (title, text, button) = match lang {
        Lang::Nl => (
            "Je gegevens downloaden",
            "Je krijgt een JSON-bestand met alles wat Plein over je bewaart. De link werkt één keer.",
            "Gegevens downloaden",
        ),
        Lang::En => (
            "Download your data",
            "You get a JSON file with everything Plein keeps about you. The link works once.",
            "Download data",
        ),
    };
    let body = format!(
        "<p>{text}</p><form method=\"get\" action=\"/my-data/download\">\
         <input type=\"hidden\" name=\"token\" value=\"{token}\">\
         <button type=\"submit\">{button}</button></form>"
    );
    page(lang, StatusCode::OK, title, &body)
}

pub async fn download(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
) -> Response {
    let lang = lang(&headers);
    let archive = match state.app.download_my_data(&query.token).await {
        Ok(archive) => archive,
        Err(err) => return failure(lang, err),
    };
    let body = match serde_json::to_vec_pretty(&archive) {
        Ok(body) => body,
        Err(err) => return failure(lang, AppError::internal(err)),
    };
    let filename = format!(
        "plein-my-data-{}.json",
        archive.exported_at.format("%Y-%m-%d")
    );
    let mut response = (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "application/json; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{filename}\"")) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
