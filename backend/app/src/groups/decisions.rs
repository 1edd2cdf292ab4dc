//! A group's decisions: a coordinator proposes, members answer agree,
//! abstain, disagree or block until it closes, and the outcome is recorded.
//! Only members (and admins) see them, also in public groups.

use std::collections::HashMap;

use chrono::{DateTime, SubsecRound, Utc};
use plein_domain::Title;
use plein_domain::groups::{MAX_GROUP_TEXT, VoteAnswer, check_closing_time};
use plein_storage::entities::{decision_votes, group_decisions as rows};
use plein_storage::groups;
use uuid::Uuid;

use super::access;
use crate::notifications::{Event, enqueue_event, enqueue_event_at};
use crate::page::{Page, PageArgs, offset_page};
use crate::{Actor, App, AppError, AppResult};

/// The longest reason with an answer.
const MAX_REASON: usize = 1_000;

#[derive(Debug, Clone)]
pub struct Decision {
    pub id: Uuid,
    pub group_id: Uuid,
    pub title: String,
    /// Markdown as written.
    pub proposal: String,
    pub closes_at: DateTime<Utc>,
    pub outcome: Option<String>,
    pub outcome_at: Option<DateTime<Utc>>,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

impl From<rows::Model> for Decision {
    fn from(row: rows::Model) -> Self {
        Self {
            id: row.id,
            group_id: row.group_id,
            title: row.title,
            proposal: row.proposal,
            closes_at: row.closes_at,
            outcome: row.outcome,
            outcome_at: row.outcome_at,
            created_by: row.created_by,
            created_at: row.created_at,
        }
    }
}

impl Decision {
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        now < self.closes_at
    }

    pub fn proposal_html(&self) -> String {
        plein_domain::markdown::to_safe_html(&self.proposal)
    }

    pub fn outcome_html(&self) -> Option<String> {
        self.outcome
            .as_deref()
            .map(plein_domain::markdown::to_safe_html)
    }
}

/// One member's answer.
#[derive(Debug, Clone)]
pub struct Vote {
    pub decision_id: Uuid,
    pub user_id: Uuid,
    pub answer: VoteAnswer,
    pub reason: Option<String>,
    pub updated_at: DateTime<Utc>,
    /// Who answered for the member under a mandate.
    pub acted_by: Option<Uuid>,
}

impl From<decision_votes::Model> for Vote {
    fn from(row: decision_votes::Model) -> Self {
        Self {
            decision_id: row.decision_id,
            user_id: row.user_id,
            answer: row.answer,
            reason: row.reason,
            updated_at: row.updated_at,
            acted_by: row.acted_by,
        }
    }
}

/// How many answered what.
#[derive(Debug, Clone, Copy, Default)]
pub struct DecisionTally {
    pub agree: i64,
    pub abstain: i64,
    pub disagree: i64,
    pub block: i64,
}

pub struct NewDecisionInput {
    pub group_id: Uuid,
    pub title: String,
    pub proposal: String,
    pub closes_at: DateTime<Utc>,
}

/// "Closing soon" goes out this long before a proposal closes.
const CLOSING_NOTICE: chrono::Duration = chrono::Duration::hours(24);

