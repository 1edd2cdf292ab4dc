use sea_orm::entity::prelude::*;

/// One person's support of a budget project (not a vote).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "budget_project_supports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub project_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub created_at: DateTimeUtc,
    /// The delegate who gave it under `mandate_id`; `None` when the person
    /// it belongs to gave it themself.
    pub acted_by: Option<Uuid>,
    pub mandate_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
