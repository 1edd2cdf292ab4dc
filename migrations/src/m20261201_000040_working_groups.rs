//! Working groups: members and their roles, join requests, invitations, the
//! ideas and plans a group works on, tasks, meetings with RSVPs, and
//! decisions with their votes.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000040_working_groups"
    }
}

fn fk(
    name: &str,
    table: impl IntoIden,
    col: impl IntoIden,
    to: impl IntoIden,
    to_col: impl IntoIden,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(to, to_col)
        .on_delete(on_delete)
        .to_owned()
}

fn to_group(name: &str, table: impl IntoIden, col: impl IntoIden) -> ForeignKeyCreateStatement {
    fk(
        name,
        table,
        col,
        WorkingGroups::Table,
        WorkingGroups::Id,
        ForeignKeyAction::Cascade,
    )
}

fn to_user(name: &str, table: impl IntoIden, col: impl IntoIden) -> ForeignKeyCreateStatement {
    fk(
        name,
        table,
        col,
        Users::Table,
        Users::Id,
        ForeignKeyAction::Cascade,
    )
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: Vec<DynIden>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(col);
    }
    if unique {
        stmt.unique();
    }
    manager.create_index(stmt.to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(WorkingGroups::Table)
                    .col(pk_uuid(WorkingGroups::Id))
                    .col(string_len(WorkingGroups::Name, 80))
                    .col(text(WorkingGroups::Purpose))
                    .col(uuid(WorkingGroups::AreaId))
                    .col(string_len(WorkingGroups::Visibility, 10))
                    .col(string_len(WorkingGroups::JoinPolicy, 10))
                    // The secret in the calendar feed's address.
                    .col(string_len(WorkingGroups::CalendarToken, 64))
                    .col(integer(WorkingGroups::MemberCount).default(0))
                    .col(uuid_null(WorkingGroups::CreatedBy))
                    .col(timestamp_with_time_zone(WorkingGroups::CreatedAt))
                    .col(timestamp_with_time_zone(WorkingGroups::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_working_groups_area",
                        WorkingGroups::Table,
                        WorkingGroups::AreaId,
                        Areas::Table,
                        Areas::Id,
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_working_groups_creator",
                        WorkingGroups::Table,
                        WorkingGroups::CreatedBy,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_working_groups_area",
            WorkingGroups::Table,
            vec![
                WorkingGroups::AreaId.into_iden(),
                WorkingGroups::CreatedAt.into_iden(),
            ],
            false,
        )
        .await?;
        index(
            manager,
            "uq_working_groups_calendar_token",
            WorkingGroups::Table,
            vec![WorkingGroups::CalendarToken.into_iden()],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(GroupMembers::Table)
                    .col(uuid(GroupMembers::GroupId))
                    .col(uuid(GroupMembers::UserId))
                    .col(string_len(GroupMembers::Role, 12))
                    .col(timestamp_with_time_zone(GroupMembers::JoinedAt))
                    .primary_key(
                        Index::create()
                            .name("pk_group_members")
                            .col(GroupMembers::GroupId)
                            .col(GroupMembers::UserId),
                    )
                    .foreign_key(&mut to_group(
                        "fk_group_members_group",
                        GroupMembers::Table,
                        GroupMembers::GroupId,
                    ))
                    .foreign_key(&mut to_user(
                        "fk_group_members_user",
                        GroupMembers::Table,
                        GroupMembers::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_group_members_user",
            GroupMembers::Table,
            vec![GroupMembers::UserId.into_iden()],
            false,
        )
        .await?;

        // Open requests only: an answered request is removed (the answer
        // reaches the person as a notification).
        manager
            .create_table(
                Table::create()
                    .table(GroupJoinRequests::Table)
                    .col(pk_uuid(GroupJoinRequests::Id))
                    .col(uuid(GroupJoinRequests::GroupId))
                    .col(uuid(GroupJoinRequests::UserId))
                    .col(string_len_null(GroupJoinRequests::Message, 500))
                    .col(timestamp_with_time_zone(GroupJoinRequests::CreatedAt))
                    .foreign_key(&mut to_group(
                        "fk_group_join_requests_group",
                        GroupJoinRequests::Table,
                        GroupJoinRequests::GroupId,
                    ))
                    .foreign_key(&mut to_user(
                        "fk_group_join_requests_user",
                        GroupJoinRequests::Table,
                        GroupJoinRequests::UserId,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_group_join_requests_group_user",
            GroupJoinRequests::Table,
            vec![
                GroupJoinRequests::GroupId.into_iden(),
                GroupJoinRequests::UserId.into_iden(),
            ],
            true,
        )
        .await?;

        // Open invitations only; an accepted one is removed. The token is
        // kept as its SHA-256.
        manager
            .create_table(
                Table::create()
                    .table(GroupInvitations::Table)
                    .col(pk_uuid(GroupInvitations::Id))
                    .col(uuid(GroupInvitations::GroupId))
                    .col(string_len(GroupInvitations::Email, 254))
                    .col(string_len(GroupInvitations::TokenHash, 64))
                    .col(uuid_null(GroupInvitations::InvitedBy))
                    .col(timestamp_with_time_zone(GroupInvitations::CreatedAt))
                    .col(timestamp_with_time_zone(GroupInvitations::ExpiresAt))
                    .foreign_key(&mut to_group(
                        "fk_group_invitations_group",
                        GroupInvitations::Table,
                        GroupInvitations::GroupId,
                    ))
                    .foreign_key(&mut fk(
                        "fk_group_invitations_inviter",
                        GroupInvitations::Table,
                        GroupInvitations::InvitedBy,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "uq_group_invitations_group_email",
            GroupInvitations::Table,
            vec![
                GroupInvitations::GroupId.into_iden(),
                GroupInvitations::Email.into_iden(),
            ],
            true,
        )
        .await?;
        index(
            manager,
            "uq_group_invitations_token",
            GroupInvitations::Table,
            vec![GroupInvitations::TokenHash.into_iden()],
            true,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(GroupLinks::Table)
                    .col(uuid(GroupLinks::GroupId))
                    .col(string_len(GroupLinks::SubjectKind, 10))
                    .col(uuid(GroupLinks::SubjectId))
                    .col(timestamp_with_time_zone(GroupLinks::CreatedAt))
                    .primary_key(
                        Index::create()
                            .name("pk_group_links")
                            .col(GroupLinks::GroupId)
                            .col(GroupLinks::SubjectKind)
                            .col(GroupLinks::SubjectId),
                    )
                    .foreign_key(&mut to_group(
                        "fk_group_links_group",
                        GroupLinks::Table,
                        GroupLinks::GroupId,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_group_links_subject",
            GroupLinks::Table,
            vec![
                GroupLinks::SubjectKind.into_iden(),
                GroupLinks::SubjectId.into_iden(),
            ],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(GroupTasks::Table)
                    .col(pk_uuid(GroupTasks::Id))
                    .col(uuid(GroupTasks::GroupId))
                    .col(string_len(GroupTasks::Title, 120))
                    .col(text(GroupTasks::Description))
                    .col(uuid_null(GroupTasks::AssigneeId))
                    .col(date_null(GroupTasks::DueOn))
                    .col(string_len(GroupTasks::Status, 10))
                    .col(uuid_null(GroupTasks::CreatedBy))
                    .col(timestamp_with_time_zone(GroupTasks::CreatedAt))
                    .col(timestamp_with_time_zone(GroupTasks::UpdatedAt))
                    .foreign_key(&mut to_group(
                        "fk_group_tasks_group",
                        GroupTasks::Table,
                        GroupTasks::GroupId,
                    ))
                    .foreign_key(&mut fk(
                        "fk_group_tasks_assignee",
                        GroupTasks::Table,
                        GroupTasks::AssigneeId,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_group_tasks_creator",
                        GroupTasks::Table,
                        GroupTasks::CreatedBy,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_group_tasks_group",
            GroupTasks::Table,
            vec![
                GroupTasks::GroupId.into_iden(),
                GroupTasks::CreatedAt.into_iden(),
            ],
            false,
        )
        .await?;
        index(
            manager,
            "ix_group_tasks_assignee",
            GroupTasks::Table,
            vec![GroupTasks::AssigneeId.into_iden()],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(GroupMeetings::Table)
                    .col(pk_uuid(GroupMeetings::Id))
                    .col(uuid(GroupMeetings::GroupId))
                    .col(string_len(GroupMeetings::Title, 120))
                    .col(timestamp_with_time_zone(GroupMeetings::StartsAt))
                    .col(timestamp_with_time_zone(GroupMeetings::EndsAt))
                    .col(string_len_null(GroupMeetings::Place, 200))
                    .col(string_len_null(GroupMeetings::OnlineUrl, 500))
                    .col(text(GroupMeetings::Agenda))
                    .col(text_null(GroupMeetings::Minutes))
                    // iCalendar SEQUENCE: bumped on every change.
                    .col(integer(GroupMeetings::Sequence).default(0))
                    .col(timestamp_with_time_zone_null(GroupMeetings::CancelledAt))
                    .col(uuid_null(GroupMeetings::CreatedBy))
                    .col(timestamp_with_time_zone(GroupMeetings::CreatedAt))
                    .col(timestamp_with_time_zone(GroupMeetings::UpdatedAt))
                    .foreign_key(&mut to_group(
                        "fk_group_meetings_group",
                        GroupMeetings::Table,
                        GroupMeetings::GroupId,
                    ))
                    .foreign_key(&mut fk(
                        "fk_group_meetings_creator",
                        GroupMeetings::Table,
                        GroupMeetings::CreatedBy,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_group_meetings_group_start",
            GroupMeetings::Table,
            vec![
                GroupMeetings::GroupId.into_iden(),
                GroupMeetings::StartsAt.into_iden(),
            ],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(MeetingRsvps::Table)
                    .col(uuid(MeetingRsvps::MeetingId))
                    .col(uuid(MeetingRsvps::UserId))
                    .col(string_len(MeetingRsvps::Answer, 8))
                    .col(timestamp_with_time_zone(MeetingRsvps::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .name("pk_meeting_rsvps")
                            .col(MeetingRsvps::MeetingId)
                            .col(MeetingRsvps::UserId),
                    )
                    .foreign_key(&mut fk(
                        "fk_meeting_rsvps_meeting",
                        MeetingRsvps::Table,
                        MeetingRsvps::MeetingId,
                        GroupMeetings::Table,
                        GroupMeetings::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut to_user(
                        "fk_meeting_rsvps_user",
                        MeetingRsvps::Table,
                        MeetingRsvps::UserId,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(GroupDecisions::Table)
                    .col(pk_uuid(GroupDecisions::Id))
                    .col(uuid(GroupDecisions::GroupId))
                    .col(string_len(GroupDecisions::Title, 120))
                    .col(text(GroupDecisions::Proposal))
                    .col(timestamp_with_time_zone(GroupDecisions::ClosesAt))
                    .col(text_null(GroupDecisions::Outcome))
                    .col(timestamp_with_time_zone_null(GroupDecisions::OutcomeAt))
                    .col(uuid_null(GroupDecisions::CreatedBy))
                    .col(timestamp_with_time_zone(GroupDecisions::CreatedAt))
                    .foreign_key(&mut to_group(
                        "fk_group_decisions_group",
                        GroupDecisions::Table,
                        GroupDecisions::GroupId,
                    ))
                    .foreign_key(&mut fk(
                        "fk_group_decisions_creator",
                        GroupDecisions::Table,
                        GroupDecisions::CreatedBy,
                        Users::Table,
                        Users::Id,
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_group_decisions_group",
            GroupDecisions::Table,
            vec![
                GroupDecisions::GroupId.into_iden(),
                GroupDecisions::CreatedAt.into_iden(),
            ],
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(DecisionVotes::Table)
                    .col(uuid(DecisionVotes::DecisionId))
                    .col(uuid(DecisionVotes::UserId))
                    .col(string_len(DecisionVotes::Answer, 10))
                    .col(string_len_null(DecisionVotes::Reason, 1000))
                    .col(timestamp_with_time_zone(DecisionVotes::UpdatedAt))
                    .primary_key(
                        Index::create()
                            .name("pk_decision_votes")
                            .col(DecisionVotes::DecisionId)
                            .col(DecisionVotes::UserId),
                    )
                    .foreign_key(&mut fk(
                        "fk_decision_votes_decision",
                        DecisionVotes::Table,
                        DecisionVotes::DecisionId,
                        GroupDecisions::Table,
                        GroupDecisions::Id,
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut to_user(
                        "fk_decision_votes_user",
                        DecisionVotes::Table,
                        DecisionVotes::UserId,
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            DecisionVotes::Table.into_iden(),
            GroupDecisions::Table.into_iden(),
            MeetingRsvps::Table.into_iden(),
            GroupMeetings::Table.into_iden(),
            GroupTasks::Table.into_iden(),
            GroupLinks::Table.into_iden(),
            GroupInvitations::Table.into_iden(),
            GroupJoinRequests::Table.into_iden(),
            GroupMembers::Table.into_iden(),
            WorkingGroups::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum WorkingGroups {
    Table,
    Id,
    Name,
    Purpose,
    AreaId,
    Visibility,
    JoinPolicy,
    CalendarToken,
    MemberCount,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GroupMembers {
    Table,
    GroupId,
    UserId,
    Role,
    JoinedAt,
}

#[derive(DeriveIden)]
enum GroupJoinRequests {
    Table,
    Id,
    GroupId,
    UserId,
    Message,
    CreatedAt,
}

#[derive(DeriveIden)]
enum GroupInvitations {
    Table,
    Id,
    GroupId,
    Email,
    TokenHash,
    InvitedBy,
    CreatedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum GroupLinks {
    Table,
    GroupId,
    SubjectKind,
    SubjectId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum GroupTasks {
    Table,
    Id,
    GroupId,
    Title,
    Description,
    AssigneeId,
    DueOn,
    Status,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GroupMeetings {
    Table,
    Id,
    GroupId,
    Title,
    StartsAt,
    EndsAt,
    Place,
    OnlineUrl,
    Agenda,
    Minutes,
    Sequence,
    CancelledAt,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum MeetingRsvps {
    Table,
    MeetingId,
    UserId,
    Answer,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum GroupDecisions {
    Table,
    Id,
    GroupId,
    Title,
    Proposal,
    ClosesAt,
    Outcome,
    OutcomeAt,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum DecisionVotes {
    Table,
    DecisionId,
    UserId,
    Answer,
    Reason,
    UpdatedAt,
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
