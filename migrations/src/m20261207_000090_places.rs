//! Places: an address beside the point ideas already had, a point and an
//! address on plans and group meetings, and a boundary on areas.
//!
//! Points are two nullable `double` columns of WGS84 degrees (as ideas
//! already had): exact enough (a double holds far below a millimetre), read
//! as plain numbers on both databases, and averaged for cluster centres with
//! `AVG`. An index on (latitude, longitude) serves the bounding-box filter
//! of the map query: a range on latitude, then longitude from the index.
//! A boundary is GeoJSON text in WGS84; its box is kept in four columns so
//! "which areas may hold this point" is a plain comparison before the
//! polygon test in code.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000090_places"
    }
}

/// SQLite adds one column per ALTER TABLE.
async fn add(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: ColumnDef,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).add_column(column).to_owned())
        .await
}

async fn drop(
    manager: &SchemaManager<'_>,
    table: impl IntoIden,
    column: impl IntoIden,
) -> Result<(), DbErr> {
    manager
        .alter_table(Table::alter().table(table).drop_column(column).to_owned())
        .await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        add(manager, Ideas::Table, string_len_null(Ideas::Address, 200)).await?;
        add(manager, Plans::Table, double_null(Plans::Latitude)).await?;
        add(manager, Plans::Table, double_null(Plans::Longitude)).await?;
        add(manager, Plans::Table, string_len_null(Plans::Address, 200)).await?;
        add(
            manager,
            GroupMeetings::Table,
            double_null(GroupMeetings::Latitude),
        )
        .await?;
        add(
            manager,
            GroupMeetings::Table,
            double_null(GroupMeetings::Longitude),
        )
        .await?;
        add(
            manager,
            GroupMeetings::Table,
            string_len_null(GroupMeetings::Address, 200),
        )
        .await?;
        add(manager, Areas::Table, text_null(Areas::Boundary)).await?;
        for column in [
            Areas::BboxSouth,
            Areas::BboxWest,
            Areas::BboxNorth,
            Areas::BboxEast,
        ] {
            add(manager, Areas::Table, double_null(column)).await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_ideas_point")
                    .table(Ideas::Table)
                    .col(Ideas::Latitude)
                    .col(Ideas::Longitude)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_plans_point")
                    .table(Plans::Table)
                    .col(Plans::Latitude)
                    .col(Plans::Longitude)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_areas_bbox")
                    .table(Areas::Table)
                    .col(Areas::BboxSouth)
                    .col(Areas::BboxNorth)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in [
            ("idx_areas_bbox", Areas::Table.into_iden()),
            ("idx_plans_point", Plans::Table.into_iden()),
            ("idx_ideas_point", Ideas::Table.into_iden()),
        ] {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        for column in [
            Areas::BboxEast,
            Areas::BboxNorth,
            Areas::BboxWest,
            Areas::BboxSouth,
            Areas::Boundary,
        ] {
            drop(manager, Areas::Table, column).await?;
        }
        for column in [
            GroupMeetings::Address,
            GroupMeetings::Longitude,
            GroupMeetings::Latitude,
        ] {
            drop(manager, GroupMeetings::Table, column).await?;
        }
        for column in [Plans::Address, Plans::Longitude, Plans::Latitude] {
            drop(manager, Plans::Table, column).await?;
        }
        drop(manager, Ideas::Table, Ideas::Address).await
    }
}

#[derive(DeriveIden)]
enum Ideas {
    Table,
    Latitude,
    Longitude,
    Address,
}

#[derive(DeriveIden)]
enum Plans {
    Table,
    Latitude,
    Longitude,
    Address,
}

#[derive(DeriveIden)]
enum GroupMeetings {
    Table,
    Latitude,
    Longitude,
    Address,
}

#[derive(DeriveIden)]
enum Areas {
    Table,
    Boundary,
    BboxSouth,
    BboxWest,
    BboxNorth,
    BboxEast,
}
