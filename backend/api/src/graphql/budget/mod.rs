//! Budget rounds ("burgerbegroting"): rounds, projects, secret ballots and the count.

pub(super) mod batch;
pub(super) mod mutation;
pub(super) mod query;
pub(super) mod types;
