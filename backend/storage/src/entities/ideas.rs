use plein_domain::IdeaStatus;
use sea_orm::entity::prelude::*;

use super::json::StringList;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ideas")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub author_id: Uuid,
    pub area_id: Uuid,
    pub title: String,
    pub body: String,
    pub tags: StringList,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub address: Option<String>,
    pub status: IdeaStatus,
    pub support_count: i32,
    pub comment_count: i32,
    pub published_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub hidden_at: Option<DateTimeUtc>,
    /// The delegate who made this under `mandate_id`; `None` when the
    /// person it belongs to made it themself.
    pub acted_by: Option<Uuid>,
    pub mandate_id: Option<Uuid>,
    /// Assisted intake: the resident (without an account) this was taken
    /// down for, and where; the author is the professional who did.
    pub intake_resident: Option<String>,
    pub intake_place: Option<String>,
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

/// An idea's user is its author (not who acted for them).
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
