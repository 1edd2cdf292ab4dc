//! Reports, hiding content, blocking accounts, and reading the audit log.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entities::{
    audit_log, budget_projects, comments, ideas, plans, reports, users, working_groups,
};

pub async fn insert_report(db: &impl ConnectionTrait, row: reports::Model) -> Result<()> {
    let row = reports::ActiveModel {
        id: Set(row.id),
        reporter_id: Set(row.reporter_id),
        subject_kind: Set(row.subject_kind),
        subject_id: Set(row.subject_id),
        reason: Set(row.reason),
        created_at: Set(row.created_at),
        resolved_at: Set(None),
        resolved_by: Set(None),
        resolution: Set(None),
    };
    reports::Entity::insert(row)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn find_report(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<reports::Model>> {
    Ok(reports::Entity::find_by_id(id).one(db).await?)
}

/// Whether `reporter` has an open report on the subject.
pub async fn open_report_by(
    db: &impl ConnectionTrait,
    reporter: Uuid,
    kind: &str,
    subject_id: Uuid,
) -> Result<bool> {
    Ok(reports::Entity::find()
        .filter(reports::Column::ReporterId.eq(reporter))
        .filter(reports::Column::SubjectKind.eq(kind))
        .filter(reports::Column::SubjectId.eq(subject_id))
        .filter(reports::Column::ResolvedAt.is_null())
        .count(db)
        .await?
        > 0)
}

/// Open reports oldest first (or every report, newest first).
pub async fn reports_page(
    db: &impl ConnectionTrait,
    open_only: bool,
    offset: u64,
    limit: u64,
) -> Result<(Vec<reports::Model>, u64)> {
    let mut query = reports::Entity::find();
    query = if open_only {
        query
            .filter(reports::Column::ResolvedAt.is_null())
            .order_by_asc(reports::Column::CreatedAt)
    } else {
        query.order_by_desc(reports::Column::CreatedAt)
    };
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_asc(reports::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// Closes every open report on a subject (or one report) with `resolution`.
pub async fn resolve_reports(
    db: &impl ConnectionTrait,
    subject: Option<(&str, Uuid)>,
    report_id: Option<Uuid>,
    resolution: &str,
    by: Uuid,
    now: DateTime<Utc>,
) -> Result<u64> {
    let mut update = reports::Entity::update_many()
        .col_expr(reports::Column::ResolvedAt, Expr::value(now))
        .col_expr(reports::Column::ResolvedBy, Expr::value(by))
        .col_expr(reports::Column::Resolution, Expr::value(resolution))
        .filter(reports::Column::ResolvedAt.is_null());
    if let Some((kind, id)) = subject {
        update = update
            .filter(reports::Column::SubjectKind.eq(kind))
            .filter(reports::Column::SubjectId.eq(id));
    }
    if let Some(id) = report_id {
        update = update.filter(reports::Column::Id.eq(id));
    }
    Ok(update.exec(db).await?.rows_affected)
}

/// Sets or clears `hidden_at` of an idea, plan, comment, group or budget
/// project; answers
/// whether such a row exists.
pub async fn set_hidden(
    db: &impl ConnectionTrait,
    kind: &str,
    id: Uuid,
    hidden_at: Option<DateTime<Utc>>,
) -> Result<bool> {
    let value = Expr::value(hidden_at);
    let affected = match kind {
        "idea" => {
            ideas::Entity::update_many()
                .col_expr(ideas::Column::HiddenAt, value)
                .filter(ideas::Column::Id.eq(id))
                .exec(db)
                .await?
        }
        "plan" => {
            plans::Entity::update_many()
                .col_expr(plans::Column::HiddenAt, value)
                .filter(plans::Column::Id.eq(id))
                .exec(db)
                .await?
        }
        "comment" => {
            comments::Entity::update_many()
                .col_expr(comments::Column::HiddenAt, value)
                .filter(comments::Column::Id.eq(id))
                .exec(db)
                .await?
        }
        "group" => {
            working_groups::Entity::update_many()
                .col_expr(working_groups::Column::HiddenAt, value)
                .filter(working_groups::Column::Id.eq(id))
                .exec(db)
                .await?
        }
        "budget_project" => {
            budget_projects::Entity::update_many()
                .col_expr(budget_projects::Column::HiddenAt, value)
                .filter(budget_projects::Column::Id.eq(id))
                .exec(db)
                .await?
        }
        _ => return Ok(false),
    };
    Ok(affected.rows_affected > 0)
}

pub async fn set_blocked(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    blocked_at: Option<DateTime<Utc>>,
) -> Result<()> {
    users::Entity::update_many()
        .col_expr(users::Column::BlockedAt, Expr::value(blocked_at))
        .filter(users::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The audit log, newest first.
pub async fn audit_page(
    db: &impl ConnectionTrait,
    offset: u64,
    limit: u64,
) -> Result<(Vec<audit_log::Model>, u64)> {
    let total = audit_log::Entity::find().count(db).await?;
    let rows = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::CreatedAt)
        .order_by_desc(audit_log::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}
