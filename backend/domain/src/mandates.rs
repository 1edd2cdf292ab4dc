//! Mandates ("machtigingen"): what a resident lets someone else do for them,
//! and the provenance of assisted intake.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Duration, Utc};

use crate::error::{FieldError, bounded_text};

/// What a delegate may do for the grantor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MandateAction {
    /// Create and publish ideas.
    PostIdeas,
    /// Support ideas (and take the support back).
    Support,
    /// Post comments and replies.
    Comment,
    /// Answer whether they come to a working group's meeting.
    Rsvp,
    /// Answer a working group's decisions.
    Vote,
    /// Vote in budget rounds (the ballot stays secret, also from the delegate's record).
    BudgetVote,
}

impl MandateAction {
    pub const ALL: [MandateAction; 6] = [
        MandateAction::PostIdeas,
        MandateAction::Support,
        MandateAction::Comment,
        MandateAction::Rsvp,
        MandateAction::Vote,
        MandateAction::BudgetVote,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MandateAction::PostIdeas => "post_ideas",
            MandateAction::Support => "support",
            MandateAction::Comment => "comment",
            MandateAction::Rsvp => "rsvp",
            MandateAction::Vote => "vote",
            MandateAction::BudgetVote => "budget_vote",
        }
    }
}

impl fmt::Display for MandateAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for MandateAction {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        MandateAction::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| format!("unknown mandate action {s:?}"))
    }
}

/// The actions of a mandate: at least one, each once, in a fixed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MandateActions(BTreeSet<MandateAction>);

impl MandateActions {
    pub fn parse(actions: &[MandateAction]) -> Result<Self, FieldError> {
        if actions.is_empty() {
            return Err(FieldError::new("actions", "choose at least one action"));
        }
        Ok(Self(actions.iter().copied().collect()))
    }

    /// Reads the stored names; unknown names are skipped, so they allow nothing.
    pub fn from_stored(names: &[String]) -> Self {
        Self(names.iter().filter_map(|n| n.parse().ok()).collect())
    }

    pub fn contains(&self, action: MandateAction) -> bool {
        self.0.contains(&action)
    }

    pub fn iter(&self) -> impl Iterator<Item = MandateAction> + '_ {
        self.0.iter().copied()
    }

    pub fn names(&self) -> Vec<String> {
        self.iter().map(|a| a.as_str().to_owned()).collect()
    }
}

/// The longest a mandate may run: a year, then the grantor renews it.
pub const MAX_MANDATE_DAYS: i64 = 366;

/// When a mandate ends: after `now`, and at most [`MAX_MANDATE_DAYS`] later.
pub fn parse_valid_until(
    raw: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, FieldError> {
    if raw <= now {
        return Err(FieldError::new("validUntil", "must be in the future"));
    }
    if raw > now + Duration::days(MAX_MANDATE_DAYS) {
        return Err(FieldError::new(
            "validUntil",
            format!("must be at most {MAX_MANDATE_DAYS} days from now"),
        ));
    }
    Ok(raw)
}

/// Assisted intake: the given name of a resident without an account, and the
/// place where a professional took their idea or comment down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntakeProvenance {
    pub resident_name: String,
    pub place: String,
}

impl IntakeProvenance {
    pub const MAX_NAME: usize = 60;
    pub const MAX_PLACE: usize = 120;

    pub fn parse(resident_name: &str, place: &str) -> Result<Self, FieldError> {
        Ok(Self {
            resident_name: bounded_text("intake.residentName", resident_name, 1, Self::MAX_NAME)?,
            place: bounded_text("intake.place", place, 1, Self::MAX_PLACE)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_round_trip_and_collapse_duplicates() {
        for action in MandateAction::ALL {
            assert_eq!(action.as_str().parse::<MandateAction>(), Ok(action));
        }
        let set = MandateActions::parse(&[MandateAction::Support, MandateAction::Support])
            .expect("actions");
        assert_eq!(set.names(), vec!["support"]);
        assert!(MandateActions::parse(&[]).is_err());
        let stored = MandateActions::from_stored(&["comment".into(), "fly".into()]);
        assert!(stored.contains(MandateAction::Comment));
        assert_eq!(stored.iter().count(), 1);
    }

    #[test]
    fn valid_until_lies_in_the_coming_year() {
        let now = Utc::now();
        assert!(parse_valid_until(now, now).is_err());
        assert!(parse_valid_until(now + Duration::days(400), now).is_err());
        assert!(parse_valid_until(now + Duration::days(30), now).is_ok());
    }

    #[test]
    fn intake_needs_a_name_and_a_place() {
        assert_eq!(
            IntakeProvenance::parse(" ", "Buurthuis").unwrap_err().field,
            "intake.residentName"
        );
        assert_eq!(
            IntakeProvenance::parse("Henk", "").unwrap_err().field,
            "intake.place"
        );
        assert!(IntakeProvenance::parse("Henk", "Buurthuis De Ster").is_ok());
    }
}
