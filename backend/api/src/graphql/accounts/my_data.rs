//! A person's own data: downloading it, and deleting the account.

use async_graphql::{Context, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};

use crate::graphql::{ContextExt, ResultExt};
use crate::{ApiConfig, auth};

#[derive(Default)]
pub struct MyDataMutations;

/// Where to download your data.
#[derive(SimpleObject)]
pub struct ExportMyDataPayload {
    /// A path on this Plein (`/my-data/download?token=…`) that answers a JSON
    /// file with everything Plein keeps about you. It works once, until
    /// `expiresAt`; a second link, valid as long, is mailed to you.
    pub download_path: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(InputObject)]
pub struct DeleteMyAccountInput {
    /// The current password, to confirm it is you.
    pub password: String,
}

#[derive(SimpleObject)]
pub struct DeleteMyAccountPayload {
    pub deleted: bool,
}

#[Object]
impl MyDataMutations {
    /// Makes a single-use link (valid 24 hours) to download everything Plein
    /// keeps about you: profile, ideas (drafts too), comments, supports,
    /// group memberships, notifications and their settings, follows and
    /// sessions. Throttled like other requests that send mail.
    async fn export_my_data(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<ExportMyDataPayload> {
        let export = ctx.app().export_my_data(ctx.actor()).await.gql()?;
        Ok(ExportMyDataPayload {
            download_path: format!("/my-data/download?token={}", export.token),
            expires_at: export.expires_at,
        })
    }

    /// Deletes your account for good. Your email address, name, password,
    /// organisation, sessions, follows, notifications and group memberships
    /// go; your ideas and comments stay under the name "Verwijderd account".
    /// The last coordinator of a group makes someone else coordinator first
    /// (`CONFLICT` on `groups`). The session cookie is cleared.
    async fn delete_my_account(
        &self,
        ctx: &Context<'_>,
        input: DeleteMyAccountInput,
    ) -> async_graphql::Result<DeleteMyAccountPayload> {
        ctx.app()
            .delete_my_account(ctx.actor(), &input.password)
            .await
            .gql()?;
        let config = ctx.data_unchecked::<ApiConfig>();
        ctx.append_http_header("set-cookie", auth::clear_cookie(config));
        Ok(DeleteMyAccountPayload { deleted: true })
    }
}
