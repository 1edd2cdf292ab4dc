use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use plein_app::areas::Area;
use plein_app::page::PageArgs;

use crate::graphql::types::{AreaKindValue, Conn, connection};
use crate::graphql::{ContextExt, ResultExt};

/// A part of the municipality: the municipality itself, a district (wijk), a
/// neighbourhood (buurt), or anything finer.
pub struct AreaNode(pub Area);

#[Object(name = "Area")]
impl AreaNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Whether the signed-in viewer follows this area (and so everything beneath it).
    async fn viewer_follows(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let loaded = ctx
            .loaders()
            .content
            .followed_areas
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded.unwrap_or(false))
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Unique, URL-safe: lower-case letters, digits and single hyphens.
    async fn slug(&self) -> &str {
        &self.0.slug
    }

    /// The area's boundary as a GeoJSON MultiPolygon in WGS84, when one was
    /// imported (`importAreaBoundaries`).
    async fn boundary(&self) -> Option<&str> {
        self.0.boundary.as_deref()
    }

    async fn kind(&self) -> AreaKindValue {
        self.0.kind.into()
    }

    /// 0 for a municipality, 1 for its districts, and so on.
    async fn depth(&self) -> i32 {
        self.0.depth
    }

    async fn parent(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<AreaNode>> {
        let Some(parent) = self.0.parent_id else {
            return Ok(None);
        };
        Ok(ctx.loaders().area(parent).await.gql()?.map(AreaNode))
    }

    /// The areas directly beneath this one, by name.
    async fn children(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AreaNode>> {
        let children = ctx.loaders().children.load_one(self.0.id).await.gql()?;
        Ok(children
            .unwrap_or_default()
            .into_iter()
            .map(AreaNode)
            .collect())
    }

    /// The areas above this one, from the municipality down to the parent.
    async fn ancestors(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AreaNode>> {
        let ids = &self.0.ancestor_ids;
        let loaded = ctx
            .loaders()
            .areas
            .load_many(ids.iter().copied())
            .await
            .gql()?;
        Ok(ids
            .iter()
            .filter_map(|id| loaded.get(id).cloned())
            .map(AreaNode)
            .collect())
    }

    /// Everything beneath this area at any depth, in tree order.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn descendants(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<AreaNode>> {
        let args = PageArgs::parse(first, after.as_deref()).gql()?;
        let page = ctx.app().areas_beneath(Some(&self.0), &args).await.gql()?;
        Ok(connection(page, after.is_some(), AreaNode))
    }

    /// Supports at which an idea in this area goes to review, when set here.
    async fn support_threshold(&self) -> Option<i32> {
        self.0.support_threshold
    }

    /// The threshold that applies: this area's own, or the nearest one above.
    async fn effective_support_threshold(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<i32>> {
        if self.0.support_threshold.is_some() {
            return Ok(self.0.support_threshold);
        }
        let ids = &self.0.ancestor_ids;
        let loaded = ctx
            .loaders()
            .areas
            .load_many(ids.iter().copied())
            .await
            .gql()?;
        Ok(ids
            .iter()
            .rev()
            .find_map(|id| loaded.get(id).and_then(|a| a.support_threshold)))
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}
