use async_graphql::{Context, Enum, ID, Object, Union};
use chrono::{DateTime, Utc};
use plein_app::comments::{Comment, CommentRevision};
use plein_domain::SubjectKind;

use crate::graphql::types::mirror_enum;
use crate::graphql::types::{BudgetProjectNode, GroupNode, IdeaNode, PlanNode, UserNode};
use crate::graphql::types::{Conn, connection};
use crate::graphql::{ContextExt, ResultExt};
use plein_app::page::PageArgs;

/// What a comment thread hangs on.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "CommentSubjectKind")]
pub enum SubjectKindValue {
    Idea,
    Plan,
    /// A working group's own discussion.
    Group,
    /// A project in a budget round.
    BudgetProject,
}

mirror_enum!(
    SubjectKindValue,
    SubjectKind,
    [Idea, Plan, Group, BudgetProject]
);

/// The idea, plan, working group or budget project a comment belongs to.
#[derive(Union)]
pub enum CommentSubject {
    Idea(IdeaNode),
    Plan(PlanNode),
    Group(GroupNode),
    BudgetProject(BudgetProjectNode),
}

/// A comment in a feedback thread. A deleted comment stays as a placeholder
/// (no author, no text) so its replies keep their place.
pub struct CommentNode(pub Comment);

#[Object(name = "Comment")]
impl CommentNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn subject_kind(&self) -> SubjectKindValue {
        self.0.subject_kind.into()
    }

    /// The idea, plan, group or budget project; null when the viewer may not see it.
    async fn subject(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CommentSubject>> {
        let loaders = &ctx.loaders().content;
        Ok(match self.0.subject_kind {
            SubjectKind::Idea => loaders
                .ideas
                .load_one(self.0.subject_id)
                .await
                .gql()?
                .map(|i| CommentSubject::Idea(IdeaNode(i))),
            SubjectKind::Plan => loaders
                .plans
                .load_one(self.0.subject_id)
                .await
                .gql()?
                .map(|p| CommentSubject::Plan(PlanNode(p))),
            SubjectKind::Group => ctx
                .loaders()
                .groups
                .groups
                .load_one(self.0.subject_id)
                .await
                .gql()?
                .map(|g| CommentSubject::Group(GroupNode(g))),
            SubjectKind::BudgetProject => ctx
                .loaders()
                .budget
                .by_id
                .load_one(self.0.subject_id)
                .await
                .gql()?
                .map(|p| CommentSubject::BudgetProject(BudgetProjectNode(p))),
        })
    }

    /// The comment this one replies to.
    async fn parent(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<CommentNode>> {
        let Some(id) = self.0.parent_id else {
            return Ok(None);
        };
        let parent = ctx.loaders().content.comments.load_one(id).await.gql()?;
        Ok(parent.map(CommentNode))
    }

    /// 0 for a top-level comment; replies nest at most 4 deep, deeper replies
    /// attach at that depth.
    async fn depth(&self) -> i32 {
        self.0.depth
    }

    /// Null once deleted.
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let Some(id) = self.0.author_id else {
            return Ok(None);
        };
        let user = ctx.loaders().user(id).await.gql()?;
        Ok(user.map(UserNode))
    }

    /// Who did it for the author under a mandate ("Y on behalf of X"); null
    /// when the author did it themself; null once
    /// deleted.
    async fn acted_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let Some(id) = self.0.acted_by else {
            return Ok(None);
        };
        let user = ctx.loaders().user(id).await.gql()?;
        Ok(user.map(UserNode))
    }

    /// Assisted intake: the author, a professional, took this down at
    /// `intake.place` for `intake.residentName`, who has no account.
    async fn intake(&self) -> Option<super::IntakeNode> {
        self.0.intake.as_ref().map(Into::into)
    }

    /// Markdown as written, 1 to 5000 characters; null once deleted.
    async fn body(&self) -> Option<&str> {
        self.0.body.as_deref()
    }

    /// The body as sanitised HTML; null once deleted.
    async fn body_html(&self) -> Option<String> {
        self.0.body_html()
    }

    /// An official reply by a professional or admin, speaking for the municipality.
    async fn official(&self) -> bool {
        self.0.official
    }

    /// The official answer this thread got (top-level comments only).
    async fn official_answer(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<CommentNode>> {
        let Some(id) = self.0.answer_id else {
            return Ok(None);
        };
        let answer = ctx.loaders().content.comments.load_one(id).await.gql()?;
        Ok(answer.map(CommentNode))
    }

    /// How many people agree.
    async fn agree_count(&self) -> i32 {
        self.0.agree_count
    }

    async fn viewer_agrees(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let loaded = ctx
            .loaders()
            .content
            .agreed
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded.unwrap_or(false))
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn edited_at(&self) -> Option<DateTime<Utc>> {
        self.0.edited_at
    }

    async fn deleted_at(&self) -> Option<DateTime<Utc>> {
        self.0.deleted_at
    }

    async fn deleted(&self) -> bool {
        self.0.deleted_at.is_some()
    }

    /// Hidden by a moderator: it keeps its place, without text or author.
    async fn hidden(&self) -> bool {
        self.0.hidden_at.is_some()
    }

    /// Every version of the text, oldest first; empty once deleted.
    async fn revisions(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<CommentRevisionNode>> {
        if self.0.hidden_at.is_some() {
            return Ok(Vec::new());
        }
        let loaded = ctx
            .loaders()
            .content
            .comment_revisions
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded
            .unwrap_or_default()
            .into_iter()
            .map(CommentRevisionNode)
            .collect())
    }

    /// The direct replies, oldest first.
    async fn replies(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CommentNode>> {
        let loaded = ctx
            .loaders()
            .content
            .replies
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded
            .unwrap_or_default()
            .into_iter()
            .map(CommentNode)
            .collect())
    }
}

/// One version of a comment's text.
pub struct CommentRevisionNode(pub CommentRevision);

#[Object(name = "CommentRevision")]
impl CommentRevisionNode {
    async fn body(&self) -> &str {
        &self.0.body
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// The first page of a thread, for the `comments` field of an idea, a plan
/// or a working group.
pub(crate) async fn thread_page(
    ctx: &Context<'_>,
    kind: SubjectKind,
    id: uuid::Uuid,
    first: Option<i32>,
    after: Option<String>,
) -> async_graphql::Result<Conn<CommentNode>> {
    let args = PageArgs::parse(first, after.as_deref()).gql()?;
    let page = ctx.app().thread(ctx.actor(), kind, id, &args).await.gql()?;
    Ok(connection(page, after.is_some(), CommentNode))
}
