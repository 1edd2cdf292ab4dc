//! The area tree.

use async_graphql::{Context, ID, Object};
use plein_app::page::PageArgs;

use crate::graphql::types::{AreaNode, Conn, connection, parse_id};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct AreaQuery;

#[Object]
impl AreaQuery {
    /// One area, by id or by slug (give exactly one).
    async fn area(
        &self,
        ctx: &Context<'_>,
        id: Option<ID>,
        slug: Option<String>,
    ) -> async_graphql::Result<Option<AreaNode>> {
        let area = match (id, slug) {
            (Some(id), None) => {
                let id = parse_id("id", &id).gql()?;
                ctx.loaders().area(id).await.gql()?
            }
            (None, Some(slug)) => ctx.app().area_by_slug(&slug).await.gql()?,
            _ => {
                return Err(plein_app::AppError::bad_input(
                    "id",
                    "give either id or slug",
                ))
                .gql();
            }
        };
        Ok(area.map(AreaNode))
    }

    /// The tops of the area tree (the municipalities); follow `children` down.
    async fn area_tree(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<AreaNode>> {
        let roots = ctx.app().root_areas().await.gql()?;
        Ok(roots.into_iter().map(AreaNode).collect())
    }

    /// All areas in tree order (each area followed by what lies beneath it),
    /// or only those beneath `beneath`.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn areas(
        &self,
        ctx: &Context<'_>,
        beneath: Option<ID>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<Conn<AreaNode>> {
        let args = PageArgs::parse(first, after.as_deref()).gql()?;
        let app = ctx.app();
        let under = match beneath {
            Some(id) => {
                let id = parse_id("beneath", &id).gql()?;
                Some(
                    app.area(id)
                        .await
                        .gql()?
                        .ok_or_else(|| {
                            plein_app::AppError::bad_input("beneath", "no area has this id")
                        })
                        .gql()?,
                )
            }
            None => None,
        };
        let page = app.areas_beneath(under.as_ref(), &args).await.gql()?;
        Ok(connection(page, after.is_some(), AreaNode))
    }
}
