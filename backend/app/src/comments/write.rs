use chrono::{DateTime, Utc};
use plein_domain::comments::{MAX_COMMENT_DEPTH, MAX_COMMENT_LEN};
use plein_domain::{Markdown, SubjectKind};
use plein_storage::entities::comments as rows;
use plein_storage::{comments, ideas, plans};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{AGREE, Comment, CommentEvent};
use crate::listing::require_official;
use crate::plans::Plan;
use crate::search::SearchKind;
use crate::{Actor, App, AppError, AppResult};

pub struct NewCommentInput {
    pub subject_kind: SubjectKind,
    pub subject_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub body: String,
    /// Marks the comment as an official reply; professionals and admins only.
    pub official: bool,
    /// Posts it for the grantor of a mandate the actor holds.
    pub on_behalf_of: Option<Uuid>,
    /// Assisted intake: (resident's given name, place); professionals and admins only.
    pub intake: Option<(String, String)>,
}

/// Checks that `actor` may see the subject and that it takes comments now.
/// Officials answering officially may do so after a plan's window closed.
async fn check_subject(
    db: &impl ConnectionTrait,
    actor: &Actor,
    kind: SubjectKind,
    id: Uuid,
    now: DateTime<Utc>,
    official_answer: bool,
) -> AppResult<()> {
    match kind {
        SubjectKind::Idea => {
            let idea = ideas::find(db, id)
                .await?
                .filter(|row| plein_storage::visibility::idea_row(&actor.viewer(), row))
                .ok_or(AppError::NotFound("idea"))?;
            let status = idea.status;
            if !status.is_public() {
                return Err(AppError::conflict(
                    "subjectId",
                    format!("an idea that is {status} takes no comments"),
                ));
            }
        }
        SubjectKind::Plan => {
            let plan = plans::find(db, id)
                .await?
                .filter(|row| plein_storage::visibility::plan_row(&actor.viewer(), row))
                .ok_or(AppError::NotFound("plan"))?;
            if !official_answer && !Plan::from(plan).accepts_feedback(now) {
                return Err(AppError::conflict(
                    "subjectId",
                    "the feedback window of this plan is closed; comments are accepted only while it is open",
                ));
            }
        }
        SubjectKind::BudgetProject => {
            // A project's thread stays open in every phase, as long as it is seen.
            plein_storage::budget::find_project(db, id)
                .await?
                .filter(|row| plein_storage::visibility::budget_project_row(&actor.viewer(), row))
                .ok_or(AppError::NotFound("budget project"))?;
        }
        SubjectKind::Group => {
            // Anyone who may see the group reads its thread; members write in it.
            crate::groups::access(db, actor, id)
                .await?
                .require_member(actor)?;
        }
    }
    Ok(())
}

/// Counts a new comment on its subject; the count is part of its search
/// document, so the document is brought up to date too.
async fn bump_subject(
    db: &impl ConnectionTrait,
    kind: SubjectKind,
    id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let search_kind = match kind {
        SubjectKind::Idea => {
            ideas::bump_comment_count(db, id, 1).await?;
            SearchKind::Idea
        }
        SubjectKind::Plan => {
            plans::bump_comment_count(db, id, 1).await?;
            SearchKind::Plan
        }
        // A group's document holds no comment count; projects are not indexed.
        SubjectKind::Group | SubjectKind::BudgetProject => return Ok(()),
    };
    crate::search::enqueue_index(db, search_kind, id, now).await
}

/// A comment `actor` may see, or `NOT_FOUND`.
async fn visible_comment(app: &App, actor: &Actor, id: Uuid) -> AppResult<rows::Model> {
    let row = comments::find(&app.db.conn, id)
        .await?
        .ok_or(AppError::NotFound("comment"))?;
    let kind = row.subject_kind;
    app.require_subject(actor, kind, row.subject_id)
        .await
        .map_err(|_| AppError::NotFound("comment"))?;
    Ok(row)
}

