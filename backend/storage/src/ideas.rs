//! Ideas, their tags, revisions, status history and supports.

use chrono::{DateTime, Utc};
use plein_domain::IdeaStatus;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait,
    FromQueryResult, PaginatorTrait, QueryFilter, QueryOrder, QueryResult, QuerySelect,
    SelectorTrait,
};
use uuid::Uuid;

use crate::Result;
use crate::entities::ideas::{ActiveModel, Column, Entity, Model};
use crate::entities::json::StringList;
use crate::entities::{areas, idea_revisions, idea_status_changes, idea_tags, supports, users};
use crate::listing::{Filter, Key, Sort, Visibility, after_key, common_condition, fetch_page};

pub struct NewIdea {
    pub id: Uuid,
    pub author_id: Uuid,
    pub area_id: Uuid,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub location: Option<crate::places::Place>,
    pub status: IdeaStatus,
    pub acting: crate::mandates::Acting,
    pub intake: Option<crate::mandates::Intake>,
    pub now: DateTime<Utc>,
}

pub async fn insert(db: &impl ConnectionTrait, new: NewIdea) -> Result<Model> {
    let row = ActiveModel {
        id: Set(new.id),
        author_id: Set(new.author_id),
        area_id: Set(new.area_id),
        title: Set(new.title),
        body: Set(new.body),
        tags: Set(StringList(new.tags.clone())),
        latitude: Set(new.location.as_ref().map(|l| l.latitude)),
        longitude: Set(new.location.as_ref().map(|l| l.longitude)),
        address: Set(new.location.and_then(|l| l.address)),
        status: Set(new.status),
        support_count: Set(0),
        comment_count: Set(0),
        published_at: Set(None),
        created_at: Set(new.now),
        updated_at: Set(new.now),
        hidden_at: Set(None),
        acted_by: Set(new.acting.acted_by),
        mandate_id: Set(new.acting.mandate_id),
        intake_resident: Set(new.intake.as_ref().map(|i| i.resident.clone())),
        intake_place: Set(new.intake.map(|i| i.place)),
    };
    let row = Entity::insert(row).exec_with_returning(db).await?;
    replace_tags(db, row.id, &new.tags).await?;
    Ok(row)
}

