use chrono::{DateTime, Utc};
use plein_domain::{DisplayName, Email, Locale, Password, Role};
use plein_storage::{sessions, users};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{Session, User, password};
use crate::secrets::{new_token, token_hash};
use crate::{Actor, App, AppError, AppResult, CurrentUser};

pub struct RegisterInput {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub locale: Option<String>,
}

pub struct SignInInput {
    pub email: String,
    pub password: String,
}

/// A new session: the token is shown once, here, and stored only as a hash.
pub struct SignedIn {
    pub user: User,
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

impl App {
    /// Creates a resident's account and signs them in. The email address is
    /// unverified until the link in the verification mail is followed.
    pub async fn register(&self, actor: &Actor, input: RegisterInput) -> AppResult<SignedIn> {
        let email = Email::parse(&input.email)?;
        let password = Password::parse(&input.password)?;
        let display_name = DisplayName::parse(&input.display_name)?;
        let locale = input
            .locale
            .as_deref()
            .map(Locale::parse)
            .transpose()?
            .unwrap_or_default();
        let now = self.now();
        let client = client_subject(actor);
        self.settings
            .register_per_client
            .hit(&self.db.conn, &format!("register:client:{client}"), now)
            .await?;

        let password_hash = password::hash(password).await?;
        let txn = self.db.begin_write().await?;
        let row = users::insert(
            &txn,
            users::NewUser {
                id: Uuid::now_v7(),
                email: email.as_str().to_owned(),
                password_hash,
                display_name: display_name.into_inner(),
                role: Role::Resident,
                organisation: None,
                locale,
                now,
            },
        )
        .await?;
        super::email::enqueue_account_mail(
            &txn,
            super::AccountMailJob {
                purpose: super::TokenPurpose::VerifyEmail,
                user_id: row.id,
                new_email: None,
            },
            now,
        )
        .await?;
        let signed_in = self.open_session(&txn, actor, row, now).await?;
        txn.commit().await?;
        tracing::info!(user_id = %signed_in.user.id, "account registered");
        Ok(signed_in)
    }

    /// Signs in with email and password. Every attempt is counted per
    /// account and per client address before the password is checked (a
    /// correct one is taken back); past the limits the answer is
    /// `RATE_LIMITED`.
    pub async fn sign_in(&self, actor: &Actor, input: SignInInput) -> AppResult<SignedIn> {
        let email = Email::parse(&input.email)?;
        let attempt = self.count_password_check(actor, email.as_str()).await?;

        let row = users::find_by_email(&self.db.conn, email.as_str()).await?;
        let stored = row.as_ref().map(|r| r.password_hash.clone());
        if !password::verify(input.password, stored).await? {
            return Err(AppError::WrongCredentials);
        }
        let Some(row) = row else {
            return Err(AppError::internal("password verified without an account"));
        };

        let now = self.now();
        let txn = self.db.begin_write().await?;
        self.password_was_correct(&txn, &attempt).await?;
        let signed_in = self.open_session(&txn, actor, row, now).await?;
        txn.commit().await?;
        tracing::info!(user_id = %signed_in.user.id, "signed in");
        Ok(signed_in)
    }

    /// Counts a password check for the account with `email` and for the
    /// client, before the check runs and in one statement each, so parallel
    /// attempts all see each other's counts. Sign-in, an address change and
    /// deleting the account share these limits. One request checks at most
    /// one password: Argon2 is slow on purpose, and aliases or a batch would
    /// multiply it.
    pub(crate) async fn count_password_check(
        &self,
        actor: &Actor,
        email: &str,
    ) -> AppResult<PasswordAttempt> {
        if !actor.client.password_checks.take_one() {
            return Err(AppError::RateLimited {
                retry_after: std::time::Duration::from_secs(1),
            });
        }
        let attempt = PasswordAttempt {
            account_key: format!("sign_in:account:{}", token_hash(email)),
            client_key: format!("sign_in:client:{}", client_subject(actor)),
            at: self.now(),
        };
        let settings = &self.settings;
        let hits = [
            (settings.sign_in_per_account, attempt.account_key.as_str()),
            (settings.sign_in_per_client, attempt.client_key.as_str()),
        ];
        crate::rate_limit::hit_each(&self.db.conn, &hits, attempt.at).await?;
        Ok(attempt)
    }

    /// Takes back the hits of an attempt whose password was correct: only
    /// wrong passwords use up the limits.
    pub(crate) async fn password_was_correct(
        &self,
        db: &impl ConnectionTrait,
        attempt: &PasswordAttempt,
    ) -> AppResult<()> {
        let settings = &self.settings;
        settings
            .sign_in_per_account
            .take_back(db, &attempt.account_key, attempt.at)
            .await?;
        settings
            .sign_in_per_client
            .take_back(db, &attempt.client_key, attempt.at)
            .await
    }

