//! Who is asking: the session token from `Authorization: Bearer …` or the
//! session cookie, and the client's address.
//!
//! One rule for every way in (GraphQL over POST, GET and WebSocket, and the
//! other routes): no token, or an unknown, expired or revoked one, makes an
//! anonymous actor, and the resolvers answer `UNAUTHENTICATED` where that
//! matters. A lookup that fails (the database is down) is an error, answered
//! as one (500, or a WebSocket closed with an error), never a quiet downgrade
//! to anonymous.

use std::net::SocketAddr;

use axum::Json;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use plein_app::{Actor, App, AppError, AppResult, Client};
use serde_json::json;

use crate::ApiConfig;
use crate::graphql::codes;
use crate::state::ApiState;

/// The session cookie's name. With HTTPS it carries the `__Host-` prefix, which
/// browsers accept only when it is `Secure`, has `Path=/` and no `Domain`.
pub fn cookie_name(config: &ApiConfig) -> &'static str {
    if config.secure_cookies() {
        "__Host-plein_session"
    } else {
        "plein_session"
    }
}

/// Where the token came from; cookie-borne requests need CSRF care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    None,
    Bearer,
    Cookie,
}

pub fn session_token(headers: &HeaderMap, config: &ApiConfig) -> (Option<String>, Credential) {
    if let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        && let Some(token) = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))
    {
        return (Some(token.trim().to_owned()), Credential::Bearer);
    }
    let name = cookie_name(config);
    let from_cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned());
    match from_cookie {
        Some(token) => (Some(token), Credential::Cookie),
        None => (None, Credential::None),
    }
}

pub fn client(headers: &HeaderMap, peer: Option<SocketAddr>, config: &ApiConfig) -> Client {
    let forwarded = config
        .trust_proxy
        .then(|| headers.get("x-forwarded-for"))
        .flatten()
        .and_then(|v| v.to_str().ok())
        // The proxy appends the address it saw; that last hop is the one to trust.
        .and_then(|v| v.rsplit(',').next())
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty());
    Client {
        addr: forwarded.or_else(|| peer.map(|p| p.ip().to_string())),
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        ..Client::default()
    }
}

/// The actor a session token stands for: signed in when it names a live
/// session, anonymous when there is none or it is unknown, expired or
/// revoked. Only a failed lookup is an error.
pub async fn actor_for_token(app: &App, token: Option<&str>, client: Client) -> AppResult<Actor> {
    let user = match token {
        Some(token) => app.authenticate(token).await?,
        None => None,
    };
    Ok(Actor { user, client })
}

/// Resolves the request's actor from its headers, and where the token came
/// from (`Credential::None` when it made no one signed in).
pub async fn actor(
    app: &App,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
    config: &ApiConfig,
) -> AppResult<(Actor, Credential)> {
    let (token, credential) = session_token(headers, config);
    let actor = actor_for_token(app, token.as_deref(), client(headers, peer, config)).await?;
    let credential = if actor.user.is_some() {
        credential
    } else {
        Credential::None
    };
    Ok((actor, credential))
}

/// The person asking, signed in or anonymous, as a handler argument. A
/// failed session lookup rejects the request with a 500 (see the module).
pub(crate) struct MaybeSignedIn {
    pub(crate) actor: Actor,
    /// Where the session token came from; a cookie needs CSRF care.
    pub(crate) credential: Credential,
}

impl FromRequestParts<ApiState> for MaybeSignedIn {
    type Rejection = SessionLookupFailed;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &ApiState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0);
        let (actor, credential) = actor(&state.app, &parts.headers, peer, &state.config)
            .await
            .map_err(SessionLookupFailed::logged)?;
        Ok(Self { actor, credential })
    }
}

/// The session store could not answer who is asking. The detail is logged
/// where this is made; the client gets a GraphQL-shaped `INTERNAL` error.
#[derive(Debug)]
pub(crate) struct SessionLookupFailed {
    /// The database could not be reached: the client may try again.
    unavailable: bool,
}

impl SessionLookupFailed {
    pub(crate) fn logged(err: AppError) -> Self {
        let unavailable = matches!(err, AppError::DatabaseUnavailable(_));
        if unavailable {
            tracing::warn!(error = %err, "resolving the session failed");
        } else {
            tracing::error!(error = %err, "resolving the session failed");
        }
        Self { unavailable }
    }
}

/// What the client is told, also when a WebSocket closes on it.
impl std::fmt::Display for SessionLookupFailed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("internal error")
    }
}

impl IntoResponse for SessionLookupFailed {
    fn into_response(self) -> Response {
        if self.unavailable {
            let body = json!({
                "errors": [{
                    "message": AppError::DatabaseUnavailable(String::new()).to_string(),
                    "extensions": { "code": codes::DATABASE_UNAVAILABLE, "retryAfter": 1 }
                }]
            });
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "1")],
                Json(body),
            )
                .into_response();
        }
        let body = json!({
            "errors": [{ "message": "internal error", "extensions": { "code": codes::INTERNAL } }]
        });
        (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
    }
}

/// The `Set-Cookie` value that stores a new session in the browser.
pub fn session_cookie(config: &ApiConfig, token: &str, max_age_secs: i64) -> String {
    let secure = if config.secure_cookies() {
        "; Secure"
    } else {
        ""
    };
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}",
        cookie_name(config)
    )
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(config: &ApiConfig) -> String {
    session_cookie(config, "", 0)
}

/// Whether a browser request comes from Plein's own pages (or from no page at
/// all, as with API clients). Browsers send `Origin` with every POST and
/// WebSocket handshake; another site's origin means a forged request.
pub fn same_origin(headers: &HeaderMap, config: &ApiConfig) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let origin = origin.trim_end_matches('/');
    if origin.eq_ignore_ascii_case(config.public_url.trim_end_matches('/')) {
        return true;
    }
    // Reached under another name than the public URL (localhost, say): the
    // page's own host is as good.
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin.split_once("://").map_or("", |(_, rest)| rest);
    !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
}
