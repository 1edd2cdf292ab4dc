//! Configuration from the environment. Every variable is documented in the
//! README and in `.env.example`; nothing is required.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};

pub struct Config {
    /// Where points on the map may lie (`PLEIN_MAP_BOUNDS`: south,west,north,east).
    pub map_bounds: plein_domain::places::Bounds,
    /// The web map's tile URL template (`PLEIN_MAP_TILES`).
    pub map_tiles: String,
    /// Who made the tiles (`PLEIN_MAP_ATTRIBUTION`).
    pub map_attribution: String,
    pub listen: SocketAddr,
    pub data_dir: PathBuf,
    pub public_url: String,
    /// Kept out of `Debug`: it may hold a password.
    pub database_url: String,
    pub database_max_connections: u32,
    pub graphiql: bool,
    pub introspection: bool,
    pub trust_proxy: bool,
    /// Serve `/metrics` for load tests and monitoring.
    pub metrics: bool,
    pub web_dir: PathBuf,
    pub session_ttl: Duration,
    /// Kept out of `Debug`: it may hold SMTP credentials.
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// The installation's name in mail, such as "Gemeente Amstelveld".
    pub installation_name: String,
    /// The accessibility and privacy statements, each the municipality's own
    /// Markdown (`PLEIN_ACCESSIBILITY_STATEMENT`, `PLEIN_PRIVACY_STATEMENT`)
    /// or Plein's default; `PLEIN_CONTACT_EMAIL` fills in how to reach it.
    pub statements: plein_api::statements::Statements,
    /// How long a stopping server keeps answering (closing each connection
    /// after its answer) before it closes idle connections and exits.
    pub drain: Duration,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("data_dir", &self.data_dir)
            .field("public_url", &self.public_url)
            .field("database", &redact(&self.database_url))
            .field("graphiql", &self.graphiql)
            .field("introspection", &self.introspection)
            .field("smtp", &self.smtp_url.as_deref().map(redact))
            .finish_non_exhaustive()
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn flag(name: &str, default: bool) -> anyhow::Result<bool> {
    match var(name).as_deref().map(str::to_ascii_lowercase).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => bail!("{name} must be true or false, not {other:?}"),
    }
}

/// A statement's Markdown from the file `name` points to: one file for both
/// languages, or, when the path holds `{lang}`, one per language (`nl`, `en`).
fn statement_text(name: &str) -> anyhow::Result<Option<plein_api::statements::StatementText>> {
    let Some(path) = var(name) else {
        return Ok(None);
    };
    let read = |lang: &str| -> anyhow::Result<String> {
        let file = path.replace("{lang}", lang);
        std::fs::read_to_string(&file).with_context(|| format!("{name}: reading {file}"))
    };
    Ok(Some(plein_api::statements::StatementText {
        nl: read("nl")?,
        en: read("en")?,
    }))
}

/// A tile URL template must name `{z}`, `{x}` and `{y}` and be an http(s)
/// address or a path on this server; its origin goes into the pages'
/// Content-Security-Policy, so it may hold no spaces, quotes or semicolons.
fn check_tiles(template: &str) -> anyhow::Result<()> {
    for part in ["{z}", "{x}", "{y}"] {
        if !template.contains(part) {
            bail!(
                "PLEIN_MAP_TILES must contain {part}, as in https://tiles.example.nl/{{z}}/{{x}}/{{y}}.png"
            );
        }
    }
    if !(template.starts_with("https://")
        || template.starts_with("http://")
        || (template.starts_with('/') && !template.starts_with("//")))
    {
        bail!("PLEIN_MAP_TILES must start with https://, http:// or / (a path on this server)");
    }
    if template
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, ';' | ',' | '\'' | '"'))
    {
        bail!("PLEIN_MAP_TILES may not contain spaces, quotes, commas or semicolons");
    }
    Ok(())
}

