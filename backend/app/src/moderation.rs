//! Keeping the square civil: anyone reports content or a person with a
//! reason; moderators work through the queue, hide and unhide content (it
//! is kept, never silently deleted) and block and unblock accounts; every
//! such action lands in the audit log, which admins read.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use plein_domain::{Role, SubjectKind};
use plein_storage::entities::{audit_log, reports as rows};
use plein_storage::{audit, comments, groups, ideas, moderation, plans, sessions, users};
use serde_json::json;
use uuid::Uuid;

use crate::page::{Page, PageArgs, offset_page};
use crate::search::SearchKind;
use crate::{Actor, App, AppError, AppResult, CurrentUser};

/// The longest reason with a report or a moderator's action.
const MAX_REASON: usize = 1_000;

/// What can be reported (and, except people, hidden).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportKind {
    Idea,
    Plan,
    Comment,
    Group,
    User,
    BudgetProject,
}

impl ReportKind {
    pub const ALL: [ReportKind; 6] = [
        ReportKind::Idea,
        ReportKind::Plan,
        ReportKind::Comment,
        ReportKind::Group,
        ReportKind::User,
        ReportKind::BudgetProject,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportKind::Idea => "idea",
            ReportKind::Plan => "plan",
            ReportKind::Comment => "comment",
            ReportKind::Group => "group",
            ReportKind::User => "user",
            ReportKind::BudgetProject => "budget_project",
        }
    }

    fn search_kind(self) -> Option<SearchKind> {
        match self {
            ReportKind::Idea => Some(SearchKind::Idea),
            ReportKind::Plan => Some(SearchKind::Plan),
            ReportKind::Group => Some(SearchKind::Group),
            ReportKind::Comment | ReportKind::User | ReportKind::BudgetProject => None,
        }
    }
}

impl fmt::Display for ReportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReportKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReportKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| format!("unknown report kind {s:?}"))
    }
}

/// A report, as moderators see it.
#[derive(Debug, Clone)]
pub struct Report {
    pub id: Uuid,
    pub reporter_id: Uuid,
    pub kind: ReportKind,
    pub subject_id: Uuid,
    pub reason: String,
    pub created_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub resolved_by: Option<Uuid>,
    /// hidden, dismissed or blocked.
    pub resolution: Option<String>,
    /// What was reported, as it reads now (also when hidden): a title, a
    /// comment's text or a display name; `None` when it is gone.
    pub excerpt: Option<String>,
    /// Whether the content is hidden or the person blocked now.
    pub acted_on: bool,
}

/// One privileged action.
#[derive(Debug, Clone)]
pub struct AuditEntry {
    pub id: Uuid,
    pub actor_id: Option<Uuid>,
    pub action: String,
    pub subject_kind: String,
    pub subject_id: Uuid,
    /// JSON text.
    pub detail: String,
    pub created_at: DateTime<Utc>,
}

impl From<audit_log::Model> for AuditEntry {
    fn from(row: audit_log::Model) -> Self {
        Self {
            id: row.id,
            actor_id: row.actor_id,
            action: row.action,
            subject_kind: row.subject_kind,
            subject_id: row.subject_id,
            detail: row.detail.to_string(),
            created_at: row.created_at,
        }
    }
}

fn parse_reason(raw: &str) -> AppResult<String> {
    let reason = raw.trim();
    let len = reason.chars().count();
    if !(3..=MAX_REASON).contains(&len)
        || reason
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\r')
    {
        return Err(AppError::bad_input(
            "reason",
            format!("must be 3 to {MAX_REASON} characters of plain text"),
        ));
    }
    Ok(reason.to_owned())
}

/// A moderator or admin, or `UNAUTHENTICATED` / `FORBIDDEN`.
fn require_moderator(actor: &Actor) -> AppResult<&CurrentUser> {
    let user = actor.require_user()?;
    if actor.is_moderator() {
        Ok(user)
    } else {
        Err(AppError::Forbidden(
            "only moderators and admins may do this",
        ))
    }
}

