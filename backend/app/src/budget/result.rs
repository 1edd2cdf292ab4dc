//! The count of a closed round, recomputed from the stored ballots: the same
//! ballots give the same answer every time.

use plein_domain::budget::{self as count, Instance, Outcome, Rule};
use plein_domain::rounds::CountRule;
use plein_storage::budget;
use uuid::Uuid;

use super::ballots::{count_projects, on_ballot, read_ballot};
use crate::{Actor, App, AppError, AppResult};

fn rule_of(rule: CountRule) -> Rule {
    match rule {
        CountRule::Greedy => Rule::Greedy,
        CountRule::EqualShares => Rule::EqualShares,
    }
}

/// One project's line in the result.
#[derive(Debug, Clone)]
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
}

impl App {
    /// The count of a round whose voting has closed; `None` before that.
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
        let instance = self.budget_instance(&round).await?;
        let projects = on_ballot(budget::projects_of(db, &[round.id]).await?);
        let rule = rule_of(round.rule);
        // Counting is CPU work (Equal Shares can take long on a large round):
        // off the async workers, so other requests go on meanwhile.
        let (ballot_count, outcome, other) = tokio::task::spawn_blocking(move || {
            let outcome: Outcome = count::count(&instance, rule);
            let other: Outcome = count::count(&instance, rule.other());
            (instance.ballots.len() as u64, outcome, other)
        })
        .await
        .map_err(AppError::internal)?;
        let area = plein_storage::areas::find(db, round.area_id)
            .await?
            .ok_or(AppError::NotFound("area"))?;
        Ok(Some(RoundResult {
            rule: round.rule,
            budget: round.budget,
            budget_used: outcome.budget_used,
            budget_left: outcome.budget_left(),
            ballots: ballot_count,
            voters: budget::voter_count(db, round.id).await?,
            eligible: budget::eligible_count(db, &area.path).await?,
            other_rule_budget_used: other.budget_used,
            projects: projects
                .iter()
                .zip(outcome.projects)
                .zip(other.projects)
                .map(|((p, mine), theirs)| ProjectResult {
                    project_id: p.id,
                    funded: mine.funded,
                    votes: mine.votes,
                    reason: mine.reason,
                    funded_by_other_rule: theirs.funded,
                })
                .collect(),
        }))
    }

    /// The round as the count sees it: the feasible projects in id order and
    /// every ballot in key order.
    pub(super) async fn budget_instance(
        &self,
        round: &plein_storage::entities::budget_rounds::Model,
    ) -> AppResult<Instance> {
        let db = &self.db.conn;
        let projects = on_ballot(budget::projects_of(db, &[round.id]).await?);
        let ballots = budget::ballots_of(db, round.id)
            .await?
            .iter()
            .map(|b| read_ballot(round, &projects, &b.choices))
            .collect::<AppResult<Vec<_>>>()?;
        Ok(Instance {
            budget: round.budget,
            projects: count_projects(&projects),
            ballots,
        })
    }
}
