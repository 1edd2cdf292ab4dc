//! Notifications: follows, the notifications themselves and their preferences.

pub(super) mod mutation;
pub(super) mod query;
pub(super) mod types;
