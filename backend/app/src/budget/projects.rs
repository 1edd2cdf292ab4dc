//! Projects: submitted during the submitting phase (by a resident, a
//! delegate under a mandate, or a professional through assisted intake, or
//! promoted from an idea), assessed by professionals with public reasons.

use plein_domain::rounds::{Phase, ProjectChange, positive_cents};
use plein_domain::{MandateAction, Markdown, Reason, Title};
use plein_storage::budget::{self, NewChange};
use plein_storage::entities::{budget_projects as rows, budget_rounds as round_rows};
use plein_storage::{areas, ideas};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::Project;
use crate::listing::require_official;
use crate::{Actor, App, AppError, AppResult};

/// The longest project description, in characters of Markdown.
pub const MAX_DESCRIPTION: usize = 20_000;

pub struct NewProjectInput {
    pub round_id: Uuid,
    pub title: String,
    pub description: String,
    pub area_id: Uuid,
    /// Whole cents.
    pub cost: i64,
    /// Submits it for the grantor of a mandate the actor holds.
    pub on_behalf_of: Option<Uuid>,
    /// Assisted intake: (resident's given name, place); professionals and admins only.
    pub intake: Option<(String, String)>,
}

pub struct PromoteIdeaInput {
    pub round_id: Uuid,
    pub idea_id: Uuid,
    pub cost: i64,
}

pub struct AssessInput {
    pub project_id: Uuid,
    pub feasible: bool,
    pub reason: String,
    /// A new estimate, in whole cents, with the reason above.
    pub cost: Option<i64>,
}

/// The round, open for submissions, checked against a project's area and cost.
async fn open_round(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    area_id: Uuid,
    cost: i64,
) -> AppResult<round_rows::Model> {
    let round = budget::find_round(db, round_id)
        .await?
        .ok_or(AppError::NotFound("budget round"))?;
    if round.phase != Phase::Submitting {
        return Err(AppError::bad_input(
            "roundId",
            "projects can only be submitted while the round takes submissions",
        ));
    }
    check_cost(&round, cost)?;
    let round_area = areas::find(db, round.area_id)
        .await?
        .ok_or(AppError::NotFound("area"))?;
    let area = areas::find(db, area_id)
        .await?
        .ok_or_else(|| AppError::bad_input("areaId", "no area has this id"))?;
    if !area.path.starts_with(&round_area.path) {
        return Err(AppError::bad_input(
            "areaId",
            "the project's area must lie inside the round's area",
        ));
    }
    Ok(round)
}

fn check_cost(round: &round_rows::Model, cost: i64) -> AppResult<()> {
    positive_cents("cost", cost)?;
    let max = round.max_project_cost.unwrap_or(round.budget);
    if cost > max {
        return Err(AppError::bad_input(
            "cost",
            format!("may not be more than {max} cents in this round"),
        ));
    }
    Ok(())
}

