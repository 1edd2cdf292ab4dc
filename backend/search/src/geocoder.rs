//! Address suggestions from the PDOK Locatieserver (the Dutch national
//! address register, free to use): its `free` search, limited to addresses,
//! answers a display name and a WGS84 centroid per address.
//!
//! `PLEIN_GEOCODER_URL` points at the `free` endpoint (default PDOK's own);
//! `embedded` uses no service at all and answers from the database.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use plein_app::geocoder::{AddressSuggestion, Geocoder, GeocoderError};
use serde::Deserialize;

/// PDOK's free search endpoint.
pub const PDOK_FREE_URL: &str = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free";

/// Where address suggestions come from.
#[derive(Debug, Clone, PartialEq)]
pub enum GeocoderConfig {
    /// From the database: area names and stored addresses.
    Embedded,
    /// From a Locatieserver `free` endpoint, given up after `timeout`.
    Locatieserver { url: String, timeout: Duration },
}

impl GeocoderConfig {
    pub const TIMEOUT: Duration = Duration::from_secs(2);

    /// Reads `PLEIN_GEOCODER_URL` (default PDOK; `embedded` for none) and
    /// `PLEIN_GEOCODER_TIMEOUT_MS` (default 2000).
    pub fn from_env() -> Result<Self, String> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let timeout =
            match var("PLEIN_GEOCODER_TIMEOUT_MS") {
                None => Self::TIMEOUT,
                Some(ms) => Duration::from_millis(
                    ms.trim().parse::<u64>().ok().filter(|ms| *ms > 0).ok_or(
                        "PLEIN_GEOCODER_TIMEOUT_MS must be a positive number of milliseconds",
                    )?,
                ),
            };
        Self::parse(var("PLEIN_GEOCODER_URL").as_deref(), timeout)
    }

    /// `url` as `PLEIN_GEOCODER_URL` gives it.
    pub fn parse(url: Option<&str>, timeout: Duration) -> Result<Self, String> {
        match url.map(str::trim) {
            Some(e) if e.eq_ignore_ascii_case("embedded") => Ok(Self::Embedded),
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                Ok(Self::Locatieserver {
                    url: url.to_owned(),
                    timeout,
                })
            }
            Some(other) => Err(format!(
                "PLEIN_GEOCODER_URL must be an http(s) address or embedded, not {other:?}"
            )),
            None => Ok(Self::Locatieserver {
                url: PDOK_FREE_URL.to_owned(),
                timeout,
            }),
        }
    }
}

/// The geocoder `config` names; `None` for the embedded one, which the app
/// runs itself.
pub fn open_geocoder(config: &GeocoderConfig) -> Result<Option<Arc<dyn Geocoder>>, String> {
    Ok(match config {
        GeocoderConfig::Embedded => None,
        GeocoderConfig::Locatieserver { url, timeout } => {
            Some(Arc::new(Locatieserver::new(url, *timeout)?))
        }
    })
}

/// A Locatieserver `free` endpoint.
pub struct Locatieserver {
    client: meili_reqwest::Client,
    url: String,
    timeout: Duration,
}

#[derive(Deserialize)]
struct Answer {
    response: Docs,
}

#[derive(Deserialize)]
struct Docs {
    docs: Vec<Doc>,
}

#[derive(Deserialize)]
struct Doc {
    weergavenaam: Option<String>,
    centroide_ll: Option<String>,
}

/// `POINT(4.8952 52.3702)` (longitude first) as (latitude, longitude).
fn point(wkt: &str) -> Option<(f64, f64)> {
    let inner = wkt.trim().strip_prefix("POINT(")?.strip_suffix(')')?;
    let mut parts = inner.split_whitespace();
    let longitude: f64 = parts.next()?.parse().ok()?;
    let latitude: f64 = parts.next()?.parse().ok()?;
    ((-90.0..=90.0).contains(&latitude) && (-180.0..=180.0).contains(&longitude))
        .then_some((latitude, longitude))
}

impl Locatieserver {
    pub fn new(url: &str, timeout: Duration) -> Result<Self, String> {
        let client = meili_reqwest::Client::builder()
            .connect_timeout(timeout)
            .timeout(timeout)
            .user_agent(concat!("Plein/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("the geocoder's HTTP client: {e}"))?;
        Ok(Self {
            client,
            url: url.to_owned(),
            timeout,
        })
    }
}

#[async_trait]
impl Geocoder for Locatieserver {
    fn name(&self) -> &'static str {
        "locatieserver"
    }

    async fn suggest(
        &self,
        query: &str,
        limit: usize,
    ) -> Result<Vec<AddressSuggestion>, GeocoderError> {
        let rows = limit.to_string();
        let request = self
            .client
            .get(&self.url)
            .query(&[
                ("q", query),
                ("fq", "type:adres"),
                ("fl", "weergavenaam,centroide_ll"),
                ("rows", rows.as_str()),
            ])
            .send();
        // The client's own timeout covers each phase; this one the whole.
        let response = tokio::time::timeout(self.timeout, async {
            let response = request.await?.error_for_status()?;
            response.bytes().await
        })
        .await
        .map_err(|_| GeocoderError::Timeout)?
        .map_err(|e| {
            if e.is_timeout() {
                GeocoderError::Timeout
            } else {
                GeocoderError::Unavailable(e.to_string())
            }
        })?;
        let answer: Answer = serde_json::from_slice(&response)
            .map_err(|e| GeocoderError::Unavailable(format!("unexpected answer: {e}")))?;
        Ok(answer
            .response
            .docs
            .into_iter()
            .filter_map(|doc| {
                let (latitude, longitude) = point(doc.centroide_ll.as_deref()?)?;
                Some(AddressSuggestion {
                    label: doc.weergavenaam?,
                    latitude,
                    longitude,
                })
            })
            .take(limit)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_longitude_first() {
        assert_eq!(point("POINT(4.8952 52.3702)"), Some((52.3702, 4.8952)));
        assert_eq!(point("POINT(4.8952)"), None);
        assert_eq!(point("POINT(200 52)"), None);
        assert_eq!(point("LINESTRING(1 2, 3 4)"), None);
    }

    #[test]
    fn the_url_says_which_geocoder() {
        let t = Duration::from_secs(1);
        assert_eq!(
            GeocoderConfig::parse(None, t),
            Ok(GeocoderConfig::Locatieserver {
                url: PDOK_FREE_URL.into(),
                timeout: t
            })
        );
        assert_eq!(
            GeocoderConfig::parse(Some(" Embedded "), t),
            Ok(GeocoderConfig::Embedded)
        );
        assert!(GeocoderConfig::parse(Some("pdok"), t).is_err());
    }
}
