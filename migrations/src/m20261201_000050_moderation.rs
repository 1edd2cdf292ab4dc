//! Moderation: reports of content and people, content hidden by a moderator
//! (kept, never silently deleted), and blocked accounts.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000050_moderation"
    }
}

/// The tables that get a `hidden_at` column, and `users` its `blocked_at`.
fn hidable() -> [DynIden; 4] {
    [
        Ideas::Table.into_iden(),
        Plans::Table.into_iden(),
        Comments::Table.into_iden(),
        WorkingGroups::Table.into_iden(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Reports::Table)
                    .col(pk_uuid(Reports::Id))
                    .col(uuid(Reports::ReporterId))
                    .col(string_len(Reports::SubjectKind, 10))
                    .col(uuid(Reports::SubjectId))
                    .col(string_len(Reports::Reason, 1000))
                    .col(timestamp_with_time_zone(Reports::CreatedAt))
                    .col(timestamp_with_time_zone_null(Reports::ResolvedAt))
                    .col(uuid_null(Reports::ResolvedBy))
                    // hidden, dismissed or blocked.
                    .col(string_len_null(Reports::Resolution, 12))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reports_reporter")
                            .from(Reports::Table, Reports::ReporterId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_reports_resolver")
                            .from(Reports::Table, Reports::ResolvedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("ix_reports_open")
                    .table(Reports::Table)
                    .col(Reports::ResolvedAt)
                    .col(Reports::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .if_not_exists()
                    .name("ix_reports_subject")
                    .table(Reports::Table)
                    .col(Reports::SubjectKind)
                    .col(Reports::SubjectId)
                    .to_owned(),
            )
            .await?;
        for table in hidable() {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .add_column(timestamp_with_time_zone_null(Moderation::HiddenAt))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(timestamp_with_time_zone_null(Moderation::BlockedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(Moderation::BlockedAt)
                    .to_owned(),
            )
            .await?;
        for table in hidable() {
            manager
                .alter_table(
                    Table::alter()
                        .table(table)
                        .drop_column(Moderation::HiddenAt)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(Reports::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    ReporterId,
    SubjectKind,
    SubjectId,
    Reason,
    CreatedAt,
    ResolvedAt,
    ResolvedBy,
    Resolution,
}

#[derive(DeriveIden)]
enum Moderation {
    HiddenAt,
    BlockedAt,
}

#[derive(DeriveIden)]
enum Ideas {
    Table,
}

#[derive(DeriveIden)]
enum Plans {
    Table,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
}

#[derive(DeriveIden)]
enum WorkingGroups {
    Table,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