impl Config {
    pub fn from_env() -> anyhow::Result<Self> {
        let listen: SocketAddr = var("PLEIN_LISTEN")
            .unwrap_or_else(|| "127.0.0.1:8080".to_owned())
            .parse()
            .context("PLEIN_LISTEN must be an address such as 127.0.0.1:8080")?;
        let data_dir = PathBuf::from(var("PLEIN_DATA_DIR").unwrap_or_else(|| "./data".to_owned()));
        let public_url = var("PLEIN_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{listen}"))
            .trim_end_matches('/')
            .to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://")) {
            bail!("PLEIN_PUBLIC_URL must start with http:// or https://");
        }
        let database_url = var("DATABASE_URL").unwrap_or_else(|| {
            format!("sqlite://{}?mode=rwc", data_dir.join("plein.db").display())
        });
        let database_max_connections = match var("DATABASE_MAX_CONNECTIONS") {
            Some(n) => n
                .parse()
                .ok()
                .filter(|n: &u32| *n > 0)
                .context("DATABASE_MAX_CONNECTIONS must be a positive number")?,
            None => 16,
        };
        let session_ttl_hours: u64 = match var("PLEIN_SESSION_TTL_HOURS") {
            Some(n) => n
                .parse()
                .ok()
                .filter(|n: &u64| *n > 0)
                .context("PLEIN_SESSION_TTL_HOURS must be a positive number")?,
            None => 24 * 30,
        };
        let drain_ms: u64 = match var("PLEIN_DRAIN_MS") {
            Some(n) => n
                .parse()
                .ok()
                .context("PLEIN_DRAIN_MS must be a number of milliseconds")?,
            None => 2_000,
        };
        let map_bounds = match var("PLEIN_MAP_BOUNDS") {
            Some(raw) => raw.parse().map_err(|e: plein_domain::FieldError| {
                anyhow::anyhow!("PLEIN_MAP_BOUNDS {}", e.message)
            })?,
            None => plein_domain::places::Bounds::NETHERLANDS,
        };
        let installation_name = var("PLEIN_NAME").unwrap_or_else(|| "Plein".to_owned());
        let contact_email = var("PLEIN_CONTACT_EMAIL");
        let statements = plein_api::statements::Statements::new(
            &plein_api::statements::StatementPlaces {
                name: &installation_name,
                public_url: &public_url,
                contact_email: contact_email.as_deref(),
            },
            statement_text("PLEIN_ACCESSIBILITY_STATEMENT")?,
            statement_text("PLEIN_PRIVACY_STATEMENT")?,
        );
        let map_tiles = var("PLEIN_MAP_TILES")
            .map(|t| t.trim().to_owned())
            .unwrap_or_else(|| plein_app::DEFAULT_MAP_TILES.to_owned());
        check_tiles(&map_tiles)?;
        Ok(Self {
            statements,
            drain: Duration::from_millis(drain_ms),
            map_bounds,
            map_tiles,
            map_attribution: var("PLEIN_MAP_ATTRIBUTION")
                .unwrap_or_else(|| plein_app::DEFAULT_MAP_ATTRIBUTION.to_owned()),
            listen,
            data_dir,
            public_url,
            database_url,
            database_max_connections,
            graphiql: flag("PLEIN_GRAPHIQL", true)?,
            introspection: flag("PLEIN_INTROSPECTION", true)?,
            trust_proxy: flag("PLEIN_TRUST_PROXY", false)?,
            metrics: flag("PLEIN_METRICS", false)?,
            web_dir: PathBuf::from(
                var("PLEIN_WEB_DIR").unwrap_or_else(|| "frontend/dist".to_owned()),
            ),
            session_ttl: Duration::from_secs(session_ttl_hours * 3600),
            smtp_url: var("SMTP_URL"),
            mail_from: var("MAIL_FROM").unwrap_or_else(|| plein_mail::DEFAULT_FROM.to_owned()),
            installation_name,
        })
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

#[cfg(test)]
mod tests {
    use super::{check_tiles, redact};

    #[test]
    fn tile_templates_are_checked() {
        assert!(check_tiles(plein_app::DEFAULT_MAP_TILES).is_ok());
        assert!(check_tiles("https://tile.openstreetmap.org/{z}/{x}/{y}.png").is_ok());
        assert!(check_tiles("/tiles/{z}/{x}/{y}.png").is_ok());
        assert!(check_tiles("https://tiles.example.nl/{z}/{x}.png").is_err());
        assert!(check_tiles("ftp://tiles.example.nl/{z}/{x}/{y}.png").is_err());
        assert!(check_tiles("//tiles.example.nl/{z}/{x}/{y}.png").is_err());
        assert!(check_tiles("https://x.nl/{z}/{x}/{y}.png; script-src *").is_err());
    }

    #[test]
    fn database_passwords_are_redacted() {
        assert_eq!(
            redact("postgres://plein:geheim@db:5432/plein"),
            "postgres://plein:***@db:5432/plein"
        );
        assert_eq!(redact("postgres://db/plein"), "postgres://db/plein");
        assert_eq!(
            redact("sqlite://./data/plein.db"),
            "sqlite://./data/plein.db"
        );
    }
}
