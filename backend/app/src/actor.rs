use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use plein_domain::{Role, Viewer};
use uuid::Uuid;

/// Where a request comes from, for throttling and the session list.
#[derive(Debug, Clone, Default)]
pub struct Client {
    /// The client's IP address as the server sees it (or as a trusted proxy says).
    pub addr: Option<String>,
    pub user_agent: Option<String>,
    /// Shared by the clones of one request's actor.
    pub password_checks: PasswordChecks,
}

/// How many passwords one request has checked so far.
#[derive(Debug, Clone, Default)]
pub struct PasswordChecks(Arc<AtomicU32>);

impl PasswordChecks {
    /// The most password checks one request may run.
    pub const MAX: u32 = 1;

    /// Counts one check; false when the request already had its share.
    pub(crate) fn take_one(&self) -> bool {
        self.0.fetch_add(1, Ordering::Relaxed) < Self::MAX
    }
}

/// The signed-in person behind a request.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub id: Uuid,
    pub role: Role,
    pub session_id: Uuid,
    pub email_verified: bool,
}

/// Who is asking: every use case takes one and decides with it.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user: Option<CurrentUser>,
    pub client: Client,
}

impl Actor {
    pub fn anonymous(client: Client) -> Self {
        Self { user: None, client }
    }

    /// The signed-in user, or `UNAUTHENTICATED`.
    pub fn require_user(&self) -> Result<&CurrentUser, crate::AppError> {
        self.user.as_ref().ok_or(crate::AppError::Unauthenticated)
    }

    /// The signed-in user whose address is confirmed: unconfirmed accounts can
    /// read but not post.
    pub fn require_verified(&self) -> Result<&CurrentUser, crate::AppError> {
        let user = self.require_user()?;
        if user.email_verified {
            Ok(user)
        } else {
            Err(crate::AppError::Forbidden(
                "confirm your email address first; we mailed you a link",
            ))
        }
    }

    /// The signed-in admin, or `UNAUTHENTICATED` / `FORBIDDEN`.
    pub fn require_admin(&self) -> Result<&CurrentUser, crate::AppError> {
        let user = self.require_user()?;
        if user.role.is_admin() {
            Ok(user)
        } else {
            Err(crate::AppError::Forbidden("only admins may do this"))
        }
    }

    /// A moderator or an admin: they see what was hidden, and act on reports.
    pub fn is_moderator(&self) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| matches!(u.role, Role::Moderator | Role::Admin))
    }

    pub fn is_admin(&self) -> bool {
        self.user.as_ref().is_some_and(|u| u.role.is_admin())
    }

    pub fn user_id(&self) -> Option<Uuid> {
        self.user.as_ref().map(|u| u.id)
    }

    /// Who is looking, for the visibility rules (`plein_domain::visibility`).
    pub fn viewer(&self) -> Viewer {
        match &self.user {
            Some(user) => Viewer::user(user.id, user.role),
            None => Viewer::ANONYMOUS,
        }
    }
}
