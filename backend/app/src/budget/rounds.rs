//! Creating a round, and moving it through its phases: on their dates by an
//! outbox job, or by hand.

use chrono::{DateTime, SubsecRound, Utc};
use plein_domain::rounds::{BallotShape, CountRule, Phase, PhaseDates, positive_cents};
use plein_domain::{Markdown, Title};
use plein_storage::budget;
use plein_storage::entities::budget_rounds as rows;
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::Round;
use super::result::CountJob;
use crate::jobs::{BackgroundJob, Claimed, Handler, JobError};
use crate::listing::require_official;
use crate::notifications::{Event, enqueue_event};
use crate::{Actor, App, AppError, AppResult};

/// The longest round description, in characters of Markdown.
pub const MAX_DESCRIPTION: usize = 50_000;
/// The most points a cumulative ballot spreads.
pub const MAX_POINTS: i32 = 1_000;

pub struct NewRoundInput {
    pub area_id: Uuid,
    pub title: String,
    pub description: String,
    pub budget: i64,
    pub max_project_cost: Option<i64>,
    pub ballot_kind: BallotShape,
    pub max_projects: Option<i32>,
    pub max_total: Option<i64>,
    pub points: Option<i32>,
    pub rule: CountRule,
    pub min_age: Option<i32>,
    pub submitting_at: DateTime<Utc>,
    pub assessment_at: DateTime<Utc>,
    pub voting_at: DateTime<Utc>,
    pub result_at: DateTime<Utc>,
    pub realisation_at: DateTime<Utc>,
}

/// The ballot's limits, checked against its kind.
fn parse_ballot(input: &NewRoundInput) -> AppResult<()> {
    check_ballot(
        input.ballot_kind,
        input.max_projects,
        input.max_total,
        input.points,
        input.min_age,
    )
}

/// A ballot kind with its limits, and the minimum age.
fn check_ballot(
    kind: BallotShape,
    max_projects: Option<i32>,
    max_total: Option<i64>,
    points: Option<i32>,
    min_age: Option<i32>,
) -> AppResult<()> {
    match kind {
        BallotShape::Approval => {
            if points.is_some() {
                return Err(AppError::bad_input(
                    "points",
                    "only a cumulative ballot spreads points",
                ));
            }
            if let Some(n) = max_projects
                && n < 1
            {
                return Err(AppError::bad_input("maxProjects", "must be at least 1"));
            }
            if let Some(total) = max_total {
                positive_cents("maxTotal", total)?;
            }
        }
        BallotShape::Cumulative => {
            match points {
                Some(p) if (1..=MAX_POINTS).contains(&p) => {}
                _ => {
                    return Err(AppError::bad_input(
                        "points",
                        format!("a cumulative ballot spreads 1 to {MAX_POINTS} points"),
                    ));
                }
            }
            if max_projects.is_some() || max_total.is_some() {
                return Err(AppError::bad_input(
                    "maxProjects",
                    "only an approval ballot has a most number of projects or a most total",
                ));
            }
        }
    }
    if let Some(age) = min_age
        && !(1..=120).contains(&age)
    {
        return Err(AppError::bad_input("minAge", "must be 1 to 120"));
    }
    Ok(())
}

