//! Budget rounds ("begrotingsrondes"): the phases a round moves through, their
//! dates, and the choices fixed before voting opens. The count itself is in
//! [`crate::budget`].

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};

use crate::FieldError;

/// Where a round stands. Phases only move forward.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Phase {
    /// Residents submit projects.
    Submitting,
    /// Professionals assess them.
    Assessment,
    /// Eligible residents vote.
    Voting,
    /// The count is published.
    Result,
    /// The funded projects are carried out.
    Realisation,
}

impl Phase {
    pub const ALL: [Phase; 5] = [
        Phase::Submitting,
        Phase::Assessment,
        Phase::Voting,
        Phase::Result,
        Phase::Realisation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Submitting => "submitting",
            Phase::Assessment => "assessment",
            Phase::Voting => "voting",
            Phase::Result => "result",
            Phase::Realisation => "realisation",
        }
    }

    /// The phase after this one, if any.
    pub fn next(self) -> Option<Phase> {
        let i = Phase::ALL.iter().position(|p| *p == self)?;
        Phase::ALL.get(i + 1).copied()
    }

    /// Whether voting has closed: the count may be shown.
    pub fn voting_closed(self) -> bool {
        self > Phase::Voting
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Phase {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Phase::ALL
            .into_iter()
            .find(|p| p.as_str() == s)
            .ok_or_else(|| format!("unknown phase {s:?}"))
    }
}

/// When each phase starts; each after the one before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhaseDates {
    pub submitting_at: DateTime<Utc>,
    pub assessment_at: DateTime<Utc>,
    pub voting_at: DateTime<Utc>,
    pub result_at: DateTime<Utc>,
    pub realisation_at: DateTime<Utc>,
}

impl PhaseDates {
    pub fn parse(
        submitting_at: DateTime<Utc>,
        assessment_at: DateTime<Utc>,
        voting_at: DateTime<Utc>,
        result_at: DateTime<Utc>,
        realisation_at: DateTime<Utc>,
    ) -> Result<Self, FieldError> {
        let dates = Self {
            submitting_at,
            assessment_at,
            voting_at,
            result_at,
            realisation_at,
        };
        let order = [
            ("assessmentAt", "submittingAt", assessment_at, submitting_at),
            ("votingAt", "assessmentAt", voting_at, assessment_at),
            ("resultAt", "votingAt", result_at, voting_at),
            ("realisationAt", "resultAt", realisation_at, result_at),
        ];
        for (field, before, at, previous) in order {
            if at <= previous {
                return Err(FieldError::new(field, format!("must be after {before}")));
            }
        }
        Ok(dates)
    }

    /// When `phase` starts.
    pub fn start_of(&self, phase: Phase) -> DateTime<Utc> {
        match phase {
            Phase::Submitting => self.submitting_at,
            Phase::Assessment => self.assessment_at,
            Phase::Voting => self.voting_at,
            Phase::Result => self.result_at,
            Phase::Realisation => self.realisation_at,
        }
    }

    /// The phase these dates put the round in at `now` (submitting before it starts).
    pub fn phase_at(&self, now: DateTime<Utc>) -> Phase {
        Phase::ALL
            .into_iter()
            .rev()
            .find(|p| self.start_of(*p) <= now)
            .unwrap_or(Phase::Submitting)
    }
}

/// How a round is counted; chosen before voting opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CountRule {
    /// The most-voted projects that still fit, in order.
    Greedy,
    /// The Method of Equal Shares, completed.
    EqualShares,
}

impl CountRule {
    pub const ALL: [CountRule; 2] = [CountRule::Greedy, CountRule::EqualShares];

    pub fn as_str(self) -> &'static str {
        match self {
            CountRule::Greedy => "greedy",
            CountRule::EqualShares => "equal_shares",
        }
    }

    pub fn other(self) -> CountRule {
        match self {
            CountRule::Greedy => CountRule::EqualShares,
            CountRule::EqualShares => CountRule::Greedy,
        }
    }
}

impl fmt::Display for CountRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CountRule {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CountRule::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown counting rule {s:?}"))
    }
}

/// The shape of a ballot; its limits are columns of their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BallotShape {
    /// Pick projects (optionally at most N, or at most a total cost).
    Approval,
    /// Spread a number of points.
    Cumulative,
}

impl BallotShape {
    pub const ALL: [BallotShape; 2] = [BallotShape::Approval, BallotShape::Cumulative];

    pub fn as_str(self) -> &'static str {
        match self {
            BallotShape::Approval => "approval",
            BallotShape::Cumulative => "cumulative",
        }
    }
}

impl fmt::Display for BallotShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for BallotShape {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        BallotShape::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown ballot kind {s:?}"))
    }
}

/// What happened to a project, in its public history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProjectChange {
    Submitted,
    Feasible,
    NotFeasible,
    Cost,
}

impl ProjectChange {
    pub const ALL: [ProjectChange; 4] = [
        ProjectChange::Submitted,
        ProjectChange::Feasible,
        ProjectChange::NotFeasible,
        ProjectChange::Cost,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProjectChange::Submitted => "submitted",
            ProjectChange::Feasible => "feasible",
            ProjectChange::NotFeasible => "not_feasible",
            ProjectChange::Cost => "cost",
        }
    }
}

impl fmt::Display for ProjectChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ProjectChange {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ProjectChange::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown project change {s:?}"))
    }
}

/// An amount in whole cents that must be above zero.
pub fn positive_cents(field: &'static str, cents: i64) -> Result<i64, FieldError> {
    if cents > 0 {
        Ok(cents)
    } else {
        Err(FieldError::new(field, "must be more than zero"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_phases_move_forward() {
        for p in Phase::ALL {
            assert_eq!(p.as_str().parse::<Phase>(), Ok(p));
        }
        for r in CountRule::ALL {
            assert_eq!(r.as_str().parse::<CountRule>(), Ok(r));
        }
        assert_eq!(Phase::Voting.next(), Some(Phase::Result));
        assert_eq!(Phase::Realisation.next(), None);
        assert!(Phase::Result.voting_closed());
        assert!(!Phase::Voting.voting_closed());
    }

    #[test]
    fn dates_must_follow_each_other() {
        let t = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).expect("time");
        let day = chrono::Duration::days(1);
        let dates =
            PhaseDates::parse(t, t + day, t + day * 2, t + day * 3, t + day * 4).expect("in order");
        assert_eq!(dates.phase_at(t - day), Phase::Submitting);
        assert_eq!(dates.phase_at(t + day * 2), Phase::Voting);
        let err = PhaseDates::parse(t, t + day, t + day, t + day * 3, t + day * 4)
            .expect_err("voting not after assessment");
        assert_eq!(err.field, "votingAt");
    }
}
