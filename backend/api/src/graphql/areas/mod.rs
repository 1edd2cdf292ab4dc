//! Areas: the tree from municipality down to street.

pub(super) mod mutation;
pub(super) mod query;
pub(super) mod types;
