use plein_domain::groups::VoteAnswer;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "decision_votes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub decision_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub answer: VoteAnswer,
    pub reason: Option<String>,
    pub updated_at: DateTimeUtc,
    /// The delegate who made this under `mandate_id`; `None` when the
    /// person it belongs to made it themself.
    pub acted_by: Option<Uuid>,
    pub mandate_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
