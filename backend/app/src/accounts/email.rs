//! Account mail: confirming an address, signing in by link, resetting a
//! password and changing an address. Each mail carries a single-use token
//! that expires; only its hash is stored. The mail itself is an outbox job
//! committed with the request, so nothing is lost when mail is down.

use chrono::{DateTime, Utc};
use plein_domain::{Email, Locale, Password};
use plein_storage::{email_tokens, sessions, users};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{SignedIn, password};
use crate::jobs::BackgroundJob;
use crate::secrets::{new_token, token_hash};
use crate::{Actor, App, AppError, AppResult};

/// What a token in an account mail is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenPurpose {
    VerifyEmail,
    SignIn,
    PasswordReset,
    ChangeEmail,
    /// Downloads the person's data export once.
    DataExport,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenPurpose::VerifyEmail => "verify_email",
            TokenPurpose::SignIn => "sign_in",
            TokenPurpose::PasswordReset => "password_reset",
            TokenPurpose::ChangeEmail => "change_email",
            TokenPurpose::DataExport => "data_export",
        }
    }

    /// How long a link stays good.
    pub fn valid_minutes(self) -> u32 {
        match self {
            TokenPurpose::VerifyEmail => 48 * 60,
            TokenPurpose::SignIn => 15,
            TokenPurpose::PasswordReset => 60,
            TokenPurpose::ChangeEmail => 24 * 60,
            TokenPurpose::DataExport => 24 * 60,
        }
    }
}

/// The outbox job that sends an account mail.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountMailJob {
    pub purpose: TokenPurpose,
    pub user_id: Uuid,
    #[serde(default)]
    pub new_email: Option<String>,
}

impl BackgroundJob for AccountMailJob {
    const KIND: &'static str = "mail.account";
}

/// Everything the mail worker needs to render and send one account mail.
#[derive(Debug, Clone)]
pub struct AccountMail {
    pub purpose: TokenPurpose,
    pub to_address: String,
    pub to_name: String,
    pub locale: Locale,
    /// The raw token, for the link; never stored.
    pub token: String,
    pub valid_minutes: u32,
}

pub(crate) async fn enqueue_account_mail(
    db: &impl sea_orm::ConnectionTrait,
    job: AccountMailJob,
    now: DateTime<Utc>,
) -> AppResult<()> {
    job.enqueue(db, now).await?;
    Ok(())
}

impl App {
    /// Creates the token for an account-mail job and answers what to send, or
    /// `None` when there is nothing to send any more (the account is gone, or
    /// its address was confirmed meanwhile).
    pub async fn issue_account_mail(&self, job: &AccountMailJob) -> AppResult<Option<AccountMail>> {
        let Some(user) = users::find(&self.db.conn, job.user_id)
            .await?
            .filter(|user| user.deleted_at.is_none())
        else {
            return Ok(None);
        };
        if job.purpose == TokenPurpose::VerifyEmail && user.email_verified_at.is_some() {
            return Ok(None);
        }
        let to_address = match (job.purpose, &job.new_email) {
            (TokenPurpose::ChangeEmail, Some(new_email)) => new_email.clone(),
            (TokenPurpose::ChangeEmail, None) => {
                return Err(AppError::internal(
                    "an email change job without the new address",
                ));
            }
            _ => user.email.clone(),
        };
        let now = self.now();
        let token = new_token()?;
        email_tokens::insert(
            &self.db.conn,
            email_tokens::NewToken {
                user_id: user.id,
                purpose: job.purpose.as_str().to_owned(),
                token_hash: token_hash(&token),
                new_email: job.new_email.clone(),
                expires_at: now + chrono::Duration::minutes(job.purpose.valid_minutes().into()),
                now,
            },
        )
        .await?;
        Ok(Some(AccountMail {
            purpose: job.purpose,
            to_address,
            to_name: user.display_name,
            locale: user.locale,
            token,
            valid_minutes: job.purpose.valid_minutes(),
        }))
    }

    /// Counts a mail-triggering request against the client and the account.
    pub(crate) async fn limit_mail_requests(&self, actor: &Actor, email: &Email) -> AppResult<()> {
        let now = self.now();
        let client = actor.client.addr.as_deref().unwrap_or("unknown");
        let client = format!("mail:client:{client}");
        let account = format!("mail:account:{}", token_hash(email.as_str()));
        let hits = [
            (self.settings.mail_per_client, client.as_str()),
            (self.settings.mail_per_account, account.as_str()),
        ];
        crate::rate_limit::hit_each(&self.db.conn, &hits, now).await
    }

    /// Mails a new confirmation link to the signed-in person.
    pub async fn resend_verification(&self, actor: &Actor) -> AppResult<()> {
        let current = actor.require_user()?;
        if current.email_verified {
            return Err(AppError::conflict(
                "email",
                "this address is already confirmed",
            ));
        }
        let Some(user) = users::find(&self.db.conn, current.id).await? else {
            return Err(AppError::Unauthenticated);
        };
        self.limit_mail_requests(actor, &Email::parse(&user.email)?)
            .await?;
        let job = AccountMailJob {
            purpose: TokenPurpose::VerifyEmail,
            user_id: user.id,
            new_email: None,
        };
        enqueue_account_mail(&self.db.conn, job, self.now()).await
    }

    /// Mails a sign-in link when the address has an account. The answer is the
    /// same either way.
    pub async fn request_sign_in_link(&self, actor: &Actor, email: &str) -> AppResult<()> {
        self.request_link(actor, email, TokenPurpose::SignIn).await
    }

    /// Mails a password-reset link when the address has an account. The answer
    /// is the same either way.
    pub async fn request_password_reset(&self, actor: &Actor, email: &str) -> AppResult<()> {
        self.request_link(actor, email, TokenPurpose::PasswordReset)
            .await
    }

