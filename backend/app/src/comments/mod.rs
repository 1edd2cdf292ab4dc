//! Feedback threads on ideas, plans, working groups and budget projects: nested
//! replies, official answers, edit history, placeholders for deleted
//! comments, and "agree" reactions.

mod events;
mod write;

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use plein_domain::SubjectKind;
use plein_storage::entities::comments as rows;
use plein_storage::{comments, ideas, plans, visibility};
use uuid::Uuid;

pub use events::{CommentEvent, CommentEvents};
pub use write::NewCommentInput;

use crate::page::{Cursor, Page, PageArgs};
use crate::{Actor, App, AppError, AppResult};

/// A comment as anyone may see it. A deleted comment keeps its place (and
/// its replies) but shows neither text nor author.
#[derive(Debug, Clone)]
pub struct Comment {
    pub id: Uuid,
    pub subject_kind: SubjectKind,
    pub subject_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub depth: i32,
    pub author_id: Option<Uuid>,
    /// Markdown as written; `None` once deleted.
    pub body: Option<String>,
    pub official: bool,
    /// The official answer this thread got (top-level comments only).
    pub answer_id: Option<Uuid>,
    pub agree_count: i32,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    /// Hidden by a moderator: it keeps its place but shows neither text nor
    /// author (moderators read it in their queue).
    pub hidden_at: Option<DateTime<Utc>>,
    /// Who wrote it for the author under a mandate (`None` once deleted).
    pub acted_by: Option<Uuid>,
    /// Assisted intake: for whom and where the author took it down.
    pub intake: Option<plein_domain::IntakeProvenance>,
}

impl From<rows::Model> for Comment {
    fn from(row: rows::Model) -> Self {
        let deleted = !plein_domain::visibility::comment_text_shown(
            row.deleted_at.is_some(),
            row.hidden_at.is_some(),
        );
        Self {
            id: row.id,
            subject_kind: row.subject_kind,
            subject_id: row.subject_id,
            parent_id: row.parent_id,
            depth: row.depth,
            author_id: (!deleted).then_some(row.author_id),
            acted_by: row.acted_by.filter(|_| !deleted),
            intake: crate::mandates::intake_of(row.intake_resident, row.intake_place)
                .filter(|_| !deleted),
            body: (!deleted).then_some(row.body),
            official: row.official,
            answer_id: row.answer_id,
            agree_count: row.agree_count,
            created_at: row.created_at,
            edited_at: row.edited_at,
            deleted_at: row.deleted_at,
            hidden_at: row.hidden_at,
        }
    }
}

impl Comment {
    pub fn body_html(&self) -> Option<String> {
        self.body
            .as_deref()
            .map(plein_domain::markdown::to_safe_html)
    }
}

/// One version of a comment's text.
#[derive(Debug, Clone)]
pub struct CommentRevision {
    pub comment_id: Uuid,
    pub body: String,
    pub created_at: DateTime<Utc>,
}

/// The reaction Plein offers.
pub const AGREE: &str = "agree";

impl App {
    /// Which of these (kind, id) subjects `actor` may see, in one query per
    /// kind, by the rules in `plein_domain::visibility`.
    pub(crate) async fn visible_subjects(
        &self,
        actor: &Actor,
        subjects: &[(SubjectKind, Uuid)],
    ) -> AppResult<HashSet<(SubjectKind, Uuid)>> {
        let ids = |kind| -> Vec<Uuid> {
            subjects
                .iter()
                .filter(|(k, _)| *k == kind)
                .map(|(_, id)| *id)
                .collect()
        };
        let viewer = actor.viewer();
        let mut visible = HashSet::new();
        let idea_ids = ids(SubjectKind::Idea);
        if !idea_ids.is_empty() {
            for row in ideas::find_many(&self.db.conn, &idea_ids).await? {
                if visibility::idea_row(&viewer, &row) {
                    visible.insert((SubjectKind::Idea, row.id));
                }
            }
        }
        let plan_ids = ids(SubjectKind::Plan);
        if !plan_ids.is_empty() {
            for row in plans::find_many(&self.db.conn, &plan_ids).await? {
                if visibility::plan_row(&viewer, &row) {
                    visible.insert((SubjectKind::Plan, row.id));
                }
            }
        }
        let project_ids = ids(SubjectKind::BudgetProject);
        if !project_ids.is_empty() {
            for row in plein_storage::budget::visible_projects(&self.db.conn, &viewer, &project_ids)
                .await?
            {
                visible.insert((SubjectKind::BudgetProject, row.id));
            }
        }
        let group_ids = ids(SubjectKind::Group);
        if !group_ids.is_empty() {
            for (row, _) in crate::groups::visible_groups(&self.db.conn, actor, &group_ids).await? {
                visible.insert((SubjectKind::Group, row.id));
            }
        }
        Ok(visible)
    }

