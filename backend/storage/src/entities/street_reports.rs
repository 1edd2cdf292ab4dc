use plein_domain::street_reports::ReportStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "street_reports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub category_id: Uuid,
    /// The deepest area whose boundary holds the point, or the one given.
    pub area_id: Option<Uuid>,
    pub latitude: f64,
    pub longitude: f64,
    pub address: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub status: ReportStatus,
    /// The reporter's account; never public.
    pub reporter_id: Option<Uuid>,
    /// The address of a reporter without an account; never public.
    pub reporter_email: Option<String>,
    pub party_id: Option<Uuid>,
    /// The party's public message when it resolved the report.
    #[sea_orm(column_type = "Text")]
    pub resolution: Option<String>,
    pub deadline_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
