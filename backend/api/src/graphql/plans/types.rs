use async_graphql::{Context, Enum, ID, Object};
use chrono::{DateTime, Utc};
use plein_app::page::PageArgs;
use plein_app::plans::{Answer, Plan, Question};
use plein_domain::{PlanStatus, SubjectKind};

use crate::graphql::types::mirror_enum;
use crate::graphql::types::{AreaNode, CommentNode, Conn, IdeaNode, UserNode, connection};
use crate::graphql::{ContextExt, ResultExt};

/// Where a plan stands. Drafts are visible only to their author (and admins).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "PlanStatus")]
pub enum PlanStatusValue {
    Draft,
    /// Asking residents for feedback.
    Consulting,
    /// Weighing the feedback.
    Considering,
    Decided,
    InProgress,
    Done,
    Cancelled,
}

mirror_enum!(
    PlanStatusValue,
    PlanStatus,
    [
        Draft,
        Consulting,
        Considering,
        Decided,
        InProgress,
        Done,
        Cancelled
    ]
);

/// A professional's plan for an area, with a feedback window.
pub struct PlanNode(pub Plan);

#[Object(name = "Plan")]
impl PlanNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Whether the signed-in viewer follows this plan.
    async fn viewer_follows(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let loaded = ctx
            .loaders()
            .content
            .followed_plans
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded.unwrap_or(false))
    }

    /// Plain text, 1 to 120 characters.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Markdown as written, 1 to 50000 characters.
    async fn description(&self) -> &str {
        &self.0.description
    }

    /// The description as sanitised HTML.
    async fn description_html(&self) -> String {
        self.0.description_html()
    }

    async fn status(&self) -> PlanStatusValue {
        self.0.status.into()
    }

    /// Where, when the plan is about one place.
    async fn location(&self) -> Option<crate::graphql::ideas::types::Location> {
        self.0
            .location
            .as_ref()
            .map(|l| crate::graphql::ideas::types::Location {
                latitude: l.latitude,
                longitude: l.longitude,
                address: l.address.clone(),
            })
    }

    async fn area(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<AreaNode>> {
        let area = ctx.loaders().area(self.0.area_id).await.gql()?;
        Ok(area.map(AreaNode))
    }

    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let user = ctx.loaders().user(self.0.author_id).await.gql()?;
        Ok(user.map(UserNode))
    }

    /// From when residents can comment and answer.
    async fn feedback_opens_at(&self) -> DateTime<Utc> {
        self.0.window.opens_at
    }

    /// Until when (not including) residents can comment and answer.
    async fn feedback_closes_at(&self) -> DateTime<Utc> {
        self.0.window.closes_at
    }

    /// Whether comments and answers are accepted right now.
    async fn feedback_open(&self, ctx: &Context<'_>) -> bool {
        self.0.accepts_feedback(ctx.app().clock.now())
    }

    async fn questions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PlanQuestionNode>> {
        let loaded = ctx
            .loaders()
            .content
            .questions
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded
            .unwrap_or_default()
            .into_iter()
            .map(PlanQuestionNode)
            .collect())
    }

    /// The ideas this plan takes up.
    async fn ideas(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<IdeaNode>> {
        let loaded = ctx
            .loaders()
            .content
            .plan_ideas
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded
            .unwrap_or_default()
            .into_iter()
            .map(IdeaNode)
            .collect())
    }

    /// The working groups that work on this plan, as the viewer may see them.
    async fn groups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<super::GroupNode>> {
        let loaded = ctx
            .loaders()
            .groups
            .of_plans
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded
            .unwrap_or_default()
            .into_iter()
            .map(super::GroupNode)
            .collect())
    }

    async fn idea_count(&self) -> i32 {
        self.0.idea_count
    }

    async fn comment_count(&self) -> i32 {
        self.0.comment_count
    }

    /// "What we did with your input", Markdown; published once the feedback
    /// window has closed.
    async fn official_response(&self) -> Option<&str> {
        self.0.official_response.as_deref()
    }

    async fn official_response_html(&self) -> Option<String> {
        self.0.official_response_html()
    }

    async fn responded_at(&self) -> Option<DateTime<Utc>> {
        self.0.responded_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// The top-level comments, oldest first; follow `replies` down.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn comments(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<CommentNode>> {
        crate::graphql::comments::thread_page(ctx, SubjectKind::Plan, self.0.id, first, after).await
    }
}

/// A question a plan asks residents.
pub struct PlanQuestionNode(pub Question);

#[Object(name = "PlanQuestion")]
impl PlanQuestionNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// 0 for the first question.
    async fn position(&self) -> i32 {
        self.0.position
    }

    /// Plain text, 1 to 500 characters.
    async fn prompt(&self) -> &str {
        &self.0.prompt
    }

    async fn answer_count(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        let loaded = ctx
            .loaders()
            .content
            .answer_counts
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded.unwrap_or(0))
    }

    /// The signed-in viewer's own answer.
    async fn viewer_answer(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<PlanAnswerNode>> {
        let loaded = ctx
            .loaders()
            .content
            .viewer_answers
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded.map(PlanAnswerNode))
    }

    /// Everyone's answers, oldest first: for professionals and admins.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn answers(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<PlanAnswerNode>> {
        let args = PageArgs::parse(first, after.as_deref()).gql()?;
        let page = ctx.app().answers(ctx.actor(), &self.0, &args).await.gql()?;
        Ok(connection(page, after.is_some(), PlanAnswerNode))
    }
}

/// A resident's answer to a plan's question.
pub struct PlanAnswerNode(pub Answer);

#[Object(name = "PlanAnswer")]
impl PlanAnswerNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Markdown as written, 1 to 5000 characters.
    async fn body(&self) -> &str {
        &self.0.body
    }

    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let user = ctx.loaders().user(self.0.user_id).await.gql()?;
        Ok(user.map(UserNode))
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}
