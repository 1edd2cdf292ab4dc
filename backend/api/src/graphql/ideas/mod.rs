//! Ideas: a resident's proposal, its support and status.

pub(super) mod mutation;
pub(super) mod query;
pub(super) mod types;

// Other features' nodes, which `types` names as `super::…`.
use super::types::{GroupNode, IntakeNode};
