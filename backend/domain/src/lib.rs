//! Plein's domain: the values every other layer agrees on.
//!
//! Inputs become typed values here (`Email::parse`, `DisplayName::parse`, …), so
//! code further in cannot hold an invalid one. Nothing in this crate talks to a
//! database or to HTTP.

pub mod accounts;
pub mod areas;
pub mod error;
pub mod roles;

pub use accounts::{DisplayName, Email, Locale, Organisation, Password};
pub use areas::{AreaKind, AreaName, Slug};
pub use error::FieldError;
pub use roles::Role;
