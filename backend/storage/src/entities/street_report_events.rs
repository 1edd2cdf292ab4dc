use plein_domain::street_reports::ReportStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "street_report_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub report_id: Uuid,
    pub from_status: Option<ReportStatus>,
    pub to_status: ReportStatus,
    #[sea_orm(column_type = "Text")]
    pub reason: Option<String>,
    /// The party the report was with when its status changed.
    pub party_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
