use sea_orm::{DbErr, SqlErr};

/// The unique constraints the application turns into field errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Constraint {
    UserEmail,
    AreaSlug,
    SessionToken,
    SupportIdeaUser,
    PlanIdea,
    PlanAnswer,
    CommentReaction,
    GroupInvitation,
    JoinRequest,
}

impl Constraint {
    const ALL: [Constraint; 9] = [
        Constraint::UserEmail,
        Constraint::AreaSlug,
        Constraint::SessionToken,
        Constraint::SupportIdeaUser,
        Constraint::PlanIdea,
        Constraint::PlanAnswer,
        Constraint::CommentReaction,
        Constraint::GroupInvitation,
        Constraint::JoinRequest,
    ];

    /// How PostgreSQL names it (the index name) and how SQLite does (table.column).
    fn names(self) -> (&'static str, &'static str) {
        match self {
            Constraint::UserEmail => ("uq_users_email", "users.email"),
            Constraint::AreaSlug => ("uq_areas_slug", "areas.slug"),
            Constraint::SessionToken => ("uq_sessions_token_hash", "sessions.token_hash"),
            Constraint::SupportIdeaUser => ("uq_supports_idea_user", "supports.idea_id"),
            Constraint::PlanIdea => ("uq_plan_ideas_plan_idea", "plan_ideas.plan_id"),
            Constraint::PlanAnswer => ("uq_plan_answers_question_user", "plan_answers.question_id"),
            Constraint::CommentReaction => (
                "uq_comment_reactions_comment_user",
                "comment_reactions.comment_id",
            ),
            Constraint::GroupInvitation => (
                "uq_group_invitations_group_email",
                "group_invitations.group_id",
            ),
            Constraint::JoinRequest => (
                "uq_group_join_requests_group_user",
                "group_join_requests.group_id",
            ),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("unique constraint {0:?} violated")]
    Unique(Constraint),
    #[error("row not found")]
    NotFound,
    #[error("database error: {0}")]
    Database(DbErr),
    /// The database has migrations this build does not know: a newer Plein
    /// upgraded it. Running on it could write what the newer schema forbids.
    #[error(
        "the database was upgraded by a newer version of Plein: it has migrations this \
         version does not know ({}); run that newer version, or restore the backup made \
         before the upgrade",
        .0.join(", ")
    )]
    NewerSchema(Vec<String>),
}

impl From<DbErr> for StorageError {
    fn from(err: DbErr) -> Self {
        if let Some(SqlErr::UniqueConstraintViolation(message)) = err.sql_err() {
            let found = Constraint::ALL.into_iter().find(|c| {
                let (pg, sqlite) = c.names();
                message.contains(pg) || message.contains(sqlite)
            });
            if let Some(constraint) = found {
                return StorageError::Unique(constraint);
            }
        }
        if matches!(err, DbErr::RecordNotFound(_) | DbErr::RecordNotUpdated) {
            return StorageError::NotFound;
        }
        StorageError::Database(err)
    }
}
