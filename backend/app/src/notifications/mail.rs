//! What a notification mail holds, and the one-click unsubscribe that its
//! signed link leads to.

use plein_domain::{Cadence, Locale, NotificationKind};
use plein_storage::{notifications, users};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Notification;
use crate::jobs::BackgroundJob;
use crate::{App, AppError, AppResult};

/// The outbox job that mails notifications: one at once, or a digest.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NotificationMailJob {
    pub user_id: Uuid,
    pub notification_ids: Vec<Uuid>,
    /// `daily` or `weekly` for a digest; `None` for a single notification.
    #[serde(default)]
    pub digest: Option<String>,
}

impl BackgroundJob for NotificationMailJob {
    const KIND: &'static str = "notify.mail";
}

/// Everything the mail worker needs to render and send one notification mail.
#[derive(Debug, Clone)]
pub struct NotificationMail {
    pub to_address: String,
    pub to_name: String,
    pub locale: Locale,
    /// Set for a digest.
    pub digest: Option<Cadence>,
    /// Oldest first.
    pub items: Vec<Notification>,
    /// The app path that stops this kind of mail without signing in.
    pub unsubscribe_path: String,
}

/// The token scope that stops a whole digest: every kind mailed at that cadence.
fn digest_scope(cadence: Cadence) -> String {
    format!("digest_{cadence}")
}

/// What an unsubscribe link stops.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unsubscribed {
    /// This kind of notification is no longer mailed.
    Kind(NotificationKind),
    /// The daily or weekly digest is no longer sent.
    Digest(Cadence),
}

impl App {
    /// Loads what a mail job sends, or `None` when nothing is left to send
    /// (the account is gone, or the notifications are) or the address is
    /// not confirmed.
    pub async fn notification_mail(
        &self,
        job: &NotificationMailJob,
    ) -> AppResult<Option<NotificationMail>> {
        let db = &self.db.conn;
        let Some(user) = users::find(db, job.user_id).await? else {
            return Ok(None);
        };
        // An address nobody confirmed may be someone else's: anyone can
        // register with it. The notifications stay in the app.
        if user.email_verified_at.is_none() {
            return Ok(None);
        }
        let items: Vec<Notification> =
            notifications::find_for_user(db, user.id, &job.notification_ids)
                .await?
                .into_iter()
                .map(Notification::try_from)
                .collect::<AppResult<_>>()?;
        let Some(first) = items.first() else {
            return Ok(None);
        };
        let digest = job
            .digest
            .as_deref()
            .map(|d| d.parse::<Cadence>().map_err(AppError::internal))
            .transpose()?;
        let scope = match digest {
            Some(cadence) => digest_scope(cadence),
            None => first.kind.as_str().to_owned(),
        };
        let token = self.unsubscribe_key().await?.sign(user.id, &scope);
        Ok(Some(NotificationMail {
            to_address: user.email,
            to_name: user.display_name,
            locale: user.locale,
            digest,
            items,
            unsubscribe_path: format!("/unsubscribe?token={token}"),
        }))
    }

    /// Reads an unsubscribe token without changing anything (for the page a
    /// GET shows).
    pub async fn check_unsubscribe(&self, token: &str) -> AppResult<Unsubscribed> {
        let claim = self.unsubscribe_key().await?.verify(token)?;
        if users::find(&self.db.conn, claim.user_id).await?.is_none() {
            return Err(AppError::bad_input(
                "token",
                "is not a valid unsubscribe link",
            ));
        }
        if let Ok(kind) = claim.kind.parse::<NotificationKind>() {
            return Ok(Unsubscribed::Kind(kind));
        }
        Cadence::ALL
            .into_iter()
            .find(|c| digest_scope(*c) == claim.kind)
            .map(Unsubscribed::Digest)
            .ok_or_else(|| AppError::bad_input("token", "is not a valid unsubscribe link"))
    }

    /// Follows a one-click unsubscribe link (RFC 8058): the kind it names is
    /// no longer mailed, or, for a digest, none of the kinds it carried.
    /// Needs no sign-in; the signature proves the link came from us.
    pub async fn unsubscribe(&self, token: &str) -> AppResult<Unsubscribed> {
        let target = self.check_unsubscribe(token).await?;
        let claim = self.unsubscribe_key().await?.verify(token)?;
        let now = self.now();
        let kinds: Vec<NotificationKind> = match &target {
            Unsubscribed::Kind(kind) => vec![*kind],
            Unsubscribed::Digest(cadence) => self
                .preferences_of(claim.user_id)
                .await?
                .into_iter()
                .filter(|p| p.cadence == *cadence)
                .map(|p| p.kind)
                .collect(),
        };
        let txn = self.db.begin_write().await?;
        for kind in kinds {
            notifications::set_preference(&txn, claim.user_id, kind, Cadence::Never, now).await?;
        }
        txn.commit().await?;
        tracing::info!(user_id = %claim.user_id, scope = %claim.kind, "unsubscribed by mail link");
        Ok(target)
    }
}