impl App {
    /// Creates a round for an area. Professionals and admins only. Its
    /// phase follows its dates from the start.
    pub async fn create_budget_round(
        &self,
        actor: &Actor,
        input: NewRoundInput,
    ) -> AppResult<Round> {
        let user = require_official(actor)?;
        self.count_write(actor).await?;
        let title = Title::parse(&input.title)?.into_inner();
        let description =
            Markdown::parse("description", &input.description, MAX_DESCRIPTION)?.into_inner();
        let budget_cents = positive_cents("budget", input.budget)?;
        if let Some(max) = input.max_project_cost {
            positive_cents("maxProjectCost", max)?;
            if max > budget_cents {
                return Err(AppError::bad_input(
                    "maxProjectCost",
                    "may not be more than the budget",
                ));
            }
        }
        parse_ballot(&input)?;
        let dates = PhaseDates::parse(
            input.submitting_at,
            input.assessment_at,
            input.voting_at,
            input.result_at,
            input.realisation_at,
        )?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        if plein_storage::areas::find(&txn, input.area_id)
            .await?
            .is_none()
        {
            return Err(AppError::bad_input("areaId", "no area has this id"));
        }
        let row = budget::insert_round(
            &txn,
            rows::Model {
                id: Uuid::now_v7(),
                area_id: input.area_id,
                created_by: user.id,
                title,
                description,
                budget: budget_cents,
                max_project_cost: input.max_project_cost,
                ballot_kind: input.ballot_kind,
                max_projects: input.max_projects,
                max_total: input.max_total,
                points: input.points,
                rule: input.rule,
                min_age: input.min_age,
                phase: dates.phase_at(now),
                submitting_at: dates.submitting_at,
                assessment_at: dates.assessment_at,
                voting_at: dates.voting_at,
                result_at: dates.result_at,
                realisation_at: dates.realisation_at,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        schedule_phases(&txn, &row, now).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Moves a round forward to `phase` by hand (only forward). Professionals
    /// and admins only. The counting rule and ballot are fixed from voting on.
    pub async fn set_budget_round_phase(
        &self,
        actor: &Actor,
        round_id: Uuid,
        phase: Phase,
    ) -> AppResult<Round> {
        let user = require_official(actor)?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let row = budget::find_round_for_update(&txn, round_id)
            .await?
            .ok_or(AppError::NotFound("budget round"))?;
        if phase <= row.phase {
            return Err(AppError::bad_input(
                "phase",
                format!(
                    "the round is already in {}; phases only move forward",
                    row.phase
                ),
            ));
        }
        let row = advance(&txn, row, phase, Some(user.id), now).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Changes the counting rule; refused once voting has opened.
    pub async fn set_budget_round_rule(
        &self,
        actor: &Actor,
        round_id: Uuid,
        rule: CountRule,
    ) -> AppResult<Round> {
        require_official(actor)?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let mut row = budget::find_round_for_update(&txn, round_id)
            .await?
            .ok_or(AppError::NotFound("budget round"))?;
        if row.phase >= Phase::Voting {
            return Err(AppError::bad_input(
                "rule",
                "the counting rule is fixed once voting has opened",
            ));
        }
        row.rule = rule;
        row.updated_at = now;
        let row = budget::update_round(&txn, row).await?;
        txn.commit().await?;
        Ok(row.into())
    }
}

/// A change to a round: `None` keeps a value; for the values a round may
/// lack, `Some(None)` clears it.
#[derive(Default)]
pub struct UpdateRoundInput {
    pub round_id: Uuid,
    pub title: Option<String>,
    pub description: Option<String>,
    pub budget: Option<i64>,
    pub max_project_cost: Option<Option<i64>>,
    pub ballot_kind: Option<BallotShape>,
    pub max_projects: Option<Option<i32>>,
    pub max_total: Option<Option<i64>>,
    pub points: Option<Option<i32>>,
    pub rule: Option<CountRule>,
    pub min_age: Option<Option<i32>>,
    pub submitting_at: Option<DateTime<Utc>>,
    pub assessment_at: Option<DateTime<Utc>>,
    pub voting_at: Option<DateTime<Utc>>,
    pub result_at: Option<DateTime<Utc>>,
    pub realisation_at: Option<DateTime<Utc>>,
}

/// The GraphQL field of each phase's date.
fn date_field(phase: Phase) -> &'static str {
    match phase {
        Phase::Submitting => "submittingAt",
        Phase::Assessment => "assessmentAt",
        Phase::Voting => "votingAt",
        Phase::Result => "resultAt",
        Phase::Realisation => "realisationAt",
    }
}

/// Sets `value` to `new` when given; a change once voting has opened is
/// refused on `field`.
fn fixed_from_voting<T: PartialEq>(
    value: &mut T,
    new: Option<T>,
    voting_open: bool,
    field: &'static str,
) -> AppResult<()> {
    let Some(new) = new else {
        return Ok(());
    };
    if *value != new {
        if voting_open {
            return Err(AppError::bad_input(
                field,
                "this is fixed once voting has opened",
            ));
        }
        *value = new;
    }
    Ok(())
}

impl App {
    /// Changes a round (professionals and admins, as creating one): its
    /// title and description, the dates of phases that have not started,
    /// and, until voting opens, its budget, ballot and counting rule. A
    /// changed date reschedules its phase; the job queued for the old date
    /// finds the date changed and does nothing.
    pub async fn update_budget_round(
        &self,
        actor: &Actor,
        input: UpdateRoundInput,
    ) -> AppResult<Round> {
        require_official(actor)?;
        self.count_write(actor).await?;
        let title = input
            .title
            .as_deref()
            .map(Title::parse)
            .transpose()?
            .map(Title::into_inner);
        let description = input
            .description
            .as_deref()
            .map(|d| Markdown::parse("description", d, MAX_DESCRIPTION))
            .transpose()?
            .map(Markdown::into_inner);
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let mut row = budget::find_round_for_update(&txn, input.round_id)
            .await?
            .ok_or(AppError::NotFound("budget round"))?;
        let voting_open = row.phase >= Phase::Voting;
        if let Some(title) = title {
            row.title = title;
        }
        if let Some(description) = description {
            row.description = description;
        }
        if let Some(budget) = input.budget {
            positive_cents("budget", budget)?;
        }
        fixed_from_voting(&mut row.budget, input.budget, voting_open, "budget")?;
        fixed_from_voting(
            &mut row.max_project_cost,
            input.max_project_cost,
            voting_open,
            "maxProjectCost",
        )?;
        if let Some(max) = row.max_project_cost {
            positive_cents("maxProjectCost", max)?;
            if max > row.budget {
                return Err(AppError::bad_input(
                    "maxProjectCost",
                    "may not be more than the budget",
                ));
            }
        }
        fixed_from_voting(
            &mut row.ballot_kind,
            input.ballot_kind,
            voting_open,
            "ballotKind",
        )?;
        fixed_from_voting(
            &mut row.max_projects,
            input.max_projects,
            voting_open,
            "maxProjects",
        )?;
        fixed_from_voting(&mut row.max_total, input.max_total, voting_open, "maxTotal")?;
        fixed_from_voting(&mut row.points, input.points, voting_open, "points")?;
        fixed_from_voting(&mut row.rule, input.rule, voting_open, "rule")?;
        fixed_from_voting(&mut row.min_age, input.min_age, voting_open, "minAge")?;
        check_ballot(
            row.ballot_kind,
            row.max_projects,
            row.max_total,
            row.points,
            row.min_age,
        )?;
        // Dates: only of phases still ahead; in order, as when created.
        let mut dates = Round::from(row.clone()).dates;
        let given = [
            (Phase::Submitting, input.submitting_at),
            (Phase::Assessment, input.assessment_at),
            (Phase::Voting, input.voting_at),
            (Phase::Result, input.result_at),
            (Phase::Realisation, input.realisation_at),
        ];
        let mut rescheduled = false;
        for (phase, at) in given {
            let Some(at) = at.map(|at| at.trunc_subsecs(6)) else {
                continue;
            };
            if at == dates.start_of(phase).trunc_subsecs(6) {
                continue;
            }
            if phase <= row.phase {
                return Err(AppError::bad_input(
                    date_field(phase),
                    "this phase has started; its date can no longer change",
                ));
            }
            match phase {
                Phase::Submitting => dates.submitting_at = at,
                Phase::Assessment => dates.assessment_at = at,
                Phase::Voting => dates.voting_at = at,
                Phase::Result => dates.result_at = at,
                Phase::Realisation => dates.realisation_at = at,
            }
            rescheduled = true;
        }
        let dates = PhaseDates::parse(
            dates.submitting_at,
            dates.assessment_at,
            dates.voting_at,
            dates.result_at,
            dates.realisation_at,
        )?;
        row.submitting_at = dates.submitting_at;
        row.assessment_at = dates.assessment_at;
        row.voting_at = dates.voting_at;
        row.result_at = dates.result_at;
        row.realisation_at = dates.realisation_at;
        row.updated_at = now;
        let row = budget::update_round(&txn, row).await?;
        if rescheduled {
            schedule_phases(&txn, &row, now).await?;
        }
        txn.commit().await?;
        Ok(row.into())
    }
}

/// Moves the round to `phase` and records when, in the caller's
/// transaction: with it go the event that tells the area's followers, and,
/// when this closes voting, the job that counts the round once.
async fn advance(
    db: &impl ConnectionTrait,
    mut row: rows::Model,
    phase: Phase,
    actor_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> AppResult<rows::Model> {
    tracing::info!(round_id = %row.id, from = %row.phase, to = %phase, "budget round moves to a new phase");
    let closes_voting = !row.phase.voting_closed() && phase.voting_closed();
    row.phase = phase;
    row.updated_at = now;
    let row = budget::update_round(db, row).await?;
    enqueue_event(
        db,
        &Event::BudgetPhaseChanged {
            round_id: row.id,
            phase: phase.as_str().to_owned(),
            actor_id,
        },
        now,
    )
    .await?;
    if closes_voting {
        let job = CountJob { round_id: row.id };
        job.enqueue_once(db, job.id(), now, now).await?;
    }
    Ok(row)
}

/// Queues a job for the start of every phase still ahead. The job's id comes
/// from the round, the phase and its date, so every server that schedules it
/// queues it once; a job whose date no longer matches the round does nothing.
async fn schedule_phases(
    db: &impl ConnectionTrait,
    row: &rows::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let dates = super::Round::from(row.clone()).dates;
    for phase in Phase::ALL {
        if phase <= row.phase {
            continue;
        }
        let at = dates.start_of(phase);
        let job = PhaseJob {
            round_id: row.id,
            phase: phase.as_str().to_owned(),
            at,
        };
        job.enqueue_once(db, job.id(), at.max(now), now).await?;
    }
    Ok(())
}

/// Moves a round into `phase` when its date comes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseJob {
    pub round_id: Uuid,
    pub phase: String,
    /// The date the phase was set to start when this was queued.
    pub at: DateTime<Utc>,
}

impl BackgroundJob for PhaseJob {
    const KIND: &'static str = "budget.phase";
}

impl PhaseJob {
    fn id(&self) -> Uuid {
        let hash = Sha256::digest(format!(
            "plein budget phase {} {} {}",
            self.round_id,
            self.phase,
            self.at.to_rfc3339()
        ));
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&hash[..16]);
        uuid::Builder::from_custom_bytes(bytes).into_uuid()
    }
}

pub struct PhaseJobHandler {
    pub app: App,
}

#[async_trait::async_trait]
impl Handler for PhaseJobHandler {
    type Job = PhaseJob;

    async fn run(&self, claimed: Claimed<PhaseJob>) -> Result<(), JobError> {
        let job = claimed.job;
        let phase: Phase = job.phase.parse().map_err(JobError::permanent)?;
        let app = &self.app;
        let result: AppResult<()> = async {
            let now = app.now();
            let txn = app.db.begin_write().await?;
            let Some(row) = budget::find_round_for_update(&txn, job.round_id).await? else {
                return Ok(());
            };
            let dates = super::Round::from(row.clone()).dates;
            // Moved by hand already, or its date changed since.
            if row.phase >= phase || dates.start_of(phase) != job.at {
                return Ok(());
            }
            advance(&txn, row, phase, None, now).await?;
            txn.commit().await?;
            Ok(())
        }
        .await;
        result.map_err(|e| JobError::transient(e.to_string()))
    }
}
