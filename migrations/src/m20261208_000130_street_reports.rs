//! Reports of problems in the street ("meldingen"): a tree of categories with
//! a deadline in working days, the parties that fix things (a municipal team
//! or a contractor, with a contact address), the routing table (category ×
//! area → party), the reports themselves with their point, and the history
//! of each report's status with reasons. Residents who join a report to say
//! "me too" are kept beside it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261208_000130_street_reports"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReportParties::Table)
                    .col(uuid(ReportParties::Id).primary_key())
                    .col(string_len(ReportParties::Name, 100))
                    .col(string_len(ReportParties::Kind, 20))
                    .col(string_len(ReportParties::Email, 254))
                    .col(timestamp_with_time_zone(ReportParties::CreatedAt))
                    .col(timestamp_with_time_zone(ReportParties::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReportCategories::Table)
                    .col(uuid(ReportCategories::Id).primary_key())
                    .col(uuid_null(ReportCategories::ParentId))
                    .col(string_len(ReportCategories::Name, 100))
                    .col(integer(ReportCategories::DeadlineDays))
                    .col(uuid_null(ReportCategories::DefaultPartyId))
                    .col(timestamp_with_time_zone(ReportCategories::CreatedAt))
                    .col(timestamp_with_time_zone(ReportCategories::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_report_categories_parent")
                            .from(ReportCategories::Table, ReportCategories::ParentId)
                            .to(ReportCategories::Table, ReportCategories::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_report_categories_party")
                            .from(ReportCategories::Table, ReportCategories::DefaultPartyId)
                            .to(ReportParties::Table, ReportParties::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReportRoutes::Table)
                    .col(uuid(ReportRoutes::CategoryId))
                    .col(uuid(ReportRoutes::AreaId))
                    .col(uuid(ReportRoutes::PartyId))
                    .col(timestamp_with_time_zone(ReportRoutes::CreatedAt))
                    .primary_key(
                        Index::create()
                            .name("pk_report_routes")
                            .col(ReportRoutes::CategoryId)
                            .col(ReportRoutes::AreaId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_report_routes_category")
                            .from(ReportRoutes::Table, ReportRoutes::CategoryId)
                            .to(ReportCategories::Table, ReportCategories::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_report_routes_area")
                            .from(ReportRoutes::Table, ReportRoutes::AreaId)
                            .to(Areas::Table, Areas::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_report_routes_party")
                            .from(ReportRoutes::Table, ReportRoutes::PartyId)
                            .to(ReportParties::Table, ReportParties::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StreetReports::Table)
                    .col(uuid(StreetReports::Id).primary_key())
                    .col(uuid(StreetReports::CategoryId))
                    .col(uuid_null(StreetReports::AreaId))
                    .col(double(StreetReports::Latitude))
                    .col(double(StreetReports::Longitude))
                    .col(string_len_null(StreetReports::Address, 200))
                    .col(text(StreetReports::Description))
                    .col(string_len(StreetReports::Status, 20))
                    .col(uuid_null(StreetReports::ReporterId))
                    .col(string_len_null(StreetReports::ReporterEmail, 254))
                    .col(uuid_null(StreetReports::PartyId))
                    .col(text_null(StreetReports::Resolution))
                    .col(timestamp_with_time_zone(StreetReports::DeadlineAt))
                    .col(timestamp_with_time_zone(StreetReports::CreatedAt))
                    .col(timestamp_with_time_zone(StreetReports::UpdatedAt))
                    .col(timestamp_with_time_zone_null(StreetReports::ResolvedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_street_reports_category")
                            .from(StreetReports::Table, StreetReports::CategoryId)
                            .to(ReportCategories::Table, ReportCategories::Id)
                            .on_delete(ForeignKeyAction::Restrict),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_street_reports_area")
                            .from(StreetReports::Table, StreetReports::AreaId)
                            .to(Areas::Table, Areas::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_street_reports_reporter")
                            .from(StreetReports::Table, StreetReports::ReporterId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_street_reports_party")
                            .from(StreetReports::Table, StreetReports::PartyId)
                            .to(ReportParties::Table, ReportParties::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        // "Is it one of these?": one category, a box around a point.
        manager
            .create_index(
                Index::create()
                    .name("ix_street_reports_nearby")
                    .table(StreetReports::Table)
                    .col(StreetReports::CategoryId)
                    .col(StreetReports::Latitude)
                    .col(StreetReports::Longitude)
                    .to_owned(),
            )
            .await?;
        // A party's queue by status, oldest deadline first.
        manager
            .create_index(
                Index::create()
                    .name("ix_street_reports_queue")
                    .table(StreetReports::Table)
                    .col(StreetReports::PartyId)
                    .col(StreetReports::Status)
                    .col(StreetReports::DeadlineAt)
                    .col(StreetReports::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_street_reports_created")
                    .table(StreetReports::Table)
                    .col(StreetReports::CreatedAt)
                    .col(StreetReports::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StreetReportEvents::Table)
                    .col(uuid(StreetReportEvents::Id).primary_key())
                    .col(uuid(StreetReportEvents::ReportId))
                    .col(string_len_null(StreetReportEvents::FromStatus, 20))
                    .col(string_len(StreetReportEvents::ToStatus, 20))
                    .col(text_null(StreetReportEvents::Reason))
                    .col(uuid_null(StreetReportEvents::PartyId))
                    .col(timestamp_with_time_zone(StreetReportEvents::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_street_report_events_report")
                            .from(StreetReportEvents::Table, StreetReportEvents::ReportId)
                            .to(StreetReports::Table, StreetReports::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_street_report_events_report")
                    .table(StreetReportEvents::Table)
                    .col(StreetReportEvents::ReportId)
                    .col(StreetReportEvents::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(StreetReportJoins::Table)
                    .col(uuid(StreetReportJoins::ReportId))
                    .col(uuid(StreetReportJoins::UserId))
                    .col(timestamp_with_time_zone(StreetReportJoins::CreatedAt))
                    .primary_key(
                        Index::create()
                            .name("pk_street_report_joins")
                            .col(StreetReportJoins::ReportId)
                            .col(StreetReportJoins::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_street_report_joins_report")
                            .from(StreetReportJoins::Table, StreetReportJoins::ReportId)
                            .to(StreetReports::Table, StreetReports::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_street_report_joins_user")
                            .from(StreetReportJoins::Table, StreetReportJoins::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            StreetReportJoins::Table.into_iden(),
            StreetReportEvents::Table.into_iden(),
            StreetReports::Table.into_iden(),
            ReportRoutes::Table.into_iden(),
            ReportCategories::Table.into_iden(),
            ReportParties::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum ReportParties {
    Table,
    Id,
    Name,
    Kind,
    Email,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReportCategories {
    Table,
    Id,
    ParentId,
    Name,
    DeadlineDays,
    DefaultPartyId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReportRoutes {
    Table,
    CategoryId,
    AreaId,
    PartyId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum StreetReports {
    Table,
    Id,
    CategoryId,
    AreaId,
    Latitude,
    Longitude,
    Address,
    Description,
    Status,
    ReporterId,
    ReporterEmail,
    PartyId,
    Resolution,
    DeadlineAt,
    CreatedAt,
    UpdatedAt,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum StreetReportEvents {
    Table,
    Id,
    ReportId,
    FromStatus,
    ToStatus,
    Reason,
    PartyId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum StreetReportJoins {
    Table,
    ReportId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Areas {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
