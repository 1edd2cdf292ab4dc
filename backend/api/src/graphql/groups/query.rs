use async_graphql::{Context, ID, Object};
use plein_app::groups::GroupQuery as Query;
use plein_app::page::PageArgs;

use crate::graphql::types::{
    Conn, DecisionNode, GroupNode, MeetingNode, TaskNode, TaskStatusValue, connection, parse_id,
};
use crate::graphql::{ContextExt, ResultExt};

pub struct GroupQuery;

#[Object(name = "GroupQuery")]
impl GroupQuery {
    /// A working group; null when it does not exist or is members-only and
    /// the viewer is not a member.
    async fn group(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<GroupNode>> {
        let id = parse_id("id", &id).gql()?;
        let group = ctx.loaders().groups.groups.load_one(id).await.gql()?;
        Ok(group.map(GroupNode))
    }

    /// Working groups the viewer may see, newest first: in an area (and the
    /// areas beneath it), or only the viewer's own (`mine`).
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn groups(
        &self,
        ctx: &Context<'_>,
        area_id: Option<ID>,
        #[graphql(default)] mine: bool,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<GroupNode>> {
        let args = PageArgs::parse(first, after.as_deref()).gql()?;
        let area_id = area_id
            .as_ref()
            .map(|id| parse_id("areaId", id))
            .transpose()
            .gql()?;
        let page = ctx
            .app()
            .groups(ctx.actor(), &Query { area_id, mine }, &args)
            .await
            .gql()?;
        Ok(connection(page, after.is_some(), GroupNode))
    }

    /// Your tasks across your groups: open and doing first, by due date.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn my_tasks(
        &self,
        ctx: &Context<'_>,
        status: Option<TaskStatusValue>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<TaskNode>> {
        let args = PageArgs::parse(first, after.as_deref()).gql()?;
        let page = ctx
            .app()
            .my_tasks(ctx.actor(), status.map(Into::into), &args)
            .await
            .gql()?;
        Ok(connection(page, after.is_some(), TaskNode))
    }

    /// A meeting, for whoever may see its group.
    async fn meeting(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<MeetingNode>> {
        let id = parse_id("id", &id).gql()?;
        let meeting = ctx.app().meeting(ctx.actor(), id).await.gql()?;
        Ok(meeting.map(MeetingNode))
    }

    /// A proposal, for members of its group.
    async fn decision(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<DecisionNode>> {
        let id = parse_id("id", &id).gql()?;
        let decision = ctx.app().decision(ctx.actor(), id).await.gql()?;
        Ok(decision.map(DecisionNode))
    }
}
