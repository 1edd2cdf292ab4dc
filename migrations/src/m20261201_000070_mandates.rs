//! Mandates ("machtigingen"): a resident lets another user act for them, for
//! some actions and until a date. Every record that can be made under a
//! mandate keeps who made it (`acted_by`) and under which mandate; ideas and
//! comments also keep the provenance of assisted intake.
//!
//! The new columns on existing tables carry no foreign key: SQLite cannot add
//! one to an existing table. Users are never deleted, and a mandate is only
//! ever revoked, never deleted, so the references stay good.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000070_mandates"
    }
}

/// The records that can be made under a mandate.
const UNDER_MANDATE: [&str; 5] = [
    "ideas",
    "comments",
    "supports",
    "meeting_rsvps",
    "decision_votes",
];

/// The records that can be taken down for someone without an account.
const INTAKE: [&str; 2] = ["ideas", "comments"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Mandates::Table)
                    .col(pk_uuid(Mandates::Id))
                    .col(uuid(Mandates::GrantorId))
                    .col(uuid(Mandates::DelegateId))
                    // A JSON array of action names, such as ["post_ideas", "support"].
                    .col(json(Mandates::Actions))
                    .col(timestamp_with_time_zone(Mandates::ValidUntil))
                    .col(timestamp_with_time_zone(Mandates::CreatedAt))
                    .col(timestamp_with_time_zone_null(Mandates::RevokedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_mandates_grantor")
                            .from(Mandates::Table, Mandates::GrantorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_mandates_delegate")
                            .from(Mandates::Table, Mandates::DelegateId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("ix_mandates_grantor", Mandates::GrantorId),
            ("ix_mandates_delegate", Mandates::DelegateId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .if_not_exists()
                        .name(name)
                        .table(Mandates::Table)
                        .col(col)
                        .col(Mandates::CreatedAt)
                        .to_owned(),
                )
                .await?;
        }
        for table in UNDER_MANDATE {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(uuid_null(Acting::ActedBy))
                        .to_owned(),
                )
                .await?;
            // SQLite adds one column per statement.
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(uuid_null(Acting::MandateId))
                        .to_owned(),
                )
                .await?;
        }
        for table in UNDER_MANDATE {
            let name = format!("ix_{table}_mandate");
            manager
                .create_index(
                    Index::create()
                        .if_not_exists()
                        .name(name)
                        .table(Alias::new(table))
                        .col(Acting::MandateId)
                        .to_owned(),
                )
                .await?;
        }
        for table in INTAKE {
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(string_len_null(Acting::IntakeResident, 60))
                        .to_owned(),
                )
                .await?;
            manager
                .alter_table(
                    Table::alter()
                        .table(Alias::new(table))
                        .add_column(string_len_null(Acting::IntakePlace, 120))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in INTAKE {
            for col in [Acting::IntakePlace, Acting::IntakeResident] {
                manager
                    .alter_table(
                        Table::alter()
                            .table(Alias::new(table))
                            .drop_column(col)
                            .to_owned(),
                    )
                    .await?;
            }
        }
        for table in UNDER_MANDATE {
            let name = format!("ix_{table}_mandate");
            manager
                .drop_index(Index::drop().name(name).table(Alias::new(table)).to_owned())
                .await?;
            for col in [Acting::MandateId, Acting::ActedBy] {
                manager
                    .alter_table(
                        Table::alter()
                            .table(Alias::new(table))
                            .drop_column(col)
                            .to_owned(),
                    )
                    .await?;
            }
        }
        manager
            .drop_table(Table::drop().table(Mandates::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Mandates {
    Table,
    Id,
    GrantorId,
    DelegateId,
    Actions,
    ValidUntil,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Acting {
    ActedBy,
    MandateId,
    IntakeResident,
    IntakePlace,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
