use async_graphql::{Context, Enum, ID, Object};
use chrono::{DateTime, Utc};
use plein_app::moderation::{AuditEntry, Report, ReportKind};

use crate::graphql::types::UserNode;
use crate::graphql::types::mirror_enum;
use crate::graphql::{ContextExt, ResultExt};

/// What can be reported; everything but people can be hidden.
#[derive(Enum, Clone, Copy, PartialEq, Eq)]
#[graphql(name = "ReportSubjectKind")]
pub enum ReportKindValue {
    Idea,
    Plan,
    Comment,
    Group,
    User,
    /// A project in a budget round.
    BudgetProject,
}

mirror_enum!(
    ReportKindValue,
    ReportKind,
    [Idea, Plan, Comment, Group, User, BudgetProject]
);

/// A report to the moderators.
pub struct ReportNode(pub Report);

#[Object(name = "Report")]
impl ReportNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn subject_kind(&self) -> ReportKindValue {
        self.0.kind.into()
    }

    async fn subject_id(&self) -> ID {
        ID(self.0.subject_id.to_string())
    }

    /// What was reported as it reads now, also when hidden: a title, a
    /// comment's text or a display name. Null once it is gone. Moderators only.
    async fn excerpt(&self) -> Option<&str> {
        self.0.excerpt.as_deref()
    }

    /// Whether the content is hidden, or the person blocked, now.
    async fn acted_on(&self) -> bool {
        self.0.acted_on
    }

    /// Plain text, 3 to 1000 characters.
    async fn reason(&self) -> &str {
        &self.0.reason
    }

    async fn reporter(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let user = ctx
            .loaders()
            .users
            .load_one(self.0.reporter_id)
            .await
            .gql()?;
        Ok(user.map(UserNode))
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }

    async fn resolved_at(&self) -> Option<DateTime<Utc>> {
        self.0.resolved_at
    }

    /// `hidden`, `dismissed` or `blocked`.
    async fn resolution(&self) -> Option<&str> {
        self.0.resolution.as_deref()
    }
}

/// One privileged action: who did what to which object.
pub struct AuditEntryNode(pub AuditEntry);

#[Object(name = "AuditEntry")]
impl AuditEntryNode {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }

    async fn actor(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<UserNode>> {
        let Some(id) = self.0.actor_id else {
            return Ok(None);
        };
        let user = ctx.loaders().user(id).await.gql()?;
        Ok(user.map(UserNode))
    }

    /// `hide`, `unhide`, `block`, `unblock`, `dismiss_report`, and the admin
    /// actions `user.set_role`, `area.create`, `area.move`, `area.rename`,
    /// `area.set_support_threshold`, `comment.delete` (by a moderator), and
    /// `user.delete` (someone deleted their own account).
    async fn action(&self) -> &str {
        &self.0.action
    }

    /// In lower case: `idea`, `plan`, `comment`, `group`, `user`, `area`, `report`.
    async fn subject_kind(&self) -> &str {
        &self.0.subject_kind
    }

    async fn subject_id(&self) -> ID {
        ID(self.0.subject_id.to_string())
    }

    /// Details as JSON text (such as the reason given).
    async fn detail(&self) -> &str {
        &self.0.detail
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}
