//! Follows and notifications. A write that others should hear of commits an
//! [`Event`] in its transaction (the outbox); a worker fans it out to the
//! followers of the item and of every area above it, stores one notification
//! per person in bulk and queues mail for those who want it at once. Daily and
//! weekly digests collect the rest. Every mail carries a signed one-click
//! unsubscribe link.
//!
//! Other features raise their own events through [`enqueue_event`]; a new
//! kind of event is one [`Event`] variant and one [`NotificationKind`].

mod digest;
mod events;
mod mail;

use std::sync::Arc;

use chrono::{DateTime, Utc};
use plein_domain::{Cadence, FollowKind, NotificationKind, SubjectKind};
use plein_storage::entities::notifications as rows;
use plein_storage::{areas, follows, notifications};
use uuid::Uuid;

pub use digest::{DigestHandler, DigestRun};
pub use events::{
    Event, NotificationEventHandler, ThresholdReachedHandler, enqueue_event, enqueue_event_at,
};
pub use mail::{NotificationMail, NotificationMailJob, Unsubscribed};

use crate::page::{Cursor, Page, PageArgs};
use crate::{Actor, App, AppError, AppResult};

/// One notification, as its recipient sees it.
#[derive(Debug, Clone)]
pub struct Notification {
    pub id: Uuid,
    pub kind: NotificationKind,
    pub subject_kind: FollowKind,
    pub subject_id: Uuid,
    /// The subject's title when the event happened.
    pub subject_title: String,
    /// Who caused it, by name; `None` when Plein did (a deadline, a threshold).
    pub actor_name: Option<String>,
    /// A short excerpt or reason, plain text.
    pub text: Option<String>,
    /// Machine-readable detail, such as the idea's new status.
    pub detail: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
}

impl TryFrom<rows::Model> for Notification {
    type Error = AppError;

    fn try_from(row: rows::Model) -> AppResult<Self> {
        Ok(Self {
            id: row.id,
            kind: row.kind,
            subject_kind: row.subject_kind,
            subject_id: row.subject_id,
            subject_title: row.subject_title,
            actor_name: row.actor_name,
            text: row.text,
            detail: row.detail,
            created_at: row.created_at,
            read_at: row.read_at,
        })
    }
}

/// How often one kind of notification is mailed to someone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preference {
    pub kind: NotificationKind,
    pub cadence: Cadence,
}

/// Every kind with the cadence `stored` sets for it, or its default.
pub(crate) fn cadences(stored: &[(NotificationKind, Cadence)]) -> Vec<Preference> {
    NotificationKind::ALL
        .into_iter()
        .map(|kind| Preference {
            kind,
            cadence: stored
                .iter()
                .find(|(k, _)| *k == kind)
                .map_or_else(|| kind.default_cadence(), |(_, c)| *c),
        })
        .collect()
}

/// Forgets what notifications say of something moderators hid: the title
/// and excerpt of a hidden idea, plan or group, or the excerpt of a hidden
/// comment. Showing it again brings none of it back.
pub(crate) async fn forget_hidden(
    db: &impl sea_orm::ConnectionTrait,
    kind: &str,
    id: Uuid,
) -> AppResult<()> {
    if kind != "comment" {
        notifications::redact_subject(db, kind, id).await?;
        return Ok(());
    }
    let Some(comment) = plein_storage::comments::find(db, id).await? else {
        return Ok(());
    };
    let kinds = [
        NotificationKind::Comment.as_str(),
        NotificationKind::Reply.as_str(),
        NotificationKind::OfficialReply.as_str(),
    ];
    let mut texts = vec![events::excerpt(&comment.body)];
    for revision in plein_storage::comments::revisions_of(db, &[id]).await? {
        texts.push(events::excerpt(&revision.body));
    }
    notifications::redact_text(db, comment.subject_id, comment.author_id, &kinds, &texts).await?;
    Ok(())
}

/// The key that signs unsubscribe links, made once per installation.
pub(crate) type KeyCell = Arc<std::sync::OnceLock<crate::mail::UnsubscribeKey>>;

const UNSUBSCRIBE_SECRET: &str = "unsubscribe";

impl App {
    /// Follows (`follow: true`) or unfollows an idea, plan, working group or
    /// area. Both are idempotent; answers whether the viewer follows it now.
    pub async fn set_follow(
        &self,
        actor: &Actor,
        kind: FollowKind,
        id: Uuid,
        follow: bool,
    ) -> AppResult<bool> {
        let user = actor.require_user()?;
        self.count_write(actor).await?;
        if follow {
            self.require_followable(actor, kind, id).await?;
            follows::follow(&self.db.conn, user.id, kind, id, self.now()).await?;
        } else {
            follows::unfollow(&self.db.conn, user.id, kind.as_str(), id).await?;
        }
        Ok(follow)
    }

    /// Whether `actor` may see what they want to follow; `NOT_FOUND` otherwise.
    async fn require_followable(&self, actor: &Actor, kind: FollowKind, id: Uuid) -> AppResult<()> {
        match kind {
            FollowKind::Idea => self.require_subject(actor, SubjectKind::Idea, id).await,
            FollowKind::Plan => self.require_subject(actor, SubjectKind::Plan, id).await,
            FollowKind::Area => areas::find(&self.db.conn, id)
                .await?
                .map(|_| ())
                .ok_or(AppError::NotFound("area")),
            FollowKind::Group => self.require_subject(actor, SubjectKind::Group, id).await,
            FollowKind::BudgetProject => {
                self.require_subject(actor, SubjectKind::BudgetProject, id)
                    .await
            }
            FollowKind::BudgetRound => plein_storage::budget::find_round(&self.db.conn, id)
                .await?
                .map(|_| ())
                .ok_or(AppError::NotFound("budget round")),
        }
    }

