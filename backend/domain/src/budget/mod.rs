//! The count of a budget round (burgerbegroting): which projects are funded.
//!
//! Pure code: an [`Instance`] (budget, projects, ballots) goes in, an [`Outcome`]
//! (per project funded or not, and why) comes out. Money is in whole cents
//! ([`Cents`]); the Method of Equal Shares works with exact fractions, never
//! floating point, so the same ballots always give the same result. See
//! docs/budget-count.md for the rules, the tie-break and the sentences.

mod count;
mod money;
pub mod pabulib;
mod rational;

use std::fmt;
use std::str::FromStr;

pub use count::{CountOptions, count, count_with};
pub use money::{euros_en, euros_nl};

/// Money in whole euro cents. Never a float.
pub type Cents = i64;

/// How the winning projects are chosen from the ballots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Rule {
    /// The most-voted projects that still fit, in order of votes.
    Greedy,
    /// The Method of Equal Shares (cost satisfaction), completed by raising
    /// every voter's share one euro at a time, then greedy for what is left.
    EqualShares,
}

impl Rule {
    pub const ALL: [Rule; 2] = [Rule::Greedy, Rule::EqualShares];

    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Greedy => "greedy",
            Rule::EqualShares => "equal_shares",
        }
    }

    /// The other rule, for "what the other rule would have funded".
    pub fn other(self) -> Rule {
        match self {
            Rule::Greedy => Rule::EqualShares,
            Rule::EqualShares => Rule::Greedy,
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown counting rule {0:?} (expected \"greedy\" or \"equal_shares\")")]
pub struct UnknownRule(pub String);

impl FromStr for Rule {
    type Err = UnknownRule;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "greedy" => Ok(Rule::Greedy),
            "equal_shares" => Ok(Rule::EqualShares),
            other => Err(UnknownRule(other.to_owned())),
        }
    }
}

/// What a ballot looks like in a round, chosen before voting opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BallotKind {
    /// Pick any projects; optionally at most `max_projects` of them, or at most
    /// `max_total` cents together (the "knapsack" ballot).
    Approval {
        max_projects: Option<u32>,
        max_total: Option<Cents>,
    },
    /// Spread exactly `points` points over the projects.
    Cumulative { points: u32 },
}

/// A project on the ballot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// A stable id (a uuid, or the project id of a pabulib file). Ties are
    /// broken on it (see docs/budget-count.md).
    pub key: String,
    pub cost: Cents,
}

/// One ballot; project numbers are indexes into [`Instance::projects`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ballot {
    Approval(Vec<usize>),
    Cumulative(Vec<(usize, u32)>),
}

/// Everything the count needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    pub budget: Cents,
    pub projects: Vec<Project>,
    pub ballots: Vec<Ballot>,
}

/// Why a ballot cannot be accepted. [`BallotError::field`] names the input field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BallotError {
    #[error("projects: choose at least one project")]
    Empty,
    #[error("projects: project number {index} is not on this ballot")]
    UnknownProject { index: usize },
    #[error("projects: project number {index} is chosen more than once")]
    DuplicateProject { index: usize },
    #[error("projects: at most {max} projects may be chosen, this ballot has {got}")]
    TooManyProjects { max: u32, got: usize },
    #[error(
        "projects: the chosen projects cost {total} cents together, at most {max} may be chosen"
    )]
    OverBudget { max: Cents, total: Cents },
    #[error("points: project number {index} has 0 points; leave it out instead")]
    ZeroPoints { index: usize },
    #[error("points: the points must add up to {expected}, they add up to {got}")]
    PointsDontAddUp { expected: u32, got: u64 },
    #[error("projects: this round uses {expected} ballots")]
    WrongKind { expected: &'static str },
}

impl BallotError {
    /// The input field the error is about: `projects` or `points`.
    pub fn field(&self) -> &'static str {
        match self {
            BallotError::ZeroPoints { .. } | BallotError::PointsDontAddUp { .. } => "points",
            _ => "projects",
        }
    }
}

/// Checks a ballot against the round's ballot kind and projects.
pub fn validate_ballot(
    kind: &BallotKind,
    projects: &[Project],
    ballot: &Ballot,
) -> Result<(), BallotError> {
    let chosen: Vec<usize> = match ballot {
        Ballot::Approval(list) => list.clone(),
        Ballot::Cumulative(list) => list.iter().map(|&(i, _)| i).collect(),
    };
    if chosen.is_empty() {
        return Err(BallotError::Empty);
    }
    let mut seen = vec![false; projects.len()];
    for &index in &chosen {
        let Some(slot) = seen.get_mut(index) else {
            return Err(BallotError::UnknownProject { index });
        };
        if *slot {
            return Err(BallotError::DuplicateProject { index });
        }
        *slot = true;
    }
    match (kind, ballot) {
        (
            BallotKind::Approval {
                max_projects,
                max_total,
            },
            Ballot::Approval(list),
        ) => {
            if let Some(max) = *max_projects
                && list.len() > max as usize
            {
                return Err(BallotError::TooManyProjects {
                    max,
                    got: list.len(),
                });
            }
            if let Some(max) = *max_total {
                let total: Cents = list
                    .iter()
                    .map(|&i| projects[i].cost)
                    .fold(0, Cents::saturating_add);
                if total > max {
                    return Err(BallotError::OverBudget { max, total });
                }
            }
            Ok(())
        }
        (BallotKind::Cumulative { points }, Ballot::Cumulative(list)) => {
            if let Some(&(index, _)) = list.iter().find(|&&(_, p)| p == 0) {
                return Err(BallotError::ZeroPoints { index });
            }
            let got: u64 = list.iter().map(|&(_, p)| u64::from(p)).sum();
            if got != u64::from(*points) {
                return Err(BallotError::PointsDontAddUp {
                    expected: *points,
                    got,
                });
            }
            Ok(())
        }
        (BallotKind::Approval { .. }, Ballot::Cumulative(_)) => Err(BallotError::WrongKind {
            expected: "approval",
        }),
        (BallotKind::Cumulative { .. }, Ballot::Approval(_)) => Err(BallotError::WrongKind {
            expected: "cumulative",
        }),
    }
}

