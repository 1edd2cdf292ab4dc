//! Moderation: reports, the moderation queue, hiding, blocking and the audit log.

pub(super) mod mutation;
pub(super) mod query;
pub(super) mod types;
