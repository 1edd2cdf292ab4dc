//! Address suggestions while someone places an idea or plan: the port to a
//! geocoder (the PDOK Locatieserver adapter lives in `plein-search`), and the
//! embedded one that needs no network: it answers from area names and the
//! addresses already stored on ideas and plans anyone may see.

use std::sync::Arc;

use async_trait::async_trait;

use crate::{Actor, App, AppError, AppResult};

/// The longest text asked about, in characters.
pub const MAX_ADDRESS_QUERY: usize = 200;
/// Suggestions when the caller does not say how many.
pub const DEFAULT_SUGGESTIONS: usize = 5;
/// The most suggestions one request may ask for.
pub const MAX_SUGGESTIONS: usize = 20;

/// A place someone may mean, with its point in WGS84 degrees.
#[derive(Debug, Clone, PartialEq)]
pub struct AddressSuggestion {
    pub label: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// Why a geocoder gave no answer. The detail is for the log.
#[derive(Debug, thiserror::Error)]
pub enum GeocoderError {
    #[error("the geocoder did not answer in time")]
    Timeout,
    #[error("the geocoder is unavailable: {0}")]
    Unavailable(String),
}

/// A service that turns a piece of an address into places.
#[async_trait]
pub trait Geocoder: Send + Sync + 'static {
    /// Which adapter this is, for logs.
    fn name(&self) -> &'static str;

    /// At most `limit` places matching `query` (not empty), best first.
    async fn suggest(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<Vec<AddressSuggestion>, GeocoderError>;
}

impl App {
    /// Uses `geocoder` for address suggestions instead of the embedded one.
    pub fn with_geocoder(mut self, geocoder: Arc<dyn Geocoder>) -> Self {
        self.geocoder = Some(geocoder);
        self
    }

    /// Places that `query` may mean, best first: from the configured
    /// geocoder, or without one from what the database already knows.
    /// Anyone may ask; an empty query answers nothing.
    pub async fn address_suggestions(
        &self,
        _actor: &Actor,
        query: &str,
        first: Option<i32>,
    ) -> AppResult<Vec<AddressSuggestion>> {
        if query.chars().count() > MAX_ADDRESS_QUERY {
            return Err(AppError::bad_input(
                "query",
                format!("at most {MAX_ADDRESS_QUERY} characters"),
            ));
        }
        let limit = match first {
            None => DEFAULT_SUGGESTIONS,
            Some(n) if (1..=MAX_SUGGESTIONS as i32).contains(&n) => n as usize,
            Some(_) => {
                return Err(AppError::bad_input(
                    "first",
                    format!("must be between 1 and {MAX_SUGGESTIONS}"),
                ));
            }
        };
        let query = query.split_whitespace().collect::<Vec<_>>().join(" ");
        if query.is_empty() {
            return Ok(Vec::new());
        }
        match &self.geocoder {
            Some(geocoder) => {
                let mut found = geocoder.suggest(&query, limit).await.map_err(|err| {
                    AppError::GeocoderUnavailable(format!("{}: {err}", geocoder.name()))
                })?;
                found.truncate(limit);
                Ok(found)
            }
            None => self.embedded_suggestions(&query, limit).await,
        }
    }

    /// Area names and stored addresses that hold `query`: those that start
    /// with it first, then the shorter ones; one per name.
    async fn embedded_suggestions(
        &self,
        query: &str,
        limit: usize,
    ) -> AppResult<Vec<AddressSuggestion>> {
        let places =
            plein_storage::geocoding::places_named(&self.db.conn, query, limit as u64 * 4).await?;
        let wanted = query.to_lowercase();
        let mut found: Vec<AddressSuggestion> = Vec::new();
        for place in places {
            if found
                .iter()
                .any(|known| known.label.to_lowercase() == place.label.to_lowercase())
            {
                continue;
            }
            found.push(AddressSuggestion {
                label: place.label,
                latitude: place.latitude,
                longitude: place.longitude,
            });
        }
        found.sort_by_key(|place| {
            let label = place.label.to_lowercase();
            (!label.starts_with(&wanted), label.chars().count(), label)
        });
        found.truncate(limit);
        Ok(found)
    }
}
