//! Mutations behind the links in account mail.

use async_graphql::{Context, InputObject, Object, SimpleObject};

use super::mutation::{SessionPayload, session_payload};
use crate::graphql::{ContextExt, ResultExt};

#[derive(Default)]
pub struct AccountMailMutations;

/// The answer to a request that may send mail. It says the same whether or
/// not an address has an account.
#[derive(SimpleObject)]
pub struct MailRequestPayload {
    pub accepted: bool,
}

/// A token from a link in an account mail.
#[derive(InputObject)]
pub struct TokenInput {
    pub token: String,
}

#[derive(InputObject)]
pub struct EmailInput {
    pub email: String,
}

#[derive(InputObject)]
pub struct ResetPasswordInput {
    pub token: String,
    /// 10 to 128 characters.
    pub new_password: String,
}

#[derive(InputObject)]
pub struct RequestEmailChangeInput {
    /// At most 254 characters.
    pub new_email: String,
    /// The current password, to confirm it is you.
    pub password: String,
}

#[derive(SimpleObject)]
pub struct DonePayload {
    pub done: bool,
}

#[Object]
impl AccountMailMutations {
    /// Mails a new confirmation link to the signed-in person.
    async fn resend_verification(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<MailRequestPayload> {
        ctx.app().resend_verification(ctx.actor()).await.gql()?;
        Ok(MailRequestPayload { accepted: true })
    }

    /// Confirms an email address with the token from the confirmation mail.
    async fn verify_email(
        &self,
        ctx: &Context<'_>,
        input: TokenInput,
    ) -> async_graphql::Result<DonePayload> {
        ctx.app().verify_email(&input.token).await.gql()?;
        Ok(DonePayload { done: true })
    }

    /// Mails a sign-in link (valid 15 minutes, once) if the address has an account.
    async fn request_sign_in_link(
        &self,
        ctx: &Context<'_>,
        input: EmailInput,
    ) -> async_graphql::Result<MailRequestPayload> {
        ctx.app()
            .request_sign_in_link(ctx.actor(), &input.email)
            .await
            .gql()?;
        Ok(MailRequestPayload { accepted: true })
    }

    /// Signs in with the token from a sign-in mail.
    async fn sign_in_with_link(
        &self,
        ctx: &Context<'_>,
        input: TokenInput,
    ) -> async_graphql::Result<SessionPayload> {
        let signed_in = ctx
            .app()
            .sign_in_with_link(ctx.actor(), &input.token)
            .await
            .gql()?;
        Ok(session_payload(ctx, signed_in))
    }

    /// Mails a password-reset link (valid an hour, once) if the address has an account.
    async fn request_password_reset(
        &self,
        ctx: &Context<'_>,
        input: EmailInput,
    ) -> async_graphql::Result<MailRequestPayload> {
        ctx.app()
            .request_password_reset(ctx.actor(), &input.email)
            .await
            .gql()?;
        Ok(MailRequestPayload { accepted: true })
    }

    /// Sets a new password with the token from a reset mail. Every session of
    /// the account ends.
    async fn reset_password(
        &self,
        ctx: &Context<'_>,
        input: ResetPasswordInput,
    ) -> async_graphql::Result<DonePayload> {
        ctx.app()
            .reset_password(&input.token, &input.new_password)
            .await
            .gql()?;
        Ok(DonePayload { done: true })
    }

    /// Mails a confirmation link to a new address; the account moves when it is followed.
    async fn request_email_change(
        &self,
        ctx: &Context<'_>,
        input: RequestEmailChangeInput,
    ) -> async_graphql::Result<MailRequestPayload> {
        ctx.app()
            .request_email_change(ctx.actor(), &input.new_email, &input.password)
            .await
            .gql()?;
        Ok(MailRequestPayload { accepted: true })
    }

    /// Completes an address change with the token mailed to the new address.
    async fn confirm_email_change(
        &self,
        ctx: &Context<'_>,
        input: TokenInput,
    ) -> async_graphql::Result<DonePayload> {
        ctx.app().confirm_email_change(&input.token).await.gql()?;
        Ok(DonePayload { done: true })
    }
}
