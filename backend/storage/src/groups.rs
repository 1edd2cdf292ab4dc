//! Working groups and everything that hangs on them: members, join requests,
//! invitations, links to ideas and plans, tasks, meetings with RSVPs, and
//! decisions with their votes.

use chrono::{DateTime, Utc};
use plein_domain::groups::{GroupRole, Rsvp, VoteAnswer};
use plein_domain::{SubjectKind, Viewer};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait,
    FromQueryResult, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entities::{
    areas, decision_votes, group_decisions, group_invitations, group_join_requests, group_links,
    group_meetings, group_members, group_tasks, meeting_rsvps, working_groups,
};

/// Inserts a whole row as given.
async fn insert_row<M, A>(db: &impl ConnectionTrait, model: M) -> Result<()>
where
    M: IntoActiveModel<A>,
    A: ActiveModelTrait + Send,
{
    <A::Entity as EntityTrait>::insert(model.into_active_model().reset_all())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Writes every column of an existing row.
async fn save_row<M, A>(db: &impl ConnectionTrait, model: M) -> Result<()>
where
    M: IntoActiveModel<A>,
    A: ActiveModelTrait + Send + sea_orm::ActiveModelBehavior,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
{
    model.into_active_model().reset_all().update(db).await?;
    Ok(())
}

// Groups.

pub async fn insert_group(db: &impl ConnectionTrait, row: working_groups::Model) -> Result<()> {
    insert_row(db, row).await
}

pub async fn save_group(db: &impl ConnectionTrait, row: working_groups::Model) -> Result<()> {
    save_row(db, row).await
}

pub async fn find_group(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<working_groups::Model>> {
    Ok(working_groups::Entity::find_by_id(id).one(db).await?)
}

pub async fn find_groups(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<Vec<working_groups::Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(working_groups::Entity::find()
        .filter(working_groups::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

pub async fn find_group_by_calendar_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<working_groups::Model>> {
    Ok(working_groups::Entity::find()
        .filter(working_groups::Column::CalendarToken.eq(token))
        .one(db)
        .await?)
}

/// Gives a group's calendar feed a new secret address; the old one stops working.
pub async fn set_calendar_token(db: &impl ConnectionTrait, id: Uuid, token: &str) -> Result<()> {
    working_groups::Entity::update_many()
        .col_expr(working_groups::Column::CalendarToken, Expr::value(token))
        .filter(working_groups::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn bump_member_count(db: &impl ConnectionTrait, id: Uuid, delta: i32) -> Result<()> {
    working_groups::Entity::update_many()
        .col_expr(
            working_groups::Column::MemberCount,
            Expr::col(working_groups::Column::MemberCount).add(delta),
        )
        .filter(working_groups::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// Which groups a list shows: those in an area (all when `None`) that
/// `viewer` may see by the rule in [`crate::visibility::groups`].
pub struct GroupFilter<'a> {
    /// The path of an area: groups in it or beneath it.
    pub area_path: Option<&'a str>,
    pub viewer: Viewer,
    /// Only the groups the viewer belongs to.
    pub only_member: bool,
}

fn beneath(path: &str) -> SimpleExpr {
    working_groups::Column::AreaId.in_subquery(
        Query::select()
            .column(areas::Column::Id)
            .from(areas::Entity)
            .and_where(areas::Column::Path.starts_with(path))
            .to_owned(),
    )
}

fn group_condition(filter: &GroupFilter<'_>) -> Condition {
    let mut condition = Condition::all().add(crate::visibility::groups(&filter.viewer));
    if let Some(path) = filter.area_path {
        condition = condition.add(beneath(path));
    }
    if filter.only_member {
        condition = condition.add(crate::visibility::member_of(
            filter.viewer.id.unwrap_or_default(),
        ));
    }
    condition
}

/// Newest first, keyset on (created_at, id).
pub async fn groups_page(
    db: &impl ConnectionTrait,
    filter: &GroupFilter<'_>,
    after: Option<(DateTime<Utc>, Uuid)>,
    limit: u64,
) -> Result<Vec<working_groups::Model>> {
    let mut query = working_groups::Entity::find().filter(group_condition(filter));
    if let Some((at, id)) = after {
        query = query.filter(
            Condition::any()
                .add(working_groups::Column::CreatedAt.lt(at))
                .add(
                    Condition::all()
                        .add(working_groups::Column::CreatedAt.eq(at))
                        .add(working_groups::Column::Id.lt(id)),
                ),
        );
    }
    Ok(query
        .order_by_desc(working_groups::Column::CreatedAt)
        .order_by_desc(working_groups::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

pub async fn count_groups(db: &impl ConnectionTrait, filter: &GroupFilter<'_>) -> Result<u64> {
    Ok(working_groups::Entity::find()
        .filter(group_condition(filter))
        .count(db)
        .await?)
}

/// The ids of the groups anyone may see (those the search index holds)
/// after `after` in id order, for reindexing.
pub async fn public_ids_after(
    db: &impl ConnectionTrait,
    area_path: Option<&str>,
    created_by: Option<Uuid>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Uuid>> {
    let mut query = working_groups::Entity::find()
        .select_only()
        .column(working_groups::Column::Id)
        .filter(crate::visibility::groups(&Viewer::ANONYMOUS));
    if let Some(path) = area_path {
        query = query.filter(beneath(path));
    }
    if let Some(user) = created_by {
        query = query.filter(working_groups::Column::CreatedBy.eq(user));
    }
    if let Some(after) = after {
        query = query.filter(working_groups::Column::Id.gt(after));
    }
    Ok(query
        .order_by_asc(working_groups::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?)
}

// Members.

pub async fn membership(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    user_id: Uuid,
) -> Result<Option<group_members::Model>> {
    Ok(group_members::Entity::find_by_id((group_id, user_id))
        .one(db)
        .await?)
}

/// Which of `user_ids` are members of `group_id`.
pub async fn members_among(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    user_ids: &[Uuid],
) -> Result<Vec<Uuid>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(group_members::Entity::find()
        .select_only()
        .column(group_members::Column::UserId)
        .filter(group_members::Column::GroupId.eq(group_id))
        .filter(group_members::Column::UserId.is_in(user_ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?)
}

/// The memberships of one person in any of `group_ids` (all when `None`).
pub async fn memberships_of(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    group_ids: Option<&[Uuid]>,
) -> Result<Vec<group_members::Model>> {
    let mut query = group_members::Entity::find().filter(group_members::Column::UserId.eq(user_id));
    if let Some(ids) = group_ids {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        query = query.filter(group_members::Column::GroupId.is_in(ids.iter().copied()));
    }
    Ok(query.all(db).await?)
}

pub async fn add_member(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    user_id: Uuid,
    role: GroupRole,
    now: DateTime<Utc>,
) -> Result<bool> {
    let row = group_members::ActiveModel {
        group_id: Set(group_id),
        user_id: Set(user_id),
        role: Set(role),
        joined_at: Set(now),
    };
    let inserted = group_members::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                group_members::Column::GroupId,
                group_members::Column::UserId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    if inserted > 0 {
        bump_member_count(db, group_id, 1).await?;
    }
    Ok(inserted > 0)
}

pub async fn remove_member(db: &impl ConnectionTrait, group_id: Uuid, user_id: Uuid) -> Result<()> {
    let removed = group_members::Entity::delete_by_id((group_id, user_id))
        .exec(db)
        .await?;
    if removed.rows_affected > 0 {
        bump_member_count(db, group_id, -1).await?;
    }
    Ok(())
}

pub async fn set_role(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    user_id: Uuid,
    role: GroupRole,
) -> Result<()> {
    group_members::Entity::update_many()
        .col_expr(group_members::Column::Role, Expr::value(role))
        .filter(group_members::Column::GroupId.eq(group_id))
        .filter(group_members::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Everyone in the group with `role` (everyone when `None`), oldest member first.
pub async fn member_ids(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    role: Option<&str>,
) -> Result<Vec<Uuid>> {
    let mut query = group_members::Entity::find()
        .select_only()
        .column(group_members::Column::UserId)
        .filter(group_members::Column::GroupId.eq(group_id));
    if let Some(role) = role {
        query = query.filter(group_members::Column::Role.eq(role));
    }
    Ok(query
        .order_by_asc(group_members::Column::JoinedAt)
        .into_tuple()
        .all(db)
        .await?)
}

/// Coordinators first, then by when they joined; keyset on (rank, joined_at, user).
pub async fn members_page(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    offset: u64,
    limit: u64,
) -> Result<Vec<group_members::Model>> {
    Ok(group_members::Entity::find()
        .filter(group_members::Column::GroupId.eq(group_id))
        .order_by_asc(group_members::Column::Role)
        .order_by_asc(group_members::Column::JoinedAt)
        .order_by_asc(group_members::Column::UserId)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?)
}

// Join requests.

pub async fn insert_join_request(
    db: &impl ConnectionTrait,
    row: group_join_requests::Model,
) -> Result<()> {
    insert_row(db, row).await
}

pub async fn find_join_request(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<group_join_requests::Model>> {
    Ok(group_join_requests::Entity::find_by_id(id).one(db).await?)
}

pub async fn join_request_of(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    user_id: Uuid,
) -> Result<Option<group_join_requests::Model>> {
    Ok(group_join_requests::Entity::find()
        .filter(group_join_requests::Column::GroupId.eq(group_id))
        .filter(group_join_requests::Column::UserId.eq(user_id))
        .one(db)
        .await?)
}

/// Which of `group_ids` `user_id` has asked to join, in one query.
pub async fn requested_by(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    group_ids: &[Uuid],
) -> Result<Vec<Uuid>> {
    if group_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(group_join_requests::Entity::find()
        .select_only()
        .column(group_join_requests::Column::GroupId)
        .filter(group_join_requests::Column::UserId.eq(user_id))
        .filter(group_join_requests::Column::GroupId.is_in(group_ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await?)
}

/// The memberships of several people, in one query.
pub async fn memberships_of_many(
    db: &impl ConnectionTrait,
    user_ids: &[Uuid],
) -> Result<Vec<group_members::Model>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(group_members::Entity::find()
        .filter(group_members::Column::UserId.is_in(user_ids.iter().copied()))
        .all(db)
        .await?)
}

pub async fn join_requests_of(
    db: &impl ConnectionTrait,
    group_id: Uuid,
) -> Result<Vec<group_join_requests::Model>> {
    Ok(group_join_requests::Entity::find()
        .filter(group_join_requests::Column::GroupId.eq(group_id))
        .order_by_asc(group_join_requests::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Answers whether there was one to delete.
pub async fn delete_join_request(db: &impl ConnectionTrait, id: Uuid) -> Result<bool> {
    let deleted = group_join_requests::Entity::delete_by_id(id)
        .exec(db)
        .await?;
    Ok(deleted.rows_affected > 0)
}

// Invitations.

pub async fn insert_invitation(
    db: &impl ConnectionTrait,
    row: group_invitations::Model,
) -> Result<()> {
    insert_row(db, row).await
}

pub async fn invitation_by_token(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<group_invitations::Model>> {
    Ok(group_invitations::Entity::find()
        .filter(group_invitations::Column::TokenHash.eq(token_hash))
        .one(db)
        .await?)
}

pub async fn find_invitation(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<group_invitations::Model>> {
    Ok(group_invitations::Entity::find_by_id(id).one(db).await?)
}

pub async fn invitation_for(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    email: &str,
) -> Result<Option<group_invitations::Model>> {
    Ok(group_invitations::Entity::find()
        .filter(group_invitations::Column::GroupId.eq(group_id))
        .filter(group_invitations::Column::Email.eq(email))
        .one(db)
        .await?)
}

pub async fn invitations_of(
    db: &impl ConnectionTrait,
    group_id: Uuid,
) -> Result<Vec<group_invitations::Model>> {
    Ok(group_invitations::Entity::find()
        .filter(group_invitations::Column::GroupId.eq(group_id))
        .order_by_asc(group_invitations::Column::CreatedAt)
        .all(db)
        .await?)
}

pub async fn delete_invitation(db: &impl ConnectionTrait, id: Uuid) -> Result<()> {
    group_invitations::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

// Links to ideas and plans.

pub async fn link(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    kind: SubjectKind,
    subject_id: Uuid,
    now: DateTime<Utc>,
) -> Result<()> {
    let row = group_links::ActiveModel {
        group_id: Set(group_id),
        subject_kind: Set(kind),
        subject_id: Set(subject_id),
        created_at: Set(now),
    };
    group_links::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                group_links::Column::GroupId,
                group_links::Column::SubjectKind,
                group_links::Column::SubjectId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn unlink(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    kind: SubjectKind,
    subject_id: Uuid,
) -> Result<bool> {
    let removed = group_links::Entity::delete_by_id((group_id, kind, subject_id))
        .exec(db)
        .await?;
    Ok(removed.rows_affected > 0)
}

pub async fn links_of_groups(
    db: &impl ConnectionTrait,
    group_ids: &[Uuid],
) -> Result<Vec<group_links::Model>> {
    if group_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(group_links::Entity::find()
        .filter(group_links::Column::GroupId.is_in(group_ids.iter().copied()))
        .order_by_asc(group_links::Column::CreatedAt)
        .all(db)
        .await?)
}

pub async fn links_of_subjects(
    db: &impl ConnectionTrait,
    kind: &str,
    subject_ids: &[Uuid],
) -> Result<Vec<group_links::Model>> {
    if subject_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(group_links::Entity::find()
        .filter(group_links::Column::SubjectKind.eq(kind))
        .filter(group_links::Column::SubjectId.is_in(subject_ids.iter().copied()))
        .order_by_asc(group_links::Column::CreatedAt)
        .all(db)
        .await?)
}

// Tasks.

pub async fn insert_task(db: &impl ConnectionTrait, row: group_tasks::Model) -> Result<()> {
    insert_row(db, row).await
}

pub async fn save_task(db: &impl ConnectionTrait, row: group_tasks::Model) -> Result<()> {
    save_row(db, row).await
}

pub async fn find_task(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<group_tasks::Model>> {
    Ok(group_tasks::Entity::find_by_id(id).one(db).await?)
}

/// A group's tasks, or someone's across groups; open and doing before done,
/// then by due date (undated last) and age.
pub async fn tasks(
    db: &impl ConnectionTrait,
    group_id: Option<Uuid>,
    assignee_id: Option<Uuid>,
    status: Option<&str>,
    offset: u64,
    limit: u64,
) -> Result<(Vec<group_tasks::Model>, u64)> {
    let mut query = group_tasks::Entity::find();
    if let Some(group) = group_id {
        query = query.filter(group_tasks::Column::GroupId.eq(group));
    }
    if let Some(user) = assignee_id {
        query = query.filter(group_tasks::Column::AssigneeId.eq(user));
    }
    if let Some(status) = status {
        query = query.filter(group_tasks::Column::Status.eq(status));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_asc(SimpleExpr::Case(Box::new(
            Expr::case(group_tasks::Column::Status.eq("done"), 1).finally(0),
        )))
        .order_by_asc(SimpleExpr::Case(Box::new(
            Expr::case(group_tasks::Column::DueOn.is_null(), 1).finally(0),
        )))
        .order_by_asc(group_tasks::Column::DueOn)
        .order_by_asc(group_tasks::Column::CreatedAt)
        .order_by_asc(group_tasks::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

// Meetings.

pub async fn insert_meeting(db: &impl ConnectionTrait, row: group_meetings::Model) -> Result<()> {
    insert_row(db, row).await
}

pub async fn save_meeting(db: &impl ConnectionTrait, row: group_meetings::Model) -> Result<()> {
    save_row(db, row).await
}

pub async fn find_meeting(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<group_meetings::Model>> {
    Ok(group_meetings::Entity::find_by_id(id).one(db).await?)
}

/// Upcoming meetings (ending after `now`) soonest first, or past ones latest first.
pub async fn meetings(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    now: DateTime<Utc>,
    upcoming: bool,
    offset: u64,
    limit: u64,
) -> Result<(Vec<group_meetings::Model>, u64)> {
    let mut query =
        group_meetings::Entity::find().filter(group_meetings::Column::GroupId.eq(group_id));
    query = if upcoming {
        query
            .filter(group_meetings::Column::EndsAt.gt(now))
            .order_by_asc(group_meetings::Column::StartsAt)
    } else {
        query
            .filter(group_meetings::Column::EndsAt.lte(now))
            .order_by_desc(group_meetings::Column::StartsAt)
    };
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_asc(group_meetings::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

/// A group's meetings from `since` on, for its calendar feed.
pub async fn meetings_since(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    since: DateTime<Utc>,
) -> Result<Vec<group_meetings::Model>> {
    Ok(group_meetings::Entity::find()
        .filter(group_meetings::Column::GroupId.eq(group_id))
        .filter(group_meetings::Column::EndsAt.gt(since))
        .order_by_asc(group_meetings::Column::StartsAt)
        .limit(500)
        .all(db)
        .await?)
}

pub async fn upsert_rsvp(
    db: &impl ConnectionTrait,
    meeting_id: Uuid,
    user_id: Uuid,
    answer: Rsvp,
    acting: crate::mandates::Acting,
    now: DateTime<Utc>,
) -> Result<()> {
    let row = meeting_rsvps::ActiveModel {
        meeting_id: Set(meeting_id),
        user_id: Set(user_id),
        answer: Set(answer),
        updated_at: Set(now),
        acted_by: Set(acting.acted_by),
        mandate_id: Set(acting.mandate_id),
    };
    meeting_rsvps::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                meeting_rsvps::Column::MeetingId,
                meeting_rsvps::Column::UserId,
            ])
            .update_columns([
                meeting_rsvps::Column::Answer,
                meeting_rsvps::Column::UpdatedAt,
                meeting_rsvps::Column::ActedBy,
                meeting_rsvps::Column::MandateId,
            ])
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// How many answered what, per meeting or proposal.
#[derive(Debug, FromQueryResult)]
pub struct AnswerCount<A: sea_orm::TryGetable> {
    pub parent_id: Uuid,
    pub answer: A,
    pub count: i64,
}

pub async fn rsvp_counts(
    db: &impl ConnectionTrait,
    meeting_ids: &[Uuid],
) -> Result<Vec<AnswerCount<Rsvp>>> {
    if meeting_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(meeting_rsvps::Entity::find()
        .select_only()
        .column_as(meeting_rsvps::Column::MeetingId, "parent_id")
        .column(meeting_rsvps::Column::Answer)
        .column_as(meeting_rsvps::Column::UserId.count(), "count")
        .filter(meeting_rsvps::Column::MeetingId.is_in(meeting_ids.iter().copied()))
        .group_by(meeting_rsvps::Column::MeetingId)
        .group_by(meeting_rsvps::Column::Answer)
        .into_model()
        .all(db)
        .await?)
}

pub async fn rsvps_by(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    meeting_ids: &[Uuid],
) -> Result<Vec<meeting_rsvps::Model>> {
    if meeting_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(meeting_rsvps::Entity::find()
        .filter(meeting_rsvps::Column::UserId.eq(user_id))
        .filter(meeting_rsvps::Column::MeetingId.is_in(meeting_ids.iter().copied()))
        .all(db)
        .await?)
}

// Decisions.

pub async fn insert_decision(db: &impl ConnectionTrait, row: group_decisions::Model) -> Result<()> {
    insert_row(db, row).await
}

pub async fn save_decision(db: &impl ConnectionTrait, row: group_decisions::Model) -> Result<()> {
    save_row(db, row).await
}

pub async fn find_decision(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<group_decisions::Model>> {
    Ok(group_decisions::Entity::find_by_id(id).one(db).await?)
}

/// Newest first.
pub async fn decisions(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    offset: u64,
    limit: u64,
) -> Result<(Vec<group_decisions::Model>, u64)> {
    let query =
        group_decisions::Entity::find().filter(group_decisions::Column::GroupId.eq(group_id));
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(group_decisions::Column::CreatedAt)
        .order_by_desc(group_decisions::Column::Id)
        .offset(offset)
        .limit(limit)
        .all(db)
        .await?;
    Ok((rows, total))
}

pub async fn upsert_vote(db: &impl ConnectionTrait, row: decision_votes::Model) -> Result<()> {
    decision_votes::Entity::insert(row.into_active_model().reset_all())
        .on_conflict(
            OnConflict::columns([
                decision_votes::Column::DecisionId,
                decision_votes::Column::UserId,
            ])
            .update_columns([
                decision_votes::Column::Answer,
                decision_votes::Column::Reason,
                decision_votes::Column::UpdatedAt,
                decision_votes::Column::ActedBy,
                decision_votes::Column::MandateId,
            ])
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn vote_counts(
    db: &impl ConnectionTrait,
    decision_ids: &[Uuid],
) -> Result<Vec<AnswerCount<VoteAnswer>>> {
    if decision_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(decision_votes::Entity::find()
        .select_only()
        .column_as(decision_votes::Column::DecisionId, "parent_id")
        .column(decision_votes::Column::Answer)
        .column_as(decision_votes::Column::UserId.count(), "count")
        .filter(decision_votes::Column::DecisionId.is_in(decision_ids.iter().copied()))
        .group_by(decision_votes::Column::DecisionId)
        .group_by(decision_votes::Column::Answer)
        .into_model()
        .all(db)
        .await?)
}

/// Every answer to the decisions, oldest first.
pub async fn votes_of(
    db: &impl ConnectionTrait,
    decision_ids: &[Uuid],
) -> Result<Vec<decision_votes::Model>> {
    if decision_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(decision_votes::Entity::find()
        .filter(decision_votes::Column::DecisionId.is_in(decision_ids.iter().copied()))
        .order_by_asc(decision_votes::Column::UpdatedAt)
        .all(db)
        .await?)
}

pub async fn save_invitation(
    db: &impl ConnectionTrait,
    row: group_invitations::Model,
) -> Result<()> {
    save_row(db, row).await
}

pub async fn delete_join_request_of(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    user_id: Uuid,
) -> Result<()> {
    group_join_requests::Entity::delete_many()
        .filter(group_join_requests::Column::GroupId.eq(group_id))
        .filter(group_join_requests::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Someone who leaves a group leaves its tasks unassigned.
pub async fn unassign_tasks_of(
    db: &impl ConnectionTrait,
    group_id: Uuid,
    user_id: Uuid,
) -> Result<()> {
    group_tasks::Entity::update_many()
        .col_expr(
            group_tasks::Column::AssigneeId,
            Expr::value(Option::<Uuid>::None),
        )
        .filter(group_tasks::Column::GroupId.eq(group_id))
        .filter(group_tasks::Column::AssigneeId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete_task(db: &impl ConnectionTrait, id: Uuid) -> Result<()> {
    group_tasks::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Every group after `after` in id order, for rebuilding the index.
pub async fn all_after(
    db: &impl ConnectionTrait,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<working_groups::Model>> {
    let mut query = working_groups::Entity::find();
    if let Some(after) = after {
        query = query.filter(working_groups::Column::Id.gt(after));
    }
    Ok(query
        .order_by_asc(working_groups::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}
