//! Places: what the map shows in a box, and importing area boundaries.

pub(super) mod mutation;
pub(super) mod query;
