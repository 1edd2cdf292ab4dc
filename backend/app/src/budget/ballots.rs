//! Secret ballots. `budget_voters` records that someone voted (one row per
//! person per round, the primary key); the ballot is keyed by
//! HMAC-SHA256(ballot secret, round id ‖ person id), so the person can replace
//! it until voting closes and nothing else links the two. The secret is a
//! server secret in the database; the threat model is in docs/budget.md.

use hmac::{Hmac, Mac};
use plein_domain::MandateAction;
use plein_domain::budget::{self as count, BallotKind, validate_ballot};
use plein_domain::rounds::{BallotShape, Phase};
use plein_storage::budget;
use plein_storage::entities::{budget_projects as project_rows, budget_rounds as round_rows};
use sea_orm::ConnectionTrait;
use sha2::Sha256;
use uuid::Uuid;

use crate::listing::require_official;
use crate::{Actor, App, AppError, AppResult};

const BALLOT_SECRET: &str = "budget_ballots";
const PERSON_CONTEXT: &[u8] = b"plein ballot v1\0";
const PAPER_CONTEXT: &[u8] = b"plein paper ballot v1\0";
/// The longest paper ballot number.
pub const MAX_NUMBER: usize = 40;

/// One choice: a project and, on a cumulative ballot, its points.
#[derive(Debug, Clone)]
pub struct BallotChoice {
    pub project_id: Uuid,
    pub points: Option<u32>,
}

pub struct CastBallotInput {
    pub round_id: Uuid,
    pub choices: Vec<BallotChoice>,
    /// The voter's own statement that they are old enough, when the round asks.
    pub age_confirmed: bool,
    /// Votes for the grantor of a mandate that covers budget votes.
    pub on_behalf_of: Option<Uuid>,
}

pub struct PaperBallotInput {
    pub round_id: Uuid,
    /// The number printed on the paper ballot; each is entered once per round.
    pub number: String,
    /// Where it was cast (a library, a community centre).
    pub place: Option<String>,
    pub choices: Vec<BallotChoice>,
}

/// The projects on a round's ballot: the feasible ones a moderator did not
/// hide, in id order.
pub(super) fn on_ballot(projects: Vec<project_rows::Model>) -> Vec<project_rows::Model> {
    projects
        .into_iter()
        .filter(|p| p.feasible == Some(true) && p.hidden_at.is_none())
        .collect()
}

pub(super) fn ballot_kind(round: &round_rows::Model) -> BallotKind {
    match round.ballot_kind {
        BallotShape::Approval => BallotKind::Approval {
            max_projects: round.max_projects.map(|n| n.max(0) as u32),
            max_total: round.max_total,
        },
        BallotShape::Cumulative => BallotKind::Cumulative {
            points: round.points.unwrap_or(0).max(0) as u32,
        },
    }
}

pub(super) fn count_projects(projects: &[project_rows::Model]) -> Vec<count::Project> {
    projects
        .iter()
        .map(|p| count::Project {
            key: p.id.to_string(),
            cost: p.cost,
        })
        .collect()
}

/// The stored form of a ballot's choices.
type Stored = Vec<(Uuid, u32)>;

