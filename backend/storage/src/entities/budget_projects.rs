use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "budget_projects")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub round_id: Uuid,
    pub area_id: Uuid,
    /// The resident it is for; `None` when taken down for someone without an account.
    pub author_id: Option<Uuid>,
    pub acted_by: Option<Uuid>,
    pub mandate_id: Option<Uuid>,
    pub intake_resident: Option<String>,
    pub intake_place: Option<String>,
    /// The idea it was promoted from.
    pub idea_id: Option<Uuid>,
    pub title: String,
    pub description: String,
    /// Whole cents.
    pub cost: i64,
    /// `None` until assessed.
    pub feasible: Option<bool>,
    pub assessment_reason: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// A moderator hid it: off the round's page and the ballot.
    pub hidden_at: Option<DateTimeUtc>,
    /// Moves with `budget_project_supports`, in the same statement's transaction.
    pub support_count: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
