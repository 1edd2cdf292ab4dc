//! Plans: one by id, and the list.

use async_graphql::{Context, ID, Object};
use plein_app::page::PageArgs;
use plein_app::plans::PlanQuery as PlanFilter;

use crate::graphql::types::{
    Conn, ListSort, PlanNode, PlanStatusValue, connection, optional_id, parse_id,
};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct PlanQuery;

#[Object]
impl PlanQuery {
    /// One plan; null when it does not exist or is someone else's draft.
    async fn plan(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<PlanNode>> {
        let id = parse_id("id", &id).gql()?;
        let plan = ctx.loaders().content.plans.load_one(id).await.gql()?;
        Ok(plan.map(PlanNode))
    }

    /// Plans, newest first unless sorted otherwise (`MOST_SUPPORTED`: most
    /// ideas taken up). Drafts appear only to their authors (and admins).
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    #[allow(clippy::too_many_arguments)]
    async fn plans(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "This area and every area beneath it.")] area_id: Option<ID>,
        status: Option<PlanStatusValue>,
        author_id: Option<ID>,
        #[graphql(desc = "NEWEST when left out.")] sort: Option<ListSort>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<PlanNode>> {
        let args = PageArgs::parse(first, after.as_deref())
            .gql()?
            .with_total(ctx.look_ahead().field("totalCount").exists());
        let query = PlanFilter {
            area_id: optional_id("areaId", area_id.as_ref())?,
            status: status.map(Into::into),
            author_id: optional_id("authorId", author_id.as_ref())?,
        };
        let listing = ctx
            .app()
            .plans(ctx.actor(), &query, sort.unwrap_or_default().into(), &args)
            .await
            .gql()?;
        // The authors and areas came with the page, as for ideas.
        ctx.loaders().remember(listing.authors, listing.areas);
        Ok(connection(listing.page, after.is_some(), PlanNode))
    }
}