impl App {
    /// Reports content or a person to the moderators. The reporter must be
    /// able to see what they report; one open report per person per subject.
    pub async fn report(
        &self,
        actor: &Actor,
        kind: ReportKind,
        subject_id: Uuid,
        reason: &str,
    ) -> AppResult<Report> {
        let user = actor.require_verified()?;
        self.count_write(actor).await?;
        let reason = parse_reason(reason)?;
        match kind {
            ReportKind::Idea => {
                self.require_subject(actor, SubjectKind::Idea, subject_id)
                    .await?
            }
            ReportKind::Plan => {
                self.require_subject(actor, SubjectKind::Plan, subject_id)
                    .await?
            }
            ReportKind::Group => {
                self.require_subject(actor, SubjectKind::Group, subject_id)
                    .await?
            }
            ReportKind::BudgetProject => {
                self.require_subject(actor, SubjectKind::BudgetProject, subject_id)
                    .await?
            }
            ReportKind::Comment => {
                self.comment(actor, subject_id)
                    .await?
                    .ok_or(AppError::NotFound("comment"))?;
            }
            ReportKind::User => {
                users::find(&self.db.conn, subject_id)
                    .await?
                    .ok_or(AppError::NotFound("user"))?;
                if subject_id == user.id {
                    return Err(AppError::bad_input("subjectId", "is you"));
                }
            }
        }
        let now = self.now();
        let txn = self.db.begin_write().await?;
        if moderation::open_report_by(&txn, user.id, kind.as_str(), subject_id).await? {
            return Err(AppError::conflict(
                "subjectId",
                "you already reported this; the moderators will look at it",
            ));
        }
        let row = rows::Model {
            id: Uuid::now_v7(),
            reporter_id: user.id,
            subject_kind: kind.as_str().to_owned(),
            subject_id,
            reason,
            created_at: now,
            resolved_at: None,
            resolved_by: None,
            resolution: None,
        };
        moderation::insert_report(&txn, row.clone()).await?;
        txn.commit().await?;
        tracing::info!(report_id = %row.id, kind = %kind, "content reported");
        Ok(Report {
            id: row.id,
            reporter_id: row.reporter_id,
            kind,
            subject_id,
            reason: row.reason,
            created_at: now,
            resolved_at: None,
            resolved_by: None,
            resolution: None,
            excerpt: None,
            acted_on: false,
        })
    }

    /// The moderators' queue: open reports, oldest first (or all, newest first).
    pub async fn moderation_queue(
        &self,
        actor: &Actor,
        open_only: bool,
        args: &PageArgs,
    ) -> AppResult<Page<Report>> {
        require_moderator(actor)?;
        let start = args.start()?;
        let (rows, total) =
            moderation::reports_page(&self.db.conn, open_only, start, args.fetch_limit()).await?;
        let mut reports = Vec::with_capacity(rows.len());
        for row in rows {
            reports.push(self.report_view(row).await?);
        }
        Ok(offset_page(args, start, reports, total))
    }

    /// A report with what it is about, read as it stands now.
    async fn report_view(&self, row: rows::Model) -> AppResult<Report> {
        let db = &self.db.conn;
        let kind: ReportKind = row.subject_kind.parse().map_err(AppError::internal)?;
        let id = row.subject_id;
        let (excerpt, acted_on) = match kind {
            ReportKind::Idea => ideas::find(db, id)
                .await?
                .map(|r| (Some(r.title), r.hidden_at.is_some()))
                .unwrap_or((None, false)),
            ReportKind::Plan => plans::find(db, id)
                .await?
                .map(|r| (Some(r.title), r.hidden_at.is_some()))
                .unwrap_or((None, false)),
            ReportKind::Comment => comments::find(db, id)
                .await?
                .map(|r| {
                    let text = (r.deleted_at.is_none()).then_some(r.body);
                    (text, r.hidden_at.is_some())
                })
                .unwrap_or((None, false)),
            ReportKind::Group => groups::find_group(db, id)
                .await?
                .map(|r| (Some(r.name), r.hidden_at.is_some()))
                .unwrap_or((None, false)),
            ReportKind::BudgetProject => plein_storage::budget::find_project(db, id)
                .await?
                .map(|r| (Some(r.title), r.hidden_at.is_some()))
                .unwrap_or((None, false)),
            ReportKind::User => users::find(db, id)
                .await?
                .map(|r| (Some(r.display_name), r.blocked_at.is_some()))
                .unwrap_or((None, false)),
        };
        Ok(Report {
            id: row.id,
            reporter_id: row.reporter_id,
            kind,
            subject_id: id,
            reason: row.reason,
            created_at: row.created_at,
            resolved_at: row.resolved_at,
            resolved_by: row.resolved_by,
            resolution: row.resolution,
            excerpt,
            acted_on,
        })
    }

