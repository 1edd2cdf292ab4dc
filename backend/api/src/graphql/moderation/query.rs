use async_graphql::{Context, Object};
use plein_app::page::PageArgs;

use crate::graphql::types::{AuditEntryNode, Conn, ReportNode, connection};
use crate::graphql::{ContextExt, ResultExt};

pub struct ModerationQuery;

#[Object(name = "ModerationQuery")]
impl ModerationQuery {
    /// The moderators' queue: open reports oldest first, or (`openOnly:
    /// false`) every report newest first. Moderators and admins.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn moderation_queue(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = true)] open_only: bool,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<ReportNode>> {
        let args = PageArgs::parse(first, after.as_deref()).gql()?;
        let page = ctx
            .app()
            .moderation_queue(ctx.actor(), open_only, &args)
            .await
            .gql()?;
        Ok(connection(page, after.is_some(), ReportNode))
    }

    /// Every privileged action, newest first. Admins only.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn audit_log(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<AuditEntryNode>> {
        let args = PageArgs::parse(first, after.as_deref()).gql()?;
        let page = ctx.app().audit_log(ctx.actor(), &args).await.gql()?;
        Ok(connection(page, after.is_some(), AuditEntryNode))
    }
}
