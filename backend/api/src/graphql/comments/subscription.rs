//! Live updates over the graphql-ws protocol at `/graphql/ws`.

use async_graphql::{Context, ID, Subscription};
use futures::{Stream, StreamExt};
use tokio_stream::wrappers::BroadcastStream;

use crate::graphql::types::{CommentNode, SubjectKindValue, parse_id};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct Subscription;

#[Subscription]
impl Subscription {
    /// Every new comment (and reply) on an idea or plan, as it is posted, from
    /// any server. Authenticate with `{ "token": … }` in `connection_init`
    /// (or the session cookie).
    async fn comment_added(
        &self,
        ctx: &Context<'_>,
        subject_kind: SubjectKindValue,
        subject_id: ID,
    ) -> async_graphql::Result<impl Stream<Item = CommentNode> + use<>> {
        let subject_id = parse_id("subjectId", &subject_id).gql()?;
        let kind = subject_kind.into();
        let app = ctx.app().clone();
        let actor = ctx.actor().clone();
        app.require_subject(&actor, kind, subject_id).await.gql()?;
        let events = app.comment_events.subscribe().await;
        Ok(BroadcastStream::new(events).filter_map(move |event| {
            let app = app.clone();
            let actor = actor.clone();
            async move {
                // A lagging subscriber skips what it missed rather than failing.
                let event = event.ok()?;
                if event.subject_kind != kind || event.subject_id != subject_id {
                    return None;
                }
                let comment = app.comment(&actor, event.comment_id).await.ok()??;
                Some(CommentNode(comment))
            }
        }))
    }
}