    /// Hides (or shows again) an idea, plan, comment, group or budget
    /// project. Hidden content
    /// leaves lists, search and threads (a comment leaves a placeholder);
    /// moderators and admins still see it. Hiding closes the open reports on it.
    pub async fn set_hidden(
        &self,
        actor: &Actor,
        kind: ReportKind,
        id: Uuid,
        hidden: bool,
        reason: &str,
    ) -> AppResult<()> {
        let moderator = require_moderator(actor)?;
        if kind == ReportKind::User {
            return Err(AppError::bad_input(
                "subjectKind",
                "people are blocked, not hidden",
            ));
        }
        let reason = parse_reason(reason)?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let value = hidden.then_some(now);
        if !moderation::set_hidden(&txn, kind.as_str(), id, value).await? {
            return Err(AppError::NotFound("subject"));
        }
        if let Some(search) = kind.search_kind() {
            crate::search::enqueue_index(&txn, search, id, now).await?;
        }
        if hidden {
            crate::notifications::forget_hidden(&txn, kind.as_str(), id).await?;
            moderation::resolve_reports(
                &txn,
                Some((kind.as_str(), id)),
                None,
                "hidden",
                moderator.id,
                now,
            )
            .await?;
        }
        audit::record(
            &txn,
            audit::Entry {
                actor_id: Some(moderator.id),
                action: if hidden { "hide" } else { "unhide" },
                subject_kind: kind.as_str(),
                subject_id: id,
                detail: json!({ "reason": reason }),
                now,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// Closes a report without acting on what it is about.
    pub async fn dismiss_report(
        &self,
        actor: &Actor,
        report_id: Uuid,
        reason: Option<&str>,
    ) -> AppResult<Report> {
        let moderator = require_moderator(actor)?;
        let reason = reason.map(parse_reason).transpose()?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let report = moderation::find_report(&txn, report_id)
            .await?
            .ok_or(AppError::NotFound("report"))?;
        if report.resolved_at.is_some() {
            return Err(AppError::conflict(
                "reportId",
                "this report is already closed",
            ));
        }
        moderation::resolve_reports(&txn, None, Some(report_id), "dismissed", moderator.id, now)
            .await?;
        audit::record(
            &txn,
            audit::Entry {
                actor_id: Some(moderator.id),
                action: "dismiss_report",
                subject_kind: "report",
                subject_id: report_id,
                detail: json!({ "reason": reason }),
                now,
            },
        )
        .await?;
        txn.commit().await?;
        let row = moderation::find_report(&self.db.conn, report_id)
            .await?
            .ok_or(AppError::NotFound("report"))?;
        self.report_view(row).await
    }

    /// Blocks (or unblocks) an account: a blocked person cannot sign in,
    /// and their sessions end at once. Moderators block residents and
    /// professionals; admins anyone but themselves.
    pub async fn set_blocked(
        &self,
        actor: &Actor,
        user_id: Uuid,
        blocked: bool,
        reason: &str,
    ) -> AppResult<()> {
        let moderator = require_moderator(actor)?;
        let reason = parse_reason(reason)?;
        if user_id == moderator.id {
            return Err(AppError::bad_input("userId", "is you"));
        }
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let target = users::find(&txn, user_id)
            .await?
            .ok_or(AppError::NotFound("user"))?;
        let target_role = target.role;
        let allowed = match moderator.role {
            Role::Admin => true,
            Role::Moderator => matches!(target_role, Role::Resident | Role::Professional),
            _ => false,
        };
        if !allowed {
            return Err(AppError::Forbidden(
                "moderators block residents and professionals; only admins block moderators and admins",
            ));
        }
        moderation::set_blocked(&txn, user_id, blocked.then_some(now)).await?;
        if blocked {
            sessions::revoke_all(&txn, user_id, None, now).await?;
            moderation::resolve_reports(
                &txn,
                Some((ReportKind::User.as_str(), user_id)),
                None,
                "blocked",
                moderator.id,
                now,
            )
            .await?;
        }
        audit::record(
            &txn,
            audit::Entry {
                actor_id: Some(moderator.id),
                action: if blocked { "block" } else { "unblock" },
                subject_kind: "user",
                subject_id: user_id,
                detail: json!({ "reason": reason }),
                now,
            },
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// The audit log, newest first: admins only.
    pub async fn audit_log(&self, actor: &Actor, args: &PageArgs) -> AppResult<Page<AuditEntry>> {
        actor.require_admin()?;
        let start = args.start()?;
        let (rows, total) =
            moderation::audit_page(&self.db.conn, start, args.fetch_limit()).await?;
        Ok(offset_page(args, start, rows, total).map(AuditEntry::from))
    }
}
