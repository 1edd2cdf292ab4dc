//! Budget rounds ("burgerbegroting"): a budget for an area, projects residents
//! submit and professionals assess, secret ballots, and the count.
//!
//! Who voted and what was chosen are kept apart: `budget_voters` says only
//! that someone voted; a ballot is keyed by an HMAC of the round and the
//! person under a server secret (see `ballots.rs` and docs/budget.md).

mod ballots;
mod pabulib;
mod projects;
mod result;
mod rounds;
mod supports;

use chrono::{DateTime, Utc};
use plein_domain::rounds::{BallotShape, CountRule, Phase, PhaseDates, ProjectChange};
use plein_storage::budget;
use plein_storage::entities::{
    budget_project_changes as change_rows, budget_projects as project_rows,
    budget_rounds as round_rows,
};
use uuid::Uuid;

pub use ballots::{BallotChoice, CastBallotInput, PaperBallotInput};
pub use pabulib::ImportInput;
pub use projects::{AssessInput, NewProjectInput, PromoteIdeaInput};
pub use result::{CountJob, CountJobHandler, ProjectResult, RoundResult};
pub use rounds::{NewRoundInput, PhaseJob, PhaseJobHandler, UpdateRoundInput};

/// The outbox handlers of budget rounds: phase changes on their dates, and
/// the count when voting closes.
pub fn handlers(app: &App) -> Vec<std::sync::Arc<dyn crate::jobs::JobHandler>> {
    vec![
        std::sync::Arc::new(PhaseJobHandler { app: app.clone() }),
        std::sync::Arc::new(CountJobHandler { app: app.clone() }),
    ]
}

use crate::page::{Cursor, Page, PageArgs};
use crate::{Actor, App, AppResult};

#[derive(Debug, Clone)]
pub struct Round {
    pub id: Uuid,
    pub area_id: Uuid,
    pub created_by: Uuid,
    pub title: String,
    /// Markdown as written.
    pub description: String,
    /// Whole cents.
    pub budget: i64,
    pub max_project_cost: Option<i64>,
    pub ballot_kind: BallotShape,
    pub max_projects: Option<i32>,
    pub max_total: Option<i64>,
    pub points: Option<i32>,
    pub rule: CountRule,
    pub min_age: Option<i32>,
    pub phase: Phase,
    pub dates: PhaseDates,
    pub created_at: DateTime<Utc>,
}

impl From<round_rows::Model> for Round {
    fn from(row: round_rows::Model) -> Self {
        Self {
            id: row.id,
            area_id: row.area_id,
            created_by: row.created_by,
            title: row.title,
            description: row.description,
            budget: row.budget,
            max_project_cost: row.max_project_cost,
            ballot_kind: row.ballot_kind,
            max_projects: row.max_projects,
            max_total: row.max_total,
            points: row.points,
            rule: row.rule,
            min_age: row.min_age,
            phase: row.phase,
            dates: PhaseDates {
                submitting_at: row.submitting_at,
                assessment_at: row.assessment_at,
                voting_at: row.voting_at,
                result_at: row.result_at,
                realisation_at: row.realisation_at,
            },
            created_at: row.created_at,
        }
    }
}

impl Round {
    pub fn description_html(&self) -> String {
        plein_domain::markdown::to_safe_html(&self.description)
    }
}

#[derive(Debug, Clone)]
pub struct Project {
    pub id: Uuid,
    pub round_id: Uuid,
    pub area_id: Uuid,
    pub author_id: Option<Uuid>,
    pub acted_by: Option<Uuid>,
    pub intake: Option<plein_domain::IntakeProvenance>,
    pub idea_id: Option<Uuid>,
    pub title: String,
    pub description: String,
    pub cost: i64,
    pub feasible: Option<bool>,
    pub assessment_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    /// A moderator hid it; only moderators, admins and its author see it then.
    pub hidden_at: Option<DateTime<Utc>>,
    pub support_count: i32,
}

