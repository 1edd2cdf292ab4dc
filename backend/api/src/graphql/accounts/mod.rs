//! Accounts: registering, signing in, profiles and sessions, the mail that
//! confirms them, and one's own data (export and deletion).

pub(super) mod mail;
pub(super) mod mutation;
pub(super) mod my_data;
pub(super) mod query;
pub(super) mod types;

// Other features' nodes, which `types` names as `super::…`.
use super::types::{GroupNode, MandateNode};
