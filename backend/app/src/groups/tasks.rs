//! A group's tasks: who does what, by when.

use chrono::{DateTime, NaiveDate, Utc};
use plein_domain::Title;
use plein_domain::groups::{MAX_GROUP_TEXT, TaskStatus, check_due_date};
use plein_storage::entities::group_tasks as rows;
use plein_storage::groups;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

use super::{access, visible_groups};
use crate::notifications::{Event, enqueue_event};
use crate::page::{Page, PageArgs, offset_page};
use crate::{Actor, App, AppError, AppResult};

#[derive(Debug, Clone)]
pub struct Task {
    pub id: Uuid,
    pub group_id: Uuid,
    pub title: String,
    /// Markdown as written; may be empty.
    pub description: String,
    pub assignee_id: Option<Uuid>,
    pub due_on: Option<NaiveDate>,
    pub status: TaskStatus,
    pub created_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl From<rows::Model> for Task {
    fn from(row: rows::Model) -> Self {
        Self {
            id: row.id,
            group_id: row.group_id,
            title: row.title,
            description: row.description,
            assignee_id: row.assignee_id,
            due_on: row.due_on,
            status: row.status,
            created_by: row.created_by,
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

impl Task {
    pub fn description_html(&self) -> String {
        plein_domain::markdown::to_safe_html(&self.description)
    }
}

/// A new task (`id: None`) or a change to one; on a change, absent fields
/// stay as they are. `Some(None)` clears the assignee or due date.
#[derive(Default)]
pub struct TaskInput {
    pub id: Option<Uuid>,
    pub group_id: Option<Uuid>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub assignee_id: Option<Option<Uuid>>,
    pub due_on: Option<Option<NaiveDate>>,
    pub status: Option<TaskStatus>,
}

fn parse_description(raw: &str) -> AppResult<String> {
    if raw.trim().is_empty() {
        return Ok(String::new());
    }
    Ok(plein_domain::Markdown::parse("description", raw, MAX_GROUP_TEXT)?.into_inner())
}

async fn require_assignable(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    assignee: Option<Uuid>,
) -> AppResult<()> {
    if let Some(user) = assignee
        && groups::membership(db, group_id, user).await?.is_none()
    {
        return Err(AppError::bad_input(
            "assigneeId",
            "must be a member of the group",
        ));
    }
    Ok(())
}

impl App {
    /// Members add tasks and change them (title, description, assignee, due
    /// date, status). A new task's due date is not in the past.
    pub async fn save_task(&self, actor: &Actor, input: TaskInput) -> AppResult<Task> {
        actor.require_verified()?;
        self.count_write(actor).await?;
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let (mut row, before) = match input.id {
            Some(id) => {
                let row = groups::find_task(&txn, id)
                    .await?
                    .ok_or(AppError::NotFound("task"))?;
                let assignee = row.assignee_id;
                (row, Some(assignee))
            }
            None => {
                let group_id = input
                    .group_id
                    .ok_or_else(|| AppError::bad_input("groupId", "is required for a new task"))?;
                let row = rows::Model {
                    id: Uuid::now_v7(),
                    group_id,
                    title: String::new(),
                    description: String::new(),
                    assignee_id: None,
                    due_on: None,
                    status: TaskStatus::Open,
                    created_by: actor.user_id(),
                    created_at: now,
                    updated_at: now,
                };
                (row, None)
            }
        };
        let group = access(&txn, actor, row.group_id)
            .await
            .map_err(|e| match (e, input.id) {
                (AppError::NotFound(_), Some(_)) => AppError::NotFound("task"),
                (e, _) => e,
            })?;
        let user = group.require_member(actor)?;
        match (&input.title, before.is_none()) {
            (Some(title), _) => row.title = Title::parse(title)?.into_inner(),
            (None, true) => return Err(AppError::bad_input("title", "must not be empty")),
            (None, false) => {}
        }
        if let Some(description) = &input.description {
            row.description = parse_description(description)?;
        }
        if let Some(due_on) = input.due_on {
            if let Some(date) = due_on
                && Some(date) != row.due_on
            {
                check_due_date(date, now)?;
            }
            row.due_on = due_on;
        }
        if let Some(assignee) = input.assignee_id {
            require_assignable(&txn, row.group_id, assignee).await?;
            row.assignee_id = assignee;
        }
        if let Some(status) = input.status {
            row.status = status;
        }
        row.updated_at = now;
        let assigned_now = row
            .assignee_id
            .filter(|a| before != Some(Some(*a)) && *a != user.id);
        let task_id = row.id;
        if before.is_some() {
            groups::save_task(&txn, row.clone()).await?;
        } else {
            groups::insert_task(&txn, row.clone()).await?;
        }
        if assigned_now.is_some() {
            enqueue_event(
                &txn,
                &Event::TaskAssigned {
                    task_id,
                    actor_id: user.id,
                },
                now,
            )
            .await?;
        }
        txn.commit().await?;
        Ok(row.into())
    }

    /// Members remove a task.
    pub async fn delete_task(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        actor.require_verified()?;
        let txn = self.db.begin_write().await?;
        let row = groups::find_task(&txn, id)
            .await?
            .ok_or(AppError::NotFound("task"))?;
        access(&txn, actor, row.group_id)
            .await
            .map_err(|_| AppError::NotFound("task"))?
            .require_member(actor)?;
        groups::delete_task(&txn, id).await?;
        txn.commit().await?;
        Ok(())
    }

    /// A page of a group's tasks: open and doing first, by due date.
    pub async fn group_tasks(
        &self,
        actor: &Actor,
        group_id: Uuid,
        status: Option<TaskStatus>,
        args: &PageArgs,
    ) -> AppResult<Page<Task>> {
        let db = &self.db.conn;
        access(db, actor, group_id).await?;
        let start = args.start()?;
        let (rows, total) = groups::tasks(
            db,
            Some(group_id),
            None,
            status.map(TaskStatus::as_str),
            start,
            args.fetch_limit(),
        )
        .await?;
        Ok(offset_page(args, start, rows, total).map(Task::from))
    }

    /// The viewer's own tasks across the groups they can still see.
    pub async fn my_tasks(
        &self,
        actor: &Actor,
        status: Option<TaskStatus>,
        args: &PageArgs,
    ) -> AppResult<Page<Task>> {
        let user = actor.require_user()?;
        let db = &self.db.conn;
        let start = args.start()?;
        let (rows, total) = groups::tasks(
            db,
            None,
            Some(user.id),
            status.map(TaskStatus::as_str),
            start,
            args.fetch_limit(),
        )
        .await?;
        let group_ids: Vec<Uuid> = rows.iter().map(|t| t.group_id).collect();
        let visible: std::collections::HashSet<Uuid> = visible_groups(db, actor, &group_ids)
            .await?
            .into_iter()
            .map(|(g, _)| g.id)
            .collect();
        let rows: Vec<rows::Model> = rows
            .into_iter()
            .filter(|t| visible.contains(&t.group_id))
            .collect();
        Ok(offset_page(args, start, rows, total).map(Task::from))
    }
}
