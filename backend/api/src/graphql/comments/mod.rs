//! Comments: threads on ideas, plans and groups, and the live feed of new ones.

pub(super) mod mutation;
pub(super) mod query;
pub(super) mod subscription;
pub(super) mod types;

// Another feature's node, which `types` names as `super::…`.
use super::types::IntakeNode;

pub(crate) use types::thread_page;
