use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};
use plein_app::accounts::{Session, User};

use crate::graphql::types::{AreaNode, LocaleValue, RoleValue};
use crate::graphql::{ContextExt, ResultExt};

/// A person on the square. The email address is visible only to the person
/// themselves and to admins.
pub struct UserNode(pub User);

#[Object(name = "User")]
impl UserNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    /// Plain text, 1 to 60 characters.
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }

    async fn role(&self) -> RoleValue {
        self.0.role.into()
    }

    /// The organisation a professional works for.
    async fn organisation(&self) -> Option<&str> {
        self.0.organisation.as_deref()
    }

    async fn locale(&self) -> LocaleValue {
        self.0.locale.into()
    }

    /// The area someone calls home, which their feed starts from.
    async fn home_area(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<AreaNode>> {
        let Some(id) = self.0.home_area_id else {
            return Ok(None);
        };
        Ok(ctx.loaders().area(id).await.gql()?.map(AreaNode))
    }

    /// The working groups this person belongs to that the viewer may see.
    async fn groups(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<super::GroupNode>> {
        let loaded = ctx
            .loaders()
            .groups
            .of_users
            .load_one(self.0.id)
            .await
            .gql()?;
        Ok(loaded
            .unwrap_or_default()
            .into_iter()
            .map(super::GroupNode)
            .collect())
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    /// Only for the person themselves and for admins; null for everyone else.
    async fn email(&self) -> Option<&str> {
        self.0.private.as_ref().map(|p| p.email.as_str())
    }

    /// The mandates this person gave, newest first: only for the person
    /// themself; null for everyone else.
    async fn mandates_given(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Vec<super::MandateNode>>> {
        self.mandates(ctx, true).await
    }

    /// The mandates this person holds to act for others, newest first: only
    /// for the person themself; null for everyone else.
    async fn mandates_received(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<Vec<super::MandateNode>>> {
        self.mandates(ctx, false).await
    }

    /// Whether the email address has been confirmed; null where `email` is.
    async fn email_verified(&self) -> Option<bool> {
        self.0.private.as_ref().map(|p| p.email_verified)
    }
}

impl UserNode {
    async fn mandates(
        &self,
        ctx: &Context<'_>,
        given: bool,
    ) -> async_graphql::Result<Option<Vec<super::MandateNode>>> {
        if ctx.actor().user_id() != Some(self.0.id) {
            return Ok(None);
        }
        let mandates = ctx.app().my_mandates(ctx.actor(), given).await.gql()?;
        Ok(Some(mandates.into_iter().map(super::MandateNode).collect()))
    }
}

/// One of your own signed-in sessions.
pub struct SessionNode(pub Session);

#[Object(name = "Session")]
impl SessionNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn last_seen_at(&self) -> DateTime<Utc> {
        self.0.last_seen_at
    }

    async fn expires_at(&self) -> DateTime<Utc> {
        self.0.expires_at
    }

    async fn user_agent(&self) -> Option<&str> {
        self.0.user_agent.as_deref()
    }

    async fn client_address(&self) -> Option<&str> {
        self.0.client_addr.as_deref()
    }

    /// Whether this is the session the request was made with.
    async fn current(&self) -> bool {
        self.0.current
    }
}
