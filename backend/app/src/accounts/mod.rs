//! Accounts: registration, sign-in and sessions, profiles and roles.

mod email;
mod my_data;
pub(crate) mod password;
mod profile;
mod sessions;

use chrono::{DateTime, Utc};
use plein_domain::{Locale, Role};
use plein_storage::entities::{sessions as session_rows, users};
use uuid::Uuid;

pub use email::{AccountMail, AccountMailJob, TokenPurpose};
pub use my_data::{ANONYMOUS_NAME, DataExport, MyData};
pub use profile::{ProfileInput, RoleInput};
pub use sessions::{RegisterInput, SignInInput, SignedIn};

use crate::Actor;

/// A person as another person may see them. Private fields (the email
/// address) are filled only for the person themselves and for admins.
#[derive(Debug, Clone)]
pub struct User {
    pub id: Uuid,
    pub display_name: String,
    pub role: Role,
    pub organisation: Option<String>,
    pub locale: Locale,
    pub home_area_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub private: Option<PrivateProfile>,
}

#[derive(Debug, Clone)]
pub struct PrivateProfile {
    pub email: String,
    pub email_verified: bool,
}

impl User {
    /// The view of `row` that `viewer` is allowed to have.
    pub fn view(row: users::Model, viewer: &Actor) -> Self {
        let sees_private = viewer.user_id() == Some(row.id) || viewer.is_admin();
        Self {
            id: row.id,
            role: row.role,
            organisation: row.organisation,
            locale: row.locale,
            home_area_id: row.home_area_id,
            created_at: row.created_at,
            private: sees_private.then(|| PrivateProfile {
                email: row.email,
                email_verified: row.email_verified_at.is_some(),
            }),
            display_name: row.display_name,
        }
    }
}

/// One of the signed-in person's own sessions.
#[derive(Debug, Clone)]
pub struct Session {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub user_agent: Option<String>,
    pub client_addr: Option<String>,
    pub current: bool,
}

impl Session {
    fn view(row: session_rows::Model, current: Option<Uuid>) -> Self {
        Self {
            current: current == Some(row.id),
            id: row.id,
            created_at: row.created_at,
            last_seen_at: row.last_seen_at,
            expires_at: row.expires_at,
            user_agent: row.user_agent,
            client_addr: row.client_addr,
        }
    }
}
