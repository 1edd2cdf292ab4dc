//! Budget rounds: one by id, and the list.

use async_graphql::{Context, ID, Object};
use plein_app::page::PageArgs;

use super::types::{BudgetProjectNode, BudgetRoundNode};
use crate::graphql::types::{Conn, connection, optional_id, parse_id};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct BudgetQuery;

#[Object]
impl BudgetQuery {
    /// One budget round; null when it does not exist. Rounds are public.
    async fn budget_round(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<BudgetRoundNode>> {
        let id = parse_id("id", &id).gql()?;
        let round = ctx.app().budget_round(ctx.actor(), id).await.gql()?;
        Ok(round.map(BudgetRoundNode))
    }

    /// One project of a budget round; null when it does not exist or a
    /// moderator hid it (but for moderators, admins and its author).
    async fn budget_project(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<BudgetProjectNode>> {
        let id = parse_id("id", &id).gql()?;
        let project = ctx.app().budget_project(ctx.actor(), id).await.gql()?;
        Ok(project.map(BudgetProjectNode))
    }

    /// Budget rounds, newest first.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn budget_rounds(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "This area and every area beneath it.")] area_id: Option<ID>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<BudgetRoundNode>> {
        let args = PageArgs::parse(first, after.as_deref())
            .gql()?
            .with_total(ctx.look_ahead().field("totalCount").exists());
        let area_id = optional_id("areaId", area_id.as_ref())?;
        let page = ctx
            .app()
            .budget_rounds(ctx.actor(), area_id, &args)
            .await
            .gql()?;
        Ok(connection(page, after.is_some(), BudgetRoundNode))
    }
}
