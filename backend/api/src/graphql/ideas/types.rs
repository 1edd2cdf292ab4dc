use async_graphql::{Context, Enum, ID, Object, SimpleObject};
use chrono::{DateTime, Utc};
use plein_app::Sort;
use plein_app::ideas::{Idea, IdeaRevision, StatusChange};
use plein_domain::{IdeaStatus, SubjectKind};

use crate::graphql::types::{AreaNode, CommentNode, Conn, PlanNode, UserNode};
use crate::graphql::{ContextExt, ResultExt};

/// Where an idea stands. Drafts and withdrawn ideas are visible only to their
/// author (and admins).
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "IdeaStatus")]
pub enum IdeaStatusValue {
    Draft,
    Published,
    /// Enough support, or a professional picked it up: the municipality looks at it.
    UnderReview,
    Accepted,
    InProgress,
    Realised,
    /// Not taken up; the status history carries the reason.
    Declined,
    /// Taken back by its author.
    Withdrawn,
}

macro_rules! mirror_enum {
    ($api:ident, $domain:ty, [$($v:ident),*]) => {
        impl From<$domain> for $api {
            fn from(value: $domain) -> Self {
                match value { $(<$domain>::$v => $api::$v,)* }
            }
        }
        impl From<$api> for $domain {
            fn from(value: $api) -> Self {
                match value { $($api::$v => <$domain>::$v,)* }
            }
        }
    };
}
pub(crate) use mirror_enum;

mirror_enum!(
    IdeaStatusValue,
    IdeaStatus,
    [
        Draft,
        Published,
        UnderReview,
        Accepted,
        InProgress,
        Realised,
        Declined,
        Withdrawn
    ]
);

/// How a list of ideas or plans is ordered. Every order breaks ties by id.
#[derive(Enum, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListSort {
    /// Newest first.
    #[default]
    Newest,
    /// Ideas: most supports first. Plans: most ideas taken up first.
    MostSupported,
    /// Most comments first.
    MostDiscussed,
}

impl From<ListSort> for Sort {
    fn from(sort: ListSort) -> Self {
        match sort {
            ListSort::Newest => Sort::Newest,
            ListSort::MostSupported => Sort::MostSupported,
            ListSort::MostDiscussed => Sort::MostDiscussed,
        }
    }
}

/// A point on the map, in WGS84 degrees, with its address when given.
#[derive(SimpleObject, Clone)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
    /// An address or description of the place, at most 200 characters.
    pub address: Option<String>,
}

/// A resident's proposal for an area.
pub struct IdeaNode(pub Idea);

#[Object(name = "Idea")]
impl IdeaNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Plain text, 1 to 120 characters.
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Markdown as the author wrote it, 1 to 20000 characters.
    async fn body(&self) -> &str {
        &self.0.body
    }

    /// The body rendered to sanitised HTML: no scripts, no event handlers,
    /// no `javascript:` links; links carry `rel="nofollow noopener"`.
    async fn body_html(&self) -> String {
        self.0.body_html()
    }

    /// Lower-case plain text, at most 10 of at most 30 characters each.
    async fn tags(&self) -> &[String] {
        &self.0.tags
    }

    async fn location(&self) -> Option<Location> {
        self.0.location.map(|l| Location {
            latitude: l.latitude,
            longitude: l.longitude,
            address: self.0.address.clone(),
        })
    }

    async fn status(&self) -> IdeaStatusValue {
        self.0.status.into()
    }

    async fn area(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<AreaNode>> {
        let area = ctx.loaders().area(self.0.area_id).await.gql()?;
        Ok(area.map(AreaNode))
    }

    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let user = ctx.loaders().user(self.0.author_id).await.gql()?;
        Ok(user.map(UserNode))
    }

    /// Who did it for the author under a mandate ("Y on behalf of X"); null
    /// when the author did it themself.
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

    async fn support_count(&self) -> i32 {
        self.0.support_count
    }

    async fn comment_count(&self) -> i32 {
        self.0.comment_count
    }

    /// Whether the signed-in viewer supports this idea.
    async fn viewer_has_supported(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        ctx.loaders().supported(self.0.id).await.gql()
    }

    /// Whether the signed-in viewer follows this idea.
    async fn viewer_follows(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let loaded = ctx
            .loaders()
            .content
            .followed_ideas
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded.unwrap_or(false))
    }

    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.0.published_at
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }

    /// Every version of the text, oldest first; the last is the current one.
    async fn revisions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<IdeaRevisionNode>> {
        let loaded = ctx
            .loaders()
            .content
            .idea_revisions
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded
            .unwrap_or_default()
            .into_iter()
            .map(IdeaRevisionNode)
            .collect())
    }

    /// Every status change, oldest first: who, when, from, to and why.
    async fn status_history(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<IdeaStatusChangeNode>> {
        let loaded = ctx
            .loaders()
            .content
            .status_history
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded
            .unwrap_or_default()
            .into_iter()
            .map(IdeaStatusChangeNode)
            .collect())
    }

    /// The working groups that work on this idea, as the viewer may see them.
    async fn groups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<super::GroupNode>> {
        let loaded = ctx
            .loaders()
            .groups
            .of_ideas
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded
            .unwrap_or_default()
            .into_iter()
            .map(super::GroupNode)
            .collect())
    }

    /// The plans that take this idea up.
    async fn plans(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<PlanNode>> {
        let loaded = ctx
            .loaders()
            .content
            .idea_plans
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded
            .unwrap_or_default()
            .into_iter()
            .map(PlanNode)
            .collect())
    }

    /// The top-level comments, oldest first; follow `replies` down.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn comments(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<CommentNode>> {
        crate::graphql::comments::thread_page(ctx, SubjectKind::Idea, self.0.id, first, after).await
    }
}

/// One version of an idea's text.
pub struct IdeaRevisionNode(pub IdeaRevision);

#[Object(name = "IdeaRevision")]
impl IdeaRevisionNode {
    async fn title(&self) -> &str {
        &self.0.title
    }

    /// Markdown as written.
    async fn body(&self) -> &str {
        &self.0.body
    }

    async fn tags(&self) -> &[String] {
        &self.0.tags
    }

    async fn editor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let user = ctx.loaders().user(self.0.editor_id).await.gql()?;
        Ok(user.map(UserNode))
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// One entry of an idea's public status history.
pub struct IdeaStatusChangeNode(pub StatusChange);

#[Object(name = "IdeaStatusChange")]
impl IdeaStatusChangeNode {
    /// Null for the first entry, when the idea was created.
    async fn from(&self) -> Option<IdeaStatusValue> {
        self.0.from.map(Into::into)
    }

    async fn to(&self) -> IdeaStatusValue {
        self.0.to.into()
    }

    /// Required when declining; plain text, at most 1000 characters.
    async fn reason(&self) -> Option<&str> {
        self.0.reason.as_deref()
    }

    /// Who made the change; null when Plein did (a support threshold was reached).
    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let Some(id) = self.0.actor_id else {
            return Ok(None);
        };
        let user = ctx.loaders().user(id).await.gql()?;
        Ok(user.map(UserNode))
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
