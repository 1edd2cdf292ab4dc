//! Ideas with their supports, revisions and status history; plans with
//! questions, answers and linked ideas; comment threads on any subject; and a
//! support threshold per area.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000020_ideas_plans_comments"
    }
}

fn index(name: &str, table: impl IntoIden, cols: &[&'static str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(Alias::new(*col));
    }
    index.to_owned()
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};

        // Supports at which an idea goes to review; inherited down the tree.
        manager
            .alter_table(
                Table::alter()
                    .table(Areas::Table)
                    .add_column(integer_null(Areas::SupportThreshold))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Ideas::Table)
                    .col(pk_uuid(Ideas::Id))
                    .col(uuid(Ideas::AuthorId))
                    .col(uuid(Ideas::AreaId))
                    .col(string_len(Ideas::Title, 120))
                    .col(text(Ideas::Body))
                    .col(json(Ideas::Tags))
                    .col(double_null(Ideas::Latitude))
                    .col(double_null(Ideas::Longitude))
                    .col(string_len(Ideas::Status, 20))
                    .col(integer(Ideas::SupportCount).default(0))
                    .col(integer(Ideas::CommentCount).default(0))
                    .col(timestamp_with_time_zone_null(Ideas::PublishedAt))
                    .col(timestamp_with_time_zone(Ideas::CreatedAt))
                    .col(timestamp_with_time_zone(Ideas::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_ideas_author",
                        (Ideas::Table, Ideas::AuthorId),
                        (Users::Table, Users::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_ideas_area",
                        (Ideas::Table, Ideas::AreaId),
                        (Areas::Table, Areas::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "ix_ideas_status_created",
                &["status", "created_at", "id"][..],
            ),
            ("ix_ideas_created", &["created_at", "id"][..]),
            ("ix_ideas_support_count", &["support_count", "id"][..]),
            ("ix_ideas_comment_count", &["comment_count", "id"][..]),
            ("ix_ideas_area", &["area_id"][..]),
            ("ix_ideas_author", &["author_id"][..]),
        ] {
            manager
                .create_index(index(name, Ideas::Table, cols))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(IdeaTags::Table)
                    .col(uuid(IdeaTags::IdeaId))
                    .col(string_len(IdeaTags::Tag, 30))
                    .primary_key(Index::create().col(IdeaTags::IdeaId).col(IdeaTags::Tag))
                    .foreign_key(&mut fk(
                        "fk_idea_tags_idea",
                        (IdeaTags::Table, IdeaTags::IdeaId),
                        (Ideas::Table, Ideas::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_idea_tags_tag",
                IdeaTags::Table,
                &["tag", "idea_id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(IdeaRevisions::Table)
                    .col(pk_uuid(IdeaRevisions::Id))
                    .col(uuid(IdeaRevisions::IdeaId))
                    .col(uuid(IdeaRevisions::EditorId))
                    .col(string_len(IdeaRevisions::Title, 120))
                    .col(text(IdeaRevisions::Body))
                    .col(json(IdeaRevisions::Tags))
                    .col(timestamp_with_time_zone(IdeaRevisions::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_idea_revisions_idea",
                        (IdeaRevisions::Table, IdeaRevisions::IdeaId),
                        (Ideas::Table, Ideas::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_idea_revisions_editor",
                        (IdeaRevisions::Table, IdeaRevisions::EditorId),
                        (Users::Table, Users::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_idea_revisions_idea",
                IdeaRevisions::Table,
                &["idea_id", "created_at"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(IdeaStatusChanges::Table)
                    .col(pk_uuid(IdeaStatusChanges::Id))
                    .col(uuid(IdeaStatusChanges::IdeaId))
                    // Null when the system made the change (a support threshold).
                    .col(uuid_null(IdeaStatusChanges::ActorId))
                    .col(string_len_null(IdeaStatusChanges::FromStatus, 20))
                    .col(string_len(IdeaStatusChanges::ToStatus, 20))
                    .col(text_null(IdeaStatusChanges::Reason))
                    .col(timestamp_with_time_zone(IdeaStatusChanges::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_idea_status_changes_idea",
                        (IdeaStatusChanges::Table, IdeaStatusChanges::IdeaId),
                        (Ideas::Table, Ideas::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_idea_status_changes_actor",
                        (IdeaStatusChanges::Table, IdeaStatusChanges::ActorId),
                        (Users::Table, Users::Id),
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_idea_status_changes_idea",
                IdeaStatusChanges::Table,
                &["idea_id", "created_at"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Supports::Table)
                    .col(uuid(Supports::IdeaId))
                    .col(uuid(Supports::UserId))
                    .col(timestamp_with_time_zone(Supports::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_supports_idea",
                        (Supports::Table, Supports::IdeaId),
                        (Ideas::Table, Ideas::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_supports_user",
                        (Supports::Table, Supports::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_supports_idea_user",
                    Supports::Table,
                    &["idea_id", "user_id"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_supports_user", Supports::Table, &["user_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Plans::Table)
                    .col(pk_uuid(Plans::Id))
                    .col(uuid(Plans::AuthorId))
                    .col(uuid(Plans::AreaId))
                    .col(string_len(Plans::Title, 120))
                    .col(text(Plans::Description))
                    .col(string_len(Plans::Status, 20))
                    .col(timestamp_with_time_zone(Plans::OpensAt))
                    .col(timestamp_with_time_zone(Plans::ClosesAt))
                    .col(text_null(Plans::OfficialResponse))
                    .col(timestamp_with_time_zone_null(Plans::RespondedAt))
                    .col(integer(Plans::CommentCount).default(0))
                    .col(integer(Plans::IdeaCount).default(0))
                    .col(timestamp_with_time_zone(Plans::CreatedAt))
                    .col(timestamp_with_time_zone(Plans::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_plans_author",
                        (Plans::Table, Plans::AuthorId),
                        (Users::Table, Users::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_plans_area",
                        (Plans::Table, Plans::AreaId),
                        (Areas::Table, Areas::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "ix_plans_status_created",
                &["status", "created_at", "id"][..],
            ),
            ("ix_plans_created", &["created_at", "id"][..]),
            ("ix_plans_idea_count", &["idea_count", "id"][..]),
            ("ix_plans_comment_count", &["comment_count", "id"][..]),
            ("ix_plans_area", &["area_id"][..]),
            ("ix_plans_author", &["author_id"][..]),
        ] {
            manager
                .create_index(index(name, Plans::Table, cols))
                .await?;
        }

        manager
            .create_table(
                Table::create()
                    .table(PlanQuestions::Table)
                    .col(pk_uuid(PlanQuestions::Id))
                    .col(uuid(PlanQuestions::PlanId))
                    .col(integer(PlanQuestions::Position))
                    .col(string_len(PlanQuestions::Prompt, 500))
                    .foreign_key(&mut fk(
                        "fk_plan_questions_plan",
                        (PlanQuestions::Table, PlanQuestions::PlanId),
                        (Plans::Table, Plans::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_plan_questions_plan",
                PlanQuestions::Table,
                &["plan_id", "position"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PlanAnswers::Table)
                    .col(pk_uuid(PlanAnswers::Id))
                    .col(uuid(PlanAnswers::QuestionId))
                    .col(uuid(PlanAnswers::UserId))
                    .col(text(PlanAnswers::Body))
                    .col(timestamp_with_time_zone(PlanAnswers::CreatedAt))
                    .col(timestamp_with_time_zone(PlanAnswers::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_plan_answers_question",
                        (PlanAnswers::Table, PlanAnswers::QuestionId),
                        (PlanQuestions::Table, PlanQuestions::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_plan_answers_user",
                        (PlanAnswers::Table, PlanAnswers::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_plan_answers_question_user",
                    PlanAnswers::Table,
                    &["question_id", "user_id"],
                )
                .unique()
                .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(PlanIdeas::Table)
                    .col(uuid(PlanIdeas::PlanId))
                    .col(uuid(PlanIdeas::IdeaId))
                    .col(uuid(PlanIdeas::LinkedBy))
                    .col(timestamp_with_time_zone(PlanIdeas::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_plan_ideas_plan",
                        (PlanIdeas::Table, PlanIdeas::PlanId),
                        (Plans::Table, Plans::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_plan_ideas_idea",
                        (PlanIdeas::Table, PlanIdeas::IdeaId),
                        (Ideas::Table, Ideas::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_plan_ideas_linked_by",
                        (PlanIdeas::Table, PlanIdeas::LinkedBy),
                        (Users::Table, Users::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_plan_ideas_plan_idea",
                    PlanIdeas::Table,
                    &["plan_id", "idea_id"],
                )
                .unique()
                .to_owned(),
            )
            .await?;
        manager
            .create_index(index("ix_plan_ideas_idea", PlanIdeas::Table, &["idea_id"]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Comments::Table)
                    .col(pk_uuid(Comments::Id))
                    // "idea", "plan", later "working_group": no foreign key, the
                    // use case checks the subject exists.
                    .col(string_len(Comments::SubjectKind, 30))
                    .col(uuid(Comments::SubjectId))
                    .col(uuid_null(Comments::ParentId))
                    .col(integer(Comments::Depth))
                    .col(uuid(Comments::AuthorId))
                    .col(text(Comments::Body))
                    .col(boolean(Comments::Official).default(false))
                    // The official answer given to this thread (root comments only).
                    .col(uuid_null(Comments::AnswerId))
                    .col(integer(Comments::AgreeCount).default(0))
                    .col(timestamp_with_time_zone(Comments::CreatedAt))
                    .col(timestamp_with_time_zone_null(Comments::EditedAt))
                    .col(timestamp_with_time_zone_null(Comments::DeletedAt))
                    .foreign_key(&mut fk(
                        "fk_comments_parent",
                        (Comments::Table, Comments::ParentId),
                        (Comments::Table, Comments::Id),
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_comments_author",
                        (Comments::Table, Comments::AuthorId),
                        (Users::Table, Users::Id),
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_comments_subject",
                Comments::Table,
                &[
                    "subject_kind",
                    "subject_id",
                    "parent_id",
                    "created_at",
                    "id",
                ],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_comments_parent",
                Comments::Table,
                &["parent_id", "created_at", "id"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CommentRevisions::Table)
                    .col(pk_uuid(CommentRevisions::Id))
                    .col(uuid(CommentRevisions::CommentId))
                    .col(text(CommentRevisions::Body))
                    .col(timestamp_with_time_zone(CommentRevisions::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_comment_revisions_comment",
                        (CommentRevisions::Table, CommentRevisions::CommentId),
                        (Comments::Table, Comments::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_comment_revisions_comment",
                CommentRevisions::Table,
                &["comment_id", "created_at"],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CommentReactions::Table)
                    .col(uuid(CommentReactions::CommentId))
                    .col(uuid(CommentReactions::UserId))
                    .col(string_len(CommentReactions::Kind, 20))
                    .col(timestamp_with_time_zone(CommentReactions::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_comment_reactions_comment",
                        (CommentReactions::Table, CommentReactions::CommentId),
                        (Comments::Table, Comments::Id),
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_comment_reactions_user",
                        (CommentReactions::Table, CommentReactions::UserId),
                        (Users::Table, Users::Id),
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index(
                    "uq_comment_reactions_comment_user",
                    CommentReactions::Table,
                    &["comment_id", "user_id"],
                )
                .unique()
                .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            CommentReactions::Table.into_iden(),
            CommentRevisions::Table.into_iden(),
            Comments::Table.into_iden(),
            PlanIdeas::Table.into_iden(),
            PlanAnswers::Table.into_iden(),
            PlanQuestions::Table.into_iden(),
            Plans::Table.into_iden(),
            Supports::Table.into_iden(),
            IdeaStatusChanges::Table.into_iden(),
            IdeaRevisions::Table.into_iden(),
            IdeaTags::Table.into_iden(),
            Ideas::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Areas::Table)
                    .drop_column(Areas::SupportThreshold)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Areas {
    Table,
    Id,
    SupportThreshold,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Ideas {
    Table,
    Id,
    AuthorId,
    AreaId,
    Title,
    Body,
    Tags,
    Latitude,
    Longitude,
    Status,
    SupportCount,
    CommentCount,
    PublishedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum IdeaTags {
    Table,
    IdeaId,
    Tag,
}

#[derive(DeriveIden)]
enum IdeaRevisions {
    Table,
    Id,
    IdeaId,
    EditorId,
    Title,
    Body,
    Tags,
    CreatedAt,
}

#[derive(DeriveIden)]
enum IdeaStatusChanges {
    Table,
    Id,
    IdeaId,
    ActorId,
    FromStatus,
    ToStatus,
    Reason,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Supports {
    Table,
    IdeaId,
    UserId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Plans {
    Table,
    Id,
    AuthorId,
    AreaId,
    Title,
    Description,
    Status,
    OpensAt,
    ClosesAt,
    OfficialResponse,
    RespondedAt,
    CommentCount,
    IdeaCount,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PlanQuestions {
    Table,
    Id,
    PlanId,
    Position,
    Prompt,
}

#[derive(DeriveIden)]
enum PlanAnswers {
    Table,
    Id,
    QuestionId,
    UserId,
    Body,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PlanIdeas {
    Table,
    PlanId,
    IdeaId,
    LinkedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Id,
    SubjectKind,
    SubjectId,
    ParentId,
    Depth,
    AuthorId,
    Body,
    Official,
    AnswerId,
    AgreeCount,
    CreatedAt,
    EditedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum CommentRevisions {
    Table,
    Id,
    CommentId,
    Body,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CommentReactions {
    Table,
    CommentId,
    UserId,
    Kind,
    CreatedAt,
}
