//! The pages behind the links in account mail. They work without the web app
//! and without JavaScript, and a used or expired link gets a clear page.
//! Links that sign in or set a password show a button first, so a mail
//! scanner that fetches every link cannot use them up.

use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use plein_app::AppError;
use serde::Deserialize;

use crate::auth;
use crate::http::ApiState;

#[derive(Deserialize)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

impl TokenQuery {
    pub(crate) fn token(&self) -> &str {
        &self.token
    }
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    new_password: String,
}

#[derive(Clone, Copy, PartialEq)]
pub(crate) enum Lang {
    Nl,
    En,
}

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

pub(crate) fn escape(raw: &str) -> String {
    raw.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

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
        _ => StatusCode::BAD_REQUEST,
    };
    page(lang, status, title, &format!("<p>{text}</p>"))
}

pub async fn verify_email(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
) -> Response {
    let lang = lang(&headers);
    match state.app.verify_email(&query.token).await {
        Ok(()) => match lang {
            Lang::Nl => page(
                lang,
                StatusCode::OK,
                "Je e-mailadres is bevestigd",
                "<p>Je kunt nu ideeën plaatsen, steunen en reageren.</p>",
            ),
            Lang::En => page(
                lang,
                StatusCode::OK,
                "Your email address is confirmed",
                "<p>You can now post ideas, support them and comment.</p>",
            ),
        },
        Err(err) => failure(lang, err),
    }
}

pub async fn confirm_email(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Query(query): Query<TokenQuery>,
) -> Response {
    let lang = lang(&headers);
    match state.app.confirm_email_change(&query.token).await {
        Ok(()) => match lang {
            Lang::Nl => page(
                lang,
                StatusCode::OK,
                "Je nieuwe e-mailadres is bevestigd",
                "<p>Je account gebruikt voortaan dit adres.</p>",
            ),
            Lang::En => page(
                lang,
                StatusCode::OK,
                "Your new email address is confirmed",
                "<p>Your account uses this address from now on.</p>",
            ),
        },
        Err(err) => failure(lang, err),
    }
}

pub async fn sign_in_link_page(headers: HeaderMap, Query(query): Query<TokenQuery>) -> Response {
    let lang = lang(&headers);
    let token = escape(&query.token);
    let (title, button) = match lang {
        Lang::Nl => ("Inloggen bij Plein", "Log in"),
        Lang::En => ("Sign in to Plein", "Sign in"),
    };
    let body = format!(
        "<form method=\"post\" action=\"/sign-in-link\"><input type=\"hidden\" name=\"token\" value=\"{token}\">\
         <button type=\"submit\">{button}</button></form>"
    );
    page(lang, StatusCode::OK, title, &body)
}

pub async fn sign_in_link(
    State(state): State<ApiState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<TokenQuery>,
) -> Response {
    let lang = lang(&headers);
    // Another site must not sign a visitor into an account of its choosing.
    if !auth::same_origin(&headers, &state.config) {
        return failure(lang, AppError::bad_input("token", "this link is not valid"));
    }
    let actor = plein_app::Actor::anonymous(auth::client(&headers, Some(peer), &state.config));
    match state.app.sign_in_with_link(&actor, &form.token).await {
        Ok(signed_in) => {
            let max_age = (signed_in.expires_at - chrono::Utc::now())
                .num_seconds()
                .max(0);
            let cookie = auth::session_cookie(&state.config, &signed_in.token, max_age);
            (
                StatusCode::SEE_OTHER,
                [
                    (header::SET_COOKIE, cookie),
                    (header::LOCATION, "/".to_owned()),
                ],
            )
                .into_response()
        }
        Err(err) => failure(lang, err),
    }
}

pub async fn reset_password_page(headers: HeaderMap, Query(query): Query<TokenQuery>) -> Response {
    let lang = lang(&headers);
    let token = escape(&query.token);
    let (title, label, hint, button) = match lang {
        Lang::Nl => (
            "Nieuw wachtwoord kiezen",
            "Nieuw wachtwoord",
            "10 tot 128 tekens.",
            "Wachtwoord opslaan",
        ),
        Lang::En => (
            "Choose a new password",
            "New password",
            "10 to 128 characters.",
            "Save password",
        ),
    };
    let body = format!(
        "<form method=\"post\" action=\"/reset-password\"><input type=\"hidden\" name=\"token\" value=\"{token}\">\
         <p><label for=\"new_password\">{label}</label><br>\
         <input id=\"new_password\" name=\"new_password\" type=\"password\" autocomplete=\"new-password\" \
         minlength=\"10\" maxlength=\"128\" required aria-describedby=\"hint\"><br><span id=\"hint\">{hint}</span></p>\
         <button type=\"submit\">{button}</button></form>"
    );
    page(lang, StatusCode::OK, title, &body)
}

pub async fn reset_password(
    State(state): State<ApiState>,
    headers: HeaderMap,
    Form(form): Form<ResetForm>,
) -> Response {
    let lang = lang(&headers);
    if !auth::same_origin(&headers, &state.config) {
        return failure(lang, AppError::bad_input("token", "this link is not valid"));
    }
    match state
        .app
        .reset_password(&form.token, &form.new_password)
        .await
    {
        Ok(()) => match lang {
            Lang::Nl => page(
                lang,
                StatusCode::OK,
                "Je wachtwoord is gewijzigd",
                "<p>Log opnieuw in met je nieuwe wachtwoord; je andere sessies zijn beëindigd.</p>",
            ),
            Lang::En => page(
                lang,
                StatusCode::OK,
                "Your password has been changed",
                "<p>Sign in again with your new password; your other sessions have ended.</p>",
            ),
        },
        Err(err) => failure(lang, err),
    }
}
