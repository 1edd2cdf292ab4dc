use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use plein_app::budget::{
    AssessInput, BallotChoice, CastBallotInput, ImportInput, NewProjectInput, NewRoundInput,
    PaperBallotInput, PromoteIdeaInput, UpdateRoundInput,
};

use super::types::{BallotKindValue, BudgetProjectNode, BudgetRoundNode, PhaseValue, RuleValue};
use crate::graphql::types::{IntakeInput, optional_id, parse_id, parse_on_behalf_of};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct BudgetMutations;

/// A new budget round. Amounts are whole cents; each phase date after the one before.
#[derive(InputObject)]
pub struct CreateBudgetRoundInput {
    pub area_id: ID,
    pub title: String,
    /// Markdown.
    pub description: String,
    /// More than zero.
    pub budget: i64,
    pub max_project_cost: Option<i64>,
    pub ballot_kind: BallotKindValue,
    /// Approval only.
    pub max_projects: Option<i32>,
    /// Approval only: the most the chosen projects may cost together.
    pub max_total: Option<i64>,
    /// Cumulative only: the points each ballot spreads.
    pub points: Option<i32>,
    pub rule: RuleValue,
    pub min_age: Option<i32>,
    pub submitting_at: DateTime<Utc>,
    pub assessment_at: DateTime<Utc>,
    pub voting_at: DateTime<Utc>,
    pub result_at: DateTime<Utc>,
    pub realisation_at: DateTime<Utc>,
}

/// A change to a budget round; a field left out keeps its value, and null
/// clears one that may be empty. Dates change only for phases that have not
/// started; the budget, ballot and rule only until voting opens.
#[derive(InputObject)]
pub struct UpdateBudgetRoundInput {
    pub round_id: ID,
    pub title: Option<String>,
    /// Markdown.
    pub description: Option<String>,
    pub budget: Option<i64>,
    pub max_project_cost: async_graphql::MaybeUndefined<i64>,
    pub ballot_kind: Option<BallotKindValue>,
    pub max_projects: async_graphql::MaybeUndefined<i32>,
    pub max_total: async_graphql::MaybeUndefined<i64>,
    pub points: async_graphql::MaybeUndefined<i32>,
    pub rule: Option<RuleValue>,
    pub min_age: async_graphql::MaybeUndefined<i32>,
    pub submitting_at: Option<DateTime<Utc>>,
    pub assessment_at: Option<DateTime<Utc>>,
    pub voting_at: Option<DateTime<Utc>>,
    pub result_at: Option<DateTime<Utc>>,
    pub realisation_at: Option<DateTime<Utc>>,
}