/// The tags as a join table too, so lists can filter on them with an index.
async fn replace_tags(db: &impl ConnectionTrait, idea_id: Uuid, tags: &[String]) -> Result<()> {
    idea_tags::Entity::delete_many()
        .filter(idea_tags::Column::IdeaId.eq(idea_id))
        .exec(db)
        .await?;
    if tags.is_empty() {
        return Ok(());
    }
    let rows = tags.iter().map(|tag| idea_tags::ActiveModel {
        idea_id: Set(idea_id),
        tag: Set(tag.clone()),
    });
    idea_tags::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>> {
    Ok(Entity::find_by_id(id).one(db).await?)
}

/// Reads an idea and, on PostgreSQL, locks its row until the transaction
/// ends (SQLite's write transaction already holds the whole database).
pub async fn find_for_update(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Model>> {
    Ok(Entity::find_by_id(id).lock_exclusive().one(db).await?)
}

/// Up to `limit` ideas in id order after `after`, whatever their status, for
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

/// Up to `limit` ids of the ideas in `filter`, whatever their status, in
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

pub struct ContentChange {
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub location: Option<crate::places::Place>,
    pub area_id: Uuid,
}

pub async fn update_content(
    db: &impl ConnectionTrait,
    id: Uuid,
    change: ContentChange,
    now: DateTime<Utc>,
) -> Result<Model> {
    replace_tags(db, id, &change.tags).await?;
    let row = ActiveModel {
        id: Set(id),
        title: Set(change.title),
        body: Set(change.body),
        tags: Set(StringList(change.tags)),
        latitude: Set(change.location.as_ref().map(|l| l.latitude)),
        longitude: Set(change.location.as_ref().map(|l| l.longitude)),
        address: Set(change.location.and_then(|l| l.address)),
        area_id: Set(change.area_id),
        updated_at: Set(now),
        ..Default::default()
    };
    Ok(Entity::update(row).exec(db).await?)
}

pub async fn set_status(
    db: &impl ConnectionTrait,
    id: Uuid,
    status: IdeaStatus,
    published_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<Model> {
    let mut row = ActiveModel {
        id: Set(id),
        status: Set(status),
        updated_at: Set(now),
        ..Default::default()
    };
    if let Some(at) = published_at {
        row.published_at = Set(Some(at));
    }
    Ok(Entity::update(row).exec(db).await?)
}

/// Adds `delta` to a counter in one statement and answers the updated row.
async fn bump(db: &impl ConnectionTrait, id: Uuid, col: Column, delta: i32) -> Result<Model> {
    Entity::update_many()
        .col_expr(col, Expr::col(col).add(delta))
        .filter(Column::Id.eq(id))
        .exec_with_returning(db)
        .await?
        .pop()
        .ok_or(crate::StorageError::NotFound)
}

pub async fn bump_comment_count(db: &impl ConnectionTrait, id: Uuid, delta: i32) -> Result<()> {
    bump(db, id, Column::CommentCount, delta).await.map(|_| ())
}

/// Records one person's support; answers the idea after it, and whether a
/// support was added (false when there already was one, whoever made it).
pub async fn add_support(
    db: &impl ConnectionTrait,
    idea_id: Uuid,
    user_id: Uuid,
    acting: crate::mandates::Acting,
    now: DateTime<Utc>,
) -> Result<(bool, Option<Model>)> {
    let row = supports::ActiveModel {
        idea_id: Set(idea_id),
        user_id: Set(user_id),
        created_at: Set(now),
        acted_by: Set(acting.acted_by),
        mandate_id: Set(acting.mandate_id),
    };
    let inserted = supports::Entity::insert(row)
        .on_conflict_do_nothing_on([supports::Column::IdeaId, supports::Column::UserId])
        .exec_without_returning(db)
        .await?;
    match inserted {
        sea_orm::TryInsertResult::Inserted(n) if n > 0 => Ok((
            true,
            Some(bump(db, idea_id, Column::SupportCount, 1).await?),
        )),
        _ => Ok((false, None)),
    }
}

/// Takes one person's support back; answers whether there was one.
pub async fn remove_support(
    db: &impl ConnectionTrait,
    idea_id: Uuid,
    user_id: Uuid,
) -> Result<bool> {
    let deleted = supports::Entity::delete_many()
        .filter(supports::Column::IdeaId.eq(idea_id))
        .filter(supports::Column::UserId.eq(user_id))
        .exec(db)
        .await?
        .rows_affected;
    if deleted > 0 {
        bump(db, idea_id, Column::SupportCount, -1).await?;
    }
    Ok(deleted > 0)
}

/// Which of `idea_ids` `user_id` supports.
pub async fn supported_by(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    idea_ids: &[Uuid],
) -> Result<Vec<Uuid>> {
    if idea_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(supports::Entity::find()
        .filter(supports::Column::UserId.eq(user_id))
        .filter(supports::Column::IdeaId.is_in(idea_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|s| s.idea_id)
        .collect())
}

pub struct NewRevision {
    pub idea_id: Uuid,
    pub editor_id: Uuid,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    pub now: DateTime<Utc>,
}

pub async fn insert_revision(db: &impl ConnectionTrait, new: NewRevision) -> Result<()> {
    let row = idea_revisions::ActiveModel {
        id: Set(Uuid::now_v7()),
        idea_id: Set(new.idea_id),
        editor_id: Set(new.editor_id),
        title: Set(new.title),
        body: Set(new.body),
        tags: Set(StringList(new.tags)),
        created_at: Set(new.now),
    };
    idea_revisions::Entity::insert(row)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Every version of the ideas' texts, oldest first.
pub async fn revisions_of(
    db: &impl ConnectionTrait,
    idea_ids: &[Uuid],
) -> Result<Vec<idea_revisions::Model>> {
    if idea_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(idea_revisions::Entity::find()
        .filter(idea_revisions::Column::IdeaId.is_in(idea_ids.iter().copied()))
        .order_by_asc(idea_revisions::Column::CreatedAt)
        .order_by_asc(idea_revisions::Column::Id)
        .all(db)
        .await?)
}

pub struct NewStatusChange {
    pub idea_id: Uuid,
    pub actor_id: Option<Uuid>,
    pub from: Option<IdeaStatus>,
    pub to: IdeaStatus,
    pub reason: Option<String>,
    pub now: DateTime<Utc>,
}

pub async fn insert_status_change(db: &impl ConnectionTrait, new: NewStatusChange) -> Result<()> {
    let row = idea_status_changes::ActiveModel {
        id: Set(Uuid::now_v7()),
        idea_id: Set(new.idea_id),
        actor_id: Set(new.actor_id),
        from_status: Set(new.from),
        to_status: Set(new.to),
        reason: Set(new.reason),
        created_at: Set(new.now),
    };
    idea_status_changes::Entity::insert(row)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The status histories of the ideas, oldest first.
pub async fn status_changes_of(
    db: &impl ConnectionTrait,
    idea_ids: &[Uuid],
) -> Result<Vec<idea_status_changes::Model>> {
    if idea_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(idea_status_changes::Entity::find()
        .filter(idea_status_changes::Column::IdeaId.is_in(idea_ids.iter().copied()))
        .order_by_asc(idea_status_changes::Column::CreatedAt)
        .order_by_asc(idea_status_changes::Column::Id)
        .all(db)
        .await?)
}

fn condition(
    backend: DbBackend,
    filter: &Filter<'_>,
    tag: Option<&str>,
    visibility: Visibility,
) -> Condition {
    let mut cond = common_condition(
        backend,
        filter,
        Column::AreaId,
        Column::Status,
        Column::AuthorId,
    )
    .add(visibility.condition(crate::visibility::ideas));
    if let Some(tag) = tag {
        let tagged = Query::select()
            .column(idea_tags::Column::IdeaId)
            .from(idea_tags::Entity)
            .and_where(idea_tags::Column::Tag.eq(tag))
            .to_owned();
        cond = cond.add(Expr::col((Entity, Column::Id)).in_subquery(tagged));
    }
    cond
}

/// A keyset page of ideas, each with its author and its area, read in the
/// same statement.
pub async fn page(
    db: &impl ConnectionTrait,
    filter: &Filter<'_>,
    tag: Option<&str>,
    visibility: Visibility,
    sort: Sort,
    after: Option<&Key>,
    limit: u64,
) -> Result<Vec<(Model, users::Model, areas::Model)>> {
    let mut cond = condition(db.get_database_backend(), filter, tag, visibility);
    if let Some(key) = after {
        let Some(after) = after_key(
            sort,
            key,
            Column::CreatedAt,
            Column::SupportCount,
            Column::CommentCount,
            Column::Id,
        ) else {
            return Ok(Vec::new());
        };
        cond = cond.add(after);
    }
    let order = match sort {
        Sort::Newest => Column::CreatedAt,
        Sort::MostSupported => Column::SupportCount,
        Sort::MostDiscussed => Column::CommentCount,
    };
    let select = Entity::find()
        .find_also_related(users::Entity)
        .find_also_related(areas::Entity)
        .filter(cond)
        .order_by_desc(order)
        .order_by_desc(Column::Id);
    fetch_page::<WithAuthorAndArea>(db, &select, limit).await
}

/// An idea row with its author and area, read from one joined row. Both are
/// foreign keys of the idea, so each part must read: sea-orm's own
/// `SelectThreeModel` reads the joined rows as optional and turns one that
/// fails to read (an unknown role, say) into none, which would drop the idea
/// from the page without a word.
struct WithAuthorAndArea;

impl SelectorTrait for WithAuthorAndArea {
    type Item = (Model, users::Model, areas::Model);

    fn from_raw_query_result(res: QueryResult) -> std::result::Result<Self::Item, sea_orm::DbErr> {
        Ok((
            Model::from_query_result(&res, "A_")?,
            users::Model::from_query_result(&res, "B_")?,
            areas::Model::from_query_result(&res, "C_")?,
        ))
    }
}

pub async fn count(
    db: &impl ConnectionTrait,
    filter: &Filter<'_>,
    tag: Option<&str>,
    visibility: Visibility,
) -> Result<u64> {
    Ok(Entity::find()
        .filter(condition(
            db.get_database_backend(),
            filter,
            tag,
            visibility,
        ))
        .count(db)
        .await?)
}

/// The ids of the users with `role` whose home area is one of `area_ids`:
/// who hears of an idea in those areas.
pub async fn users_with_role_in_areas(
    db: &impl ConnectionTrait,
    role: &str,
    area_ids: &[Uuid],
) -> Result<Vec<Uuid>> {
    if area_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .filter(users::Column::Role.eq(role))
        .filter(users::Column::HomeAreaId.is_in(area_ids.iter().copied()))
        .order_by_asc(users::Column::Id)
        .into_tuple::<Uuid>()
        .all(db)
        .await?)
}
