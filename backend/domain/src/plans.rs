//! A plan's lifecycle and its feedback window.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};

use crate::FieldError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PlanStatus {
    Draft,
    Consulting,
    Considering,
    Decided,
    InProgress,
    Done,
    Cancelled,
}

impl PlanStatus {
    pub const ALL: [PlanStatus; 7] = [
        PlanStatus::Draft,
        PlanStatus::Consulting,
        PlanStatus::Considering,
        PlanStatus::Decided,
        PlanStatus::InProgress,
        PlanStatus::Done,
        PlanStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Consulting => "consulting",
            PlanStatus::Considering => "considering",
            PlanStatus::Decided => "decided",
            PlanStatus::InProgress => "in_progress",
            PlanStatus::Done => "done",
            PlanStatus::Cancelled => "cancelled",
        }
    }

    /// Seen by everyone, not only by its author and admins.
    pub fn is_public(self) -> bool {
        self != PlanStatus::Draft
    }

    fn rank(self) -> Option<usize> {
        PlanStatus::ALL[..6].iter().position(|s| *s == self)
    }

    /// Plans move forward along draft → consulting → considering → decided →
    /// in progress → done (steps may be skipped), or are cancelled before done.
    pub fn can_move_to(self, to: PlanStatus) -> bool {
        match (self.rank(), to) {
            (None, _) => false,
            (Some(_), PlanStatus::Cancelled) => self != PlanStatus::Done,
            (Some(from), to) => to.rank().is_some_and(|to| to > from),
        }
    }
}

impl fmt::Display for PlanStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PlanStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PlanStatus::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown plan status {s:?}"))
    }
}

/// When residents can react to a plan: from `opens_at` up to (not including)
/// `closes_at`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedbackWindow {
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
}

impl FeedbackWindow {
    pub fn parse(opens_at: DateTime<Utc>, closes_at: DateTime<Utc>) -> Result<Self, FieldError> {
        if closes_at <= opens_at {
            return Err(FieldError::new(
                "feedbackClosesAt",
                "must be after feedbackOpensAt",
            ));
        }
        Ok(Self {
            opens_at,
            closes_at,
        })
    }

    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.opens_at <= now && now < self.closes_at
    }

    pub fn has_closed(&self, now: DateTime<Utc>) -> bool {
        now >= self.closes_at
    }
}

#[cfg(test)]
mod tests {
    use super::PlanStatus::*;
    use super::*;

    #[test]
    fn plans_move_forward_or_are_cancelled() {
        assert!(Draft.can_move_to(Consulting));
        assert!(Consulting.can_move_to(Decided));
        assert!(!Decided.can_move_to(Consulting));
        assert!(InProgress.can_move_to(Cancelled));
        assert!(!Done.can_move_to(Cancelled));
        assert!(!Cancelled.can_move_to(Consulting));
        for status in PlanStatus::ALL {
            assert_eq!(status.as_str().parse::<PlanStatus>(), Ok(status));
        }
    }

    #[test]
    fn the_window_is_half_open() {
        let t = Utc::now();
        let window = FeedbackWindow::parse(t, t + chrono::Duration::days(1)).expect("valid");
        assert!(window.is_open(t));
        assert!(!window.is_open(t + chrono::Duration::days(1)));
        assert!(FeedbackWindow::parse(t, t).is_err());
    }
}
