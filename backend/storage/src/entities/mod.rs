//! Rows as they are stored. These are never handed to GraphQL directly: the
//! application layer turns them into views that carry only what may be shown.

pub mod areas;
pub mod audit_log;
pub mod email_tokens;
pub mod jobs;
pub mod rate_limits;
pub mod sessions;
pub mod users;
