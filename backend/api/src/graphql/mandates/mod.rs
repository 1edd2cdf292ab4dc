//! Mandates: acting for someone else, and intake for people without an account.

pub(super) mod mutation;
pub(super) mod types;
