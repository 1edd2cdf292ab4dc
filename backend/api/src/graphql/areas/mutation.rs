use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use plein_app::areas::{NewAreaInput, RenameAreaInput};

use crate::graphql::types::{AreaKindValue, AreaNode, parse_id};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct AreaMutations;

/// Admins only.
#[derive(InputObject)]
pub struct CreateAreaInput {
    /// 1 to 100 characters.
    pub name: String,
    /// Derived from the name when left out; lower-case letters, digits and
    /// single hyphens, at most 80, unique.
    pub slug: Option<String>,
    pub kind: AreaKindValue,
    /// Left out for a new municipality at the top of the tree.
    pub parent_id: Option<ID>,
}

/// Admins only.
#[derive(InputObject)]
#[graphql(name = "RenameAreaInput")]
pub struct RenameAreaInputObject {
    pub id: ID,
    /// 1 to 100 characters.
    pub name: String,
    /// Kept when left out.
    pub slug: Option<String>,
}

/// Admins only. Everything beneath the area moves with it.
#[derive(InputObject)]
pub struct MoveAreaInput {
    pub id: ID,
    /// The new parent; null moves the area to the top of the tree. Cannot be
    /// the area itself or anything beneath it.
    pub parent_id: Option<ID>,
}

#[derive(SimpleObject)]
pub struct AreaPayload {
    pub area: AreaNode,
}

#[Object]
impl AreaMutations {
    async fn create_area(
        &self,
        ctx: &Context<'_>,
        input: CreateAreaInput,
    ) -> async_graphql::Result<AreaPayload> {
        let parent_id = input
            .parent_id
            .as_ref()
            .map(|id| parse_id("parentId", id))
            .transpose()
            .gql()?;
        let area = ctx
            .app()
            .create_area(
                ctx.actor(),
                NewAreaInput {
                    name: input.name,
                    slug: input.slug,
                    kind: input.kind.into(),
                    parent_id,
                },
            )
            .await
            .gql()?;
        Ok(AreaPayload {
            area: AreaNode(area),
        })
    }

    async fn rename_area(
        &self,
        ctx: &Context<'_>,
        input: RenameAreaInputObject,
    ) -> async_graphql::Result<AreaPayload> {
        let id = parse_id("id", &input.id).gql()?;
        let area = ctx
            .app()
            .rename_area(
                ctx.actor(),
                RenameAreaInput {
                    id,
                    name: input.name,
                    slug: input.slug,
                },
            )
            .await
            .gql()?;
        Ok(AreaPayload {
            area: AreaNode(area),
        })
    }

    async fn move_area(
        &self,
        ctx: &Context<'_>,
        input: MoveAreaInput,
    ) -> async_graphql::Result<AreaPayload> {
        let id = parse_id("id", &input.id).gql()?;
        let parent_id = input
            .parent_id
            .as_ref()
            .map(|id| parse_id("parentId", id))
            .transpose()
            .gql()?;
        let area = ctx
            .app()
            .move_area(ctx.actor(), id, parent_id)
            .await
            .gql()?;
        Ok(AreaPayload {
            area: AreaNode(area),
        })
    }
}
