//! Accounts, sessions, the area tree, shared rate-limit counters, the audit log
//! and the outbox of jobs.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000001_foundation"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Areas::Table)
                    .col(pk_uuid(Areas::Id))
                    .col(uuid_null(Areas::ParentId))
                    .col(string_len(Areas::Name, 100))
                    .col(string_len(Areas::Slug, 80))
                    .col(string_len(Areas::Kind, 20))
                    // Ids from the root down, "/<id>/<id>/": descendants are a prefix match.
                    .col(string_len(Areas::Path, 2000))
                    .col(integer(Areas::Depth))
                    .col(timestamp_with_time_zone(Areas::CreatedAt))
                    .col(timestamp_with_time_zone(Areas::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_areas_parent")
                            .from(Areas::Table, Areas::ParentId)
                            .to(Areas::Table, Areas::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_areas_slug")
                    .table(Areas::Table)
                    .col(Areas::Slug)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_areas_parent")
                    .table(Areas::Table)
                    .col(Areas::ParentId)
                    .col(Areas::Name)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_areas_path")
                    .table(Areas::Table)
                    .col(Areas::Path)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(pk_uuid(Users::Id))
                    .col(string_len(Users::Email, 254))
                    .col(timestamp_with_time_zone_null(Users::EmailVerifiedAt))
                    .col(string_len(Users::PasswordHash, 255))
                    .col(string_len(Users::DisplayName, 60))
                    .col(string_len(Users::Role, 20))
                    .col(string_len_null(Users::Organisation, 120))
                    .col(uuid_null(Users::HomeAreaId))
                    .col(string_len(Users::Locale, 5))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(timestamp_with_time_zone(Users::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_users_home_area")
                            .from(Users::Table, Users::HomeAreaId)
                            .to(Areas::Table, Areas::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_users_email")
                    .table(Users::Table)
                    .col(Users::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_users_role")
                    .table(Users::Table)
                    .col(Users::Role)
                    .col(Users::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(pk_uuid(Sessions::Id))
                    .col(uuid(Sessions::UserId))
                    // SHA-256 of the bearer token: a leaked table holds no usable token.
                    .col(string_len(Sessions::TokenHash, 64))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                    .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                    .col(timestamp_with_time_zone_null(Sessions::RevokedAt))
                    .col(string_len_null(Sessions::UserAgent, 300))
                    .col(string_len_null(Sessions::ClientAddr, 64))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_sessions_user")
                            .from(Sessions::Table, Sessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_sessions_token_hash")
                    .table(Sessions::Table)
                    .col(Sessions::TokenHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_sessions_user")
                    .table(Sessions::Table)
                    .col(Sessions::UserId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(RateLimits::Table)
                    // e.g. "sign_in:account:<hash>:<window>"; one row per bucket and window.
                    .col(string_len(RateLimits::Key, 200).primary_key())
                    .col(integer(RateLimits::Hits))
                    .col(timestamp_with_time_zone(RateLimits::ExpiresAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_rate_limits_expires")
                    .table(RateLimits::Table)
                    .col(RateLimits::ExpiresAt)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(pk_uuid(AuditLog::Id))
                    .col(uuid_null(AuditLog::ActorId))
                    .col(string_len(AuditLog::Action, 60))
                    .col(string_len(AuditLog::SubjectKind, 30))
                    .col(uuid(AuditLog::SubjectId))
                    .col(json(AuditLog::Detail))
                    .col(timestamp_with_time_zone(AuditLog::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_audit_log_actor")
                            .from(AuditLog::Table, AuditLog::ActorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_audit_log_subject")
                    .table(AuditLog::Table)
                    .col(AuditLog::SubjectKind)
                    .col(AuditLog::SubjectId)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Jobs::Table)
                    .col(pk_uuid(Jobs::Id))
                    .col(string_len(Jobs::Kind, 60))
                    .col(json(Jobs::Payload))
                    .col(timestamp_with_time_zone(Jobs::RunAfter))
                    .col(integer(Jobs::Attempts))
                    // A claimed job is leased until then; a crashed worker's lease runs out.
                    .col(timestamp_with_time_zone_null(Jobs::LockedUntil))
                    .col(text_null(Jobs::LastError))
                    .col(timestamp_with_time_zone_null(Jobs::DoneAt))
                    // Set when the job gave up for good; last_error says why.
                    .col(timestamp_with_time_zone_null(Jobs::FailedAt))
                    .col(timestamp_with_time_zone(Jobs::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_jobs_pending")
                    .table(Jobs::Table)
                    .col(Jobs::DoneAt)
                    .col(Jobs::RunAfter)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Jobs::Table.into_iden(),
            AuditLog::Table.into_iden(),
            RateLimits::Table.into_iden(),
            Sessions::Table.into_iden(),
            Users::Table.into_iden(),
            Areas::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Areas {
    Table,
    Id,
    ParentId,
    Name,
    Slug,
    Kind,
    Path,
    Depth,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    EmailVerifiedAt,
    PasswordHash,
    DisplayName,
    Role,
    Organisation,
    HomeAreaId,
    Locale,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    TokenHash,
    CreatedAt,
    LastSeenAt,
    ExpiresAt,
    RevokedAt,
    UserAgent,
    ClientAddr,
}

#[derive(DeriveIden)]
enum RateLimits {
    Table,
    Key,
    Hits,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    ActorId,
    Action,
    SubjectKind,
    SubjectId,
    Detail,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Kind,
    Payload,
    RunAfter,
    Attempts,
    LockedUntil,
    LastError,
    DoneAt,
    FailedAt,
    CreatedAt,
}
