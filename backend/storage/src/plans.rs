//! Plans, their questions and answers, and the ideas they take up.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait,
    FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, SelectThreeModel,
};
use uuid::Uuid;

use crate::Result;
use crate::entities::plans::{ActiveModel, Column, Entity, Model};
use crate::entities::{areas, plan_answers, plan_ideas, plan_questions, users};
use crate::listing::{Filter, Key, Sort, Visibility, after_key, common_condition, fetch_page};

pub struct NewPlan {
    pub id: Uuid,
    pub author_id: Uuid,
    pub area_id: Uuid,
    pub title: String,
    pub description: String,
    pub status: plein_domain::PlanStatus,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub place: Option<crate::places::Place>,
    pub now: DateTime<Utc>,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewPlan) -> Result<Model> {
    let row = ActiveModel {
        id: Set(new.id),
        author_id: Set(new.author_id),
        area_id: Set(new.area_id),
        title: Set(new.title),
        description: Set(new.description),
        status: Set(new.status),
        opens_at: Set(new.opens_at),
        closes_at: Set(new.closes_at),
        official_response: Set(None),
        responded_at: Set(None),
        comment_count: Set(0),
        idea_count: Set(0),
        created_at: Set(new.now),
        updated_at: Set(new.now),
        hidden_at: Set(None),
        latitude: Set(new.place.as_ref().map(|p| p.latitude)),
        longitude: Set(new.place.as_ref().map(|p| p.longitude)),
        address: Set(new.place.and_then(|p| p.address)),
    };
    Ok(Entity::insert(row).exec_with_returning(db).await?)
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>> {
    Ok(Entity::find_by_id(id).one(db).await?)
}

/// Up to `limit` plans in id order after `after`, whatever their status, for
/// rebuilding the search index page by page.
pub async fn all_after(
    db: &impl ConnectionTrait,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Model>> {
    let mut query = Entity::find().order_by_asc(Column::Id).limit(limit);
    if let Some(after) = after {
        query = query.filter(Column::Id.gt(after));
    }
    Ok(query.all(db).await?)
}

/// Up to `limit` ids of the plans in `filter`, whatever their status, in
/// id order after `after`: what a change to an author or an area touches.
pub async fn ids_after(
    db: &impl ConnectionTrait,
    filter: &Filter<'_>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<Uuid>> {
    let mut cond = common_condition(
        db.get_database_backend(),
        filter,
        Column::AreaId,
        Column::Status,
        Column::AuthorId,
    );
    if let Some(after) = after {
        cond = cond.add(Column::Id.gt(after));
    }
    Ok(Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(cond)
        .order_by_asc(Column::Id)
        .limit(limit)
        .into_tuple::<Uuid>()
        .all(db)
        .await?)
}

pub async fn find_many(db: &impl ConnectionTrait, ids: &[Uuid]) -> Result<Vec<Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(Entity::find()
        .filter(Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// Fields an author changes; `None` leaves a field as it is.
#[derive(Default)]
pub struct PlanChange {
    pub title: Option<String>,
    pub description: Option<String>,
    pub area_id: Option<Uuid>,
    pub window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub status: Option<plein_domain::PlanStatus>,
    pub official_response: Option<String>,
}

pub async fn update(
    db: &impl ConnectionTrait,
    id: Uuid,
    change: PlanChange,
    now: DateTime<Utc>,
) -> Result<Model> {
    let mut row = ActiveModel {
        id: Set(id),
        updated_at: Set(now),
        ..Default::default()
    };
    if let Some(title) = change.title {
        row.title = Set(title);
    }
    if let Some(description) = change.description {
        row.description = Set(description);
    }
    if let Some(area_id) = change.area_id {
        row.area_id = Set(area_id);
    }
    if let Some((opens_at, closes_at)) = change.window {
        row.opens_at = Set(opens_at);
        row.closes_at = Set(closes_at);
    }
    if let Some(status) = change.status {
        row.status = Set(status);
    }
    if let Some(response) = change.official_response {
        row.official_response = Set(Some(response));
        row.responded_at = Set(Some(now));
    }
    Ok(Entity::update(row).exec(db).await?)
}

async fn bump(db: &impl ConnectionTrait, id: Uuid, col: Column, delta: i32) -> Result<()> {
    Entity::update_many()
        .col_expr(col, Expr::col(col).add(delta))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn bump_comment_count(db: &impl ConnectionTrait, id: Uuid, delta: i32) -> Result<()> {
    bump(db, id, Column::CommentCount, delta).await
}

/// Replaces a plan's questions (only while nobody has answered them).
pub async fn replace_questions(
    db: &impl ConnectionTrait,
    plan_id: Uuid,
    prompts: Vec<String>,
) -> Result<()> {
    plan_questions::Entity::delete_many()
        .filter(plan_questions::Column::PlanId.eq(plan_id))
        .exec(db)
        .await?;
    if prompts.is_empty() {
        return Ok(());
    }
    let rows = prompts
        .into_iter()
        .enumerate()
        .map(|(i, prompt)| plan_questions::ActiveModel {
            id: Set(Uuid::now_v7()),
            plan_id: Set(plan_id),
            position: Set(i as i32),
            prompt: Set(prompt),
        });
    plan_questions::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn questions_of(
    db: &impl ConnectionTrait,
    plan_ids: &[Uuid],
) -> Result<Vec<plan_questions::Model>> {
    if plan_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(plan_questions::Entity::find()
        .filter(plan_questions::Column::PlanId.is_in(plan_ids.iter().copied()))
        .order_by_asc(plan_questions::Column::Position)
        .all(db)
        .await?)
}

pub async fn find_question(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<plan_questions::Model>> {
    Ok(plan_questions::Entity::find_by_id(id).one(db).await?)
}

pub async fn has_answers(db: &impl ConnectionTrait, plan_id: Uuid) -> Result<bool> {
    let questions = plan_questions::Entity::find()
        .select_only()
        .column(plan_questions::Column::Id)
        .filter(plan_questions::Column::PlanId.eq(plan_id))
        .into_tuple::<Uuid>()
        .all(db)
        .await?;
    if questions.is_empty() {
        return Ok(false);
    }
    Ok(plan_answers::Entity::find()
        .filter(plan_answers::Column::QuestionId.is_in(questions))
        .count(db)
        .await?
        > 0)
}

/// One person's answer to a question; answering again replaces it.
pub async fn upsert_answer(
    db: &impl ConnectionTrait,
    question_id: Uuid,
    user_id: Uuid,
    body: String,
    now: DateTime<Utc>,
) -> Result<plan_answers::Model> {
    let row = plan_answers::ActiveModel {
        id: Set(Uuid::now_v7()),
        question_id: Set(question_id),
        user_id: Set(user_id),
        body: Set(body),
        created_at: Set(now),
        updated_at: Set(now),
    };
    Ok(plan_answers::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                plan_answers::Column::QuestionId,
                plan_answers::Column::UserId,
            ])
            .update_columns([plan_answers::Column::Body, plan_answers::Column::UpdatedAt])
            .to_owned(),
        )
        .exec_with_returning(db)
        .await?)
}

/// A page of a question's answers, oldest first.
pub async fn answers_page(
    db: &impl ConnectionTrait,
    question_id: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<plan_answers::Model>> {
    let mut query = plan_answers::Entity::find()
        .filter(plan_answers::Column::QuestionId.eq(question_id))
        .order_by_asc(plan_answers::Column::Id)
        .limit(limit);
    if let Some(after) = after {
        query = query.filter(plan_answers::Column::Id.gt(after));
    }
    Ok(query.all(db).await?)
}

#[derive(Debug, FromQueryResult)]
pub struct AnswerCount {
    pub question_id: Uuid,
    pub count: i64,
}

pub async fn answer_counts(
    db: &impl ConnectionTrait,
    question_ids: &[Uuid],
) -> Result<Vec<AnswerCount>> {
    if question_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(plan_answers::Entity::find()
        .select_only()
        .column(plan_answers::Column::QuestionId)
        .column_as(plan_answers::Column::Id.count(), "count")
        .filter(plan_answers::Column::QuestionId.is_in(question_ids.iter().copied()))
        .group_by(plan_answers::Column::QuestionId)
        .into_model::<AnswerCount>()
        .all(db)
        .await?)
}

/// `user_id`'s answers to any of the questions.
pub async fn answers_by(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    question_ids: &[Uuid],
) -> Result<Vec<plan_answers::Model>> {
    if question_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(plan_answers::Entity::find()
        .filter(plan_answers::Column::UserId.eq(user_id))
        .filter(plan_answers::Column::QuestionId.is_in(question_ids.iter().copied()))
        .all(db)
        .await?)
}

/// Links an idea to a plan; answers whether a new link was made.
pub async fn link_idea(
    db: &impl ConnectionTrait,
    plan_id: Uuid,
    idea_id: Uuid,
    linked_by: Uuid,
    now: DateTime<Utc>,
) -> Result<bool> {
    let row = plan_ideas::ActiveModel {
        plan_id: Set(plan_id),
        idea_id: Set(idea_id),
        linked_by: Set(linked_by),
        created_at: Set(now),
    };
    let inserted = plan_ideas::Entity::insert(row)
        .on_conflict_do_nothing_on([plan_ideas::Column::PlanId, plan_ideas::Column::IdeaId])
        .exec_without_returning(db)
        .await?;
    let added = matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0);
    if added {
        bump(db, plan_id, Column::IdeaCount, 1).await?;
    }
    Ok(added)
}

pub async fn unlink_idea(db: &impl ConnectionTrait, plan_id: Uuid, idea_id: Uuid) -> Result<bool> {
    let removed = plan_ideas::Entity::delete_many()
        .filter(plan_ideas::Column::PlanId.eq(plan_id))
        .filter(plan_ideas::Column::IdeaId.eq(idea_id))
        .exec(db)
        .await?
        .rows_affected
        > 0;
    if removed {
        bump(db, plan_id, Column::IdeaCount, -1).await?;
    }
    Ok(removed)
}

/// The links of any of the plans.
pub async fn links_of_plans(
    db: &impl ConnectionTrait,
    plan_ids: &[Uuid],
) -> Result<Vec<plan_ideas::Model>> {
    links(db, plan_ideas::Column::PlanId, plan_ids).await
}

/// The links of any of the ideas.
pub async fn links_of_ideas(
    db: &impl ConnectionTrait,
    idea_ids: &[Uuid],
) -> Result<Vec<plan_ideas::Model>> {
    links(db, plan_ideas::Column::IdeaId, idea_ids).await
}

async fn links(
    db: &impl ConnectionTrait,
    col: plan_ideas::Column,
    ids: &[Uuid],
) -> Result<Vec<plan_ideas::Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(plan_ideas::Entity::find()
        .filter(col.is_in(ids.iter().copied()))
        .order_by_asc(plan_ideas::Column::CreatedAt)
        .all(db)
        .await?)
}

/// The condition of a plan list: its filter and whose view it shows.
fn condition(backend: DbBackend, filter: &Filter<'_>, visibility: Visibility) -> Condition {
    common_condition(
        backend,
        filter,
        Column::AreaId,
        Column::Status,
        Column::AuthorId,
    )
    .add(visibility.condition(crate::visibility::plans))
}

/// A keyset page of plans, each with its author and its area, read in the
/// same statement. `MostSupported` orders by the number of linked ideas.
pub async fn page(
    db: &impl ConnectionTrait,
    filter: &Filter<'_>,
    visibility: Visibility,
    sort: Sort,
    after: Option<&Key>,
    limit: u64,
) -> Result<Vec<(Model, users::Model, areas::Model)>> {
    let mut cond = condition(db.get_database_backend(), filter, visibility);
    if let Some(key) = after {
        let Some(after) = after_key(
            sort,
            key,
            Column::CreatedAt,
            Column::IdeaCount,
            Column::CommentCount,
            Column::Id,
        ) else {
            return Ok(Vec::new());
        };
        cond = cond.add(after);
    }
    let order = match sort {
        Sort::Newest => Column::CreatedAt,
        Sort::MostSupported => Column::IdeaCount,
        Sort::MostDiscussed => Column::CommentCount,
    };
    let select = Entity::find()
        .find_also_related(users::Entity)
        .find_also_related(areas::Entity)
        .filter(cond)
        .order_by_desc(order)
        .order_by_desc(Column::Id);
    let rows =
        fetch_page::<SelectThreeModel<Model, users::Model, areas::Model>>(db, &select, limit)
            .await?;
    // Both are foreign keys of the plan: neither join comes back empty.
    Ok(rows
        .into_iter()
        .filter_map(|(plan, author, area)| Some((plan, author?, area?)))
        .collect())
}

pub async fn count(
    db: &impl ConnectionTrait,
    filter: &Filter<'_>,
    visibility: Visibility,
) -> Result<u64> {
    Ok(Entity::find()
        .filter(condition(db.get_database_backend(), filter, visibility))
        .count(db)
        .await?)
}
