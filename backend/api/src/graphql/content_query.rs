//! Queries for ideas, plans and comments.

use async_graphql::{Context, ID, Object};
use plein_app::ideas::IdeaQuery;
use plein_app::page::PageArgs;
use plein_app::plans::PlanQuery;

use super::types::{
    CommentNode, Conn, IdeaNode, IdeaStatusValue, ListSort, PlanNode, PlanStatusValue, connection,
    parse_id,
};
use super::{ContextExt, ResultExt};

#[derive(Default)]
pub struct ContentQuery;

/// Whether the query reads `field` of a list's items.
fn items_read(ctx: &Context<'_>, field: &str) -> bool {
    let list = ctx.look_ahead();
    list.field("nodes").field(field).exists()
        || list.field("edges").field("node").field(field).exists()
}

fn optional_id(field: &'static str, id: Option<&ID>) -> async_graphql::Result<Option<uuid::Uuid>> {
    id.map(|id| parse_id(field, id)).transpose().gql()
}

#[Object]
impl ContentQuery {
    /// One idea; null when it does not exist or is a draft or withdrawn idea
    /// of someone else.
    async fn idea(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<IdeaNode>> {
        let id = parse_id("id", &id).gql()?;
        let idea = ctx.loaders().content.ideas.load_one(id).await.gql()?;
        Ok(idea.map(IdeaNode))
    }

    /// Ideas, newest first unless sorted otherwise. Drafts and withdrawn
    /// ideas appear only to their authors (and admins).
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    #[allow(clippy::too_many_arguments)]
    async fn ideas(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "This area and every area beneath it.")] area_id: Option<ID>,
        status: Option<IdeaStatusValue>,
        tag: Option<String>,
        author_id: Option<ID>,
        #[graphql(desc = "NEWEST when left out.")] sort: Option<ListSort>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<IdeaNode>> {
        let args = PageArgs::parse(first, after.as_deref())
            .gql()?
            .with_total(ctx.look_ahead().field("totalCount").exists());
        let query = IdeaQuery {
            area_id: optional_id("areaId", area_id.as_ref())?,
            status: status.map(Into::into),
            tag,
            author_id: optional_id("authorId", author_id.as_ref())?,
        };
        let listing = ctx
            .app()
            .ideas(ctx.actor(), &query, sort.unwrap_or_default().into(), &args)
            .await
            .gql()?;
        // The authors and areas came with the page; who acted for an author
        // is read now, if the query asks.
        let loaders = ctx.loaders();
        loaders.remember(listing.authors, listing.areas);
        let mut acted_by = Vec::new();
        if items_read(ctx, "actedBy") {
            acted_by.extend(
                listing
                    .page
                    .items
                    .iter()
                    .filter_map(|(_, idea)| idea.acted_by),
            );
            acted_by.sort_unstable();
            acted_by.dedup();
        }
        loaders.prime(acted_by, Vec::new()).await.gql()?;
        Ok(connection(listing.page, after.is_some(), IdeaNode))
    }

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
        let query = PlanQuery {
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

    /// One comment; null when it does not exist or its subject is hidden from you.
    async fn comment(
        &self,
        ctx: &Context<'_>,
        id: ID,
    ) -> async_graphql::Result<Option<CommentNode>> {
        let id = parse_id("id", &id).gql()?;
        let comment = ctx.loaders().content.comments.load_one(id).await.gql()?;
        Ok(comment.map(CommentNode))
    }
}