/// Turns the input into a checked ballot and its stored form.
fn parse_choices(
    round: &round_rows::Model,
    projects: &[project_rows::Model],
    choices: &[BallotChoice],
) -> AppResult<String> {
    let mut indexed = Vec::with_capacity(choices.len());
    for choice in choices {
        let index = projects
            .iter()
            .position(|p| p.id == choice.project_id)
            .ok_or_else(|| {
                AppError::bad_input("projects", "a chosen project is not on the ballot")
            })?;
        indexed.push((index, choice.points));
    }
    let ballot = match round.ballot_kind {
        BallotShape::Approval => {
            if indexed.iter().any(|(_, p)| p.is_some_and(|p| p != 1)) {
                return Err(AppError::bad_input(
                    "points",
                    "an approval ballot gives no points; leave them out",
                ));
            }
            count::Ballot::Approval(indexed.iter().map(|(i, _)| *i).collect())
        }
        BallotShape::Cumulative => {
            count::Ballot::Cumulative(indexed.iter().map(|(i, p)| (*i, p.unwrap_or(0))).collect())
        }
    };
    validate_ballot(&ballot_kind(round), &count_projects(projects), &ballot)
        .map_err(|e| AppError::bad_input(e.field(), e.to_string()))?;
    let stored: Stored = match &ballot {
        count::Ballot::Approval(list) => list.iter().map(|&i| (projects[i].id, 1)).collect(),
        count::Ballot::Cumulative(list) => list.iter().map(|&(i, p)| (projects[i].id, p)).collect(),
    };
    serde_json::to_string(&stored).map_err(AppError::internal)
}

/// Reads stored choices back into a ballot over `projects`; choices of
/// projects no longer on the ballot drop out.
pub(super) fn read_ballot(
    round: &round_rows::Model,
    projects: &[project_rows::Model],
    stored: &str,
) -> AppResult<count::Ballot> {
    let stored: Stored = serde_json::from_str(stored).map_err(AppError::internal)?;
    let indexed: Vec<(usize, u32)> = stored
        .into_iter()
        .filter_map(|(id, p)| Some((projects.iter().position(|x| x.id == id)?, p)))
        .collect();
    Ok(match round.ballot_kind {
        BallotShape::Approval => {
            count::Ballot::Approval(indexed.into_iter().map(|(i, _)| i).collect())
        }
        BallotShape::Cumulative => count::Ballot::Cumulative(indexed),
    })
}

/// The round, open for voting.
async fn voting_round(db: &impl ConnectionTrait, round_id: Uuid) -> AppResult<round_rows::Model> {
    let round = budget::find_round_for_update(db, round_id)
        .await?
        .ok_or(AppError::NotFound("budget round"))?;
    if round.phase != Phase::Voting {
        let message = if round.phase < Phase::Voting {
            "voting has not opened yet in this round"
        } else {
            "voting in this round has closed"
        };
        return Err(AppError::bad_input("roundId", message));
    }
    Ok(round)
}

impl App {
    /// The key that makes ballot keys, made once per installation.
    async fn ballot_secret(&self) -> AppResult<Vec<u8>> {
        if let Some(secret) = self.ballot_secret.get() {
            return Ok(secret.clone());
        }
        let candidate = crate::secrets::new_token()?;
        let secret = plein_storage::server_secrets::get_or_create(
            &self.db.conn,
            BALLOT_SECRET,
            candidate,
            self.now(),
        )
        .await?;
        Ok(self
            .ballot_secret
            .get_or_init(|| secret.into_bytes())
            .clone())
    }

