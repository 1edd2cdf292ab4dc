use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use plein_app::budget::{Change, Project, ProjectResult, Round, RoundResult};
use plein_domain::rounds::{BallotShape, CountRule, Phase, ProjectChange};

use plein_domain::SubjectKind;

use crate::graphql::types::{
    AreaNode, CommentNode, Conn, IdeaNode, IntakeNode, LocaleValue, UserNode, mirror_enum,
};
use crate::graphql::{ContextExt, ResultExt};

/// Where a budget round stands; phases only move forward.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "BudgetPhase")]
pub enum PhaseValue {
    /// Residents submit projects.
    Submitting,
    /// Professionals assess them.
    Assessment,
    /// Residents vote.
    Voting,
    /// The count is published.
    Result,
    /// The funded projects are carried out.
    Realisation,
}

mirror_enum!(
    PhaseValue,
    Phase,
    [Submitting, Assessment, Voting, Result, Realisation]
);

/// How a round is counted; fixed once voting opens.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "BudgetRule")]
pub enum RuleValue {
    /// The most-voted projects that still fit, in order.
    Greedy,
    /// The Method of Equal Shares: each voter an equal share of the budget.
    EqualShares,
}

mirror_enum!(RuleValue, CountRule, [Greedy, EqualShares]);

/// The shape of a round's ballot.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "BudgetBallotKind")]
pub enum BallotKindValue {
    /// Pick projects; optionally at most `maxProjects`, or at most `maxTotal` cents.
    Approval,
    /// Spread exactly `points` points.
    Cumulative,
}

mirror_enum!(BallotKindValue, BallotShape, [Approval, Cumulative]);

/// What happened to a project.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "BudgetProjectChangeKind")]
pub enum ChangeValue {
    Submitted,
    Feasible,
    NotFeasible,
    /// The estimated cost was adjusted.
    Cost,
}

mirror_enum!(
    ChangeValue,
    ProjectChange,
    [Submitted, Feasible, NotFeasible, Cost]
);

/// A budget round ("begrotingsronde"): a budget for an area, with phases.
/// Amounts are whole cents.
pub struct BudgetRoundNode(pub Round);

