use plein_domain::PlanStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub author_id: Uuid,
    pub area_id: Uuid,
    pub title: String,
    pub description: String,
    pub status: PlanStatus,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub official_response: Option<String>,
    pub responded_at: Option<DateTimeUtc>,
    pub comment_count: i32,
    pub idea_count: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub hidden_at: Option<DateTimeUtc>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub address: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::AuthorId",
        to = "super::users::Column::Id"
    )]
    Author,
    #[sea_orm(
        belongs_to = "super::areas::Entity",
        from = "Column::AreaId",
        to = "super::areas::Column::Id"
    )]
    Area,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Author.def()
    }
}

impl Related<super::areas::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Area.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
