use plein_domain::{Locale, Role};
use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub email: String,
    pub email_verified_at: Option<DateTimeUtc>,
    pub password_hash: String,
    pub display_name: String,
    pub role: Role,
    pub organisation: Option<String>,
    pub home_area_id: Option<Uuid>,
    pub locale: Locale,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub blocked_at: Option<DateTimeUtc>,
    /// Set when the owner deleted the account; its personal data is gone.
    pub deleted_at: Option<DateTimeUtc>,
}

impl std::fmt::Debug for Model {
    // Email and password hash stay out of logs.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("User")
            .field("id", &self.id)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
