use async_graphql::{Context, Object};
use plein_app::page::PageArgs;

use crate::graphql::types::{Conn, NotificationNode, PreferenceNode, connection};
use crate::graphql::{ContextExt, ResultExt};

pub struct NotificationQuery;

#[Object(name = "NotificationQuery")]
impl NotificationQuery {
    /// Your own notifications, newest first; only yours, whoever asks.
    #[graphql(complexity = "first.unwrap_or(20).max(0) as usize * child_complexity")]
    async fn my_notifications(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "At most 50; 20 when left out.")] first: Option<i32>,
        after: Option<String>,
        #[graphql(default)] unread_only: bool,
    ) -> async_graphql::Result<Conn<NotificationNode>> {
        let args = PageArgs::parse(first, after.as_deref()).gql()?;
        let page = ctx
            .app()
            .notifications(ctx.actor(), unread_only, &args)
            .await
            .gql()?;
        Ok(connection(page, after.is_some(), NotificationNode))
    }

    /// How many of your notifications are unread.
    async fn unread_notification_count(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        ctx.app().unread_notification_count(ctx.actor()).await.gql()
    }

    /// How often each kind of notification is mailed to you.
    async fn notification_preferences(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Vec<PreferenceNode>> {
        let prefs = ctx
            .app()
            .notification_preferences(ctx.actor())
            .await
            .gql()?;
        Ok(prefs.into_iter().map(PreferenceNode::from).collect())
    }
}