#[Object(name = "BudgetRound")]
impl BudgetRoundNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Markdown as written.
    async fn description(&self) -> &str {
        &self.0.description
    }

    async fn description_html(&self) -> String {
        self.0.description_html()
    }

    /// Whether the signed-in viewer follows this round (and hears of its phases).
    async fn viewer_follows(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let loaded = ctx
            .loaders()
            .budget
            .rounds_followed
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded.unwrap_or(false))
    }

    async fn area(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<AreaNode>> {
        let area = ctx.loaders().area(self.0.area_id).await.gql()?;
        Ok(area.map(AreaNode))
    }

    async fn phase(&self) -> PhaseValue {
        self.0.phase.into()
    }

    /// The total budget, in cents.
    async fn budget(&self) -> i64 {
        self.0.budget
    }

    /// The most one project may cost, in cents.
    async fn max_project_cost(&self) -> Option<i64> {
        self.0.max_project_cost
    }

    async fn ballot_kind(&self) -> BallotKindValue {
        self.0.ballot_kind.into()
    }

    /// Approval: the most projects one ballot may choose.
    async fn max_projects(&self) -> Option<i32> {
        self.0.max_projects
    }

    /// Approval: the most the chosen projects may cost together, in cents.
    async fn max_total(&self) -> Option<i64> {
        self.0.max_total
    }

    /// Cumulative: the points each ballot spreads.
    async fn points(&self) -> Option<i32> {
        self.0.points
    }

    async fn rule(&self) -> RuleValue {
        self.0.rule.into()
    }

    /// Voters state they are at least this old.
    async fn min_age(&self) -> Option<i32> {
        self.0.min_age
    }

    async fn submitting_at(&self) -> DateTime<Utc> {
        self.0.dates.submitting_at
    }

    async fn assessment_at(&self) -> DateTime<Utc> {
        self.0.dates.assessment_at
    }

    async fn voting_at(&self) -> DateTime<Utc> {
        self.0.dates.voting_at
    }

    async fn result_at(&self) -> DateTime<Utc> {
        self.0.dates.result_at
    }

    async fn realisation_at(&self) -> DateTime<Utc> {
        self.0.dates.realisation_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// The projects, in submission order; `onBallot` keeps the feasible ones.
    async fn projects(
        &self,
        ctx: &Context<'_>,
        on_ballot: Option<bool>,
    ) -> async_graphql::Result<Vec<BudgetProjectNode>> {
        let projects = ctx
            .loaders()
            .budget
            .projects
            .load_one(self.0.id)
            .await
            .gql()?
            .unwrap_or_default();
        let only_feasible = on_ballot.unwrap_or(false);
        Ok(projects
            .into_iter()
            .filter(|p| !only_feasible || p.feasible == Some(true))
            .map(BudgetProjectNode)
            .collect())
    }

    /// Whether the viewer has voted in this round (never what they chose).
    async fn viewer_has_voted(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        ctx.app()
            .has_voted_in_budget_round(ctx.actor(), self.0.id)
            .await
            .gql()
    }

    /// The viewer's own ballot, to change it while voting is open.
    async fn viewer_ballot(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Vec<BallotChoiceNode>>> {
        let ballot = ctx
            .app()
            .my_budget_ballot(ctx.actor(), self.0.id)
            .await
            .gql()?;
        Ok(ballot.map(|choices| {
            choices
                .into_iter()
                .map(|(id, points)| BallotChoiceNode {
                    project_id: ID(id.to_string()),
                    points: points as i32,
                })
                .collect()
        }))
    }

    /// The round as a pabulib `.pb` file (META, PROJECTS, VOTES; voters
    /// numbered, never named), once voting has closed, so anyone can recount it.
    async fn pabulib(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        ctx.app()
            .budget_round_pabulib(ctx.actor(), self.0.id)
            .await
            .gql()
    }

    /// The count, once voting has closed; recomputed from the stored
    /// ballots, the same every time.
    async fn result(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The language of the reasons; the viewer's, else Dutch.")] locale: Option<
            LocaleValue,
        >,
    ) -> async_graphql::Result<Option<BudgetRoundResultNode>> {
        let locale = match locale {
            Some(l) => l,
            None => match ctx.actor().user_id() {
                Some(id) => ctx
                    .loaders()
                    .user(id)
                    .await
                    .gql()?
                    .map_or(LocaleValue::Nl, |u| u.locale.into()),
                None => LocaleValue::Nl,
            },
        };
        let result = ctx
            .app()
            .budget_round_result(ctx.actor(), self.0.id)
            .await
            .gql()?;
        Ok(result.map(|r| BudgetRoundResultNode(r, locale)))
    }
}

/// One choice on the viewer's own ballot.
#[derive(SimpleObject)]
#[graphql(name = "BudgetBallotChoice")]
pub struct BallotChoiceNode {
    pub project_id: ID,
    /// 1 on an approval ballot.
    pub points: i32,
}

/// A project in a budget round. Amounts are whole cents.
pub struct BudgetProjectNode(pub Project);

#[Object(name = "BudgetProject")]
impl BudgetProjectNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn round(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<BudgetRoundNode>> {
        let round = ctx
            .app()
            .budget_round(ctx.actor(), self.0.round_id)
            .await
            .gql()?;
        Ok(round.map(BudgetRoundNode))
    }

    async fn title(&self) -> &str {
        &self.0.title
    }

    async fn description(&self) -> &str {
        &self.0.description
    }

    async fn description_html(&self) -> String {
        self.0.description_html()
    }

    async fn area(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<AreaNode>> {
        let area = ctx.loaders().area(self.0.area_id).await.gql()?;
        Ok(area.map(AreaNode))
    }

    /// Who submitted it (for assisted intake: the professional who took it down).
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let Some(id) = self.0.author_id else {
            return Ok(None);
        };
        let user = ctx.loaders().user(id).await.gql()?;
        Ok(user.map(UserNode))
    }

    /// The delegate who submitted it for the author, under a mandate.
    async fn acted_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let Some(id) = self.0.acted_by else {
            return Ok(None);
        };
        let user = ctx.loaders().user(id).await.gql()?;
        Ok(user.map(UserNode))
    }

    async fn intake(&self) -> Option<IntakeNode> {
        self.0.intake.as_ref().map(Into::into)
    }

    /// The idea it was promoted from, if the viewer may see it.
    async fn idea(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<IdeaNode>> {
        let Some(id) = self.0.idea_id else {
            return Ok(None);
        };
        let idea = ctx.loaders().content.ideas.load_one(id).await.gql()?;
        Ok(idea.map(IdeaNode))
    }

    /// The estimated cost, in cents.
    async fn cost(&self) -> i64 {
        self.0.cost
    }

    /// Null until assessed; only feasible projects reach the ballot.
    async fn feasible(&self) -> Option<bool> {
        self.0.feasible
    }

    /// The public reason of the last assessment.
    async fn assessment_reason(&self) -> Option<&str> {
        self.0.assessment_reason.as_deref()
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// How many people support it. A support is not a vote.
    async fn support_count(&self) -> i32 {
        self.0.support_count
    }

    /// Whether the signed-in viewer supports this project.
    async fn viewer_has_supported(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let loaded = ctx
            .loaders()
            .budget
            .supported
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded.unwrap_or(false))
    }

    /// Whether the signed-in viewer follows this project's thread.
    async fn viewer_follows(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let loaded = ctx
            .loaders()
            .budget
            .followed
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded.unwrap_or(false))
    }

    /// A moderator hid it: only moderators, admins and its author see it,
    /// and it is not on the ballot.
    async fn hidden(&self) -> bool {
        self.0.hidden_at.is_some()
    }

    /// The top-level comments, oldest first; follow `replies` down.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn comments(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<CommentNode>> {
        crate::graphql::comments::thread_page(
            ctx,
            SubjectKind::BudgetProject,
            self.0.id,
            first,
            after,
        )
        .await
    }

    /// Every change, oldest first: public.
    async fn history(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<BudgetProjectChangeNode>> {
        Ok(ctx
            .loaders()
            .budget
            .changes
            .load_one(self.0.id)
            .await
            .gql()?
            .unwrap_or_default()
            .into_iter()
            .map(BudgetProjectChangeNode)
            .collect())
    }
}

/// One entry of a project's public history.
pub struct BudgetProjectChangeNode(pub Change);

#[Object(name = "BudgetProjectChange")]
impl BudgetProjectChangeNode {
    async fn kind(&self) -> ChangeValue {
        self.0.change.into()
    }

    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let Some(id) = self.0.actor_id else {
            return Ok(None);
        };
        let user = ctx.loaders().user(id).await.gql()?;
        Ok(user.map(UserNode))
    }

    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }

    async fn cost_from(&self) -> Option<i64> {
        self.0.cost_from
    }

    async fn cost_to(&self) -> Option<i64> {
        self.0.cost_to
    }

    async fn at(&self) -> DateTime<Utc> {
        self.0.at
    }
}

