//! Plein's domain: the values every other layer agrees on.
//!
//! Inputs become typed values here (`Email::parse`, `DisplayName::parse`, …), so
//! code further in cannot hold an invalid one. Nothing in this crate talks to a
//! database or to HTTP.

pub mod accounts;
pub mod areas;
pub mod atom;
pub mod budget;
pub mod comments;
pub mod error;
pub mod groups;
pub mod ical;
pub mod ideas;
pub mod mandates;
pub mod markdown;
pub mod notifications;
pub mod places;
pub mod plans;
pub mod roles;
pub mod rounds;
#[cfg(feature = "sea-orm")]
mod stored;
pub mod street_reports;
pub mod text;
pub mod visibility;

pub use accounts::{DisplayName, Email, Locale, Organisation, Password};
pub use areas::{AreaKind, AreaName, Slug};
pub use comments::SubjectKind;
pub use error::FieldError;
pub use ideas::{IdeaStatus, Mover};
pub use mandates::{IntakeProvenance, MandateAction, MandateActions};
pub use notifications::{Cadence, FollowKind, NotificationKind};
pub use plans::{FeedbackWindow, PlanStatus};
pub use roles::Role;
pub use text::{Location, Markdown, Reason, Tag, Title};
pub use visibility::Viewer;
