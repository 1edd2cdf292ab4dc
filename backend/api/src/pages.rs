//! The small HTML pages Plein serves itself, outside the web app: answers to
//! links from mail (confirming an address, signing in, a new password, one's
//! data, unsubscribing). They work without JavaScript, in Dutch or English.

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use plein_app::AppError;
use serde::Deserialize;

/// The `?token=…` of a link from a mail.
#[derive(Deserialize, Default)]
pub(crate) struct TokenQuery {
    #[serde(default)]
    pub(crate) token: String,
}

/// The language a page is written in.
#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Lang {
    Nl,
    En,
}

/// English when the browser asks for it first, Dutch otherwise.
pub(crate) fn lang(headers: &HeaderMap) -> Lang {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let first = accept
        .split(',')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if first.starts_with("en") {
        Lang::En
    } else {
        Lang::Nl
    }
}

/// Makes text safe to put in HTML, in text and in attribute values.
pub(crate) fn escape(raw: &str) -> String {
    raw.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A whole page in Plein's plain look: a title, the body (HTML) and a
/// link home.
pub(crate) fn page(lang: Lang, status: StatusCode, title: &str, body: &str) -> Response {
    let html_lang = if lang == Lang::En { "en" } else { "nl" };
    let home = if lang == Lang::En {
        "To Plein"
    } else {
        "Naar Plein"
    };
    let html = format!(
        "<!doctype html><html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} — Plein</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:0;line-height:1.5;color:#1a1a1a}}\
         header{{background:#004b87;color:#fff;padding:1rem 1.5rem}}main{{max-width:36rem;padding:1.5rem}}\
         a{{color:#004b87}}:focus-visible{{outline:3px solid #f9a800;outline-offset:2px}}\
         button{{font:inherit;padding:.5rem 1rem;background:#004b87;color:#fff;border:0;border-radius:4px}}\
         input{{font:inherit;padding:.4rem;width:100%;max-width:24rem}}</style></head>\
         <body><header><strong>Plein</strong></header><main><h1>{title}</h1>{body}\
         <p><a href=\"/\">{home}</a></p></main></body></html>"
    );
    (status, Html(html)).into_response()
}

/// The page for a mail link that did not work: expired, used, unknown, or
/// an error of ours (logged, never shown).
pub(crate) fn failure(lang: Lang, err: AppError) -> Response {
    let (title, text) = match (&err, lang) {
        (AppError::BadInput(e), Lang::Nl) if e.message.contains("expired") => (
            "Deze link is verlopen",
            "Vraag een nieuwe link aan; om veiligheidsredenen werkt een link maar kort.",
        ),
        (AppError::BadInput(e), Lang::En) if e.message.contains("expired") => (
            "This link has expired",
            "Ask for a new link; for your safety a link only works for a short while.",
        ),
        (AppError::BadInput(e), Lang::Nl) if e.message.contains("already been used") => (
            "Deze link is al gebruikt",
            "Een link werkt maar één keer. Vraag zo nodig een nieuwe aan.",
        ),
        (AppError::BadInput(e), Lang::En) if e.message.contains("already been used") => (
            "This link has already been used",
            "A link works only once. Ask for a new one if you need it.",
        ),
        (AppError::BadInput(e), Lang::Nl) if e.field == "newPassword" => (
            "Dat wachtwoord kan niet",
            "Kies een wachtwoord van 10 tot 128 tekens en probeer het opnieuw via de link in je mail.",
        ),
        (AppError::BadInput(e), Lang::En) if e.field == "newPassword" => (
            "That password won't do",
            "Choose a password of 10 to 128 characters and try again from the link in your mail.",
        ),
        (AppError::BadInput(_) | AppError::NotFound(_), Lang::Nl) => (
            "Deze link werkt niet",
            "Controleer of je de hele link uit de mail hebt gebruikt, of vraag een nieuwe aan.",
        ),
        (AppError::BadInput(_) | AppError::NotFound(_), Lang::En) => (
            "This link does not work",
            "Check that you used the whole link from the mail, or ask for a new one.",
        ),
        (AppError::Conflict { .. }, Lang::Nl) => (
            "Dit adres is al in gebruik",
            "Er bestaat al een account met dit e-mailadres.",
        ),
        (AppError::Conflict { .. }, Lang::En) => (
            "This address is already in use",
            "Another account already has this email address.",
        ),
        (_, Lang::Nl) => ("Er ging iets mis", "Probeer het later nog eens."),
        (_, Lang::En) => ("Something went wrong", "Please try again later."),
    };
    let status = match err {
        AppError::Internal(detail) => {
            tracing::error!(%detail, "mail link failed");
            StatusCode::INTERNAL_SERVER_ERROR
        }
        AppError::Conflict { .. } => StatusCode::CONFLICT,
        AppError::DatabaseUnavailable(detail) | AppError::StorageFull(detail) => {
            tracing::warn!(%detail, "mail link could not be followed now");
            StatusCode::SERVICE_UNAVAILABLE
        }
        _ => StatusCode::BAD_REQUEST,
    };
    page(lang, status, title, &format!("<p>{text}</p>"))
}
