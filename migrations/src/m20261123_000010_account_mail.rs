//! Single-use tokens sent by mail: verify an address, sign in by link, reset a
//! password, confirm a new address. Only their hashes are stored.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000010_account_mail"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(EmailTokens::Table)
                    .col(pk_uuid(EmailTokens::Id))
                    .col(uuid(EmailTokens::UserId))
                    .col(string_len(EmailTokens::Purpose, 30))
                    .col(string_len(EmailTokens::TokenHash, 64))
                    // For an email change: the address the token confirms.
                    .col(string_len_null(EmailTokens::NewEmail, 254))
                    .col(timestamp_with_time_zone(EmailTokens::ExpiresAt))
                    .col(timestamp_with_time_zone_null(EmailTokens::UsedAt))
                    .col(timestamp_with_time_zone(EmailTokens::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_email_tokens_user")
                            .from(EmailTokens::Table, EmailTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_email_tokens_hash")
                    .table(EmailTokens::Table)
                    .col(EmailTokens::TokenHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_email_tokens_user")
                    .table(EmailTokens::Table)
                    .col(EmailTokens::UserId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(EmailTokens::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum EmailTokens {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    NewEmail,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