impl From<project_rows::Model> for Project {
    fn from(row: project_rows::Model) -> Self {
        Self {
            id: row.id,
            round_id: row.round_id,
            area_id: row.area_id,
            author_id: row.author_id,
            acted_by: row.acted_by,
            intake: crate::mandates::intake_of(row.intake_resident, row.intake_place),
            idea_id: row.idea_id,
            title: row.title,
            description: row.description,
            cost: row.cost,
            feasible: row.feasible,
            assessment_reason: row.assessment_reason,
            created_at: row.created_at,
            hidden_at: row.hidden_at,
            support_count: row.support_count,
        }
    }
}

impl Project {
    pub fn description_html(&self) -> String {
        plein_domain::markdown::to_safe_html(&self.description)
    }
}

/// One entry of a project's public history.
#[derive(Debug, Clone)]
pub struct Change {
    pub project_id: Uuid,
    pub actor_id: Option<Uuid>,
    pub change: ProjectChange,
    pub reason: Option<String>,
    pub cost_from: Option<i64>,
    pub cost_to: Option<i64>,
    pub at: DateTime<Utc>,
}

impl From<change_rows::Model> for Change {
    fn from(row: change_rows::Model) -> Self {
        Self {
            project_id: row.project_id,
            actor_id: row.actor_id,
            change: row.change,
            reason: row.reason,
            cost_from: row.cost_from,
            cost_to: row.cost_to,
            at: row.created_at,
        }
    }
}

impl App {
    /// A round. Rounds are public.
    pub async fn budget_round(&self, _actor: &Actor, id: Uuid) -> AppResult<Option<Round>> {
        Ok(budget::find_round(&self.db.conn, id)
            .await?
            .map(Round::from))
    }

    /// A page of the rounds of an area and the areas beneath it (or of all
    /// areas), newest first.
    pub async fn budget_rounds(
        &self,
        _actor: &Actor,
        area_id: Option<Uuid>,
        args: &PageArgs,
    ) -> AppResult<Page<Round>> {
        let db = &self.db.conn;
        let area_ids = match area_id {
            Some(id) => Some(self.area_and_beneath(id).await?),
            None => None,
        };
        let after = args.after_id()?;
        let rows = budget::rounds_page(db, area_ids.as_deref(), after, args.fetch_limit()).await?;
        let total = budget::count_rounds(db, area_ids.as_deref()).await?;
        Ok(Page::from_rows(args, rows, total, |row| Cursor::Id(row.id)).map(Round::from))
    }

    async fn area_and_beneath(&self, id: Uuid) -> AppResult<Vec<Uuid>> {
        let Some(area) = plein_storage::areas::find(&self.db.conn, id).await? else {
            return Ok(Vec::new());
        };
        Ok(budget::areas_beneath(&self.db.conn, &area.path).await?)
    }

    /// The projects of the rounds that `actor` may see, in submission
    /// order, in one statement. Projects are public, like their rounds, but
    /// for those a moderator hid.
    pub async fn budget_projects_of(
        &self,
        actor: &Actor,
        round_ids: &[Uuid],
    ) -> AppResult<Vec<Project>> {
        Ok(
            budget::visible_projects_of(&self.db.conn, &actor.viewer(), round_ids)
                .await?
                .into_iter()
                .map(Project::from)
                .collect(),
        )
    }

    /// A project, if `actor` may see it.
    pub async fn budget_project(&self, actor: &Actor, id: Uuid) -> AppResult<Option<Project>> {
        Ok(self.budget_projects_by_ids(actor, &[id]).await?.pop())
    }

    /// The projects by id that `actor` may see (for DataLoaders), in one statement.
    pub async fn budget_projects_by_ids(
        &self,
        actor: &Actor,
        ids: &[Uuid],
    ) -> AppResult<Vec<Project>> {
        Ok(
            budget::visible_projects(&self.db.conn, &actor.viewer(), ids)
                .await?
                .into_iter()
                .map(Project::from)
                .collect(),
        )
    }

    /// The public history of the projects, oldest first, in one statement.
    pub async fn budget_project_changes(&self, project_ids: &[Uuid]) -> AppResult<Vec<Change>> {
        Ok(budget::changes_of(&self.db.conn, project_ids)
            .await?
            .into_iter()
            .map(Change::from)
            .collect())
    }
}
