//! Plein's HTTP surface: one axum router with the GraphQL endpoint, GraphiQL,
//! the health check and the web app's static files.

mod auth;
mod calendar;
pub mod graphql;
mod http;
mod links;
mod my_data;
mod pages;
mod state;
mod unsubscribe;
mod ws;

use std::path::PathBuf;

pub use graphql::{PleinSchema, build_schema, schema_sdl};
pub use http::router;

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
}

impl Default for ApiConfig {
    fn default() -> Self {
        Self {
            graphiql: true,
            introspection: true,
            public_url: "http://127.0.0.1:8080".to_owned(),
            trust_proxy: false,
            web_dir: None,
            max_body_bytes: 1024 * 1024,
            metrics: false,
        }
    }
}

impl ApiConfig {
    pub(crate) fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }
}
