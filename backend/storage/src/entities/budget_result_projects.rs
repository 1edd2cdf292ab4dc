use sea_orm::entity::prelude::*;

/// One project's line in a stored count. `reason` names the domain's
/// `Reason`; the `reason_*` columns hold the numbers of its sentence.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "budget_result_projects")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub project_id: Uuid,
    /// The project's place on the ballot.
    pub position: i32,
    pub funded: bool,
    pub votes: i64,
    pub reason: String,
    pub reason_votes: Option<i64>,
    pub reason_place: Option<i64>,
    pub reason_left: Option<i64>,
    pub reason_cost: Option<i64>,
    pub reason_budget_left: Option<i64>,
    pub funded_by_other_rule: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
