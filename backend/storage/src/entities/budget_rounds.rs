use plein_domain::rounds::{BallotShape, CountRule, Phase};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "budget_rounds")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub area_id: Uuid,
    pub created_by: Uuid,
    pub title: String,
    pub description: String,
    /// Whole cents.
    pub budget: i64,
    pub max_project_cost: Option<i64>,
    pub ballot_kind: BallotShape,
    pub max_projects: Option<i32>,
    pub max_total: Option<i64>,
    pub points: Option<i32>,
    pub rule: CountRule,
    pub min_age: Option<i32>,
    pub phase: Phase,
    pub submitting_at: DateTimeUtc,
    pub assessment_at: DateTimeUtc,
    pub voting_at: DateTimeUtc,
    pub result_at: DateTimeUtc,
    pub realisation_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
