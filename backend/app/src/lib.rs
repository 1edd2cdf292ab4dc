//! Plein's use cases. Every one takes the [`Actor`] asking, checks what that
//! actor may do, validates its input into domain values and runs its writes in
//! one transaction. The GraphQL layer above only translates.

pub mod accounts;
mod actor;
pub mod areas;
pub mod atom;
pub mod budget;
mod clock;
pub mod comments;
mod error;
pub mod feed;
pub mod geocoder;
pub mod groups;
pub mod ideas;
pub mod jobs;
mod listing;
pub mod mail;
pub mod mandates;
pub mod moderation;
pub mod notifications;
pub mod operations;
pub mod page;
pub mod places;
pub mod plans;
mod rate_limit;
pub mod scale_seed;
pub mod search;
mod secrets;
mod signed;
pub mod street_reports;
pub mod system;

use std::sync::Arc;
use std::time::Duration;

pub use actor::{Actor, Client, CurrentUser, PasswordChecks};
pub use clock::{Clock, ManualClock, SystemClock};
pub use error::{AppError, AppResult};
pub use plein_storage::Database;
/// The orders of the idea and plan lists.
pub use plein_storage::listing::Sort;
pub use rate_limit::Limit;

/// Settings the use cases need; the server fills them from the environment.
#[derive(Debug, Clone)]
pub struct Settings {
    /// How long a session lasts after sign-in.
    pub session_ttl: Duration,
    /// Failed sign-ins per account before it is throttled, and the window.
    pub sign_in_per_account: Limit,
    /// Failed sign-ins per client address before it is throttled.
    pub sign_in_per_client: Limit,
    /// Registrations per client address.
    pub register_per_client: Limit,
    /// Mail-triggering requests (sign-in links, resets) per client address…
    pub mail_per_client: Limit,
    /// …and per address mailed to.
    pub mail_per_account: Limit,
    /// Content writes (ideas, comments, supports, plans, follows, reports)
    /// per signed-in person…
    pub writes_per_user: Limit,
    /// …and per client address, whoever is signed in.
    pub writes_per_client: Limit,
    /// Where points may lie (`PLEIN_MAP_BOUNDS`); the Netherlands by default.
    pub map_bounds: plein_domain::places::Bounds,
    /// Up to this many things in a box on the map come one by one; more
    /// are clustered.
    pub map_max_items: u64,
    /// The web map's tiles, an XYZ URL template with `{z}`, `{x}` and `{y}`
    /// (`PLEIN_MAP_TILES`).
    pub map_tiles: String,
    /// Who made the tiles, shown on the map (`PLEIN_MAP_ATTRIBUTION`).
    pub map_attribution: String,
}

/// The web map's tiles unless configured: PDOK's BRT-Achtergrondkaart.
pub const DEFAULT_MAP_TILES: &str =
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/standaard/EPSG:3857/{z}/{x}/{y}.png";
/// The attribution that goes with [`DEFAULT_MAP_TILES`].
pub const DEFAULT_MAP_ATTRIBUTION: &str = "Kaartgegevens © Kadaster";

impl Default for Settings {
    fn default() -> Self {
        let quarter = Duration::from_secs(15 * 60);
        Self {
            session_ttl: Duration::from_secs(30 * 24 * 3600),
            sign_in_per_account: Limit::new(5, quarter),
            sign_in_per_client: Limit::new(30, quarter),
            register_per_client: Limit::new(20, Duration::from_secs(3600)),
            mail_per_client: Limit::new(20, Duration::from_secs(3600)),
            mail_per_account: Limit::new(5, Duration::from_secs(3600)),
            writes_per_user: Limit::new(60, Duration::from_secs(10 * 60)),
            writes_per_client: Limit::new(300, Duration::from_secs(10 * 60)),
            map_bounds: plein_domain::places::Bounds::NETHERLANDS,
            map_max_items: places::MAX_ITEMS,
            map_tiles: DEFAULT_MAP_TILES.to_owned(),
            map_attribution: DEFAULT_MAP_ATTRIBUTION.to_owned(),
        }
    }
}

/// Everything a use case needs, cheap to clone and share across requests.
#[derive(Clone)]
pub struct App {
    pub db: Database,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<Settings>,
    /// The search index, once the server has opened one.
    pub search: Option<Arc<dyn search::SearchIndex>>,
    /// Searches answered and failed since start, for `/metrics`.
    pub search_stats: Arc<search::SearchStats>,
    /// Where address suggestions come from; without one, the embedded
    /// geocoder answers from the database.
    pub geocoder: Option<Arc<dyn geocoder::Geocoder>>,
    /// Live comment events for subscriptions.
    pub comment_events: comments::CommentEvents,
    /// The key that signs unsubscribe links, once loaded.
    unsubscribe_key: notifications::KeyCell,
    /// The secret that keys secret ballots, once loaded.
    ballot_secret: Arc<std::sync::OnceLock<Vec<u8>>>,
    /// The key that signs street report links, once loaded.
    report_link_key: street_reports::LinkKeyCell,
}

impl App {
    pub fn new(db: Database, clock: Arc<dyn Clock>, settings: Settings) -> Self {
        Self {
            comment_events: comments::CommentEvents::new(&db),
            db,
            clock,
            settings: Arc::new(settings),
            search: None,
            search_stats: Default::default(),
            geocoder: None,
            unsubscribe_key: Default::default(),
            ballot_secret: Default::default(),
            report_link_key: Default::default(),
        }
    }

    pub fn with_search(mut self, index: Arc<dyn search::SearchIndex>) -> Self {
        self.search = Some(index);
        self
    }

    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }
}
