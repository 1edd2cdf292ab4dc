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
    /// The database could not be reached or is restarting: the connection
    /// broke, none could be made, or the server is shutting down or starting.
    /// Trying again shortly may succeed.
    #[error("database unavailable: {0}")]
    Unavailable(DbErr),
    /// The disk under the database is full: nothing was written.
    #[error("the database's disk is full: {0}")]
    DiskFull(DbErr),
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
        match failure(&err) {
            Failure::Unavailable => StorageError::Unavailable(err),
            Failure::DiskFull => StorageError::DiskFull(err),
            Failure::Other => StorageError::Database(err),
        }
    }
}

enum Failure {
    Unavailable,
    DiskFull,
    Other,
}

/// Sorts out the failures that are about the database server or its disk
/// rather than the statement.
fn failure(err: &DbErr) -> Failure {
    use sea_orm::RuntimeErr;
    use sea_orm::sqlx::Error as Sqlx;
    let runtime = match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => return Failure::Unavailable,
        DbErr::Exec(runtime) | DbErr::Query(runtime) => runtime,
        _ => return Failure::Other,
    };
    let RuntimeErr::SqlxError(sqlx) = runtime else {
        return Failure::Other;
    };
    match sqlx.as_ref() {
        Sqlx::Io(_)
        | Sqlx::Tls(_)
        | Sqlx::Protocol(_)
        | Sqlx::PoolTimedOut
        | Sqlx::PoolClosed
        | Sqlx::WorkerCrashed => Failure::Unavailable,
        Sqlx::Database(db) => {
            let code = db.code().unwrap_or_default();
            match code.as_ref() {
                // SQLite: SQLITE_FULL; PostgreSQL: disk_full.
                "13" | "53100" => Failure::DiskFull,
                // PostgreSQL: connection exceptions, the server shutting down
                // or starting (admin_shutdown, crash_shutdown,
                // cannot_connect_now), too many connections.
                c if c.starts_with("08") || c.starts_with("57P") || c == "53300" => {
                    Failure::Unavailable
                }
                _ if db.message().contains("database or disk is full") => Failure::DiskFull,
                _ => Failure::Other,
            }
        }
        _ => Failure::Other,
    }
}