    /// Which of `ids` (of one kind) the signed-in viewer follows (for DataLoaders).
    pub async fn followed_by_viewer(
        &self,
        actor: &Actor,
        kind: FollowKind,
        ids: &[Uuid],
    ) -> AppResult<Vec<Uuid>> {
        match actor.user_id() {
            Some(user) => Ok(follows::followed_by(&self.db.conn, user, kind.as_str(), ids).await?),
            None => Ok(Vec::new()),
        }
    }

    /// A page of the viewer's own notifications, newest first.
    pub async fn notifications(
        &self,
        actor: &Actor,
        unread_only: bool,
        args: &PageArgs,
    ) -> AppResult<Page<Notification>> {
        let user = actor.require_user()?;
        let after = args.after_at()?;
        let db = &self.db.conn;
        let rows = notifications::page(db, user.id, unread_only, after, args.fetch_limit()).await?;
        let total = notifications::count(db, user.id, unread_only).await?;
        let page = Page::from_rows(args, rows, total, |row| Cursor::At(row.created_at, row.id));
        let mut items = Vec::with_capacity(page.items.len());
        for (cursor, row) in page.items {
            items.push((cursor, Notification::try_from(row)?));
        }
        Ok(Page {
            items,
            has_next_page: page.has_next_page,
            total_count: page.total_count,
        })
    }

    /// How many of the viewer's notifications are unread.
    pub async fn unread_notification_count(&self, actor: &Actor) -> AppResult<u64> {
        let user = actor.require_user()?;
        Ok(notifications::count(&self.db.conn, user.id, true).await?)
    }

    /// Marks some (`Some(ids)`) or all of the viewer's notifications read.
    /// Ids of other people's notifications change nothing. Answers the
    /// notifications named, as they are now.
    pub async fn mark_notifications_read(
        &self,
        actor: &Actor,
        ids: Option<Vec<Uuid>>,
    ) -> AppResult<Vec<Notification>> {
        let user = actor.require_user()?;
        if let Some(ids) = &ids
            && ids.len() > crate::page::MAX_PAGE
        {
            return Err(AppError::bad_input(
                "ids",
                format!("at most {} at once", crate::page::MAX_PAGE),
            ));
        }
        let txn = self.db.begin_write().await?;
        notifications::mark_read(&txn, user.id, ids.as_deref(), self.now()).await?;
        let rows = match &ids {
            Some(ids) => notifications::find_for_user(&txn, user.id, ids).await?,
            None => Vec::new(),
        };
        txn.commit().await?;
        rows.into_iter().map(Notification::try_from).collect()
    }

    /// The viewer's mail preference for every kind of notification.
    pub async fn notification_preferences(&self, actor: &Actor) -> AppResult<Vec<Preference>> {
        let user = actor.require_user()?;
        self.preferences_of(user.id).await
    }

    pub(crate) async fn preferences_of(&self, user_id: Uuid) -> AppResult<Vec<Preference>> {
        let stored: Vec<(NotificationKind, Cadence)> =
            notifications::preferences_of(&self.db.conn, &[user_id])
                .await?
                .into_iter()
                .map(|p| (p.kind, p.cadence))
                .collect();
        Ok(cadences(&stored))
    }

    /// Sets how often one kind of notification is mailed to the viewer.
    pub async fn set_notification_preference(
        &self,
        actor: &Actor,
        kind: NotificationKind,
        cadence: Cadence,
    ) -> AppResult<Preference> {
        let user = actor.require_user()?;
        notifications::set_preference(&self.db.conn, user.id, kind, cadence, self.now()).await?;
        Ok(Preference { kind, cadence })
    }

    /// The key that signs and checks unsubscribe links. It is made on first
    /// use and kept in the database, so every server shares it.
    pub async fn unsubscribe_key(&self) -> AppResult<crate::mail::UnsubscribeKey> {
        if let Some(key) = self.unsubscribe_key.get() {
            return Ok(key.clone());
        }
        let candidate = crate::secrets::new_token()?;
        let secret = plein_storage::server_secrets::get_or_create(
            &self.db.conn,
            UNSUBSCRIBE_SECRET,
            candidate,
            self.now(),
        )
        .await?;
        let key = crate::mail::UnsubscribeKey::new(secret.as_bytes())?;
        Ok(self.unsubscribe_key.get_or_init(|| key).clone())
    }
}

/// The outbox handlers that fan events out and run digests (mail is sent by
/// the mail adapter's handler).
pub fn handlers(app: &App) -> Vec<Arc<dyn crate::jobs::JobHandler>> {
    vec![
        Arc::new(NotificationEventHandler { app: app.clone() }),
        Arc::new(ThresholdReachedHandler { app: app.clone() }),
        Arc::new(DigestHandler { app: app.clone() }),
    ]
}

/// Follows a subject inside a write's transaction (authors follow what they
/// create, commenters the thread they join).
pub(crate) async fn auto_follow(
    db: &impl sea_orm::ConnectionTrait,
    user_id: Uuid,
    kind: FollowKind,
    id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    follows::follow(db, user_id, kind, id, now).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_preferences_override_defaults() {
        let prefs = cadences(&[(NotificationKind::Comment, Cadence::Weekly)]);
        assert_eq!(prefs.len(), NotificationKind::ALL.len());
        let of = |kind| prefs.iter().find(|p| p.kind == kind).map(|p| p.cadence);
        assert_eq!(of(NotificationKind::Comment), Some(Cadence::Weekly));
        assert_eq!(of(NotificationKind::Reply), Some(Cadence::Immediately));
        assert_eq!(of(NotificationKind::PlanOpened), Some(Cadence::Daily));
    }
}
