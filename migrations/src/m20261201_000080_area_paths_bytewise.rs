//! Area paths compare byte by byte on PostgreSQL, whatever the database's
//! collation: a list of an area and everything beneath it then reads the
//! areas as one range of the path index (from `/a/b/` up to `/a/b0`), not by
//! matching every path with LIKE. SQLite already compares text as bytes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000080_area_paths_bytewise"
    }
}

async fn collate_path(manager: &SchemaManager<'_>, collation: &str) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    manager
        .alter_table(
            Table::alter()
                .table(Areas::Table)
                .modify_column(
                    ColumnDef::new(Areas::Path)
                        .string_len(2000)
                        .extra(format!("COLLATE \"{collation}\"")),
                )
                .to_owned(),
        )
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        collate_path(manager, "C").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        collate_path(manager, "default").await
    }
}

#[derive(DeriveIden)]
enum Areas {
    Table,
    Path,
}
