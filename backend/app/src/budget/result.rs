//! The count of a closed round. It is counted once, when voting closes (a
//! background job queued with the phase change, or the first request that
//! finds it missing), and stored: the same ballots give the same answer every
//! time, and reading it costs a fixed number of statements.

use chrono::{DateTime, Utc};
use plein_domain::budget::{self as count, Instance, Outcome, Reason, Rule};
use plein_domain::rounds::CountRule;
use plein_storage::budget;
use plein_storage::entities::{
    budget_result_projects as line_rows, budget_results as result_rows, budget_rounds as round_rows,
};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::ballots::{count_projects, on_ballot, read_ballot};
use crate::jobs::{BackgroundJob, Claimed, Handler, JobError};
use crate::{Actor, App, AppError, AppResult};

fn rule_of(rule: CountRule) -> Rule {
    match rule {
        CountRule::Greedy => Rule::Greedy,
        CountRule::EqualShares => Rule::EqualShares,
    }
}

/// One project's line in the result.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectResult {
    pub project_id: Uuid,
    pub funded: bool,
    /// Supporters (approval) or points (cumulative).
    pub votes: u64,
    pub reason: count::Reason,
    /// Whether the other rule would have funded it.
    pub funded_by_other_rule: bool,
}

#[derive(Debug, Clone)]
pub struct RoundResult {
    pub rule: CountRule,
    pub budget: i64,
    pub budget_used: i64,
    pub budget_left: i64,
    /// Ballots counted (online and on paper).
    pub ballots: u64,
    /// People who voted online.
    pub voters: u64,
    /// People who may vote online: confirmed accounts living in the area.
    pub eligible: u64,
    pub projects: Vec<ProjectResult>,
    /// What the other rule would have spent.
    pub other_rule_budget_used: i64,
    /// When the round was counted.
    pub counted_at: DateTime<Utc>,
}

