use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, Utc};
use plein_app::accounts::{ProfileInput, RegisterInput, RoleInput, SignInInput, SignedIn};

use crate::graphql::types::{LocaleValue, RoleValue, UserNode, parse_id};
use crate::graphql::{ContextExt, ResultExt};
use crate::{ApiConfig, auth};

#[derive(Default)]
pub struct AccountMutations;

/// Create an account as a resident.
#[derive(InputObject)]
#[graphql(name = "RegisterInput")]
pub struct RegisterAccountInput {
    /// At most 254 characters; must be a deliverable address.
    pub email: String,
    /// 10 to 128 characters.
    pub password: String,
    /// Plain text, 1 to 60 characters.
    pub display_name: String,
    /// Nederlands when left out.
    pub locale: Option<LocaleValue>,
}

#[derive(InputObject)]
#[graphql(name = "SignInInput")]
pub struct SignInInputObject {
    pub email: String,
    pub password: String,
}

/// A new session. The browser also gets it as an HttpOnly cookie; API clients
/// send `token` as `Authorization: Bearer <token>`.
#[derive(SimpleObject)]
pub struct SessionPayload {
    pub user: UserNode,
    /// Shown once; only its hash is stored.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(SimpleObject)]
pub struct SignOutPayload {
    pub signed_out: bool,
}

#[derive(InputObject)]
pub struct RevokeSessionInput {
    pub session_id: ID,
}

#[derive(SimpleObject)]
pub struct RevokeSessionPayload {
    pub revoked: bool,
}

#[derive(SimpleObject)]
pub struct RevokeOtherSessionsPayload {
    /// How many sessions were ended.
    pub revoked_count: u64,
}

/// Fields left out stay as they are.
#[derive(InputObject)]
pub struct UpdateProfileInput {
    /// Plain text, 1 to 60 characters.
    pub display_name: Option<String>,
    pub locale: Option<LocaleValue>,
    /// Professionals only; 1 to 120 characters, or empty to clear.
    pub organisation: Option<String>,
    /// Null clears the home area.
    pub home_area_id: MaybeUndefined<ID>,
}

#[derive(SimpleObject)]
pub struct UpdateProfilePayload {
    pub user: UserNode,
}

/// Admins only.
#[derive(InputObject)]
pub struct SetUserRoleInput {
    pub user_id: ID,
    pub role: RoleValue,
    /// Required for professionals (1 to 120 characters), refused for other roles.
    pub organisation: Option<String>,
}

#[derive(SimpleObject)]
pub struct SetUserRolePayload {
    pub user: UserNode,
}

pub(super) fn session_payload(ctx: &Context<'_>, signed_in: SignedIn) -> SessionPayload {
    let config = ctx.data_unchecked::<ApiConfig>();
    let max_age = (signed_in.expires_at - Utc::now()).num_seconds().max(0);
    ctx.append_http_header(
        "set-cookie",
        auth::session_cookie(config, &signed_in.token, max_age),
    );
    SessionPayload {
        user: UserNode(signed_in.user),
        token: signed_in.token,
        expires_at: signed_in.expires_at,
    }
}

#[Object]
impl AccountMutations {
    /// Creates a resident's account and signs in. A verification mail follows.
    async fn register(
        &self,
        ctx: &Context<'_>,
        input: RegisterAccountInput,
    ) -> async_graphql::Result<SessionPayload> {
        let signed_in = ctx
            .app()
            .register(
                ctx.actor(),
                RegisterInput {
                    email: input.email,
                    password: input.password,
                    display_name: input.display_name,
                    locale: input.locale.map(|l| l.code().to_owned()),
                },
            )
            .await
            .gql()?;
        Ok(session_payload(ctx, signed_in))
    }

    /// Signs in with email and password. Repeated failures are throttled per
    /// account and per client address (`RATE_LIMITED`, with `retryAfter` in
    /// seconds). The error never says whether the email address has an account.
    async fn sign_in(
        &self,
        ctx: &Context<'_>,
        input: SignInInputObject,
    ) -> async_graphql::Result<SessionPayload> {
        let signed_in = ctx
            .app()
            .sign_in(
                ctx.actor(),
                SignInInput {
                    email: input.email,
                    password: input.password,
                },
            )
            .await
            .gql()?;
        Ok(session_payload(ctx, signed_in))
    }

    /// Ends the current session and clears the cookie.
    async fn sign_out(&self, ctx: &Context<'_>) -> async_graphql::Result<SignOutPayload> {
        ctx.app().sign_out(ctx.actor()).await.gql()?;
        let config = ctx.data_unchecked::<ApiConfig>();
        ctx.append_http_header("set-cookie", auth::clear_cookie(config));
        Ok(SignOutPayload { signed_out: true })
    }

    /// Ends one of your sessions.
    async fn revoke_session(
        &self,
        ctx: &Context<'_>,
        input: RevokeSessionInput,
    ) -> async_graphql::Result<RevokeSessionPayload> {
        let id = parse_id("sessionId", &input.session_id).gql()?;
        ctx.app().revoke_session(ctx.actor(), id).await.gql()?;
        Ok(RevokeSessionPayload { revoked: true })
    }

    /// Ends all your sessions except the current one.
    async fn revoke_other_sessions(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<RevokeOtherSessionsPayload> {
        let revoked_count = ctx.app().revoke_other_sessions(ctx.actor()).await.gql()?;
        Ok(RevokeOtherSessionsPayload { revoked_count })
    }

    async fn update_profile(
        &self,
        ctx: &Context<'_>,
        input: UpdateProfileInput,
    ) -> async_graphql::Result<UpdateProfilePayload> {
        let home_area_id = match input.home_area_id {
            MaybeUndefined::Undefined => None,
            MaybeUndefined::Null => Some(None),
            MaybeUndefined::Value(id) => Some(Some(parse_id("homeAreaId", &id).gql()?)),
        };
        let user = ctx
            .app()
            .update_profile(
                ctx.actor(),
                ProfileInput {
                    display_name: input.display_name,
                    locale: input.locale.map(|l| l.code().to_owned()),
                    organisation: input.organisation,
                    home_area_id,
                },
            )
            .await
            .gql()?;
        Ok(UpdateProfilePayload {
            user: UserNode(user),
        })
    }

    /// Gives someone another role. Admins only; recorded in the audit log.
    async fn set_user_role(
        &self,
        ctx: &Context<'_>,
        input: SetUserRoleInput,
    ) -> async_graphql::Result<SetUserRolePayload> {
        let user_id = parse_id("userId", &input.user_id).gql()?;
        let user = ctx
            .app()
            .set_role(
                ctx.actor(),
                RoleInput {
                    user_id,
                    role: input.role.into(),
                    organisation: input.organisation,
                },
            )
            .await
            .gql()?;
        Ok(SetUserRolePayload {
            user: UserNode(user),
        })
    }
}
