//! Follows, in-app notifications, notification preferences per kind, and the
//! server secrets (such as the key that signs unsubscribe links) shared by
//! every server of an installation.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000030_follows_notifications"
    }
}

fn fk_user(name: &str, table: impl IntoIden, col: impl IntoIden) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Who follows what: an idea, a plan, a working group or an area (which
        // covers everything beneath it).
        manager
            .create_table(
                Table::create()
                    .table(Follows::Table)
                    .col(uuid(Follows::UserId))
                    .col(string_len(Follows::SubjectKind, 10))
                    .col(uuid(Follows::SubjectId))
                    .col(timestamp_with_time_zone(Follows::CreatedAt))
                    .primary_key(
                        Index::create()
                            .name("pk_follows")
                            .col(Follows::UserId)
                            .col(Follows::SubjectKind)
                            .col(Follows::SubjectId),
                    )
                    .foreign_key(&mut fk_user(
                        "fk_follows_user",
                        Follows::Table,
                        Follows::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_follows_subject")
                    .table(Follows::Table)
                    .col(Follows::SubjectKind)
                    .col(Follows::SubjectId)
                    .to_owned(),
            )
            .await?;

        // One row per person per event; what the subject and actor were
        // called is kept, so the list reads well after renames.
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(pk_uuid(Notifications::Id))
                    .col(uuid(Notifications::UserId))
                    .col(uuid(Notifications::EventId))
                    .col(string_len(Notifications::Kind, 40))
                    .col(string_len(Notifications::SubjectKind, 10))
                    .col(uuid(Notifications::SubjectId))
                    .col(string_len(Notifications::SubjectTitle, 200))
                    .col(uuid_null(Notifications::ActorId))
                    .col(string_len_null(Notifications::ActorName, 100))
                    .col(string_len_null(Notifications::Text, 500))
                    // Machine-readable detail, such as an idea's new status.
                    .col(string_len_null(Notifications::Detail, 40))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    // Set when a mail job for it was queued: each is mailed once.
                    .col(timestamp_with_time_zone_null(Notifications::MailedAt))
                    .foreign_key(&mut fk_user(
                        "fk_notifications_user",
                        Notifications::Table,
                        Notifications::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_notifications_user_event")
                    .table(Notifications::Table)
                    .col(Notifications::UserId)
                    .col(Notifications::EventId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_notifications_user_created")
                    .table(Notifications::Table)
                    .col(Notifications::UserId)
                    .col(Notifications::CreatedAt)
                    .col(Notifications::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_notifications_unmailed")
                    .table(Notifications::Table)
                    .col(Notifications::MailedAt)
                    .col(Notifications::CreatedAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(NotificationPreferences::Table)
                    .col(uuid(NotificationPreferences::UserId))
                    .col(string_len(NotificationPreferences::Kind, 40))
                    .col(string_len(NotificationPreferences::Cadence, 12))
                    .col(timestamp_with_time_zone(NotificationPreferences::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .name("pk_notification_preferences")
                            .col(NotificationPreferences::UserId)
                            .col(NotificationPreferences::Kind),
                    )
                    .foreign_key(&mut fk_user(
                        "fk_notification_preferences_user",
                        NotificationPreferences::Table,
                        NotificationPreferences::UserId,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(ServerSecrets::Table)
                    .col(string_len(ServerSecrets::Name, 40).primary_key())
                    .col(string_len(ServerSecrets::Value, 200))
                    .col(timestamp_with_time_zone(ServerSecrets::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ServerSecrets::Table.into_iden(),
            NotificationPreferences::Table.into_iden(),
            Notifications::Table.into_iden(),
            Follows::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Follows {
    Table,
    UserId,
    SubjectKind,
    SubjectId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    EventId,
    Kind,
    SubjectKind,
    SubjectId,
    SubjectTitle,
    ActorId,
    ActorName,
    Text,
    Detail,
    CreatedAt,
    ReadAt,
    MailedAt,
}

#[derive(DeriveIden)]
enum NotificationPreferences {
    Table,
    UserId,
    Kind,
    Cadence,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ServerSecrets {
    Table,
    Name,
    Value,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