impl App {
    /// A coordinator opens a proposal; the members hear of it, and again a
    /// day before it closes.
    pub async fn open_decision(
        &self,
        actor: &Actor,
        input: NewDecisionInput,
    ) -> AppResult<Decision> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        let title = Title::parse(&input.title)?.into_inner();
        let proposal = plein_domain::Markdown::parse("proposal", &input.proposal, MAX_GROUP_TEXT)?
            .into_inner();
        let now = self.now();
        // Kept as the databases keep it (PostgreSQL to the microsecond), so
        // the closing-soon job recognises it.
        let closes_at = input.closes_at.trunc_subsecs(6);
        check_closing_time(closes_at, now)?;
        let txn = self.db.begin_write().await?;
        let user = access(&txn, actor, input.group_id)
            .await?
            .require_coordinator(actor)?
            .clone();
        let row = rows::Model {
            id: Uuid::now_v7(),
            group_id: input.group_id,
            title,
            proposal,
            closes_at,
            outcome: None,
            outcome_at: None,
            created_by: Some(user.id),
            created_at: now,
        };
        groups::insert_decision(&txn, row.clone()).await?;
        enqueue_event(
            &txn,
            &Event::DecisionOpened {
                decision_id: row.id,
                actor_id: user.id,
            },
            now,
        )
        .await?;
        if closes_at - now > CLOSING_NOTICE {
            enqueue_event_at(
                &txn,
                &Event::DecisionClosing {
                    decision_id: row.id,
                    closes_at,
                },
                closes_at - CLOSING_NOTICE,
                now,
            )
            .await?;
        }
        txn.commit().await?;
        Ok(row.into())
    }

    /// A member answers a proposal; answering again replaces the answer,
    /// until it closes.
    pub async fn vote(
        &self,
        actor: &Actor,
        decision_id: Uuid,
        answer: VoteAnswer,
        reason: Option<String>,
        on_behalf_of: Option<Uuid>,
    ) -> AppResult<Vote> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        let reason = match reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            None => None,
            Some(r)
                if r.chars().count() > MAX_REASON
                    || r.chars().any(|c| c.is_control() && c != '\n') =>
            {
                return Err(AppError::bad_input(
                    "reason",
                    format!("must be at most {MAX_REASON} characters of plain text"),
                ));
            }
            Some(r) => Some(r.to_owned()),
        };
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let who = self
            .act_as(
                &txn,
                actor,
                on_behalf_of,
                plein_domain::MandateAction::Vote,
                now,
            )
            .await?;
        let actor = &who.actor;
        let decision = groups::find_decision(&txn, decision_id)
            .await?
            .ok_or(AppError::NotFound("decision"))?;
        let group = access(&txn, actor, decision.group_id)
            .await
            .map_err(|_| AppError::NotFound("decision"))?;
        if group.role.is_none() {
            // Only members vote. Those who may read the proposals (admins, a
            // member's delegate) hear why; to anyone else there is none.
            drop(txn);
            return Err(
                if self
                    .require_decision_reader(actor, decision.group_id)
                    .await?
                {
                    AppError::Forbidden("only members of the group may do this")
                } else {
                    AppError::NotFound("decision")
                },
            );
        }
        let user = group.require_member(actor)?.clone();
        if decision.closes_at <= now {
            return Err(AppError::conflict(
                "decisionId",
                "the proposal has closed; answers are no longer taken",
            ));
        }
        let row = decision_votes::Model {
            decision_id,
            user_id: user.id,
            answer,
            reason,
            updated_at: now,
            acted_by: who.acting.acted_by,
            mandate_id: who.acting.mandate_id,
        };
        groups::upsert_vote(&txn, row.clone()).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// A coordinator records what was decided, once the proposal has closed.
    pub async fn record_outcome(
        &self,
        actor: &Actor,
        decision_id: Uuid,
        outcome: &str,
    ) -> AppResult<Decision> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        let outcome =
            plein_domain::Markdown::parse("outcome", outcome, MAX_GROUP_TEXT)?.into_inner();
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let mut decision = groups::find_decision(&txn, decision_id)
            .await?
            .ok_or(AppError::NotFound("decision"))?;
        let group = access(&txn, actor, decision.group_id)
            .await
            .map_err(|_| AppError::NotFound("decision"))?;
        if group.role.is_none() && !actor.is_admin() {
            return Err(AppError::NotFound("decision"));
        }
        group.require_coordinator(actor)?;
        if decision.closes_at > now {
            return Err(AppError::conflict(
                "decisionId",
                "the proposal is still open; record the outcome once it has closed",
            ));
        }
        decision.outcome = Some(outcome);
        decision.outcome_at = Some(now);
        groups::save_decision(&txn, decision.clone()).await?;
        txn.commit().await?;
        Ok(decision.into())
    }

    /// Whether `actor` sees a group's decisions: its members, admins, and
    /// whoever holds a member's active mandate to vote.
    pub(crate) async fn require_decision_reader(
        &self,
        actor: &Actor,
        group_id: Uuid,
    ) -> AppResult<bool> {
        let group = access(&self.db.conn, actor, group_id).await?;
        if group.role.is_some() || actor.is_admin() {
            return Ok(true);
        }
        // A delegate answers for a member, so reads what the member reads.
        let grantors = self
            .group_grantors(actor, group_id, plein_domain::MandateAction::Vote)
            .await?;
        Ok(!grantors.is_empty())
    }

    /// A page of a group's decisions, newest first; empty for those who may
    /// not read them.
    pub async fn group_decisions(
        &self,
        actor: &Actor,
        group_id: Uuid,
        args: &PageArgs,
    ) -> AppResult<Page<Decision>> {
        let start = args.start()?;
        if !self.require_decision_reader(actor, group_id).await? {
            return Ok(offset_page(args, start, Vec::new(), 0));
        }
        let (rows, total) =
            groups::decisions(&self.db.conn, group_id, start, args.fetch_limit()).await?;
        Ok(offset_page(args, start, rows, total).map(Decision::from))
    }

    pub async fn decision(&self, actor: &Actor, id: Uuid) -> AppResult<Option<Decision>> {
        let Some(row) = groups::find_decision(&self.db.conn, id).await? else {
            return Ok(None);
        };
        match self.require_decision_reader(actor, row.group_id).await {
            Ok(true) => Ok(Some(row.into())),
            Ok(false) | Err(AppError::NotFound(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Tallies of decisions the caller may already see (for DataLoaders).
    pub async fn decision_tallies(
        &self,
        decision_ids: &[Uuid],
    ) -> AppResult<HashMap<Uuid, DecisionTally>> {
        let mut tallies: HashMap<Uuid, DecisionTally> = decision_ids
            .iter()
            .map(|id| (*id, DecisionTally::default()))
            .collect();
        for row in groups::vote_counts(&self.db.conn, decision_ids).await? {
            let entry = tallies.entry(row.parent_id).or_default();
            match row.answer {
                VoteAnswer::Agree => entry.agree = row.count,
                VoteAnswer::Abstain => entry.abstain = row.count,
                VoteAnswer::Disagree => entry.disagree = row.count,
                VoteAnswer::Block => entry.block = row.count,
            }
        }
        Ok(tallies)
    }

    /// Every answer to decisions the caller may already see, oldest first.
    pub async fn decision_votes(&self, decision_ids: &[Uuid]) -> AppResult<Vec<Vote>> {
        Ok(groups::votes_of(&self.db.conn, decision_ids)
            .await?
            .into_iter()
            .map(Vote::from)
            .collect())
    }
}