/// Left out keeps a value, null clears it.
fn change<T>(value: async_graphql::MaybeUndefined<T>) -> Option<Option<T>> {
    match value {
        async_graphql::MaybeUndefined::Undefined => None,
        async_graphql::MaybeUndefined::Null => Some(None),
        async_graphql::MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

#[derive(InputObject)]
pub struct SetBudgetRoundPhaseInput {
    pub round_id: ID,
    /// Only forward.
    pub phase: PhaseValue,
}

#[derive(InputObject)]
pub struct SetBudgetRoundRuleInput {
    pub round_id: ID,
    pub rule: RuleValue,
}

#[derive(InputObject)]
pub struct SubmitBudgetProjectInput {
    pub round_id: ID,
    pub title: String,
    /// Markdown.
    pub description: String,
    /// Inside the round's area.
    pub area_id: ID,
    /// The estimated cost in cents: more than zero, at most the round's per-project maximum.
    pub cost: i64,
    /// Submit it for the person whose mandate you hold.
    pub on_behalf_of: Option<ID>,
    /// Assisted intake, for a resident without an account (professionals).
    pub intake: Option<IntakeInput>,
}

#[derive(InputObject)]
pub struct PromoteIdeaToBudgetProjectInput {
    pub round_id: ID,
    pub idea_id: ID,
    /// The estimated cost in cents.
    pub cost: i64,
}

#[derive(InputObject)]
pub struct AssessBudgetProjectInput {
    pub project_id: ID,
    pub feasible: bool,
    /// Public.
    pub reason: String,
    /// A new estimated cost in cents, explained by the reason.
    pub cost: Option<i64>,
}

#[derive(InputObject)]
pub struct BudgetBallotChoiceInput {
    pub project_id: ID,
    /// Cumulative ballots only.
    pub points: Option<i32>,
}

#[derive(InputObject)]
pub struct CastBudgetBallotInput {
    pub round_id: ID,
    pub choices: Vec<BudgetBallotChoiceInput>,
    /// Your own statement that you are old enough, when the round asks.
    #[graphql(default)]
    pub age_confirmed: bool,
    /// Vote for the person whose mandate (budget votes) you hold.
    pub on_behalf_of: Option<ID>,
}

#[derive(InputObject)]
pub struct EnterPaperBudgetBallotInput {
    pub round_id: ID,
    /// The number on the paper ballot; each once per round.
    pub number: String,
    /// Where it was cast.
    pub place: Option<String>,
    pub choices: Vec<BudgetBallotChoiceInput>,
}

/// A pabulib `.pb` file, imported into a new round that is closed already.
#[derive(InputObject)]
pub struct ImportBudgetRoundInput {
    pub area_id: ID,
    pub title: String,
    /// The file's text.
    pub file: String,
}

/// Support a project while the round takes submissions or is being
/// assessed. A support is not a vote.
#[derive(InputObject)]
pub struct SupportBudgetProjectInput {
    pub project_id: ID,
    /// Act for the person who gave you a mandate covering supports (their user id).
    pub on_behalf_of: Option<ID>,
}

#[derive(InputObject)]
pub struct UnsupportBudgetProjectInput {
    pub project_id: ID,
    /// Act for the person who gave you a mandate covering supports (their user id).
    pub on_behalf_of: Option<ID>,
}

#[derive(SimpleObject)]
pub struct BudgetRoundPayload {
    pub round: BudgetRoundNode,
}

#[derive(SimpleObject)]
pub struct BudgetProjectPayload {
    pub project: BudgetProjectNode,
}

#[derive(SimpleObject)]
pub struct CastBudgetBallotPayload {
    pub round: BudgetRoundNode,
    /// Whether this replaced an earlier ballot.
    pub replaced: bool,
}

fn choices(raw: Vec<BudgetBallotChoiceInput>) -> async_graphql::Result<Vec<BallotChoice>> {
    raw.into_iter()
        .map(|c| {
            let points = match c.points {
                Some(p) if p < 0 => {
                    return Err(plein_app::AppError::bad_input(
                        "points",
                        "points cannot be negative",
                    ))
                    .gql();
                }
                Some(p) => Some(p as u32),
                None => None,
            };
            Ok(BallotChoice {
                project_id: parse_id("projectId", &c.project_id).gql()?,
                points,
            })
        })
        .collect()
}

async fn round_payload(
    ctx: &Context<'_>,
    id: uuid::Uuid,
) -> async_graphql::Result<BudgetRoundNode> {
    let round = ctx.app().budget_round(ctx.actor(), id).await.gql()?;
    round
        .map(BudgetRoundNode)
        .ok_or_else(|| plein_app::AppError::NotFound("budget round"))
        .gql()
}

#[Object]
impl BudgetMutations {
    /// Opens a budget round for an area (professionals and admins).
    async fn create_budget_round(
        &self,
        ctx: &Context<'_>,
        input: CreateBudgetRoundInput,
    ) -> async_graphql::Result<BudgetRoundPayload> {
        let area_id = parse_id("areaId", &input.area_id).gql()?;
        let round = ctx
            .app()
            .create_budget_round(
                ctx.actor(),
                NewRoundInput {
                    area_id,
                    title: input.title,
                    description: input.description,
                    budget: input.budget,
                    max_project_cost: input.max_project_cost,
                    ballot_kind: input.ballot_kind.into(),
                    max_projects: input.max_projects,
                    max_total: input.max_total,
                    points: input.points,
                    rule: input.rule.into(),
                    min_age: input.min_age,
                    submitting_at: input.submitting_at,
                    assessment_at: input.assessment_at,
                    voting_at: input.voting_at,
                    result_at: input.result_at,
                    realisation_at: input.realisation_at,
                },
            )
            .await
            .gql()?;
        Ok(BudgetRoundPayload {
            round: BudgetRoundNode(round),
        })
    }

    /// Changes a round's title, description and the dates of phases that
    /// have not started, and, until voting opens, its budget, ballot and
    /// counting rule (professionals and admins). A changed date reschedules
    /// its phase.
    async fn update_budget_round(
        &self,
        ctx: &Context<'_>,
        input: UpdateBudgetRoundInput,
    ) -> async_graphql::Result<BudgetRoundPayload> {
        let round_id = parse_id("roundId", &input.round_id).gql()?;
        let round = ctx
            .app()
            .update_budget_round(
                ctx.actor(),
                UpdateRoundInput {
                    round_id,
                    title: input.title,
                    description: input.description,
                    budget: input.budget,
                    max_project_cost: change(input.max_project_cost),
                    ballot_kind: input.ballot_kind.map(Into::into),
                    max_projects: change(input.max_projects),
                    max_total: change(input.max_total),
                    points: change(input.points),
                    rule: input.rule.map(Into::into),
                    min_age: change(input.min_age),
                    submitting_at: input.submitting_at,
                    assessment_at: input.assessment_at,
                    voting_at: input.voting_at,
                    result_at: input.result_at,
                    realisation_at: input.realisation_at,
                },
            )
            .await
            .gql()?;
        Ok(BudgetRoundPayload {
            round: BudgetRoundNode(round),
        })
    }

    /// Moves a round forward by hand (professionals and admins).
    async fn set_budget_round_phase(
        &self,
        ctx: &Context<'_>,
        input: SetBudgetRoundPhaseInput,
    ) -> async_graphql::Result<BudgetRoundPayload> {
        let id = parse_id("roundId", &input.round_id).gql()?;
        let round = ctx
            .app()
            .set_budget_round_phase(ctx.actor(), id, input.phase.into())
            .await
            .gql()?;
        Ok(BudgetRoundPayload {
            round: BudgetRoundNode(round),
        })
    }

    /// Changes the counting rule before voting opens (professionals and admins).
    async fn set_budget_round_rule(
        &self,
        ctx: &Context<'_>,
        input: SetBudgetRoundRuleInput,
    ) -> async_graphql::Result<BudgetRoundPayload> {
        let id = parse_id("roundId", &input.round_id).gql()?;
        let round = ctx
            .app()
            .set_budget_round_rule(ctx.actor(), id, input.rule.into())
            .await
            .gql()?;
        Ok(BudgetRoundPayload {
            round: BudgetRoundNode(round),
        })
    }

    /// Submits a project while the round takes submissions.
    async fn submit_budget_project(
        &self,
        ctx: &Context<'_>,
        input: SubmitBudgetProjectInput,
    ) -> async_graphql::Result<BudgetProjectPayload> {
        let project = ctx
            .app()
            .submit_budget_project(
                ctx.actor(),
                NewProjectInput {
                    round_id: parse_id("roundId", &input.round_id).gql()?,
                    title: input.title,
                    description: input.description,
                    area_id: parse_id("areaId", &input.area_id).gql()?,
                    cost: input.cost,
                    on_behalf_of: optional_id("onBehalfOf", input.on_behalf_of.as_ref())?,
                    intake: input.intake.map(|i| (i.resident_name, i.place)),
                },
            )
            .await
            .gql()?;
        Ok(BudgetProjectPayload {
            project: BudgetProjectNode(project),
        })
    }

    /// Brings an idea into a round as a project, keeping the link (its
    /// author or a professional).
    async fn promote_idea_to_budget_project(
        &self,
        ctx: &Context<'_>,
        input: PromoteIdeaToBudgetProjectInput,
    ) -> async_graphql::Result<BudgetProjectPayload> {
        let project = ctx
            .app()
            .promote_idea_to_budget_project(
                ctx.actor(),
                PromoteIdeaInput {
                    round_id: parse_id("roundId", &input.round_id).gql()?,
                    idea_id: parse_id("ideaId", &input.idea_id).gql()?,
                    cost: input.cost,
                },
            )
            .await
            .gql()?;
        Ok(BudgetProjectPayload {
            project: BudgetProjectNode(project),
        })
    }

    /// Marks a project feasible or not with a public reason, and may adjust
    /// its cost (professionals and admins).
    async fn assess_budget_project(
        &self,
        ctx: &Context<'_>,
        input: AssessBudgetProjectInput,
    ) -> async_graphql::Result<BudgetProjectPayload> {
        let project = ctx
            .app()
            .assess_budget_project(
                ctx.actor(),
                AssessInput {
                    project_id: parse_id("projectId", &input.project_id).gql()?,
                    feasible: input.feasible,
                    reason: input.reason,
                    cost: input.cost,
                },
            )
            .await
            .gql()?;
        Ok(BudgetProjectPayload {
            project: BudgetProjectNode(project),
        })
    }

    /// Supports a project; doing it again changes nothing. Not a vote.
    async fn support_budget_project(
        &self,
        ctx: &Context<'_>,
        input: SupportBudgetProjectInput,
    ) -> async_graphql::Result<BudgetProjectPayload> {
        let id = parse_id("projectId", &input.project_id).gql()?;
        let on_behalf_of = parse_on_behalf_of(input.on_behalf_of.as_ref()).gql()?;
        let project = ctx
            .app()
            .support_budget_project(ctx.actor(), id, on_behalf_of)
            .await
            .gql()?;
        Ok(BudgetProjectPayload {
            project: BudgetProjectNode(project),
        })
    }

    /// Takes your support of a project back; doing it again changes nothing.
    async fn unsupport_budget_project(
        &self,
        ctx: &Context<'_>,
        input: UnsupportBudgetProjectInput,
    ) -> async_graphql::Result<BudgetProjectPayload> {
        let id = parse_id("projectId", &input.project_id).gql()?;
        let on_behalf_of = parse_on_behalf_of(input.on_behalf_of.as_ref()).gql()?;
        let project = ctx
            .app()
            .unsupport_budget_project(ctx.actor(), id, on_behalf_of)
            .await
            .gql()?;
        Ok(BudgetProjectPayload {
            project: BudgetProjectNode(project),
        })
    }

    /// Casts or replaces your secret ballot while voting is open.
    async fn cast_budget_ballot(
        &self,
        ctx: &Context<'_>,
        input: CastBudgetBallotInput,
    ) -> async_graphql::Result<CastBudgetBallotPayload> {
        let round_id = parse_id("roundId", &input.round_id).gql()?;
        let replaced = ctx
            .app()
            .cast_budget_ballot(
                ctx.actor(),
                CastBallotInput {
                    round_id,
                    choices: choices(input.choices)?,
                    age_confirmed: input.age_confirmed,
                    on_behalf_of: optional_id("onBehalfOf", input.on_behalf_of.as_ref())?,
                },
            )
            .await
            .gql()?;
        Ok(CastBudgetBallotPayload {
            round: round_payload(ctx, round_id).await?,
            replaced,
        })
    }

    /// Enters a paper ballot cast at a location (professionals and admins).
    async fn enter_paper_budget_ballot(
        &self,
        ctx: &Context<'_>,
        input: EnterPaperBudgetBallotInput,
    ) -> async_graphql::Result<BudgetRoundPayload> {
        let round_id = parse_id("roundId", &input.round_id).gql()?;
        ctx.app()
            .enter_paper_budget_ballot(
                ctx.actor(),
                PaperBallotInput {
                    round_id,
                    number: input.number,
                    place: input.place,
                    choices: choices(input.choices)?,
                },
            )
            .await
            .gql()?;
        Ok(BudgetRoundPayload {
            round: round_payload(ctx, round_id).await?,
        })
    }

    /// Imports a pabulib `.pb` file into a new, closed round (admins). A
    /// malformed file is `BAD_USER_INPUT` on `file` with its line and reason,
    /// and creates nothing.
    async fn import_budget_round(
        &self,
        ctx: &Context<'_>,
        input: ImportBudgetRoundInput,
    ) -> async_graphql::Result<BudgetRoundPayload> {
        let round = ctx
            .app()
            .import_budget_round(
                ctx.actor(),
                ImportInput {
                    area_id: parse_id("areaId", &input.area_id).gql()?,
                    title: input.title,
                    file: input.file,
                },
            )
            .await
            .gql()?;
        Ok(BudgetRoundPayload {
            round: BudgetRoundNode(round),
        })
    }
}
