//! Budget rounds ("burgerbegroting"): a budget for an area, projects residents
//! submit and professionals assess, secret ballots and the count.
//!
//! The ballot is secret. `budget_voters` keeps only *that* someone voted in a
//! round (one row per person, a unique key: never two ballots). A ballot is
//! keyed by an HMAC of the round and the person under a server secret, so the
//! voter can replace it, and no column links it to the person. Neither table
//! has a timestamp, so times cannot pair them up either.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000080_budget_rounds"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BudgetRounds::Table)
                    .col(pk_uuid(BudgetRounds::Id))
                    .col(uuid(BudgetRounds::AreaId))
                    .col(uuid(BudgetRounds::CreatedBy))
                    .col(string_len(BudgetRounds::Title, 200))
                    .col(text(BudgetRounds::Description))
                    // Whole cents.
                    .col(big_integer(BudgetRounds::Budget))
                    .col(big_integer_null(BudgetRounds::MaxProjectCost))
                    // "approval" or "cumulative".
                    .col(string_len(BudgetRounds::BallotKind, 20))
                    .col(integer_null(BudgetRounds::MaxProjects))
                    .col(big_integer_null(BudgetRounds::MaxTotal))
                    .col(integer_null(BudgetRounds::Points))
                    // "greedy" or "equal_shares".
                    .col(string_len(BudgetRounds::Rule, 20))
                    .col(integer_null(BudgetRounds::MinAge))
                    .col(string_len(BudgetRounds::Phase, 20))
                    .col(timestamp_with_time_zone(BudgetRounds::SubmittingAt))
                    .col(timestamp_with_time_zone(BudgetRounds::AssessmentAt))
                    .col(timestamp_with_time_zone(BudgetRounds::VotingAt))
                    .col(timestamp_with_time_zone(BudgetRounds::ResultAt))
                    .col(timestamp_with_time_zone(BudgetRounds::RealisationAt))
                    .col(timestamp_with_time_zone(BudgetRounds::CreatedAt))
                    .col(timestamp_with_time_zone(BudgetRounds::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_budget_rounds_area")
                            .from(BudgetRounds::Table, BudgetRounds::AreaId)
                            .to(Areas::Table, Areas::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_budget_rounds_creator")
                            .from(BudgetRounds::Table, BudgetRounds::CreatedBy)
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_budget_rounds_area")
                    .table(BudgetRounds::Table)
                    .col(BudgetRounds::AreaId)
                    .col(BudgetRounds::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(BudgetProjects::Table)
                    .col(pk_uuid(BudgetProjects::Id))
                    .col(uuid(BudgetProjects::RoundId))
                    .col(uuid(BudgetProjects::AreaId))
                    // The resident it is for (null: taken down for someone
                    // without an account).
                    .col(uuid_null(BudgetProjects::AuthorId))
                    .col(uuid_null(BudgetProjects::ActedBy))
                    .col(uuid_null(BudgetProjects::MandateId))
                    .col(string_len_null(BudgetProjects::IntakeResident, 60))
                    .col(string_len_null(BudgetProjects::IntakePlace, 120))
                    .col(uuid_null(BudgetProjects::IdeaId))
                    .col(string_len(BudgetProjects::Title, 200))
                    .col(text(BudgetProjects::Description))
                    .col(big_integer(BudgetProjects::Cost))
                    // Null until assessed.
                    .col(boolean_null(BudgetProjects::Feasible))
                    .col(text_null(BudgetProjects::AssessmentReason))
                    .col(timestamp_with_time_zone(BudgetProjects::CreatedAt))
                    .col(timestamp_with_time_zone(BudgetProjects::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_budget_projects_round")
                            .from(BudgetProjects::Table, BudgetProjects::RoundId)
                            .to(BudgetRounds::Table, BudgetRounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_budget_projects_area")
                            .from(BudgetProjects::Table, BudgetProjects::AreaId)
                            .to(Areas::Table, Areas::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_budget_projects_round")
                    .table(BudgetProjects::Table)
                    .col(BudgetProjects::RoundId)
                    .col(BudgetProjects::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(BudgetProjectChanges::Table)
                    .col(pk_uuid(BudgetProjectChanges::Id))
                    .col(uuid(BudgetProjectChanges::ProjectId))
                    .col(uuid_null(BudgetProjectChanges::ActorId))
                    // "submitted", "feasible", "not_feasible", "cost".
                    .col(string_len(BudgetProjectChanges::Change, 20))
                    .col(text_null(BudgetProjectChanges::Reason))
                    .col(big_integer_null(BudgetProjectChanges::CostFrom))
                    .col(big_integer_null(BudgetProjectChanges::CostTo))
                    .col(timestamp_with_time_zone(BudgetProjectChanges::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_budget_project_changes_project")
                            .from(BudgetProjectChanges::Table, BudgetProjectChanges::ProjectId)
                            .to(BudgetProjects::Table, BudgetProjects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_budget_project_changes_project")
                    .table(BudgetProjectChanges::Table)
                    .col(BudgetProjectChanges::ProjectId)
                    .col(BudgetProjectChanges::Id)
                    .to_owned(),
            )
            .await?;

        // Only that someone voted: no time, no ballot.
        manager
            .create_table(
                Table::create()
                    .table(BudgetVoters::Table)
                    .col(uuid(BudgetVoters::RoundId))
                    .col(uuid(BudgetVoters::UserId))
                    .primary_key(
                        Index::create()
                            .name("pk_budget_voters")
                            .col(BudgetVoters::RoundId)
                            .col(BudgetVoters::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_budget_voters_round")
                            .from(BudgetVoters::Table, BudgetVoters::RoundId)
                            .to(BudgetRounds::Table, BudgetRounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        // The ballots, keyed by HMAC(secret, round ‖ person) or, for paper,
        // HMAC(secret, round ‖ ballot number). `choices` is a JSON array of
        // [project id, points] pairs.
        manager
            .create_table(
                Table::create()
                    .table(BudgetBallots::Table)
                    .col(uuid(BudgetBallots::RoundId))
                    .col(string_len(BudgetBallots::BallotKey, 64))
                    .col(text(BudgetBallots::Choices))
                    .primary_key(
                        Index::create()
                            .name("pk_budget_ballots")
                            .col(BudgetBallots::RoundId)
                            .col(BudgetBallots::BallotKey),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_budget_ballots_round")
                            .from(BudgetBallots::Table, BudgetBallots::RoundId)
                            .to(BudgetRounds::Table, BudgetRounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;

        // Paper ballots entered at a location: each number once per round.
        // Who entered it and where, like assisted intake; no resident.
        manager
            .create_table(
                Table::create()
                    .table(BudgetPaperBallots::Table)
                    .col(uuid(BudgetPaperBallots::RoundId))
                    .col(string_len(BudgetPaperBallots::Number, 40))
                    .col(uuid(BudgetPaperBallots::EnteredBy))
                    .col(string_len_null(BudgetPaperBallots::Place, 120))
                    .primary_key(
                        Index::create()
                            .name("pk_budget_paper_ballots")
                            .col(BudgetPaperBallots::RoundId)
                            .col(BudgetPaperBallots::Number),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_budget_paper_ballots_round")
                            .from(BudgetPaperBallots::Table, BudgetPaperBallots::RoundId)
                            .to(BudgetRounds::Table, BudgetRounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "budget_paper_ballots",
            "budget_ballots",
            "budget_voters",
            "budget_project_changes",
            "budget_projects",
            "budget_rounds",
        ] {
            manager
                .drop_table(Table::drop().table(Alias::new(table)).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum BudgetRounds {
    Table,
    Id,
    AreaId,
    CreatedBy,
    Title,
    Description,
    Budget,
    MaxProjectCost,
    BallotKind,
    MaxProjects,
    MaxTotal,
    Points,
    Rule,
    MinAge,
    Phase,
    SubmittingAt,
    AssessmentAt,
    VotingAt,
    ResultAt,
    RealisationAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BudgetProjects {
    Table,
    Id,
    RoundId,
    AreaId,
    AuthorId,
    ActedBy,
    MandateId,
    IntakeResident,
    IntakePlace,
    IdeaId,
    Title,
    Description,
    Cost,
    Feasible,
    AssessmentReason,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum BudgetProjectChanges {
    Table,
    Id,
    ProjectId,
    ActorId,
    Change,
    Reason,
    CostFrom,
    CostTo,
    CreatedAt,
}

#[derive(DeriveIden)]
enum BudgetVoters {
    Table,
    RoundId,
    UserId,
}

#[derive(DeriveIden)]
enum BudgetBallots {
    Table,
    RoundId,
    BallotKey,
    Choices,
}

#[derive(DeriveIden)]
enum BudgetPaperBallots {
    Table,
    RoundId,
    Number,
    EnteredBy,
    Place,
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
