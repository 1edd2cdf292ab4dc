//! Reports of problems in the street ("meldingen"): categories, parties and
//! routes for admins, filing and joining for residents, handling through a
//! signed link for parties, the queue for professionals, and the public view.

pub(super) mod batch;
pub(super) mod mutation;
pub(super) mod query;
pub(super) mod types;
