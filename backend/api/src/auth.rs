//! Who is asking: the session token from `Authorization: Bearer …` or the
//! session cookie, and the client's address.

use std::net::SocketAddr;

use axum::http::{HeaderMap, header};
use plein_app::{Actor, App, AppResult, Client};

use crate::ApiConfig;

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

/// Resolves the request's actor. An unknown, expired or revoked token makes
/// an anonymous actor: the resolvers then answer `UNAUTHENTICATED` where needed.
pub async fn actor(
    app: &App,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
    config: &ApiConfig,
) -> AppResult<(Actor, Credential)> {
    let client = client(headers, peer, config);
    let (token, credential) = session_token(headers, config);
    let user = match token {
        Some(token) => app.authenticate(&token).await?,
        None => None,
    };
    let credential = if user.is_some() {
        credential
    } else {
        Credential::None
    };
    Ok((Actor { user, client }, credential))
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