    async fn request_link(
        &self,
        actor: &Actor,
        email: &str,
        purpose: TokenPurpose,
    ) -> AppResult<()> {
        let email = Email::parse(email)?;
        self.limit_mail_requests(actor, &email).await?;
        if let Some(user) = users::find_by_email(&self.db.conn, email.as_str()).await? {
            let job = AccountMailJob {
                purpose,
                user_id: user.id,
                new_email: None,
            };
            enqueue_account_mail(&self.db.conn, job, self.now()).await?;
        }
        // The same answer whether or not the address has an account.
        Ok(())
    }

    /// Takes a token of `purpose` out of circulation and answers its row.
    pub(super) async fn consume(
        &self,
        db: &impl sea_orm::ConnectionTrait,
        token: &str,
        purpose: TokenPurpose,
    ) -> AppResult<plein_storage::entities::email_tokens::Model> {
        let invalid = || AppError::bad_input("token", "this link is not valid");
        if token.is_empty() || token.len() > 128 {
            return Err(invalid());
        }
        let now = self.now();
        let row = email_tokens::find_by_hash(db, &token_hash(token))
            .await?
            .filter(|row| row.purpose == purpose.as_str())
            .ok_or_else(invalid)?;
        if row.used_at.is_some() {
            return Err(AppError::bad_input(
                "token",
                "this link has already been used",
            ));
        }
        if row.expires_at <= now {
            return Err(AppError::bad_input(
                "token",
                "this link has expired; ask for a new one",
            ));
        }
        if !email_tokens::use_once(db, row.id, now).await? {
            return Err(AppError::bad_input(
                "token",
                "this link has already been used",
            ));
        }
        Ok(row)
    }

    /// Confirms an address with the token from the verification mail.
    pub async fn verify_email(&self, token: &str) -> AppResult<()> {
        let txn = self.db.begin_write().await?;
        let row = self.consume(&txn, token, TokenPurpose::VerifyEmail).await?;
        users::mark_email_verified(&txn, row.user_id, self.now()).await?;
        txn.commit().await?;
        tracing::info!(user_id = %row.user_id, "email address confirmed");
        Ok(())
    }

    /// Signs in with the token from a sign-in mail; following the link also
    /// proves the address.
    pub async fn sign_in_with_link(&self, actor: &Actor, token: &str) -> AppResult<SignedIn> {
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let row = self.consume(&txn, token, TokenPurpose::SignIn).await?;
        users::mark_email_verified(&txn, row.user_id, now).await?;
        let user = users::find(&txn, row.user_id)
            .await?
            .ok_or(AppError::NotFound("account"))?;
        let signed_in = self.open_session(&txn, actor, user, now).await?;
        txn.commit().await?;
        tracing::info!(user_id = %signed_in.user.id, "signed in by mailed link");
        Ok(signed_in)
    }

    /// Sets a new password with the token from a reset mail, and ends every
    /// session and pending sign-in link of the account.
    pub async fn reset_password(&self, token: &str, new_password: &str) -> AppResult<()> {
        let password = Password::parse_field("newPassword", new_password)?;
        let hash = password::hash(password).await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let row = self
            .consume(&txn, token, TokenPurpose::PasswordReset)
            .await?;
        users::set_password_hash(&txn, row.user_id, hash, now).await?;
        // Receiving the mail proves the address too.
        users::mark_email_verified(&txn, row.user_id, now).await?;
        sessions::revoke_all(&txn, row.user_id, None, now).await?;
        email_tokens::retire(&txn, row.user_id, TokenPurpose::SignIn.as_str(), now).await?;
        txn.commit().await?;
        tracing::info!(user_id = %row.user_id, "password reset");
        Ok(())
    }

    /// Starts moving the account to `new_email`: a confirmation link goes to
    /// the new address, and nothing changes until it is followed.
    pub async fn request_email_change(
        &self,
        actor: &Actor,
        new_email: &str,
        current_password: &str,
    ) -> AppResult<()> {
        let current = actor.require_user()?;
        let new_email = Email::parse_field("newEmail", new_email)?;
        let user = users::find(&self.db.conn, current.id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        if user.email == new_email.as_str() {
            return Err(AppError::bad_input(
                "newEmail",
                "this is already your address",
            ));
        }
        let attempt = self.count_password_check(actor, &user.email).await?;
        if !password::verify(
            current_password.to_owned(),
            Some(user.password_hash.clone()),
        )
        .await?
        {
            return Err(AppError::bad_input(
                "password",
                "the password is not correct",
            ));
        }
        self.password_was_correct(&self.db.conn, &attempt).await?;
        self.limit_mail_requests(actor, &new_email).await?;
        if users::find_by_email(&self.db.conn, new_email.as_str())
            .await?
            .is_some()
        {
            return Err(AppError::conflict(
                "newEmail",
                "an account with this email address already exists",
            ));
        }
        let job = AccountMailJob {
            purpose: TokenPurpose::ChangeEmail,
            user_id: user.id,
            new_email: Some(new_email.as_str().to_owned()),
        };
        enqueue_account_mail(&self.db.conn, job, self.now()).await
    }

    /// Completes an address change with the token mailed to the new address.
    pub async fn confirm_email_change(&self, token: &str) -> AppResult<()> {
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let row = self.consume(&txn, token, TokenPurpose::ChangeEmail).await?;
        let new_email = row
            .new_email
            .as_deref()
            .ok_or_else(|| AppError::internal("change-email token without an address"))?;
        users::set_email(&txn, row.user_id, new_email, now).await?;
        txn.commit().await?;
        tracing::info!(user_id = %row.user_id, "email address changed");
        Ok(())
    }
}
