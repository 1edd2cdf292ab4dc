//! Who may see what, as SQL: per subject one condition that lists exactly
//! the rows `plein_domain::visibility` lets the viewer see, and beside it the
//! same rule applied to one row already read.
//!
//! A list adds the condition to its statement; a lookup by id reads the row
//! and asks the `*_row` function. The `visibility` integration tests check
//! that both give the same answer for every kind of viewer.

use plein_domain::SubjectKind;
use plein_domain::groups::GroupVisibility;
use plein_domain::visibility as rule;
use sea_orm::ColumnTrait;
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query};

pub use plein_domain::Viewer;

use crate::entities::{
    budget_projects, comments, group_members, ideas, plans, users, working_groups,
};

/// The viewer a stored account stands for (in notifications, where nobody
/// is signed in).
pub fn viewer_of(user: &users::Model) -> Viewer {
    Viewer::user(user.id, user.role)
}

/// Ideas and plans share their rule; only the statuses that are not public differ.
fn authored<C: ColumnTrait>(
    viewer: &Viewer,
    not_public: impl Iterator<Item = &'static str>,
    status: C,
    author: C,
    hidden: C,
) -> Condition {
    if viewer.is_admin() {
        return Condition::all();
    }
    // The statuses are written into the statement, not bound: see
    // `listing::fetch_page`.
    let public = Expr::col(status.as_column_ref())
        .is_not_in(not_public.map(|status| Expr::Constant(status.into())));
    let shown = Condition::all().add(hidden.is_null()).add(match viewer.id {
        Some(id) => Condition::any().add(public).add(author.eq(id)),
        None => Condition::all().add(public),
    });
    if viewer.is_moderator() {
        Condition::any().add(hidden.is_not_null()).add(shown)
    } else {
        shown
    }
}

/// The ideas `viewer` may see.
pub fn ideas(viewer: &Viewer) -> Condition {
    authored(
        viewer,
        rule::idea_statuses_not_public(),
        ideas::Column::Status,
        ideas::Column::AuthorId,
        ideas::Column::HiddenAt,
    )
}

/// The plans `viewer` may see.
pub fn plans(viewer: &Viewer) -> Condition {
    authored(
        viewer,
        rule::plan_statuses_not_public(),
        plans::Column::Status,
        plans::Column::AuthorId,
        plans::Column::HiddenAt,
    )
}

/// The working groups `viewer` may see, and so what hangs under them.
pub fn groups(viewer: &Viewer) -> Condition {
    if viewer.is_admin() {
        return Condition::all();
    }
    let mut open = Condition::any()
        .add(working_groups::Column::Visibility.eq(GroupVisibility::Public.as_str()));
    if let Some(user) = viewer.id {
        open = open.add(member_of(user));
    }
    let shown = Condition::all()
        .add(working_groups::Column::HiddenAt.is_null())
        .add(open);
    if viewer.is_moderator() {
        Condition::any()
            .add(working_groups::Column::HiddenAt.is_not_null())
            .add(shown)
    } else {
        shown
    }
}

/// The budget projects `viewer` may see: all but the hidden ones, which
/// moderators, admins and the project's author see.
pub fn budget_projects(viewer: &Viewer) -> Condition {
    if viewer.is_moderator() {
        return Condition::all();
    }
    let shown = Condition::any().add(budget_projects::Column::HiddenAt.is_null());
    match viewer.id {
        Some(id) => shown.add(budget_projects::Column::AuthorId.eq(id)),
        None => shown,
    }
}

/// `working_groups.id` is one of `user`'s groups.
pub(crate) fn member_of(user: uuid::Uuid) -> Expr {
    working_groups::Column::Id.in_subquery(
        Query::select()
            .column(group_members::Column::GroupId)
            .from(group_members::Entity)
            .and_where(group_members::Column::UserId.eq(user))
            .to_owned(),
    )
}

/// The comments `viewer` may see: those whose subject they may see.
pub fn comments(viewer: &Viewer) -> Condition {
    let on = |kind: SubjectKind, ids: sea_orm::sea_query::SelectStatement| {
        Condition::all()
            .add(comments::Column::SubjectKind.eq(kind.as_str()))
            .add(comments::Column::SubjectId.in_subquery(ids))
    };
    Condition::any()
        .add(on(
            SubjectKind::Idea,
            Query::select()
                .column((ideas::Entity, ideas::Column::Id))
                .from(ideas::Entity)
                .cond_where(ideas(viewer))
                .to_owned(),
        ))
        .add(on(
            SubjectKind::Plan,
            Query::select()
                .column((plans::Entity, plans::Column::Id))
                .from(plans::Entity)
                .cond_where(plans(viewer))
                .to_owned(),
        ))
        .add(on(
            SubjectKind::Group,
            Query::select()
                .column((working_groups::Entity, working_groups::Column::Id))
                .from(working_groups::Entity)
                .cond_where(groups(viewer))
                .to_owned(),
        ))
        .add(on(
            SubjectKind::BudgetProject,
            Query::select()
                .column((budget_projects::Entity, budget_projects::Column::Id))
                .from(budget_projects::Entity)
                .cond_where(budget_projects(viewer))
                .to_owned(),
        ))
}

/// Whether `viewer` may see this idea: [`ideas`] for one row.
pub fn idea_row(viewer: &Viewer, row: &ideas::Model) -> bool {
    rule::idea(viewer, row.status, row.author_id, row.hidden_at.is_some())
}

/// Whether `viewer` may see this plan: [`plans`] for one row.
pub fn plan_row(viewer: &Viewer, row: &plans::Model) -> bool {
    rule::plan(viewer, row.status, row.author_id, row.hidden_at.is_some())
}

/// Whether `viewer` may see this group: [`groups`] for one row. `member`:
/// the viewer belongs to it.
pub fn group_row(viewer: &Viewer, row: &working_groups::Model, member: bool) -> bool {
    rule::group(viewer, row.visibility, row.hidden_at.is_some(), member)
}

/// Whether `viewer` may see this budget project: [`budget_projects`] for one row.
pub fn budget_project_row(viewer: &Viewer, row: &budget_projects::Model) -> bool {
    rule::budget_project(viewer, row.author_id, row.hidden_at.is_some())
}

/// Whether `viewer` may see this comment: [`comments`] for one row, given
/// whether they may see its subject.
pub fn comment_row(_row: &comments::Model, subject_visible: bool) -> bool {
    rule::comment(subject_visible)
}