impl App {
    pub async fn submit_budget_project(
        &self,
        actor: &Actor,
        input: NewProjectInput,
    ) -> AppResult<Project> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        let title = Title::parse(&input.title)?.into_inner();
        let description =
            Markdown::parse("description", &input.description, MAX_DESCRIPTION)?.into_inner();
        if input.intake.is_some() && input.on_behalf_of.is_some() {
            return Err(AppError::bad_input(
                "intake",
                "take a project down for someone or act under a mandate, not both",
            ));
        }
        let intake = crate::mandates::parse_intake(actor, input.intake)?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let who = self
            .act_as(
                &txn,
                actor,
                input.on_behalf_of,
                MandateAction::PostIdeas,
                now,
            )
            .await?;
        let user_id = who.current().id;
        open_round(&txn, input.round_id, input.area_id, input.cost).await?;
        let row = budget::insert_project(
            &txn,
            rows::Model {
                id: Uuid::now_v7(),
                round_id: input.round_id,
                area_id: input.area_id,
                author_id: Some(user_id),
                acted_by: who.acting.acted_by,
                mandate_id: who.acting.mandate_id,
                intake_resident: intake.as_ref().map(|i| i.resident.clone()),
                intake_place: intake.map(|i| i.place),
                idea_id: None,
                title,
                description,
                cost: input.cost,
                feasible: None,
                assessment_reason: None,
                created_at: now,
                updated_at: now,
                hidden_at: None,
                support_count: 0,
            },
        )
        .await?;
        submitted(&txn, &row, actor.user_id(), now).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Brings an existing idea into a round as a project, keeping the link.
    /// The idea's author or a professional may; the idea must be visible.
    pub async fn promote_idea_to_budget_project(
        &self,
        actor: &Actor,
        input: PromoteIdeaInput,
    ) -> AppResult<Project> {
        let user = actor.require_verified()?;
        self.count_write(actor).await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let idea = ideas::find(&txn, input.idea_id)
            .await?
            .filter(|row| plein_storage::visibility::idea_row(&actor.viewer(), row))
            .ok_or(AppError::NotFound("idea"))?;
        if idea.author_id != user.id && !user.role.is_official() {
            return Err(AppError::Forbidden(
                "only the idea's author and professionals may bring it into a round",
            ));
        }
        open_round(&txn, input.round_id, idea.area_id, input.cost)
            .await
            .map_err(|e| match e {
                AppError::BadInput(f) if f.field == "areaId" => AppError::bad_input(
                    "ideaId",
                    "the idea's area must lie inside the round's area",
                ),
                other => other,
            })?;
        let row = budget::insert_project(
            &txn,
            rows::Model {
                id: Uuid::now_v7(),
                round_id: input.round_id,
                area_id: idea.area_id,
                author_id: Some(idea.author_id),
                acted_by: (idea.author_id != user.id).then_some(user.id),
                mandate_id: None,
                intake_resident: None,
                intake_place: None,
                idea_id: Some(idea.id),
                title: idea.title,
                description: idea.body,
                cost: input.cost,
                feasible: None,
                assessment_reason: None,
                created_at: now,
                updated_at: now,
                hidden_at: None,
                support_count: 0,
            },
        )
        .await?;
        submitted(&txn, &row, Some(user.id), now).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Marks a project feasible or not, with a public reason, and may adjust
    /// its cost. Professionals and admins, during submitting or assessment.
    pub async fn assess_budget_project(
        &self,
        actor: &Actor,
        input: AssessInput,
    ) -> AppResult<Project> {
        let user = require_official(actor)?;
        let reason = Reason::parse(&input.reason)?.into_inner();
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let mut row = budget::find_project(&txn, input.project_id)
            .await?
            .ok_or(AppError::NotFound("budget project"))?;
        let round = budget::find_round_for_update(&txn, row.round_id)
            .await?
            .ok_or(AppError::NotFound("budget round"))?;
        if round.phase > Phase::Assessment {
            return Err(AppError::bad_input(
                "projectId",
                "projects can no longer be assessed once voting has opened",
            ));
        }
        if let Some(cost) = input.cost
            && cost != row.cost
        {
            check_cost(&round, cost)?;
            budget::add_change(
                &txn,
                NewChange {
                    project_id: row.id,
                    actor_id: Some(user.id),
                    change: ProjectChange::Cost,
                    reason: Some(reason.clone()),
                    cost_from: Some(row.cost),
                    cost_to: Some(cost),
                    now,
                },
            )
            .await?;
            row.cost = cost;
        }
        budget::add_change(
            &txn,
            NewChange {
                project_id: row.id,
                actor_id: Some(user.id),
                change: if input.feasible {
                    ProjectChange::Feasible
                } else {
                    ProjectChange::NotFeasible
                },
                reason: Some(reason.clone()),
                cost_from: None,
                cost_to: None,
                now,
            },
        )
        .await?;
        row.feasible = Some(input.feasible);
        row.assessment_reason = Some(reason);
        row.updated_at = now;
        let row = budget::update_project(&txn, row).await?;
        txn.commit().await?;
        Ok(row.into())
    }
}

async fn submitted(
    db: &impl ConnectionTrait,
    row: &rows::Model,
    actor_id: Option<Uuid>,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<()> {
    budget::add_change(
        db,
        NewChange {
            project_id: row.id,
            actor_id,
            change: ProjectChange::Submitted,
            reason: None,
            cost_from: None,
            cost_to: Some(row.cost),
            now,
        },
    )
    .await?;
    Ok(())
}
