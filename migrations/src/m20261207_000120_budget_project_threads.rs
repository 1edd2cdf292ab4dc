//! Budget projects get what ideas have: a thread (comments with subject kind
//! `budget_project`), supports (one per person, a unique key) with a counter,
//! and `hidden_at` for moderators.
//!
//! Reports, follows and notifications name their subject kind in a short
//! column; `budget_project` needs a longer one. SQLite does not hold text to
//! a length, so only PostgreSQL's columns are widened.

use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000120_budget_project_threads"
    }
}

/// The tables whose `subject_kind` is widened, with their length before.
fn kinded() -> [(DynIden, u32); 3] {
    [
        (Reports::Table.into_iden(), 10),
        (Follows::Table.into_iden(), 10),
        (Notifications::Table.into_iden(), 10),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            for (table, _) in kinded() {
                manager
                    .alter_table(
                        Table::alter()
                            .table(table)
                            .modify_column(ColumnDef::new(Kinded::SubjectKind).string_len(30))
                            .to_owned(),
                    )
                    .await?;
            }
        }
        manager
            .alter_table(
                Table::alter()
                    .table(BudgetProjects::Table)
                    .add_column(timestamp_with_time_zone_null(BudgetProjects::HiddenAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(BudgetProjects::Table)
                    .add_column(integer(BudgetProjects::SupportCount).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BudgetProjectSupports::Table)
                    .col(uuid(BudgetProjectSupports::ProjectId))
                    .col(uuid(BudgetProjectSupports::UserId))
                    .col(timestamp_with_time_zone(BudgetProjectSupports::CreatedAt))
                    // The delegate who gave it under a mandate, as on ideas.
                    .col(uuid_null(BudgetProjectSupports::ActedBy))
                    .col(uuid_null(BudgetProjectSupports::MandateId))
                    .primary_key(
                        Index::create()
                            .name("pk_budget_project_supports")
                            .col(BudgetProjectSupports::ProjectId)
                            .col(BudgetProjectSupports::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_budget_project_supports_project")
                            .from(
                                BudgetProjectSupports::Table,
                                BudgetProjectSupports::ProjectId,
                            )
                            .to(BudgetProjects::Table, BudgetProjects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_budget_project_supports_user")
                            .from(BudgetProjectSupports::Table, BudgetProjectSupports::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_budget_project_supports_user")
                    .table(BudgetProjectSupports::Table)
                    .col(BudgetProjectSupports::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BudgetProjectSupports::Table).to_owned())
            .await?;
        for column in [BudgetProjects::SupportCount, BudgetProjects::HiddenAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(BudgetProjects::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        // What was said on projects goes with the feature.
        manager
            .exec_stmt(
                Query::delete()
                    .from_table(Comments::Table)
                    .and_where(Expr::col(Comments::SubjectKind).eq("budget_project"))
                    .to_owned(),
            )
            .await?;
        for (table, _) in kinded() {
            manager
                .exec_stmt(
                    Query::delete()
                        .from_table(table)
                        .and_where(Expr::col(Kinded::SubjectKind).eq("budget_project"))
                        .to_owned(),
                )
                .await?;
        }
        if manager.get_database_backend() == DbBackend::Postgres {
            for (table, len) in kinded() {
                manager
                    .alter_table(
                        Table::alter()
                            .table(table)
                            .modify_column(ColumnDef::new(Kinded::SubjectKind).string_len(len))
                            .to_owned(),
                    )
                    .await?;
            }
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum BudgetProjects {
    Table,
    Id,
    HiddenAt,
    SupportCount,
}

#[derive(DeriveIden)]
enum BudgetProjectSupports {
    Table,
    ProjectId,
    UserId,
    CreatedAt,
    ActedBy,
    MandateId,
}

#[derive(DeriveIden)]
enum Kinded {
    SubjectKind,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
}

#[derive(DeriveIden)]
enum Follows {
    Table,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    SubjectKind,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
