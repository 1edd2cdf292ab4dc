//! Plein's HTTP surface: one axum router with the GraphQL endpoint, GraphiQL,
//! the health check and the web app's static files.

mod atom;
mod auth;
mod calendar;
pub mod graphql;
mod http;
mod links;
mod metrics;
mod my_data;
mod pages;
mod serve;
mod state;
pub mod statements;
mod unsubscribe;
mod ws;

use std::path::PathBuf;
use std::sync::Arc;

use plein_app::mail::Mailer;

pub use graphql::{PleinSchema, build_schema, schema_sdl};
pub use http::router;
pub use serve::{Draining, serve};

/// How the HTTP layer behaves; the server fills it from the environment.
#[derive(Debug, Clone)]
pub struct ApiConfig {
    /// Serve GraphiQL at `/graphiql`.
    pub graphiql: bool,
    /// Answer introspection queries (and suggest field names in errors).
    pub introspection: bool,
    /// The address people reach Plein at; `https://` turns on `Secure` cookies
    /// with the `__Host-` prefix.
    pub public_url: String,
    /// The installation's name (`PLEIN_NAME`), as the news feeds sign them.
    pub installation_name: String,
    /// The accessibility and privacy statements the web app shows.
    pub statements: Arc<statements::Statements>,
    /// Take the client address from `X-Forwarded-For` (only behind a proxy
    /// that sets it).
    pub trust_proxy: bool,
    /// Built web app to serve at `/`, when present.
    pub web_dir: Option<PathBuf>,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// Serve `GET /metrics` (SQL statements run, resident memory) in the
    /// Prometheus text format.
    pub metrics: bool,
    /// The mailer `/readyz` checks; without one, mail is left out.
    pub mail: Option<MailCheck>,
    /// Set when the server starts to stop: responses then close their
    /// connection and `/readyz` answers 503 (see [`serve`]).
    pub draining: Draining,
}

/// The mailer whose reachability `/readyz` reports.
#[derive(Clone)]
pub struct MailCheck(pub Arc<dyn Mailer>);

impl std::fmt::Debug for MailCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("MailCheck").field(&self.0.name()).finish()
    }
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            graphiql: true,
            introspection: true,
            public_url: "http://127.0.0.1:8080".to_owned(),
            installation_name: "Plein".to_owned(),
            statements: Arc::new(statements::Statements::default()),
            trust_proxy: false,
            web_dir: None,
            max_body_bytes: 1024 * 1024,
            metrics: false,
            mail: None,
            draining: Draining::default(),
        }
    }
}

impl ApiConfig {
    pub(crate) fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}
