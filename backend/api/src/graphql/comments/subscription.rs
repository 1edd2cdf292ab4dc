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
        // The connection's session may have ended since it was opened.
        let actor = app
            .recheck(ctx.actor())
            .await
            .and_then(|actor| actor.ok_or(plein_app::AppError::Unauthenticated))
            .gql()?;
        app.require_subject(&actor, kind, subject_id).await.gql()?;
        let events = app.comment_events.subscribe().await;
        // Each event is checked against the session and the account as they
        // are now, not as they were at the start: once the session ends
        // (sign-out, revocation, a password reset, blocking) the stream
        // ends, and a changed role or membership counts at once.
        let checked = BroadcastStream::new(events).then(move |event| {
            let app = app.clone();
            let actor = actor.clone();
            async move {
                // A lagging subscriber skips what it missed rather than failing.
                let Ok(event) = event else {
                    return Some(None);
                };
                if event.subject_kind != kind || event.subject_id != subject_id {
                    return Some(None);
                }
                let actor = app.recheck(&actor).await.ok()??;
                let comment = app.comment(&actor, event.comment_id).await.ok().flatten();
                Some(comment.map(CommentNode))
            }
        });
        Ok(checked
            .take_while(|live| std::future::ready(live.is_some()))
            .filter_map(|live| std::future::ready(live.flatten())))
    }
}
