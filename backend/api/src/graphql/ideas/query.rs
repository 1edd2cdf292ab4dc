//! Ideas: one by id, and the list.

use async_graphql::{Context, ID, Object};
use plein_app::ideas::IdeaQuery as IdeaFilter;
use plein_app::page::PageArgs;

use crate::graphql::types::{
    Conn, IdeaNode, IdeaStatusValue, ListSort, connection, items_read, optional_id, parse_id,
};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct IdeaQuery;

#[Object]
impl IdeaQuery {
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
        let query = IdeaFilter {
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
}
