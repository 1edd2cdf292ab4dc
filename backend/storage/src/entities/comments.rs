use plein_domain::SubjectKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "comments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub subject_kind: SubjectKind,
    pub subject_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub depth: i32,
    pub author_id: Uuid,
    pub body: String,
    pub official: bool,
    pub answer_id: Option<Uuid>,
    pub agree_count: i32,
    pub created_at: DateTimeUtc,
    pub edited_at: Option<DateTimeUtc>,
    pub deleted_at: Option<DateTimeUtc>,
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
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