/// A reason as its stored columns: its name and the numbers of its sentence
/// (votes or supporters, place, left, cost, budget left).
type ReasonColumns = (
    &'static str,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

fn reason_columns(reason: &Reason) -> ReasonColumns {
    let n = |v: u64| Some(i64::try_from(v).unwrap_or(i64::MAX));
    match *reason {
        Reason::FundedByVotes { votes, place } => (
            "funded_by_votes",
            n(votes),
            n(place as u64),
            None,
            None,
            None,
        ),
        Reason::FundedByEqualShares { supporters, cost } => (
            "funded_by_equal_shares",
            n(supporters),
            None,
            None,
            Some(cost),
            None,
        ),
        Reason::FundedInCompletion { votes, left } => (
            "funded_in_completion",
            n(votes),
            None,
            Some(left),
            None,
            None,
        ),
        Reason::NotFundedSupportersShort {
            supporters,
            left,
            cost,
            budget_left,
        } => (
            "not_funded_supporters_short",
            n(supporters),
            None,
            Some(left),
            Some(cost),
            Some(budget_left),
        ),
        Reason::NotFundedDoesNotFit { votes, left, cost } => (
            "not_funded_does_not_fit",
            n(votes),
            None,
            Some(left),
            Some(cost),
            None,
        ),
        Reason::NoVotes => ("no_votes", None, None, None, None, None),
    }
}

fn stored_reason(row: &line_rows::Model) -> AppResult<Reason> {
    let bad = |column: &str| {
        AppError::internal(format!(
            "budget_result_projects.{column} of project {} does not fit reason {:?}",
            row.project_id, row.reason
        ))
    };
    let count = |v: Option<i64>, column: &str| -> AppResult<u64> {
        v.and_then(|v| u64::try_from(v).ok())
            .ok_or_else(|| bad(column))
    };
    let cents = |v: Option<i64>, column: &str| v.ok_or_else(|| bad(column));
    Ok(match row.reason.as_str() {
        "funded_by_votes" => Reason::FundedByVotes {
            votes: count(row.reason_votes, "reason_votes")?,
            place: count(row.reason_place, "reason_place")? as usize,
        },
        "funded_by_equal_shares" => Reason::FundedByEqualShares {
            supporters: count(row.reason_votes, "reason_votes")?,
            cost: cents(row.reason_cost, "reason_cost")?,
        },
        "funded_in_completion" => Reason::FundedInCompletion {
            votes: count(row.reason_votes, "reason_votes")?,
            left: cents(row.reason_left, "reason_left")?,
        },
        "not_funded_supporters_short" => Reason::NotFundedSupportersShort {
            supporters: count(row.reason_votes, "reason_votes")?,
            left: cents(row.reason_left, "reason_left")?,
            cost: cents(row.reason_cost, "reason_cost")?,
            budget_left: cents(row.reason_budget_left, "reason_budget_left")?,
        },
        "not_funded_does_not_fit" => Reason::NotFundedDoesNotFit {
            votes: count(row.reason_votes, "reason_votes")?,
            left: cents(row.reason_left, "reason_left")?,
            cost: cents(row.reason_cost, "reason_cost")?,
        },
        "no_votes" => Reason::NoVotes,
        _ => return Err(bad("reason")),
    })
}

/// The round as the count sees it: the feasible projects in id order and
/// every ballot in key order.
pub(super) async fn instance_of(
    db: &impl ConnectionTrait,
    round: &round_rows::Model,
) -> AppResult<(Instance, Vec<Uuid>)> {
    let projects = on_ballot(budget::projects_of(db, &[round.id]).await?);
    let ballots = budget::ballots_of(db, round.id)
        .await?
        .iter()
        .map(|b| read_ballot(round, &projects, &b.choices))
        .collect::<AppResult<Vec<_>>>()?;
    Ok((
        Instance {
            budget: round.budget,
            projects: count_projects(&projects),
            ballots,
        },
        projects.iter().map(|p| p.id).collect(),
    ))
}

/// Counts a round by both rules, off the async workers (Equal Shares can take
/// long on a large round), into the rows that store it.
pub(super) async fn count_round(
    round: &round_rows::Model,
    instance: Instance,
    project_ids: Vec<Uuid>,
    now: DateTime<Utc>,
) -> AppResult<(result_rows::Model, Vec<line_rows::Model>)> {
    let rule = rule_of(round.rule);
    let (ballots, outcome, other) = tokio::task::spawn_blocking(move || {
        let outcome: Outcome = count::count(&instance, rule);
        let other: Outcome = count::count(&instance, rule.other());
        (instance.ballots.len(), outcome, other)
    })
    .await
    .map_err(AppError::internal)?;
    let lines = project_ids
        .iter()
        .zip(&outcome.projects)
        .zip(&other.projects)
        .enumerate()
        .map(|(i, ((id, mine), theirs))| {
            let (reason, votes, place, left, cost, budget_left) = reason_columns(&mine.reason);
            line_rows::Model {
                round_id: round.id,
                project_id: *id,
                position: i32::try_from(i).unwrap_or(i32::MAX),
                funded: mine.funded,
                votes: i64::try_from(mine.votes).unwrap_or(i64::MAX),
                reason: reason.to_owned(),
                reason_votes: votes,
                reason_place: place,
                reason_left: left,
                reason_cost: cost,
                reason_budget_left: budget_left,
                funded_by_other_rule: theirs.funded,
            }
        })
        .collect();
    Ok((
        result_rows::Model {
            round_id: round.id,
            rule: round.rule,
            budget_used: outcome.budget_used,
            other_rule_budget_used: other.budget_used,
            ballots: i64::try_from(ballots).unwrap_or(i64::MAX),
            counted_at: now,
        },
        lines,
    ))
}

impl App {
    /// The count of a round whose voting has closed; `None` before that. It
    /// reads the stored count; the first request to find none counts the
    /// round and stores it.
    pub async fn budget_round_result(
        &self,
        _actor: &Actor,
        round_id: Uuid,
    ) -> AppResult<Option<RoundResult>> {
        let db = &self.db.conn;
        let Some(round) = budget::find_round(db, round_id).await? else {
            return Ok(None);
        };
        if !round.phase.voting_closed() {
            return Ok(None);
        }
        let stored = match budget::find_result(db, round.id).await? {
            Some(stored) => stored,
            None => {
                self.store_budget_result(round.id).await?;
                budget::find_result(db, round.id)
                    .await?
                    .ok_or_else(|| AppError::internal("the stored count is missing"))?
            }
        };
        let lines = budget::result_projects_of(db, round.id).await?;
        let area = plein_storage::areas::find(db, round.area_id)
            .await?
            .ok_or(AppError::NotFound("area"))?;
        Ok(Some(RoundResult {
            rule: stored.rule,
            budget: round.budget,
            budget_used: stored.budget_used,
            budget_left: round.budget - stored.budget_used,
            ballots: u64::try_from(stored.ballots).unwrap_or(0),
            voters: budget::voter_count(db, round.id).await?,
            eligible: budget::eligible_count(db, &area.path).await?,
            other_rule_budget_used: stored.other_rule_budget_used,
            counted_at: stored.counted_at,
            projects: lines
                .iter()
                .map(|line| {
                    Ok(ProjectResult {
                        project_id: line.project_id,
                        funded: line.funded,
                        votes: u64::try_from(line.votes).unwrap_or(0),
                        reason: stored_reason(line)?,
                        funded_by_other_rule: line.funded_by_other_rule,
                    })
                })
                .collect::<AppResult<Vec<_>>>()?,
        }))
    }

    /// Counts a closed round and stores the count, unless it is stored
    /// already. Ballots and projects no longer change once voting has
    /// closed, so the count is made outside the writing transaction; the
    /// transaction stores it only when no other server or request has, so
    /// racing callers store it once. Answers whether this call stored it.
    pub async fn store_budget_result(&self, round_id: Uuid) -> AppResult<bool> {
        let db = &self.db.conn;
        let Some(round) = budget::find_round(db, round_id).await? else {
            return Ok(false);
        };
        if !round.phase.voting_closed() || budget::find_result(db, round.id).await?.is_some() {
            return Ok(false);
        }
        let (instance, project_ids) = instance_of(db, &round).await?;
        let (result, lines) = count_round(&round, instance, project_ids, self.now()).await?;
        let txn = self.db.begin_write().await?;
        let stored = budget::store_result(&txn, result, lines).await?;
        txn.commit().await?;
        if stored {
            tracing::info!(%round_id, "budget round counted and stored");
        }
        Ok(stored)
    }

    /// The round as the count sees it: the feasible projects in id order and
    /// every ballot in key order.
    pub(super) async fn budget_instance(&self, round: &round_rows::Model) -> AppResult<Instance> {
        Ok(instance_of(&self.db.conn, round).await?.0)
    }

    /// A fresh count of a closed round, stored nowhere: to compare with the
    /// stored one.
    pub async fn recount_budget_round(
        &self,
        round_id: Uuid,
    ) -> AppResult<Option<Vec<ProjectResult>>> {
        let db = &self.db.conn;
        let Some(round) = budget::find_round(db, round_id).await? else {
            return Ok(None);
        };
        let (instance, project_ids) = instance_of(db, &round).await?;
        let (_, lines) = count_round(&round, instance, project_ids, self.now()).await?;
        Ok(Some(
            lines
                .iter()
                .map(|line| {
                    Ok(ProjectResult {
                        project_id: line.project_id,
                        funded: line.funded,
                        votes: u64::try_from(line.votes).unwrap_or(0),
                        reason: stored_reason(line)?,
                        funded_by_other_rule: line.funded_by_other_rule,
                    })
                })
                .collect::<AppResult<Vec<_>>>()?,
        ))
    }
}

/// Counts a round whose voting has closed and stores the count: queued with
/// the phase change that closes voting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountJob {
    pub round_id: Uuid,
}

impl BackgroundJob for CountJob {
    const KIND: &'static str = "budget.count";
}

impl CountJob {
    /// One job per round, whichever server queues it.
    pub(super) fn id(&self) -> Uuid {
        use sha2::{Digest, Sha256};
        let hash = Sha256::digest(format!("plein budget count {}", self.round_id));
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&hash[..16]);
        uuid::Builder::from_custom_bytes(bytes).into_uuid()
    }
}

pub struct CountJobHandler {
    pub app: App,
}

#[async_trait::async_trait]
impl Handler for CountJobHandler {
    type Job = CountJob;

    async fn run(&self, claimed: Claimed<CountJob>) -> Result<(), JobError> {
        self.app
            .store_budget_result(claimed.job.round_id)
            .await
            .map(|_| ())
            .map_err(|e| JobError::transient(e.to_string()))
    }
}