impl App {
    /// Posts a comment or a reply. Replies nest up to a maximum depth; a
    /// reply to a comment at that depth becomes its sibling.
    pub async fn post_comment(&self, actor: &Actor, input: NewCommentInput) -> AppResult<Comment> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        if input.official {
            require_official(actor)?;
            if input.on_behalf_of.is_some() {
                return Err(AppError::bad_input(
                    "official",
                    "an official reply is never made for someone else",
                ));
            }
        }
        if input.intake.is_some() && input.on_behalf_of.is_some() {
            return Err(AppError::bad_input(
                "intake",
                "take a comment down for someone or act under a mandate, not both",
            ));
        }
        let intake = crate::mandates::parse_intake(actor, input.intake)?;
        let body = Markdown::parse("body", &input.body, MAX_COMMENT_LEN)?.into_inner();
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let who = self
            .act_as(
                &txn,
                actor,
                input.on_behalf_of,
                plein_domain::MandateAction::Comment,
                now,
            )
            .await?;
        let (actor, user) = (&who.actor, who.current());
        check_subject(
            &txn,
            actor,
            input.subject_kind,
            input.subject_id,
            now,
            false,
        )
        .await?;
        let (parent_id, depth) = match input.parent_id {
            None => (None, 0),
            Some(parent_id) => {
                let parent = comments::find(&txn, parent_id)
                    .await?
                    .filter(|p| {
                        p.subject_kind == input.subject_kind && p.subject_id == input.subject_id
                    })
                    .ok_or_else(|| {
                        AppError::bad_input("parentId", "no comment on this subject has this id")
                    })?;
                if parent.depth >= MAX_COMMENT_DEPTH {
                    (parent.parent_id, parent.depth)
                } else {
                    (Some(parent.id), parent.depth + 1)
                }
            }
        };
        let row = self
            .insert_comment(
                &txn,
                comments::NewComment {
                    id: Uuid::now_v7(),
                    subject_kind: input.subject_kind,
                    subject_id: input.subject_id,
                    parent_id,
                    depth,
                    author_id: user.id,
                    body,
                    official: input.official,
                    acting: who.acting,
                    intake,
                    now,
                },
            )
            .await?;
        self.finish_comment(txn, row).await
    }

    async fn insert_comment(
        &self,
        txn: &impl ConnectionTrait,
        new: comments::NewComment,
    ) -> AppResult<rows::Model> {
        let kind = new.subject_kind;
        let now = new.now;
        let row = comments::insert(txn, new).await?;
        bump_subject(txn, kind, row.subject_id, now).await?;
        // Joining a thread follows it; everyone following hears of the comment.
        let follow_kind = match kind {
            SubjectKind::Idea => plein_domain::FollowKind::Idea,
            SubjectKind::Plan => plein_domain::FollowKind::Plan,
            SubjectKind::Group => plein_domain::FollowKind::Group,
            SubjectKind::BudgetProject => plein_domain::FollowKind::BudgetProject,
        };
        crate::notifications::auto_follow(txn, row.author_id, follow_kind, row.subject_id, now)
            .await?;
        let posted = crate::notifications::Event::CommentPosted { comment_id: row.id };
        crate::notifications::enqueue_event(txn, &posted, now).await?;
        let event = CommentEvent {
            subject_kind: kind,
            subject_id: row.subject_id,
            comment_id: row.id,
        };
        self.comment_events.announce(txn, &event).await?;
        Ok(row)
    }

    async fn finish_comment(
        &self,
        txn: sea_orm::DatabaseTransaction,
        row: rows::Model,
    ) -> AppResult<Comment> {
        txn.commit().await?;
        let comment = Comment::from(row);
        self.comment_events.committed(CommentEvent {
            subject_kind: comment.subject_kind,
            subject_id: comment.subject_id,
            comment_id: comment.id,
        });
        Ok(comment)
    }

    /// Gives a thread its official answer: an official reply to the
    /// top-level comment, marked on it. Professionals and admins only; this
    /// works after a plan's feedback window has closed too.
    pub async fn answer_thread(
        &self,
        actor: &Actor,
        thread_id: Uuid,
        body: String,
    ) -> AppResult<Comment> {
        let user = require_official(actor)?;
        self.count_write(actor).await?;
        let body = Markdown::parse("body", &body, MAX_COMMENT_LEN)?.into_inner();
        let now = self.now();
        let root = visible_comment(self, actor, thread_id).await?;
        if root.parent_id.is_some() {
            return Err(AppError::bad_input(
                "threadId",
                "only a top-level comment starts a thread",
            ));
        }
        let kind = root.subject_kind;
        let txn = self.db.begin_write().await?;
        check_subject(&txn, actor, kind, root.subject_id, now, true).await?;
        let row = self
            .insert_comment(
                &txn,
                comments::NewComment {
                    id: Uuid::now_v7(),
                    subject_kind: root.subject_kind,
                    subject_id: root.subject_id,
                    parent_id: Some(root.id),
                    depth: 1,
                    author_id: user.id,
                    body,
                    official: true,
                    acting: Default::default(),
                    intake: None,
                    now,
                },
            )
            .await?;
        comments::set_answer(&txn, root.id, row.id).await?;
        self.finish_comment(txn, row).await
    }

    /// Changes one's own comment; every version stays in its history.
    pub async fn edit_comment(&self, actor: &Actor, id: Uuid, body: String) -> AppResult<Comment> {
        let user = actor.require_user()?;
        self.count_write(actor).await?;
        let body = Markdown::parse("body", &body, MAX_COMMENT_LEN)?.into_inner();
        let now = self.now();
        let before = visible_comment(self, actor, id).await?;
        if before.author_id != user.id {
            return Err(AppError::Forbidden("only the author may edit a comment"));
        }
        if before.deleted_at.is_some() {
            return Err(AppError::conflict(
                "id",
                "a deleted comment cannot be edited",
            ));
        }
        let kind = before.subject_kind;
        let txn = self.db.begin_write().await?;
        check_subject(&txn, actor, kind, before.subject_id, now, before.official).await?;
        let row = comments::update_body(&txn, id, body, now).await?;
        txn.commit().await?;
        Ok(row.into())
    }

    /// Deletes a comment, leaving a placeholder so its replies keep their
    /// place. The author may, and so may moderators and admins. Deleting
    /// twice is the same as once.
    pub async fn delete_comment(&self, actor: &Actor, id: Uuid) -> AppResult<Comment> {
        let user = actor.require_user()?;
        self.count_write(actor).await?;
        let before = visible_comment(self, actor, id).await?;
        let moderates = matches!(
            user.role,
            plein_domain::Role::Moderator | plein_domain::Role::Admin
        );
        if before.author_id != user.id && !moderates {
            return Err(AppError::Forbidden(
                "only the author, moderators and admins may delete a comment",
            ));
        }
        if before.deleted_at.is_some() {
            return Ok(before.into());
        }
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let row = comments::mark_deleted(&txn, id, now).await?;
        if before.author_id != user.id {
            plein_storage::audit::record(
                &txn,
                plein_storage::audit::Entry {
                    actor_id: Some(user.id),
                    action: "comment.delete",
                    subject_kind: "comment",
                    subject_id: id,
                    detail: serde_json::json!({ "author_id": before.author_id }),
                    now,
                },
            )
            .await?;
        }
        txn.commit().await?;
        Ok(row.into())
    }

    /// Agrees with a comment (`agree: true`) or takes that back. Both are
    /// idempotent; the count moves only when something changed.
    pub async fn react_to_comment(
        &self,
        actor: &Actor,
        id: Uuid,
        agree: bool,
    ) -> AppResult<Comment> {
        let user = actor.require_verified()?;
        self.count_write(actor).await?;
        let before = visible_comment(self, actor, id).await?;
        if agree && before.deleted_at.is_some() {
            return Err(AppError::conflict(
                "commentId",
                "a deleted comment takes no reactions",
            ));
        }
        let now = self.now();
        let txn = self.db.begin_write().await?;
        if agree {
            comments::add_reaction(&txn, id, user.id, AGREE, now).await?;
        } else {
            comments::remove_reaction(&txn, id, user.id).await?;
        }
        let row = comments::find(&txn, id)
            .await?
            .ok_or(AppError::NotFound("comment"))?;
        txn.commit().await?;
        Ok(row.into())
    }
}
