//! A person's own data: an export of everything Plein keeps about them,
//! downloaded once through an expiring link, and deleting the account.

use chrono::{DateTime, Utc};
use plein_domain::Password;
use plein_domain::groups::GroupRole;
use plein_storage::{audit, email_tokens, groups, mandates, notifications, personal_data, users};
use serde::Serialize;
use serde_json::json;
use uuid::Uuid;

use super::email::enqueue_account_mail;
use super::{AccountMailJob, TokenPurpose, password};
use crate::search::{self, SearchKind};
use crate::secrets::{new_token, token_hash};
use crate::{Actor, App, AppError, AppResult};

/// The name a deleted account's contributions show.
pub const ANONYMOUS_NAME: &str = "Verwijderd account";

/// No cap on the rows of an archive: it holds everything.
const ALL: u64 = i64::MAX as u64;

/// A fresh download link for the signed-in person's data.
pub struct DataExport {
    /// Shown once; only its hash is stored.
    pub token: String,
    pub expires_at: DateTime<Utc>,
}

/// Everything Plein keeps about one person, as they download it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MyData {
    /// Names this format, so later versions can be told apart.
    pub format: &'static str,
    pub exported_at: DateTime<Utc>,
    pub profile: Profile,
    pub ideas: Vec<Idea>,
    pub comments: Vec<Comment>,
    pub supports: Vec<Support>,
    pub group_memberships: Vec<Membership>,
    pub notifications: Vec<Notification>,
    pub notification_preferences: Vec<Preference>,
    pub follows: Vec<Follow>,
    pub sessions: Vec<Session>,
    /// Mandates the person gave to someone else to act for them…
    pub mandates_given: Vec<Mandate>,
    /// …and mandates they hold to act for someone else.
    pub mandates_received: Vec<Mandate>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub id: Uuid,
    pub email: String,
    pub email_verified_at: Option<DateTime<Utc>>,
    pub display_name: String,
    pub role: String,
    pub organisation: Option<String>,
    pub home_area_id: Option<Uuid>,
    pub locale: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub blocked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Idea {
    pub id: Uuid,
    pub area_id: Uuid,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub status: String,
    pub support_count: i32,
    pub comment_count: i32,
    pub published_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub hidden_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comment {
    pub id: Uuid,
    pub subject_kind: String,
    pub subject_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub body: String,
    pub official: bool,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub hidden_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Support {
    pub idea_id: Uuid,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    pub group_id: Uuid,
    pub group_name: Option<String>,
    pub role: String,
    pub joined_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    pub id: Uuid,
    pub kind: String,
    pub subject_kind: String,
    pub subject_id: Uuid,
    pub subject_title: String,
    pub actor_name: Option<String>,
    pub text: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read_at: Option<DateTime<Utc>>,
    pub mailed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preference {
    pub kind: String,
    pub cadence: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Follow {
    pub subject_kind: String,
    pub subject_id: Uuid,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Mandate {
    pub id: Uuid,
    pub grantor_id: Uuid,
    pub delegate_id: Uuid,
    pub actions: Vec<String>,
    pub valid_until: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<plein_storage::entities::mandates::Model> for Mandate {
    fn from(row: plein_storage::entities::mandates::Model) -> Self {
        Self {
            id: row.id,
            grantor_id: row.grantor_id,
            delegate_id: row.delegate_id,
            actions: row.actions.0,
            valid_until: row.valid_until,
            created_at: row.created_at,
            revoked_at: row.revoked_at,
        }
    }
}

/// A session as its owner may see it: never its token or the token's hash.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub user_agent: Option<String>,
    pub client_addr: Option<String>,
}

impl App {
    /// Makes a single-use link (valid 24 hours) to download everything
    /// Plein keeps about the signed-in person, and mails them another one.
    /// Counts as a mail-triggering request.
    pub async fn export_my_data(&self, actor: &Actor) -> AppResult<DataExport> {
        let current = actor.require_user()?;
        let user = users::find(&self.db.conn, current.id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        self.limit_mail_requests(actor, &plein_domain::Email::parse(&user.email)?)
            .await?;
        let now = self.now();
        let token = new_token()?;
        let purpose = TokenPurpose::DataExport;
        let expires_at = now + chrono::Duration::minutes(purpose.valid_minutes().into());
        let txn = self.db.begin_write().await?;
        email_tokens::insert(
            &txn,
            email_tokens::NewToken {
                user_id: user.id,
                purpose: purpose.as_str().to_owned(),
                token_hash: token_hash(&token),
                new_email: None,
                expires_at,
                now,
            },
        )
        .await?;
        // The mail carries a link of its own, made when it is sent, so no
        // token is ever stored readable.
        enqueue_account_mail(
            &txn,
            AccountMailJob {
                purpose,
                user_id: user.id,
                new_email: None,
            },
            now,
        )
        .await?;
        txn.commit().await?;
        tracing::info!(user_id = %user.id, "data export requested");
        Ok(DataExport { token, expires_at })
    }

    /// Uses a data-export link: answers the archive, and the link never
    /// works again. A link that was used, expired or never issued answers
    /// `BAD_USER_INPUT` on `token` saying which.
    pub async fn download_my_data(&self, token: &str) -> AppResult<MyData> {
        let txn = self.db.begin_write().await?;
        let row = self.consume(&txn, token, TokenPurpose::DataExport).await?;
        let user = users::find(&txn, row.user_id)
            .await?
            .filter(|user| user.deleted_at.is_none())
            .ok_or_else(|| AppError::bad_input("token", "this link is not valid"))?;
        let archive = self.collect_my_data(&txn, user).await?;
        txn.commit().await?;
        tracing::info!(user_id = %row.user_id, "data export downloaded");
        Ok(archive)
    }

    async fn collect_my_data(
        &self,
        db: &impl sea_orm::ConnectionTrait,
        user: plein_storage::entities::users::Model,
    ) -> AppResult<MyData> {
        let id = user.id;
        let memberships = groups::memberships_of(db, id, None).await?;
        let group_ids: Vec<Uuid> = memberships.iter().map(|m| m.group_id).collect();
        let group_rows = groups::find_groups(db, &group_ids).await?;
        let group_name = |group_id: Uuid| {
            group_rows
                .iter()
                .find(|g| g.id == group_id)
                .map(|g| g.name.clone())
        };
        Ok(MyData {
            format: "plein-my-data/1",
            exported_at: self.now(),
            ideas: personal_data::ideas_by(db, id)
                .await?
                .into_iter()
                .map(|row| Idea {
                    id: row.id,
                    area_id: row.area_id,
                    title: row.title,
                    body: row.body,
                    tags: row.tags.0,
                    latitude: row.latitude,
                    longitude: row.longitude,
                    status: row.status.as_str().to_owned(),
                    support_count: row.support_count,
                    comment_count: row.comment_count,
                    published_at: row.published_at,
                    created_at: row.created_at,
                    updated_at: row.updated_at,
                    hidden_at: row.hidden_at,
                })
                .collect(),
            comments: personal_data::comments_by(db, id)
                .await?
                .into_iter()
                .map(|row| Comment {
                    id: row.id,
                    subject_kind: row.subject_kind.as_str().to_owned(),
                    subject_id: row.subject_id,
                    parent_id: row.parent_id,
                    body: row.body,
                    official: row.official,
                    created_at: row.created_at,
                    edited_at: row.edited_at,
                    deleted_at: row.deleted_at,
                    hidden_at: row.hidden_at,
                })
                .collect(),
            supports: personal_data::supports_by(db, id)
                .await?
                .into_iter()
                .map(|row| Support {
                    idea_id: row.idea_id,
                    created_at: row.created_at,
                })
                .collect(),
            group_memberships: memberships
                .into_iter()
                .map(|row| Membership {
                    group_name: group_name(row.group_id),
                    group_id: row.group_id,
                    role: row.role.as_str().to_owned(),
                    joined_at: row.joined_at,
                })
                .collect(),
            notifications: personal_data::notifications_of(db, id)
                .await?
                .into_iter()
                .map(|row| Notification {
                    id: row.id,
                    kind: row.kind.as_str().to_owned(),
                    subject_kind: row.subject_kind.as_str().to_owned(),
                    subject_id: row.subject_id,
                    subject_title: row.subject_title,
                    actor_name: row.actor_name,
                    text: row.text,
                    created_at: row.created_at,
                    read_at: row.read_at,
                    mailed_at: row.mailed_at,
                })
                .collect(),
            notification_preferences: notifications::preferences_of(db, &[id])
                .await?
                .into_iter()
                .map(|row| Preference {
                    kind: row.kind.as_str().to_owned(),
                    cadence: row.cadence.as_str().to_owned(),
                    updated_at: row.updated_at,
                })
                .collect(),
            follows: personal_data::follows_of(db, id)
                .await?
                .into_iter()
                .map(|row| Follow {
                    subject_kind: row.subject_kind.as_str().to_owned(),
                    subject_id: row.subject_id,
                    created_at: row.created_at,
                })
                .collect(),
            sessions: personal_data::sessions_of(db, id)
                .await?
                .into_iter()
                .map(|row| Session {
                    id: row.id,
                    created_at: row.created_at,
                    last_seen_at: row.last_seen_at,
                    expires_at: row.expires_at,
                    revoked_at: row.revoked_at,
                    user_agent: row.user_agent,
                    client_addr: row.client_addr,
                })
                .collect(),
            mandates_given: mandates::of_user(db, id, true, ALL)
                .await?
                .into_iter()
                .map(Mandate::from)
                .collect(),
            mandates_received: mandates::of_user(db, id, false, ALL)
                .await?
                .into_iter()
                .map(Mandate::from)
                .collect(),
            profile: Profile {
                id: user.id,
                email: user.email,
                email_verified_at: user.email_verified_at,
                display_name: user.display_name,
                role: user.role.as_str().to_owned(),
                organisation: user.organisation,
                home_area_id: user.home_area_id,
                locale: user.locale.as_str().to_owned(),
                created_at: user.created_at,
                updated_at: user.updated_at,
                blocked_at: user.blocked_at,
            },
        })
    }

    /// Deletes the signed-in person's account for good, after checking
    /// their password. Their personal data goes; their ideas, comments and
    /// supports stay under [`ANONYMOUS_NAME`]; every session ends; the
    /// address is free to register again. The last coordinator of a group
    /// hands it over first (`CONFLICT` on `groups`).
    pub async fn delete_my_account(&self, actor: &Actor, current_password: &str) -> AppResult<()> {
        let current = actor.require_user()?;
        let user = users::find(&self.db.conn, current.id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let attempt = self.count_password_check(actor, &user.email).await?;
        if !password::verify(current_password.to_owned(), Some(user.password_hash)).await? {
            return Err(AppError::bad_input(
                "password",
                "the password is not correct",
            ));
        }
        self.password_was_correct(&self.db.conn, &attempt).await?;
        // Nobody knows this password, and it is hashed like any other so
        // the stored value looks like every other hash.
        let unusable = password::hash(Password::parse(&new_token()?)?).await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let memberships = groups::memberships_of(&txn, user.id, None).await?;
        let coordinator = GroupRole::Coordinator.as_str();
        let mut sole = Vec::new();
        for membership in memberships
            .iter()
            .filter(|m| m.role == GroupRole::Coordinator)
        {
            if groups::member_ids(&txn, membership.group_id, Some(coordinator)).await? == [user.id]
            {
                sole.push(membership.group_id);
            }
        }
        if !sole.is_empty() {
            let names: Vec<String> = groups::find_groups(&txn, &sole)
                .await?
                .into_iter()
                .map(|g| format!("\u{201c}{}\u{201d}", g.name))
                .collect();
            return Err(AppError::conflict(
                "groups",
                format!(
                    "you are the last coordinator of {}: make someone else coordinator first",
                    names.join(", ")
                ),
            ));
        }
        for membership in &memberships {
            groups::remove_member(&txn, membership.group_id, user.id).await?;
            groups::set_calendar_token(&txn, membership.group_id, &new_token()?).await?;
            groups::unassign_tasks_of(&txn, membership.group_id, user.id).await?;
            search::enqueue_index(&txn, SearchKind::Group, membership.group_id, now).await?;
        }
        personal_data::erase(&txn, user.id, ANONYMOUS_NAME).await?;
        // Nobody acts for a deleted account, and it acts for nobody.
        mandates::revoke_all_involving(&txn, user.id, now).await?;
        users::anonymise(
            &txn,
            user.id,
            users::Anonymised {
                // `.invalid` never delivers (RFC 2606); the real address is free again.
                email: format!("deleted-{}@deleted.invalid", user.id),
                display_name: ANONYMOUS_NAME.to_owned(),
                password_hash: unusable,
            },
            now,
        )
        .await?;
        // The author's name leaves every search document they wrote.
        search::enqueue_scope(&txn, search::Scope::Author(user.id), now).await?;
        audit::record(
            &txn,
            audit::Entry {
                actor_id: Some(user.id),
                action: "user.delete",
                subject_kind: "user",
                subject_id: user.id,
                // Nothing personal: the row itself is all that is left.
                detail: json!({}),
                now,
            },
        )
        .await?;
        txn.commit().await?;
        tracing::info!(user_id = %user.id, "account deleted by its owner");
        Ok(())
    }
}
