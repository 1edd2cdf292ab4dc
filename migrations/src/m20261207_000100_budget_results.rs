//! The count of a closed budget round, stored once when voting closes: one
//! row per round, one per project on the ballot. Why a project was (not)
//! funded is kept in typed columns: a reason name and the numbers of its
//! sentence.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000100_budget_results"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(BudgetResults::Table)
                    .col(pk_uuid(BudgetResults::RoundId))
                    // The rule the round was counted by.
                    .col(string_len(BudgetResults::Rule, 20))
                    // Whole cents.
                    .col(big_integer(BudgetResults::BudgetUsed))
                    .col(big_integer(BudgetResults::OtherRuleBudgetUsed))
                    .col(big_integer(BudgetResults::Ballots))
                    .col(timestamp_with_time_zone(BudgetResults::CountedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_budget_results_round")
                            .from(BudgetResults::Table, BudgetResults::RoundId)
                            .to(BudgetRounds::Table, BudgetRounds::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(BudgetResultProjects::Table)
                    .col(uuid(BudgetResultProjects::RoundId))
                    .col(uuid(BudgetResultProjects::ProjectId))
                    // The project's place on the ballot (submission order).
                    .col(integer(BudgetResultProjects::Position))
                    .col(boolean(BudgetResultProjects::Funded))
                    .col(big_integer(BudgetResultProjects::Votes))
                    // "funded_by_votes", "funded_by_equal_shares",
                    // "funded_in_completion", "not_funded_supporters_short",
                    // "not_funded_does_not_fit" or "no_votes".
                    .col(string_len(BudgetResultProjects::Reason, 40))
                    // The numbers of the reason's sentence, where it has them.
                    .col(big_integer_null(BudgetResultProjects::ReasonVotes))
                    .col(big_integer_null(BudgetResultProjects::ReasonPlace))
                    .col(big_integer_null(BudgetResultProjects::ReasonLeft))
                    .col(big_integer_null(BudgetResultProjects::ReasonCost))
                    .col(big_integer_null(BudgetResultProjects::ReasonBudgetLeft))
                    .col(boolean(BudgetResultProjects::FundedByOtherRule))
                    .primary_key(
                        Index::create()
                            .name("pk_budget_result_projects")
                            .col(BudgetResultProjects::RoundId)
                            .col(BudgetResultProjects::ProjectId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_budget_result_projects_result")
                            .from(BudgetResultProjects::Table, BudgetResultProjects::RoundId)
                            .to(BudgetResults::Table, BudgetResults::RoundId)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_budget_result_projects_project")
                            .from(BudgetResultProjects::Table, BudgetResultProjects::ProjectId)
                            .to(BudgetProjects::Table, BudgetProjects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(BudgetResultProjects::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(BudgetResults::Table).to_owned())
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum BudgetResults {
    Table,
    RoundId,
    Rule,
    BudgetUsed,
    OtherRuleBudgetUsed,
    Ballots,
    CountedAt,
}

#[derive(DeriveIden)]
enum BudgetResultProjects {
    Table,
    RoundId,
    ProjectId,
    Position,
    Funded,
    Votes,
    Reason,
    ReasonVotes,
    ReasonPlace,
    ReasonLeft,
    ReasonCost,
    ReasonBudgetLeft,
    FundedByOtherRule,
}

#[derive(DeriveIden)]
enum BudgetRounds {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum BudgetProjects {
    Table,
    Id,
}
