//! Budget rounds, their projects and public project history, and the secret
//! ballots. Nothing here joins a voter to a ballot: `budget_voters` and
//! `budget_ballots` are written and read apart.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entities::{
    budget_ballots, budget_paper_ballots, budget_project_changes as changes,
    budget_project_supports as supports, budget_projects as projects,
    budget_result_projects as result_projects, budget_results as results, budget_rounds as rounds,
    budget_voters as voters,
};
use crate::visibility::{self, Viewer};

pub async fn insert_round(db: &impl ConnectionTrait, row: rounds::Model) -> Result<rounds::Model> {
    let active: rounds::ActiveModel = row.into();
    let active = sea_orm::ActiveModelTrait::reset_all(active);
    Ok(rounds::Entity::insert(active)
        .exec_with_returning(db)
        .await?)
}

pub async fn find_round(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<rounds::Model>> {
    Ok(rounds::Entity::find_by_id(id).one(db).await?)
}

/// Reads a round and, on PostgreSQL, locks its row until the transaction ends.
pub async fn find_round_for_update(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<rounds::Model>> {
    Ok(rounds::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?)
}

/// Writes every column of the round back.
pub async fn update_round(db: &impl ConnectionTrait, row: rounds::Model) -> Result<rounds::Model> {
    let active: rounds::ActiveModel = row.into();
    let active = sea_orm::ActiveModelTrait::reset_all(active);
    Ok(rounds::Entity::update(active).exec(db).await?)
}

/// A keyset page of the rounds of some areas, newest first.
pub async fn rounds_page(
    db: &impl ConnectionTrait,
    area_ids: Option<&[Uuid]>,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<rounds::Model>> {
    let mut query = rounds::Entity::find()
        .order_by_desc(rounds::Column::Id)
        .limit(limit);
    if let Some(ids) = area_ids {
        query = query.filter(rounds::Column::AreaId.is_in(ids.iter().copied()));
    }
    if let Some(after) = after {
        query = query.filter(rounds::Column::Id.lt(after));
    }
    Ok(query.all(db).await?)
}

pub async fn count_rounds(db: &impl ConnectionTrait, area_ids: Option<&[Uuid]>) -> Result<u64> {
    let mut query = rounds::Entity::find();
    if let Some(ids) = area_ids {
        query = query.filter(rounds::Column::AreaId.is_in(ids.iter().copied()));
    }
    Ok(query.count(db).await?)
}

pub async fn insert_project(
    db: &impl ConnectionTrait,
    row: projects::Model,
) -> Result<projects::Model> {
    let active: projects::ActiveModel = row.into();
    let active = sea_orm::ActiveModelTrait::reset_all(active);
    Ok(projects::Entity::insert(active)
        .exec_with_returning(db)
        .await?)
}

pub async fn find_project(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<projects::Model>> {
    Ok(projects::Entity::find_by_id(id).one(db).await?)
}

/// Reads a project and, on PostgreSQL, locks its row until the transaction ends.
pub async fn find_project_for_update(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<projects::Model>> {
    Ok(projects::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?)
}

/// The projects by id that `viewer` may see: one statement.
pub async fn visible_projects(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    ids: &[Uuid],
) -> Result<Vec<projects::Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(projects::Entity::find()
        .filter(projects::Column::Id.is_in(ids.iter().copied()))
        .filter(visibility::budget_projects(viewer))
        .all(db)
        .await?)
}

pub async fn update_project(
    db: &impl ConnectionTrait,
    row: projects::Model,
) -> Result<projects::Model> {
    let active: projects::ActiveModel = row.into();
    let active = sea_orm::ActiveModelTrait::reset_all(active);
    Ok(projects::Entity::update(active).exec(db).await?)
}

/// Every project of the rounds, in submission order: one statement.
pub async fn projects_of(
    db: &impl ConnectionTrait,
    round_ids: &[Uuid],
) -> Result<Vec<projects::Model>> {
    Ok(projects::Entity::find()
        .filter(projects::Column::RoundId.is_in(round_ids.iter().copied()))
        .order_by_asc(projects::Column::RoundId)
        .order_by_asc(projects::Column::Id)
        .all(db)
        .await?)
}

/// The projects of the rounds that `viewer` may see, in submission order:
/// one statement.
pub async fn visible_projects_of(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    round_ids: &[Uuid],
) -> Result<Vec<projects::Model>> {
    Ok(projects::Entity::find()
        .filter(projects::Column::RoundId.is_in(round_ids.iter().copied()))
        .filter(visibility::budget_projects(viewer))
        .order_by_asc(projects::Column::RoundId)
        .order_by_asc(projects::Column::Id)
        .all(db)
        .await?)
}

/// Adds one person's support of a project; answers whether it was new. The
/// primary key keeps one support per person, and the counter moves only
/// when a row was added.
pub async fn add_support(
    db: &impl ConnectionTrait,
    project_id: Uuid,
    user_id: Uuid,
    acting: crate::mandates::Acting,
    now: DateTime<Utc>,
) -> Result<bool> {
    let row = supports::ActiveModel {
        project_id: Set(project_id),
        user_id: Set(user_id),
        created_at: Set(now),
        acted_by: Set(acting.acted_by),
        mandate_id: Set(acting.mandate_id),
    };
    let inserted = supports::Entity::insert(row)
        .on_conflict_do_nothing_on([supports::Column::ProjectId, supports::Column::UserId])
        .exec_without_returning(db)
        .await?;
    let added = matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0);
    if added {
        bump_supports(db, project_id, 1).await?;
    }
    Ok(added)
}

/// Takes one person's support back; answers whether there was one.
pub async fn remove_support(
    db: &impl ConnectionTrait,
    project_id: Uuid,
    user_id: Uuid,
) -> Result<bool> {
    let deleted = supports::Entity::delete_many()
        .filter(supports::Column::ProjectId.eq(project_id))
        .filter(supports::Column::UserId.eq(user_id))
        .exec(db)
        .await?
        .rows_affected;
    if deleted > 0 {
        bump_supports(db, project_id, -1).await?;
    }
    Ok(deleted > 0)
}

async fn bump_supports(db: &impl ConnectionTrait, project_id: Uuid, by: i32) -> Result<()> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    projects::Entity::update_many()
        .col_expr(
            projects::Column::SupportCount,
            Expr::col(projects::Column::SupportCount).add(by),
        )
        .filter(projects::Column::Id.eq(project_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Which of the projects `user_id` supports: one statement.
pub async fn supported_by(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    project_ids: &[Uuid],
) -> Result<Vec<Uuid>> {
    if project_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(supports::Entity::find()
        .select_only()
        .column(supports::Column::ProjectId)
        .filter(supports::Column::UserId.eq(user_id))
        .filter(supports::Column::ProjectId.is_in(project_ids.iter().copied()))
        .into_tuple::<Uuid>()
        .all(db)
        .await?)
}

pub struct NewChange {
    pub project_id: Uuid,
    pub actor_id: Option<Uuid>,
    pub change: plein_domain::rounds::ProjectChange,
    pub reason: Option<String>,
    pub cost_from: Option<i64>,
    pub cost_to: Option<i64>,
    pub now: DateTime<Utc>,
}

pub async fn add_change(db: &impl ConnectionTrait, new: NewChange) -> Result<()> {
    let row = changes::ActiveModel {
        id: Set(Uuid::now_v7()),
        project_id: Set(new.project_id),
        actor_id: Set(new.actor_id),
        change: Set(new.change),
        reason: Set(new.reason),
        cost_from: Set(new.cost_from),
        cost_to: Set(new.cost_to),
        created_at: Set(new.now),
    };
    changes::Entity::insert(row)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The public history of the projects, oldest first: one statement.
pub async fn changes_of(
    db: &impl ConnectionTrait,
    project_ids: &[Uuid],
) -> Result<Vec<changes::Model>> {
    Ok(changes::Entity::find()
        .filter(changes::Column::ProjectId.is_in(project_ids.iter().copied()))
        .order_by_asc(changes::Column::Id)
        .all(db)
        .await?)
}

/// Records that `user_id` voted in the round; answers whether this is their
/// first ballot there. The primary key keeps one row per person per round.
pub async fn mark_voted(db: &impl ConnectionTrait, round_id: Uuid, user_id: Uuid) -> Result<bool> {
    let row = voters::ActiveModel {
        round_id: Set(round_id),
        user_id: Set(user_id),
    };
    let inserted = voters::Entity::insert(row)
        .on_conflict_do_nothing_on([voters::Column::RoundId, voters::Column::UserId])
        .exec_without_returning(db)
        .await?;
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0))
}

pub async fn has_voted(db: &impl ConnectionTrait, round_id: Uuid, user_id: Uuid) -> Result<bool> {
    Ok(voters::Entity::find_by_id((round_id, user_id))
        .one(db)
        .await?
        .is_some())
}

pub async fn voter_count(db: &impl ConnectionTrait, round_id: Uuid) -> Result<u64> {
    Ok(voters::Entity::find()
        .filter(voters::Column::RoundId.eq(round_id))
        .count(db)
        .await?)
}

/// Writes a ballot, replacing the one under the same key: one statement.
pub async fn put_ballot(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    ballot_key: String,
    choices: String,
) -> Result<()> {
    let row = budget_ballots::ActiveModel {
        round_id: Set(round_id),
        ballot_key: Set(ballot_key),
        choices: Set(choices),
    };
    budget_ballots::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                budget_ballots::Column::RoundId,
                budget_ballots::Column::BallotKey,
            ])
            .update_column(budget_ballots::Column::Choices)
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The choices of one ballot, for its own voter.
pub async fn ballot(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    ballot_key: &str,
) -> Result<Option<String>> {
    Ok(
        budget_ballots::Entity::find_by_id((round_id, ballot_key.to_owned()))
            .one(db)
            .await?
            .map(|b| b.choices),
    )
}

/// Every ballot of a round, in key order (which says nothing of who or when).
pub async fn ballots_of(
    db: &impl ConnectionTrait,
    round_id: Uuid,
) -> Result<Vec<budget_ballots::Model>> {
    Ok(budget_ballots::Entity::find()
        .filter(budget_ballots::Column::RoundId.eq(round_id))
        .order_by_asc(budget_ballots::Column::BallotKey)
        .all(db)
        .await?)
}

/// Records a paper ballot's number; false when it was entered before.
pub async fn add_paper_ballot(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    number: String,
    entered_by: Uuid,
    place: Option<String>,
) -> Result<bool> {
    let row = budget_paper_ballots::ActiveModel {
        round_id: Set(round_id),
        number: Set(number),
        entered_by: Set(entered_by),
        place: Set(place),
    };
    let inserted = budget_paper_ballots::Entity::insert(row)
        .on_conflict_do_nothing_on([
            budget_paper_ballots::Column::RoundId,
            budget_paper_ballots::Column::Number,
        ])
        .exec_without_returning(db)
        .await?;
    Ok(matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0))
}

/// The ids of the area at `path` and every area beneath it.
pub async fn areas_beneath(db: &impl ConnectionTrait, path: &str) -> Result<Vec<Uuid>> {
    Ok(crate::entities::areas::Entity::find()
        .select_only()
        .column(crate::entities::areas::Column::Id)
        .filter(crate::entities::areas::Column::Path.starts_with(path))
        .into_tuple::<Uuid>()
        .all(db)
        .await?)
}

/// How many people may vote in a round over the area at `path`: confirmed,
/// active accounts whose stated home area lies in it.
pub async fn eligible_count(db: &impl ConnectionTrait, path: &str) -> Result<u64> {
    use crate::entities::{areas, users};
    use sea_orm::sea_query::Query;
    let inside = Query::select()
        .column(areas::Column::Id)
        .from(areas::Entity)
        .and_where(areas::Column::Path.starts_with(path))
        .to_owned();
    Ok(users::Entity::find()
        .filter(users::Column::EmailVerifiedAt.is_not_null())
        .filter(users::Column::DeletedAt.is_null())
        .filter(users::Column::BlockedAt.is_null())
        .filter(users::Column::HomeAreaId.in_subquery(inside))
        .count(db)
        .await?)
}

/// Rows per multi-row insert: well under the bound parameters SQLite and
/// PostgreSQL take in one statement.
const PROJECT_CHUNK: usize = 200;
const BALLOT_CHUNK: usize = 1_000;
const RESULT_CHUNK: usize = 200;

/// Inserts many projects, a multi-row statement per chunk.
pub async fn insert_projects(db: &impl ConnectionTrait, rows: Vec<projects::Model>) -> Result<()> {
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<projects::ActiveModel> = rows
            .by_ref()
            .take(PROJECT_CHUNK)
            .map(|row| {
                let active: projects::ActiveModel = row.into();
                sea_orm::ActiveModelTrait::reset_all(active)
            })
            .collect();
        projects::Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Inserts many new ballots (keys not in the round yet), a multi-row
/// statement per chunk.
pub async fn insert_ballots(
    db: &impl ConnectionTrait,
    round_id: Uuid,
    ballots: Vec<(String, String)>,
) -> Result<()> {
    let mut ballots = ballots.into_iter().peekable();
    while ballots.peek().is_some() {
        let chunk: Vec<budget_ballots::ActiveModel> = ballots
            .by_ref()
            .take(BALLOT_CHUNK)
            .map(|(ballot_key, choices)| budget_ballots::ActiveModel {
                round_id: Set(round_id),
                ballot_key: Set(ballot_key),
                choices: Set(choices),
            })
            .collect();
        budget_ballots::Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Stores a round's count unless one is stored already; answers whether this
/// call stored it. The round's row keeps one count per round: of two racing
/// writers, the second adds nothing.
pub async fn store_result(
    db: &impl ConnectionTrait,
    result: results::Model,
    lines: Vec<result_projects::Model>,
) -> Result<bool> {
    let round_id = result.round_id;
    let active: results::ActiveModel = result.into();
    let active = sea_orm::ActiveModelTrait::reset_all(active);
    let inserted = results::Entity::insert(active)
        .on_conflict_do_nothing_on([results::Column::RoundId])
        .exec_without_returning(db)
        .await?;
    if !matches!(inserted, sea_orm::TryInsertResult::Inserted(n) if n > 0) {
        return Ok(false);
    }
    let mut lines = lines.into_iter().peekable();
    while lines.peek().is_some() {
        let chunk: Vec<result_projects::ActiveModel> = lines
            .by_ref()
            .take(RESULT_CHUNK)
            .map(|row| {
                let active: result_projects::ActiveModel = row.into();
                sea_orm::ActiveModelTrait::reset_all(active)
            })
            .collect();
        result_projects::Entity::insert_many(chunk)
            .exec_without_returning(db)
            .await?;
    }
    tracing::debug!(%round_id, "budget round count stored");
    Ok(true)
}

/// A round's stored count, if any.
pub async fn find_result(
    db: &impl ConnectionTrait,
    round_id: Uuid,
) -> Result<Option<results::Model>> {
    Ok(results::Entity::find_by_id(round_id).one(db).await?)
}

/// The lines of a round's stored count, in ballot order: one statement.
pub async fn result_projects_of(
    db: &impl ConnectionTrait,
    round_id: Uuid,
) -> Result<Vec<result_projects::Model>> {
    Ok(result_projects::Entity::find()
        .filter(result_projects::Column::RoundId.eq(round_id))
        .order_by_asc(result_projects::Column::Position)
        .all(db)
        .await?)
}
