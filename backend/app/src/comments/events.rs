//! Live comment events. On SQLite everything runs in one process, so a tokio
//! broadcast channel carries them. On PostgreSQL the comment's transaction
//! sends a NOTIFY (delivered on commit, dropped on rollback) and every server
//! process LISTENs, so subscribers connected to any server hear of it.

use std::time::Duration;

use plein_domain::SubjectKind;
use plein_storage::Database;
use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, watch};
use uuid::Uuid;

use crate::{AppError, AppResult};

/// The PostgreSQL channel the events travel on.
pub const CHANNEL: &str = "plein_comments";

/// A comment was posted on a subject.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentEvent {
    pub subject_kind: SubjectKind,
    pub subject_id: Uuid,
    pub comment_id: Uuid,
}

/// The hub subscriptions listen on. Cheap to clone.
#[derive(Clone)]
pub struct CommentEvents {
    sender: broadcast::Sender<CommentEvent>,
    postgres: bool,
    /// True once the PostgreSQL listener is listening (at once on SQLite).
    ready: watch::Receiver<bool>,
}

impl CommentEvents {
    /// Starts the hub; on PostgreSQL this spawns the task that LISTENs.
    pub fn new(db: &Database) -> Self {
        let (sender, _) = broadcast::channel(1024);
        let postgres = db.backend() == DbBackend::Postgres;
        let (ready_tx, ready) = watch::channel(!postgres);
        if postgres {
            let pool = db.conn.get_postgres_connection_pool().clone();
            let sender = sender.clone();
            match tokio::runtime::Handle::try_current() {
                Ok(handle) => {
                    handle.spawn(listen(pool, sender, ready_tx));
                }
                Err(_) => tracing::error!("no runtime to listen for comment events on"),
            }
        }
        Self {
            sender,
            postgres,
            ready,
        }
    }

    /// A receiver of every event from now on. On PostgreSQL it first waits
    /// (briefly) until this process's LISTEN is in place, so a receiver that
    /// exists hears every comment committed after it was made.
    pub async fn subscribe(&self) -> broadcast::Receiver<CommentEvent> {
        let mut ready = self.ready.clone();
        let _ = tokio::time::timeout(Duration::from_secs(5), ready.wait_for(|r| *r)).await;
        self.sender.subscribe()
    }

    /// How many live subscriptions this process is feeding.
    pub fn subscribers(&self) -> usize {
        self.sender.receiver_count()
    }

    /// Called inside the comment's transaction.
    pub(crate) async fn announce(
        &self,
        txn: &impl ConnectionTrait,
        event: &CommentEvent,
    ) -> AppResult<()> {
        if self.postgres {
            let payload = serde_json::to_string(event).map_err(AppError::internal)?;
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), payload.into()],
            ))
            .await?;
        }
        Ok(())
    }

    /// Called after the transaction committed.
    pub(crate) fn committed(&self, event: CommentEvent) {
        if !self.postgres {
            // No receivers is fine: nobody is watching.
            let _ = self.sender.send(event);
        }
    }
}

async fn listen(
    pool: sea_orm::sqlx::PgPool,
    sender: broadcast::Sender<CommentEvent>,
    ready: watch::Sender<bool>,
) {
    let mut backoff = Duration::from_millis(100);
    loop {
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(listener) => listener,
            Err(err) => {
                if pool.is_closed() {
                    return;
                }
                tracing::warn!(error = %err, "cannot listen for comment events yet");
                tokio::time::sleep(backoff).await;
                backoff = (backoff * 2).min(Duration::from_secs(10));
                continue;
            }
        };
        if let Err(err) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %err, "LISTEN for comment events failed");
            tokio::time::sleep(backoff).await;
            continue;
        }
        let _ = ready.send(true);
        backoff = Duration::from_millis(100);
        loop {
            match listener.recv().await {
                Ok(notification) => {
                    match serde_json::from_str::<CommentEvent>(notification.payload()) {
                        Ok(event) => {
                            let _ = sender.send(event);
                        }
                        Err(err) => tracing::warn!(error = %err, "malformed comment event"),
                    }
                }
                Err(err) => {
                    if pool.is_closed() {
                        return;
                    }
                    tracing::warn!(error = %err, "lost the comment event listener; reconnecting");
                    break;
                }
            }
        }
    }
}