    /// Whether `actor` may see the subject; `NOT_FOUND` otherwise.
    pub async fn require_subject(
        &self,
        actor: &Actor,
        kind: SubjectKind,
        id: Uuid,
    ) -> AppResult<()> {
        if self
            .visible_subjects(actor, &[(kind, id)])
            .await?
            .is_empty()
        {
            return Err(AppError::NotFound(kind.as_str()));
        }
        Ok(())
    }

    /// Comments by id whose subjects `actor` may see (for DataLoaders), in
    /// one statement.
    pub async fn comments_by_ids(&self, actor: &Actor, ids: &[Uuid]) -> AppResult<Vec<Comment>> {
        Ok(comments::find_visible(&self.db.conn, &actor.viewer(), ids)
            .await?
            .into_iter()
            .map(Comment::from)
            .collect())
    }

    pub async fn comment(&self, actor: &Actor, id: Uuid) -> AppResult<Option<Comment>> {
        Ok(self.comments_by_ids(actor, &[id]).await?.pop())
    }

    /// A page of a subject's top-level comments, oldest first.
    pub async fn thread(
        &self,
        actor: &Actor,
        kind: SubjectKind,
        subject_id: Uuid,
        args: &PageArgs,
    ) -> AppResult<Page<Comment>> {
        self.require_subject(actor, kind, subject_id).await?;
        let after = args.after_at()?;
        let db = &self.db.conn;
        let rows =
            comments::roots_page(db, kind.as_str(), subject_id, after, args.fetch_limit()).await?;
        let total = comments::count_roots(db, kind.as_str(), subject_id).await?;
        Ok(
            Page::from_rows(args, rows, total, |row| Cursor::At(row.created_at, row.id))
                .map(Comment::from),
        )
    }

    /// The direct replies to many comments in one query (for DataLoaders; the
    /// caller holds comments the viewer may see, so may their replies).
    pub async fn replies_to(&self, parent_ids: &[Uuid]) -> AppResult<Vec<Comment>> {
        let rows = comments::replies_to(&self.db.conn, parent_ids).await?;
        Ok(rows.into_iter().map(Comment::from).collect())
    }

    /// Every version of the comments' texts, oldest first. A deleted comment
    /// has none left.
    pub async fn comment_revisions(&self, comment_ids: &[Uuid]) -> AppResult<Vec<CommentRevision>> {
        let rows = comments::revisions_of(&self.db.conn, comment_ids).await?;
        Ok(rows
            .into_iter()
            .map(|r| CommentRevision {
                comment_id: r.comment_id,
                body: r.body,
                created_at: r.created_at,
            })
            .collect())
    }

    /// Which of the comments the viewer agrees with.
    pub async fn agreed_by_viewer(
        &self,
        actor: &Actor,
        comment_ids: &[Uuid],
    ) -> AppResult<Vec<Uuid>> {
        match actor.user_id() {
            Some(user) => Ok(comments::reacted_by(&self.db.conn, user, comment_ids).await?),
            None => Ok(Vec::new()),
        }
    }
}