    pub(super) async fn open_session(
        &self,
        db: &impl ConnectionTrait,
        actor: &Actor,
        row: plein_storage::entities::users::Model,
        now: DateTime<Utc>,
    ) -> AppResult<SignedIn> {
        // A deleted account has no address or password left to sign in
        // with; this holds even if a link or token slipped through.
        if row.deleted_at.is_some() {
            return Err(AppError::Unauthenticated);
        }
        if row.blocked_at.is_some() {
            return Err(AppError::Forbidden(
                "this account is blocked by the moderators",
            ));
        }
        let token = new_token()?;
        let ttl =
            chrono::Duration::from_std(self.settings.session_ttl).map_err(AppError::internal)?;
        let expires_at = now + ttl;
        let session = sessions::insert(
            db,
            sessions::NewSession {
                id: Uuid::now_v7(),
                user_id: row.id,
                token_hash: token_hash(&token),
                expires_at,
                user_agent: actor
                    .client
                    .user_agent
                    .as_deref()
                    .map(|ua| ua.chars().take(300).collect()),
                client_addr: actor.client.addr.clone(),
                now,
            },
        )
        .await?;
        // The new session's holder sees their own private fields.
        let viewer = Actor {
            user: Some(CurrentUser {
                id: row.id,
                role: row.role,
                session_id: session.id,
                email_verified: row.email_verified_at.is_some(),
            }),
            client: actor.client.clone(),
        };
        Ok(SignedIn {
            user: User::view(row, &viewer),
            token,
            expires_at,
        })
    }

    /// Ends the session the request was made with.
    pub async fn sign_out(&self, actor: &Actor) -> AppResult<()> {
        let user = actor.require_user()?;
        sessions::revoke(&self.db.conn, user.id, user.session_id, self.now()).await?;
        Ok(())
    }

    /// Ends one of the signed-in person's sessions (a lost phone, say).
    pub async fn revoke_session(&self, actor: &Actor, session_id: Uuid) -> AppResult<()> {
        let user = actor.require_user()?;
        if sessions::revoke(&self.db.conn, user.id, session_id, self.now()).await? {
            Ok(())
        } else {
            Err(AppError::NotFound("session"))
        }
    }

    /// Ends every session of the signed-in person except this one.
    pub async fn revoke_other_sessions(&self, actor: &Actor) -> AppResult<u64> {
        let user = actor.require_user()?;
        Ok(sessions::revoke_all(&self.db.conn, user.id, Some(user.session_id), self.now()).await?)
    }

    /// The signed-in person's live sessions.
    pub async fn my_sessions(&self, actor: &Actor) -> AppResult<Vec<Session>> {
        let user = actor.require_user()?;
        let rows = sessions::live_for_user(&self.db.conn, user.id, self.now()).await?;
        Ok(rows
            .into_iter()
            .map(|row| Session::view(row, Some(user.session_id)))
            .collect())
    }

    /// Who holds `token`, if it is a live session's token.
    pub async fn authenticate(&self, token: &str) -> AppResult<Option<CurrentUser>> {
        // Tokens are 43 characters; anything far off is not worth a query.
        if token.is_empty() || token.len() > 128 {
            return Ok(None);
        }
        let now = self.now();
        let Some((session, user)) =
            sessions::find_with_user(&self.db.conn, &token_hash(token)).await?
        else {
            return Ok(None);
        };
        let Some(current) = live_user(&session, user, now) else {
            return Ok(None);
        };
        // Record activity at most every five minutes, not on every request.
        if now - session.last_seen_at > chrono::Duration::minutes(5) {
            sessions::touch(&self.db.conn, session.id, now).await?;
        }
        Ok(Some(current))
    }

    /// `actor` as things stand now, for a long-lived connection (a
    /// subscription): `None` once its session ended (signed out, revoked,
    /// expired, ended by a password reset) or its account was blocked or
    /// deleted; otherwise with the role and confirmation the account has now.
    /// An anonymous actor stays anonymous.
    pub async fn recheck(&self, actor: &Actor) -> AppResult<Option<Actor>> {
        let Some(user) = &actor.user else {
            return Ok(Some(actor.clone()));
        };
        let found = sessions::find_by_id_with_user(&self.db.conn, user.session_id).await?;
        Ok(found
            .and_then(|(session, row)| live_user(&session, row, self.now()))
            .filter(|current| current.id == user.id)
            .map(|current| Actor {
                user: Some(current),
                client: actor.client.clone(),
            }))
    }
}

/// Who holds `session`, if it is live and its account may sign in.
fn live_user(
    session: &plein_storage::entities::sessions::Model,
    user: Option<plein_storage::entities::users::Model>,
    now: DateTime<Utc>,
) -> Option<CurrentUser> {
    if session.revoked_at.is_some() || session.expires_at <= now {
        return None;
    }
    let user = user.filter(|u| u.blocked_at.is_none() && u.deleted_at.is_none())?;
    Some(CurrentUser {
        id: user.id,
        role: user.role,
        session_id: session.id,
        email_verified: user.email_verified_at.is_some(),
    })
}

/// A password check counted by [`App::count_password_check`].
pub(crate) struct PasswordAttempt {
    account_key: String,
    client_key: String,
    /// When it was counted, which names the windows it was counted in.
    at: DateTime<Utc>,
}

/// What identifies the client for throttling when nothing better is known.
fn client_subject(actor: &Actor) -> String {
    actor
        .client
        .addr
        .clone()
        .unwrap_or_else(|| "unknown".to_owned())
}
