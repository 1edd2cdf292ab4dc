//! Working groups: their queries, mutations, types and batch loaders, with
//! members, tasks, meetings and decisions.

pub(super) mod batch;
pub(super) mod mutation;
pub(super) mod query;
pub(super) mod types;
