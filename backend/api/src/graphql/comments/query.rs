//! One comment by id.

use async_graphql::{Context, ID, Object};

use crate::graphql::types::{CommentNode, parse_id};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct CommentQuery;

#[Object]
impl CommentQuery {
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
