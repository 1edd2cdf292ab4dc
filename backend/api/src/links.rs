//! The pages behind the links in account mail. They work without the web app
//! and without JavaScript, and a used or expired link gets a clear page.
//! Links that sign in or set a password show a button first, so a mail
//! scanner that fetches every link cannot use them up.

use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use plein_app::AppError;
use serde::Deserialize;

use crate::auth;
use crate::pages::{Lang, TokenQuery, escape, failure, lang, page};
use crate::state::ApiState;

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    new_password: String,
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
