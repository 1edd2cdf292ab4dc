use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use plein_app::plans::{NewPlanInput, UpdatePlanInput};

use crate::graphql::types::{PlanAnswerNode, PlanNode, PlanStatusValue, parse_id};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct PlanMutations;

/// A new plan, saved as a draft. Professionals and admins only.
#[derive(InputObject)]
pub struct CreatePlanInput {
    /// Plain text, 1 to 120 characters.
    pub title: String,
    /// Markdown, 1 to 50000 characters.
    pub description: String,
    pub area_id: ID,
    pub feedback_opens_at: DateTime<Utc>,
    /// Must be after `feedbackOpensAt`.
    pub feedback_closes_at: DateTime<Utc>,
    /// At most 10 questions for residents, each 1 to 500 characters of plain text.
    #[graphql(default)]
    pub questions: Vec<String>,
    /// Where, when the plan is about one place.
    pub location: Option<crate::graphql::ideas::mutation::LocationInput>,
}

/// The plan's author or an admin; fields left out stay as they are.
#[derive(InputObject)]
#[graphql(name = "UpdatePlanInput")]
pub struct UpdatePlanInputObject {
    pub id: ID,
    /// Plain text, 1 to 120 characters.
    pub title: Option<String>,
    /// Markdown, 1 to 50000 characters.
    pub description: Option<String>,
    pub area_id: Option<ID>,
    pub feedback_opens_at: Option<DateTime<Utc>>,
    pub feedback_closes_at: Option<DateTime<Utc>>,
    /// Replaces the questions; refused (CONFLICT) once someone has answered.
    pub questions: Option<Vec<String>>,
}

/// Plans move forward (draft → consulting → considering → decided → in
/// progress → done; steps may be skipped) or are cancelled.
#[derive(InputObject)]
pub struct SetPlanStatusInput {
    pub id: ID,
    pub status: PlanStatusValue,
}

/// Once the feedback window has closed.
#[derive(InputObject)]
pub struct RespondToPlanInput {
    pub plan_id: ID,
    /// "What we did with your input": Markdown, 1 to 50000 characters.
    pub response: String,
}

#[derive(InputObject)]
pub struct LinkIdeaToPlanInput {
    pub plan_id: ID,
    pub idea_id: ID,
}

#[derive(InputObject)]
pub struct UnlinkIdeaFromPlanInput {
    pub plan_id: ID,
    pub idea_id: ID,
}

/// While the plan's feedback window is open; answering again replaces your answer.
#[derive(InputObject)]
pub struct AnswerPlanQuestionInput {
    pub question_id: ID,
    /// Markdown, 1 to 5000 characters.
    pub body: String,
}

#[derive(SimpleObject)]
pub struct PlanPayload {
    pub plan: PlanNode,
}

#[derive(SimpleObject)]
pub struct PlanAnswerPayload {
    pub answer: PlanAnswerNode,
}

fn payload(plan: plein_app::plans::Plan) -> PlanPayload {
    PlanPayload {
        plan: PlanNode(plan),
    }
}

#[Object]
impl PlanMutations {
    async fn create_plan(
        &self,
        ctx: &Context<'_>,
        input: CreatePlanInput,
    ) -> async_graphql::Result<PlanPayload> {
        let area_id = parse_id("areaId", &input.area_id).gql()?;
        let plan = ctx
            .app()
            .create_plan(
                ctx.actor(),
                NewPlanInput {
                    title: input.title,
                    description: input.description,
                    area_id,
                    opens_at: input.feedback_opens_at,
                    closes_at: input.feedback_closes_at,
                    questions: input.questions,
                    location: input.location.map(Into::into),
                },
            )
            .await
            .gql()?;
        Ok(payload(plan))
    }

    async fn update_plan(
        &self,
        ctx: &Context<'_>,
        input: UpdatePlanInputObject,
    ) -> async_graphql::Result<PlanPayload> {
        let id = parse_id("id", &input.id).gql()?;
        let area_id = input
            .area_id
            .as_ref()
            .map(|a| parse_id("areaId", a))
            .transpose()
            .gql()?;
        let plan = ctx
            .app()
            .update_plan(
                ctx.actor(),
                UpdatePlanInput {
                    id,
                    title: input.title,
                    description: input.description,
                    area_id,
                    opens_at: input.feedback_opens_at,
                    closes_at: input.feedback_closes_at,
                    questions: input.questions,
                },
            )
            .await
            .gql()?;
        Ok(payload(plan))
    }

    async fn set_plan_status(
        &self,
        ctx: &Context<'_>,
        input: SetPlanStatusInput,
    ) -> async_graphql::Result<PlanPayload> {
        let id = parse_id("id", &input.id).gql()?;
        let plan = ctx
            .app()
            .set_plan_status(ctx.actor(), id, input.status.into())
            .await
            .gql()?;
        Ok(payload(plan))
    }

    /// Publishes the official response. The plan's author or an admin.
    async fn respond_to_plan(
        &self,
        ctx: &Context<'_>,
        input: RespondToPlanInput,
    ) -> async_graphql::Result<PlanPayload> {
        let id = parse_id("planId", &input.plan_id).gql()?;
        let plan = ctx
            .app()
            .respond_to_plan(ctx.actor(), id, input.response)
            .await
            .gql()?;
        Ok(payload(plan))
    }

    /// Takes an idea up in a plan; shown on both. The plan's author or an admin.
    async fn link_idea_to_plan(
        &self,
        ctx: &Context<'_>,
        input: LinkIdeaToPlanInput,
    ) -> async_graphql::Result<PlanPayload> {
        let plan_id = parse_id("planId", &input.plan_id).gql()?;
        let idea_id = parse_id("ideaId", &input.idea_id).gql()?;
        let plan = ctx
            .app()
            .link_idea(ctx.actor(), plan_id, idea_id, true)
            .await
            .gql()?;
        Ok(payload(plan))
    }

    async fn unlink_idea_from_plan(
        &self,
        ctx: &Context<'_>,
        input: UnlinkIdeaFromPlanInput,
    ) -> async_graphql::Result<PlanPayload> {
        let plan_id = parse_id("planId", &input.plan_id).gql()?;
        let idea_id = parse_id("ideaId", &input.idea_id).gql()?;
        let plan = ctx
            .app()
            .link_idea(ctx.actor(), plan_id, idea_id, false)
            .await
            .gql()?;
        Ok(payload(plan))
    }

    async fn answer_plan_question(
        &self,
        ctx: &Context<'_>,
        input: AnswerPlanQuestionInput,
    ) -> async_graphql::Result<PlanAnswerPayload> {
        let id = parse_id("questionId", &input.question_id).gql()?;
        let answer = ctx
            .app()
            .answer_question(ctx.actor(), id, input.body)
            .await
            .gql()?;
        Ok(PlanAnswerPayload {
            answer: PlanAnswerNode(answer),
        })
    }
}
