//! One place where use-case errors become GraphQL errors with `extensions.code`.

use async_graphql::{Error, ErrorExtensions};
use plein_app::AppError;

/// The codes clients can rely on, in `extensions.code`.
pub mod codes {
    pub const UNAUTHENTICATED: &str = "UNAUTHENTICATED";
    pub const FORBIDDEN: &str = "FORBIDDEN";
    pub const NOT_FOUND: &str = "NOT_FOUND";
    pub const BAD_USER_INPUT: &str = "BAD_USER_INPUT";
    pub const CONFLICT: &str = "CONFLICT";
    pub const RATE_LIMITED: &str = "RATE_LIMITED";
    pub const INTERNAL: &str = "INTERNAL";
    /// The search engine is down or too slow; everything else still works,
    /// and trying again later may.
    pub const SEARCH_UNAVAILABLE: &str = "SEARCH_UNAVAILABLE";
    /// The geocoder behind `addressSuggestions` is down or too slow; typing
    /// the address or placing the point by hand still works.
    pub const GEOCODER_UNAVAILABLE: &str = "GEOCODER_UNAVAILABLE";
    /// The database is restarting or cannot be reached; nothing was changed,
    /// and the same request may succeed shortly (`retryAfter` seconds).
    pub const DATABASE_UNAVAILABLE: &str = "DATABASE_UNAVAILABLE";
    /// The server's disk is full; nothing was changed.
    pub const STORAGE_FULL: &str = "STORAGE_FULL";
    /// The document itself is wrong: it does not parse, does not validate, or
    /// goes past a limit.
    pub const GRAPHQL_VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";
}

pub fn to_graphql(err: AppError) -> Error {
    let message = err.to_string();
    match err {
        AppError::Unauthenticated => {
            Error::new(message).extend_with(|_, e| e.set("code", codes::UNAUTHENTICATED))
        }
        // UNAUTHENTICATED, as clients expect of a failed sign-in; the field
        // says it is the pair, never which half was wrong.
        AppError::WrongCredentials => Error::new(message).extend_with(|_, e| {
            e.set("code", codes::UNAUTHENTICATED);
            e.set("field", "credentials");
        }),
        AppError::Forbidden(_) => {
            Error::new(message).extend_with(|_, e| e.set("code", codes::FORBIDDEN))
        }
        AppError::NoMandate => Error::new(message).extend_with(|_, e| {
            e.set("code", codes::FORBIDDEN);
            e.set("field", "onBehalfOf");
        }),
        AppError::NotFound(_) => {
            Error::new(message).extend_with(|_, e| e.set("code", codes::NOT_FOUND))
        }
        AppError::BadInput(field_error) => {
            Error::new(format!("{}: {}", field_error.field, field_error.message)).extend_with(
                |_, e| {
                    e.set("code", codes::BAD_USER_INPUT);
                    e.set("field", field_error.field);
                },
            )
        }
        AppError::Conflict { field, .. } => Error::new(message).extend_with(|_, e| {
            e.set("code", codes::CONFLICT);
            if let Some(field) = field {
                e.set("field", field);
            }
        }),
        AppError::RateLimited { retry_after } => Error::new(message).extend_with(|_, e| {
            e.set("code", codes::RATE_LIMITED);
            e.set("retryAfter", retry_after.as_secs());
        }),
        AppError::SearchUnavailable(detail) => {
            tracing::warn!(%detail, "search unavailable");
            Error::new(message).extend_with(|_, e| e.set("code", codes::SEARCH_UNAVAILABLE))
        }
        AppError::GeocoderUnavailable(detail) => {
            tracing::warn!(%detail, "geocoder unavailable");
            Error::new(message).extend_with(|_, e| e.set("code", codes::GEOCODER_UNAVAILABLE))
        }
        AppError::DatabaseUnavailable(detail) => {
            tracing::warn!(%detail, "database unavailable");
            Error::new(message).extend_with(|_, e| {
                e.set("code", codes::DATABASE_UNAVAILABLE);
                e.set("retryAfter", 1);
            })
        }
        AppError::StorageFull(detail) => {
            tracing::error!(%detail, "storage full");
            Error::new(message).extend_with(|_, e| e.set("code", codes::STORAGE_FULL))
        }
        AppError::Internal(detail) => {
            // The detail is for the operator's log, never for the client.
            tracing::error!(%detail, "request failed");
            Error::new("internal error").extend_with(|_, e| e.set("code", codes::INTERNAL))
        }
    }
}

/// `.gql()` on a use-case result maps its error with the right code. (A bare
/// `?` would compile too, through async-graphql's blanket `From<Display>`, but
/// it would lose the code; so every resolver goes through here.)
pub trait ResultExt<T> {
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> ResultExt<T> for Result<T, AppError> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(to_graphql)
    }
}

impl<T> ResultExt<T> for Result<T, std::sync::Arc<AppError>> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(|err| match std::sync::Arc::try_unwrap(err) {
            Ok(err) => to_graphql(err),
            Err(shared) => to_graphql(AppError::Internal(shared.to_string())),
        })
    }
}
