//! Plein's schema, one step at a time.
//!
//! Every step is written with sea-query builders (no raw SQL), so the same
//! migration runs on PostgreSQL and on SQLite.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_foundation;
mod m20261123_000010_account_mail;
mod m20261123_000020_ideas_plans_comments;
mod m20261130_000030_follows_notifications;
mod m20261201_000040_working_groups;
mod m20261201_000050_moderation;
mod m20261201_000060_deleted_accounts;
mod m20261201_000070_mandates;
mod m20261201_000080_area_paths_bytewise;
mod m20261207_000080_budget_rounds;
mod m20261207_000090_places;
mod m20261207_000100_budget_results;
mod m20261207_000120_budget_project_threads;
mod m20261208_000130_street_reports;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_foundation::Migration),
            Box::new(m20261123_000010_account_mail::Migration),
            Box::new(m20261123_000020_ideas_plans_comments::Migration),
            Box::new(m20261130_000030_follows_notifications::Migration),
            Box::new(m20261201_000040_working_groups::Migration),
            Box::new(m20261201_000050_moderation::Migration),
            Box::new(m20261201_000060_deleted_accounts::Migration),
            Box::new(m20261201_000070_mandates::Migration),
            Box::new(m20261201_000080_area_paths_bytewise::Migration),
            Box::new(m20261207_000080_budget_rounds::Migration),
            Box::new(m20261207_000090_places::Migration),
            Box::new(m20261207_000100_budget_results::Migration),
            Box::new(m20261207_000120_budget_project_threads::Migration),
            Box::new(m20261208_000130_street_reports::Migration),
        ]
    }
}
