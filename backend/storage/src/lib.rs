//! Plein's storage: the sea-orm entities and the queries the application needs.
//!
//! Every function takes any `ConnectionTrait`, so a use case can run several of
//! them inside one transaction. Database errors leave this crate as
//! [`StorageError`], with unique-constraint violations named.

pub mod areas;
pub mod audit;
pub mod backup;
pub mod budget;
pub mod comments;
mod db;
pub mod email_tokens;
pub mod entities;
mod error;
pub mod follows;
pub mod geocoding;
pub mod groups;
pub mod ideas;
pub mod jobs;
pub mod listing;
pub mod mandates;
pub mod moderation;
pub mod notifications;
pub mod personal_data;
pub mod places;
pub mod plans;
pub mod rate_limits;
pub mod server_secrets;
pub mod sessions;
pub mod street_reports;
pub mod users;
pub mod visibility;

pub use db::{
    Database, SchemaState, StatementCounter, connect, migrate, migration_names, schema_state,
};
pub use error::{Constraint, StorageError};
pub use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, TransactionTrait};

pub type Result<T, E = StorageError> = std::result::Result<T, E>;