/// The result of a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub rule: Rule,
    /// One per project, in the order of [`Instance::projects`].
    pub projects: Vec<ProjectOutcome>,
    pub budget_used: Cents,
    /// The number of ballots counted (the turnout).
    pub voters: usize,
    /// The round's budget (so `budget - budget_used` is what is left).
    pub budget: Cents,
}

impl Outcome {
    /// The indexes of the funded projects, in instance order.
    pub fn funded(&self) -> Vec<usize> {
        self.projects
            .iter()
            .enumerate()
            .filter(|(_, p)| p.funded)
            .map(|(i, _)| i)
            .collect()
    }

    pub fn budget_left(&self) -> Cents {
        self.budget - self.budget_used
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectOutcome {
    pub funded: bool,
    /// Approval: the number of supporters. Cumulative: the points.
    pub votes: u64,
    pub reason: Reason,
}

/// Why a project was (not) funded: the data of one sentence for residents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// Greedy: funded in order of votes; `place` is its place in that order (1 = most votes).
    FundedByVotes { votes: u64, place: usize },
    /// Equal Shares: its supporters paid for it together from their equal shares.
    FundedByEqualShares { supporters: u64, cost: Cents },
    /// Equal Shares: funded when the money left was handed out by votes.
    FundedInCompletion { votes: u64, left: Cents },
    /// Equal Shares: the supporters together had `left` of their shares, less
    /// than the cost, and it did not fit in what was left afterwards either
    /// (`budget_left`).
    NotFundedSupportersShort {
        supporters: u64,
        left: Cents,
        cost: Cents,
        budget_left: Cents,
    },
    /// When it was its turn, only `left` was left of the budget.
    NotFundedDoesNotFit {
        votes: u64,
        left: Cents,
        cost: Cents,
    },
    /// Nobody voted for it.
    NoVotes,
}

impl Reason {
    /// One sentence in Dutch (B1) for the result page.
    pub fn sentence_nl(&self) -> String {
        match self {
            Reason::FundedByVotes { votes, place } => format!(
                "Gekozen: met {votes} {} op plaats {place}, en het paste nog in het budget.",
                plural_nl(*votes, "stem", "stemmen")
            ),
            Reason::FundedByEqualShares { supporters, cost } => format!(
                "Gekozen: de {supporters} {} konden de {} samen betalen uit hun gelijke deel van het budget.",
                plural_nl(*supporters, "steunbetuiger", "steunbetuigers"),
                euros_nl(*cost)
            ),
            Reason::FundedInCompletion { votes, left } => format!(
                "Gekozen bij het verdelen van het geld dat over was: met {votes} {} paste het nog in de {} die over was.",
                plural_nl(*votes, "stem", "stemmen"),
                euros_nl(*left)
            ),
            Reason::NotFundedSupportersShort {
                supporters,
                left,
                cost,
                ..
            } => format!(
                "Niet gekozen: de {supporters} {} hadden samen nog {} van hun deel over; het project kost {}.",
                plural_nl(*supporters, "steunbetuiger", "steunbetuigers"),
                euros_nl(*left),
                euros_nl(*cost)
            ),
            Reason::NotFundedDoesNotFit { left, cost, .. } => format!(
                "Niet gekozen: toen dit project aan de beurt was, was er nog {} over; het project kost {}.",
                euros_nl(*left),
                euros_nl(*cost)
            ),
            Reason::NoVotes => "Niet gekozen: niemand heeft op dit project gestemd.".to_owned(),
        }
    }

    /// The same sentence in English.
    pub fn sentence_en(&self) -> String {
        match self {
            Reason::FundedByVotes { votes, place } => format!(
                "Funded: {votes} {}, in place {place}, and it still fitted in the budget.",
                plural_en(*votes, "vote", "votes")
            ),
            Reason::FundedByEqualShares { supporters, cost } => format!(
                "Funded: its {supporters} {} could pay the {} together from their equal shares of the budget.",
                plural_en(*supporters, "supporter", "supporters"),
                euros_en(*cost)
            ),
            Reason::FundedInCompletion { votes, left } => format!(
                "Funded when the money left over was handed out: with {votes} {} it still fitted in the {} left.",
                plural_en(*votes, "vote", "votes"),
                euros_en(*left)
            ),
            Reason::NotFundedSupportersShort {
                supporters,
                left,
                cost,
                ..
            } => format!(
                "Not funded: its {supporters} {} had {} left of their share; it costs {}.",
                plural_en(*supporters, "supporter", "supporters"),
                euros_en(*left),
                euros_en(*cost)
            ),
            Reason::NotFundedDoesNotFit { left, cost, .. } => format!(
                "Not funded: when it was its turn, {} was left; it costs {}.",
                euros_en(*left),
                euros_en(*cost)
            ),
            Reason::NoVotes => "Not funded: nobody voted for it.".to_owned(),
        }
    }
}

fn plural_nl(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

fn plural_en(n: u64, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests;