    fn ballot_key(secret: &[u8], context: &[u8], round_id: Uuid, who: &[u8]) -> AppResult<String> {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).map_err(AppError::internal)?;
        mac.update(context);
        mac.update(round_id.as_bytes());
        mac.update(who);
        Ok(hex::encode(mac.finalize().into_bytes()))
    }

    /// Casts or replaces the actor's ballot (or, under a mandate, the
    /// grantor's). Eligible: a confirmed account whose stated home area lies
    /// in the round's area, old enough by their own statement when the
    /// round asks. Answers whether this replaced an earlier ballot.
    pub async fn cast_budget_ballot(
        &self,
        actor: &Actor,
        input: CastBallotInput,
    ) -> AppResult<bool> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        let secret = self.ballot_secret().await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let who = self
            .act_as(
                &txn,
                actor,
                input.on_behalf_of,
                MandateAction::BudgetVote,
                now,
            )
            .await?;
        let voter_id = who.current().id;
        let round = voting_round(&txn, input.round_id).await?;
        if round.min_age.is_some() && !input.age_confirmed {
            return Err(AppError::bad_input(
                "ageConfirmed",
                "this round asks you to confirm you are old enough to vote",
            ));
        }
        let voter = plein_storage::users::find(&txn, voter_id)
            .await?
            .ok_or(AppError::NotFound("user"))?;
        let round_area = plein_storage::areas::find(&txn, round.area_id)
            .await?
            .ok_or(AppError::NotFound("area"))?;
        let home = match voter.home_area_id {
            Some(id) => plein_storage::areas::find(&txn, id).await?,
            None => None,
        };
        let inside = home.is_some_and(|a| a.path.starts_with(&round_area.path));
        if voter.email_verified_at.is_none() || !inside {
            return Err(AppError::Forbidden(
                "only residents whose home area lies in the round's area may vote in it",
            ));
        }
        let projects = on_ballot(budget::projects_of(&txn, &[round.id]).await?);
        let choices = parse_choices(&round, &projects, &input.choices)?;
        let key = Self::ballot_key(&secret, PERSON_CONTEXT, round.id, voter_id.as_bytes())?;
        let first = budget::mark_voted(&txn, round.id, voter_id).await?;
        budget::put_ballot(&txn, round.id, key, choices).await?;
        txn.commit().await?;
        Ok(!first)
    }

    /// The actor's own ballot in a round, as project ids and points; only
    /// they can find it, through their key.
    pub async fn my_budget_ballot(
        &self,
        actor: &Actor,
        round_id: Uuid,
    ) -> AppResult<Option<Vec<(Uuid, u32)>>> {
        let Some(user_id) = actor.user_id() else {
            return Ok(None);
        };
        let secret = self.ballot_secret().await?;
        let key = Self::ballot_key(&secret, PERSON_CONTEXT, round_id, user_id.as_bytes())?;
        let Some(stored) = budget::ballot(&self.db.conn, round_id, &key).await? else {
            return Ok(None);
        };
        Ok(Some(
            serde_json::from_str(&stored).map_err(AppError::internal)?,
        ))
    }

    /// Whether the actor has voted in the round.
    pub async fn has_voted_in_budget_round(
        &self,
        actor: &Actor,
        round_id: Uuid,
    ) -> AppResult<bool> {
        let Some(user_id) = actor.user_id() else {
            return Ok(false);
        };
        Ok(budget::has_voted(&self.db.conn, round_id, user_id).await?)
    }

    /// Enters a paper ballot cast at a location. Professionals and admins;
    /// each ballot number once per round. Not linked to any account.
    pub async fn enter_paper_budget_ballot(
        &self,
        actor: &Actor,
        input: PaperBallotInput,
    ) -> AppResult<()> {
        let user = require_official(actor)?;
        self.count_write(actor).await?;
        let number = input.number.trim().to_owned();
        if number.is_empty()
            || number.chars().count() > MAX_NUMBER
            || number.chars().any(char::is_control)
        {
            return Err(AppError::bad_input(
                "number",
                format!("a ballot number is 1 to {MAX_NUMBER} characters"),
            ));
        }
        let place = input
            .place
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty());
        if place.as_ref().is_some_and(|p| p.chars().count() > 120) {
            return Err(AppError::bad_input("place", "at most 120 characters"));
        }
        let secret = self.ballot_secret().await?;
        let txn = self.db.begin_write().await?;
        let round = voting_round(&txn, input.round_id).await?;
        let projects = on_ballot(budget::projects_of(&txn, &[round.id]).await?);
        let choices = parse_choices(&round, &projects, &input.choices)?;
        if !budget::add_paper_ballot(&txn, round.id, number.clone(), user.id, place).await? {
            return Err(AppError::conflict(
                "number",
                "a ballot with this number was entered already",
            ));
        }
        let key = Self::ballot_key(&secret, PAPER_CONTEXT, round.id, number.as_bytes())?;
        budget::put_ballot(&txn, round.id, key, choices).await?;
        txn.commit().await?;
        Ok(())
    }
}