/// The count of a closed round. Amounts are whole cents.
pub struct BudgetRoundResultNode(pub RoundResult, pub LocaleValue);

#[Object(name = "BudgetRoundResult")]
impl BudgetRoundResultNode {
    async fn rule(&self) -> RuleValue {
        self.0.rule.into()
    }

    async fn budget(&self) -> i64 {
        self.0.budget
    }

    async fn budget_used(&self) -> i64 {
        self.0.budget_used
    }

    async fn budget_left(&self) -> i64 {
        self.0.budget_left
    }

    /// Ballots counted, online and on paper.
    async fn ballots(&self) -> i64 {
        self.0.ballots as i64
    }

    /// People who voted online.
    async fn voters(&self) -> i64 {
        self.0.voters as i64
    }

    /// People who could vote online: confirmed accounts living in the area.
    async fn eligible(&self) -> i64 {
        self.0.eligible as i64
    }

    /// What the other rule would have spent.
    async fn other_rule_budget_used(&self) -> i64 {
        self.0.other_rule_budget_used
    }

    /// When the round was counted (once, when voting closed).
    async fn counted_at(&self) -> DateTime<Utc> {
        self.0.counted_at
    }

    /// Every project on the ballot, in submission order.
    async fn projects(&self) -> Vec<BudgetProjectResultNode> {
        self.0
            .projects
            .iter()
            .cloned()
            .map(|p| BudgetProjectResultNode(p, self.1))
            .collect()
    }
}

/// One project's line in a round's count.
pub struct BudgetProjectResultNode(pub ProjectResult, pub LocaleValue);

#[Object(name = "BudgetProjectResult")]
impl BudgetProjectResultNode {
    async fn project_id(&self) -> ID {
        ID(self.0.project_id.to_string())
    }

    async fn funded(&self) -> bool {
        self.0.funded
    }

    /// Supporters (approval) or points (cumulative).
    async fn votes(&self) -> i64 {
        self.0.votes as i64
    }

    /// Why, in one sentence.
    async fn reason(&self) -> String {
        match self.1 {
            LocaleValue::Nl => self.0.reason.sentence_nl(),
            LocaleValue::En => self.0.reason.sentence_en(),
        }
    }

    /// Whether the other counting rule would have funded it.
    async fn funded_by_other_rule(&self) -> bool {
        self.0.funded_by_other_rule
    }
}
