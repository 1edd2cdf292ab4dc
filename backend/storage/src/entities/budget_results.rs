use plein_domain::rounds::CountRule;
use sea_orm::entity::prelude::*;

/// The stored count of a closed round: written once when voting closes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "budget_results")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: Uuid,
    pub rule: CountRule,
    /// Whole cents.
    pub budget_used: i64,
    pub other_rule_budget_used: i64,
    pub ballots: i64,
    pub counted_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
