//! Workers for the outbox. A change and its jobs commit together; workers claim
//! due jobs, run them, and record the outcome: done, retry later with capped
//! exponential backoff, or given up with the reason kept.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
pub use plein_storage::entities::jobs::Model as Job;
use uuid::Uuid;

use crate::{App, AppResult};

/// Why a job did not get done.
#[derive(Debug, Clone)]
pub struct JobError {
    pub message: String,
    /// Whether trying again can help (a service down) or not (a bad payload).
    pub retry: bool,
}

impl JobError {
    pub fn transient(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            retry: true,
        }
    }

    pub fn permanent(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            retry: false,
        }
    }
}

/// Runs the jobs of one kind.
#[async_trait::async_trait]
pub trait JobHandler: Send + Sync + 'static {
    /// The job kind this handler takes, such as `mail.send`.
    fn kind(&self) -> &'static str;

    /// How many jobs to hand over at once (a search index takes many).
    fn batch_size(&self) -> u64 {
        1
    }

    /// Runs a batch; answers one result per job, in the same order.
    async fn run(&self, jobs: &[Job]) -> Vec<Result<(), JobError>>;

    /// How this kind retries when it differs from the worker's settings.
    fn retry(&self) -> Option<Retry> {
        None
    }
}

/// A job kind's own retry pacing.
#[derive(Debug, Clone, Copy)]
pub struct Retry {
    /// The longest wait between two attempts.
    pub backoff_cap: Duration,
    /// Attempts before a job is given up.
    pub max_attempts: i32,
}

/// How workers pace themselves.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    /// How long a claimed job is leased before another worker may take it.
    pub lease: Duration,
    /// Attempts before a job is given up.
    pub max_attempts: i32,
    /// The first retry delay; each further attempt doubles it…
    pub backoff_base: Duration,
    /// …up to this.
    pub backoff_cap: Duration,
    /// How often an idle worker looks for work.
    pub poll_interval: Duration,
}

impl Default for WorkerSettings {
    fn default() -> Self {
        Self {
            lease: Duration::from_secs(120),
            max_attempts: 12,
            backoff_base: Duration::from_secs(5),
            backoff_cap: Duration::from_secs(3600),
            poll_interval: Duration::from_millis(500),
        }
    }
}

impl WorkerSettings {
    /// The delay before attempt `attempts + 1`: base · 2^(attempts−1), capped.
    pub fn backoff(&self, attempts: i32) -> Duration {
        let exponent = attempts.saturating_sub(1).clamp(0, 30) as u32;
        self.backoff_base
            .saturating_mul(2u32.saturating_pow(exponent))
            .min(self.backoff_cap)
    }
}

/// How often the worker drops rate-limit counters of windows that ended.
const HOUSEKEEPING: Duration = Duration::from_secs(600);

/// Runs the registered handlers over the outbox.
#[derive(Clone)]
pub struct Worker {
    app: App,
    handlers: Arc<HashMap<&'static str, Arc<dyn JobHandler>>>,
    settings: WorkerSettings,
}

impl Worker {
    pub fn new(app: App, handlers: Vec<Arc<dyn JobHandler>>, settings: WorkerSettings) -> Self {
        let handlers = handlers.into_iter().map(|h| (h.kind(), h)).collect();
        Self {
            app,
            handlers: Arc::new(handlers),
            settings,
        }
    }

    /// Claims and runs one batch per handler; answers how many jobs ran.
    pub async fn run_once(&self) -> AppResult<usize> {
        let mut ran = 0;
        for handler in self.handlers.values() {
            ran += self.run_kind(handler.as_ref()).await?;
        }
        Ok(ran)
    }

    async fn run_kind(&self, handler: &dyn JobHandler) -> AppResult<usize> {
        let now = self.app.now();
        let lease = chrono::Duration::from_std(self.settings.lease).unwrap_or_default();
        let txn = self.app.db.begin_write().await?;
        let jobs = plein_storage::jobs::claim(
            &txn,
            handler.kind(),
            handler.batch_size(),
            now,
            now + lease,
        )
        .await?;
        txn.commit().await?;
        if jobs.is_empty() {
            return Ok(0);
        }
        let results = handler.run(&jobs).await;
        let retry = handler.retry();
        for (job, result) in jobs.iter().zip(results) {
            self.record(job, result, retry).await?;
        }
        Ok(jobs.len())
    }

    async fn record(
        &self,
        job: &Job,
        result: Result<(), JobError>,
        retry: Option<Retry>,
    ) -> AppResult<()> {
        let now = self.app.now();
        let db = &self.app.db.conn;
        match result {
            Ok(()) => plein_storage::jobs::complete(db, job.id, now).await?,
            Err(err) => {
                let (cap, max_attempts) = match retry {
                    Some(retry) => (retry.backoff_cap, retry.max_attempts),
                    None => (self.settings.backoff_cap, self.settings.max_attempts),
                };
                let delay = self.settings.backoff(job.attempts).min(cap);
                let retry_at =
                    (err.retry && job.attempts < max_attempts).then(|| retry_time(now, delay));
                if retry_at.is_some() {
                    tracing::warn!(job_id = %job.id, kind = %job.kind, attempts = job.attempts, error = %err.message, "job failed; will retry");
                } else {
                    tracing::error!(job_id = %job.id, kind = %job.kind, attempts = job.attempts, error = %err.message, "job failed for good");
                }
                plein_storage::jobs::fail(db, job.id, &err.message, retry_at, now).await?;
            }
        }
        Ok(())
    }

    /// Runs until `shutdown` resolves, sleeping while there is nothing to do.
    pub async fn run_until(&self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut housekeeping = tokio::time::interval(HOUSEKEEPING);
        housekeeping.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            if futures::FutureExt::now_or_never(housekeeping.tick()).is_some() {
                match self.app.purge_rate_limits().await {
                    Ok(0) => {}
                    Ok(n) => {
                        tracing::debug!(buckets = n, "dropped rate-limit counters of past windows")
                    }
                    Err(err) => {
                        tracing::warn!(error = %err, "dropping old rate-limit counters failed")
                    }
                }
            }
            let idle = match self.run_once().await {
                Ok(ran) => ran == 0,
                Err(err) => {
                    tracing::error!(error = %err, detail = ?err, "outbox worker pass failed");
                    true
                }
            };
            if idle {
                tokio::select! {
                    () = &mut shutdown => return,
                    () = tokio::time::sleep(self.settings.poll_interval) => {}
                }
            }
        }
    }
}

fn retry_time(now: DateTime<Utc>, delay: Duration) -> DateTime<Utc> {
    now + chrono::Duration::from_std(delay).unwrap_or_else(|_| chrono::Duration::hours(1))
}

/// A job's state, for tests and operators.
pub async fn job(app: &App, id: Uuid) -> AppResult<Option<Job>> {
    Ok(plein_storage::jobs::find(&app.db.conn, id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        let settings = WorkerSettings::default();
        assert_eq!(settings.backoff(1), Duration::from_secs(5));
        assert_eq!(settings.backoff(2), Duration::from_secs(10));
        assert_eq!(settings.backoff(5), Duration::from_secs(80));
        assert_eq!(settings.backoff(40), Duration::from_secs(3600));
    }
}
