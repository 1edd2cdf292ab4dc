use std::time::Duration;

use plein_domain::FieldError;
use plein_storage::StorageError;

/// Everything a use case can answer besides success. Each variant says what the
/// client sees; `Internal` carries detail for the log only.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("you need to sign in to do this")]
    Unauthenticated,
    /// Signing in failed; nothing says whether the address or the password
    /// was wrong.
    #[error("the email address or password is not correct")]
    WrongCredentials,
    #[error("{0}")]
    Forbidden(&'static str),
    /// Acting for someone without an active mandate from them for this.
    #[error("you hold no active mandate from this person for this")]
    NoMandate,
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    BadInput(#[from] FieldError),
    #[error("{message}")]
    Conflict {
        field: Option<&'static str>,
        message: String,
    },
    #[error("too many attempts; try again in {} seconds", retry_after.as_secs())]
    RateLimited { retry_after: Duration },
    /// The search engine is down, too slow or refuses our key; the rest of
    /// the square works. The detail is for the log.
    #[error("search is unavailable right now; try again shortly")]
    SearchUnavailable(String),
    /// The geocoder (address suggestions) is down or too slow; typing the
    /// address or placing the point by hand still works. The detail is for
    /// the log.
    #[error(
        "address suggestions are unavailable right now; type the address or place the point on the map"
    )]
    GeocoderUnavailable(String),
    /// The database cannot be reached right now (restarting, or the
    /// connection broke); nothing was changed, and trying again shortly may
    /// succeed. The detail is for the log.
    #[error("the database is unavailable right now; try again shortly")]
    DatabaseUnavailable(String),
    /// The disk under the database is full; nothing was changed.
    #[error("the server's storage is full; nothing was saved")]
    StorageFull(String),
    #[error("internal error")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn bad_input(field: &'static str, message: impl Into<String>) -> Self {
        AppError::BadInput(FieldError::new(field, message))
    }

    pub fn conflict(field: &'static str, message: impl Into<String>) -> Self {
        AppError::Conflict {
            field: Some(field),
            message: message.into(),
        }
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        AppError::Internal(detail.to_string())
    }
}

impl From<StorageError> for AppError {
    fn from(err: StorageError) -> Self {
        use plein_storage::Constraint;
        match err {
            StorageError::Unique(Constraint::UserEmail) => {
                AppError::conflict("email", "an account with this email address already exists")
            }
            StorageError::Unique(Constraint::AreaSlug) => {
                AppError::conflict("slug", "another area already has this slug")
            }
            // Writes use ON CONFLICT for these; a violation still says what clashed.
            StorageError::Unique(Constraint::SupportIdeaUser) => {
                AppError::conflict("ideaId", "you already support this idea")
            }
            StorageError::Unique(Constraint::PlanIdea) => {
                AppError::conflict("ideaId", "the plan already takes up this idea")
            }
            StorageError::Unique(Constraint::PlanAnswer) => {
                AppError::conflict("questionId", "you already answered this question")
            }
            StorageError::Unique(Constraint::CommentReaction) => {
                AppError::conflict("commentId", "you already agree with this comment")
            }
            StorageError::Unique(Constraint::GroupInvitation) => {
                AppError::conflict("email", "this address is already invited to the group")
            }
            StorageError::Unique(Constraint::JoinRequest) => {
                AppError::conflict("groupId", "you already asked to join this group")
            }
            StorageError::Unavailable(err) => AppError::DatabaseUnavailable(err.to_string()),
            StorageError::DiskFull(err) => AppError::StorageFull(err.to_string()),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(err: sea_orm::DbErr) -> Self {
        StorageError::from(err).into()
    }
}
