//! The signed-in person, their sessions, and accounts.

use async_graphql::{Context, ID, Object};
use plein_app::page::PageArgs;

use crate::graphql::types::{Conn, RoleValue, SessionNode, UserNode, connection, parse_id};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct AccountQuery;

#[Object]
impl AccountQuery {
    /// The signed-in person, or null.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        Ok(ctx.app().me(ctx.actor()).await.gql()?.map(UserNode))
    }

    /// Your live sessions, newest first, so you can end the ones you don't recognise.
    async fn my_sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SessionNode>> {
        let sessions = ctx.app().my_sessions(ctx.actor()).await.gql()?;
        Ok(sessions.into_iter().map(SessionNode).collect())
    }

    /// One person's public profile.
    async fn user(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<UserNode>> {
        let id = parse_id("id", &id).gql()?;
        Ok(ctx.loaders().user(id).await.gql()?.map(UserNode))
    }

    /// Every account, for admins managing roles. Ordered by id.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn users(
        &self,
        ctx: &Context<'_>,
        role: Option<RoleValue>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<UserNode>> {
        let args = PageArgs::parse(first, after.as_deref()).gql()?;
        let page = ctx
            .app()
            .users(ctx.actor(), role.map(Into::into), &args)
            .await
            .gql()?;
        Ok(connection(page, after.is_some(), UserNode))
    }
}
