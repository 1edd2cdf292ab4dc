//! Plans: a professional's plan with its feedback window and questions.

pub(super) mod mutation;
pub(super) mod query;
pub(super) mod types;

// Another feature's node, which `types` names as `super::…`.
use super::types::GroupNode;
