//! Workers for the outbox. A change and its jobs commit together; workers claim
//! due jobs, run them, and record the outcome: done, retry later with capped
//! exponential backoff, or given up with the reason kept.
//!
//! Each kind of job is one type ([`BackgroundJob`]): its stored `kind` and its
//! payload together, enqueued through the type and run by the [`Handler`] of
//! that type, which gets the payload already read back.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
pub use plein_storage::entities::jobs::Model as Job;
use sea_orm::ConnectionTrait;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;

use crate::{App, AppError, AppResult};

/// One kind of outbox job: the value is the job's payload, stored as JSON
/// under [`Self::KIND`]. Jobs already queued keep running after an upgrade,
/// so the kind and the payload's JSON shape never change once released.
pub trait BackgroundJob: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The stored `kind`, such as `mail.account`.
    const KIND: &'static str;

    /// Queues this job in the caller's transaction, to run at once.
    fn enqueue<C: ConnectionTrait>(
        &self,
        db: &C,
        now: DateTime<Utc>,
    ) -> impl Future<Output = AppResult<Uuid>> + Send {
        let payload = self.payload();
        async move { Ok(plein_storage::jobs::enqueue(db, Self::KIND, payload?, now).await?) }
    }

    /// Queues this job in the caller's transaction, to run from `run_after`.
    fn enqueue_at<C: ConnectionTrait>(
        &self,
        db: &C,
        run_after: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> impl Future<Output = AppResult<Uuid>> + Send {
        let payload = self.payload();
        async move {
            Ok(plein_storage::jobs::enqueue_at(db, Self::KIND, payload?, run_after, now).await?)
        }
    }

    /// Queues this job under a chosen id to run from `run_after`; when a job
    /// with that id exists already (another server queued it), nothing changes.
    fn enqueue_once<C: ConnectionTrait>(
        &self,
        db: &C,
        id: Uuid,
        run_after: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> impl Future<Output = AppResult<()>> + Send {
        let payload = self.payload();
        async move {
            plein_storage::jobs::enqueue_once(db, id, Self::KIND, payload?, run_after, now).await?;
            Ok(())
        }
    }

    /// Queues many jobs of this kind at once, to run at once.
    fn enqueue_many<C: ConnectionTrait>(
        jobs: &[Self],
        db: &C,
        now: DateTime<Utc>,
    ) -> impl Future<Output = AppResult<()>> + Send {
        let payloads: AppResult<Vec<serde_json::Value>> =
            jobs.iter().map(BackgroundJob::payload).collect();
        async move {
            plein_storage::jobs::enqueue_many(db, Self::KIND, payloads?, now).await?;
            Ok(())
        }
    }

    /// The payload as stored.
    fn payload(&self) -> AppResult<serde_json::Value> {
        serde_json::to_value(self).map_err(AppError::internal)
    }
}

/// One claimed job of type `J`, its payload read back.
#[derive(Debug, Clone)]
pub struct Claimed<J> {
    /// The outbox row's id (an event's fan-out keys its notifications on it).
    pub id: Uuid,
    pub job: J,
}

/// Runs the jobs of one [`BackgroundJob`] type. The worker reads each payload
/// as `Self::Job` first: a payload that can't be read fails for good, without
/// reaching the handler.
#[async_trait::async_trait]
pub trait Handler: Send + Sync + 'static {
    type Job: BackgroundJob;

    /// How many jobs to hand over at once (a search index takes many).
    fn batch_size(&self) -> u64 {
        1
    }

    /// How this kind retries when it differs from the worker's settings.
    fn retry(&self) -> Option<Retry> {
        None
    }

    /// Whether [`Self::run_batch`] does better than one job after another (a
    /// search index writes a batch at once). When not, the worker hands the
    /// claimed jobs over one at a time and records each outcome as it comes,
    /// so a crash halfway repeats at most the job that was running: a mail
    /// already sent is marked done before the next one goes out.
    fn batched(&self) -> bool {
        false
    }

    /// Runs one job.
    async fn run(&self, job: Claimed<Self::Job>) -> Result<(), JobError>;

    /// Runs a batch; answers one result per job, in the same order. One by
    /// one unless the handler does better.
    async fn run_batch(&self, jobs: Vec<Claimed<Self::Job>>) -> Vec<Result<(), JobError>> {
        let mut results = Vec::with_capacity(jobs.len());
        for job in jobs {
            results.push(Handler::run(self, job).await);
        }
        results
    }
}

#[async_trait::async_trait]
impl<H: Handler> JobHandler for H {
    fn kind(&self) -> &'static str {
        H::Job::KIND
    }

    fn batch_size(&self) -> u64 {
        Handler::batch_size(self)
    }

    fn retry(&self) -> Option<Retry> {
        Handler::retry(self)
    }

    fn batched(&self) -> bool {
        Handler::batched(self)
    }

    async fn run(&self, jobs: &[Job]) -> Vec<Result<(), JobError>> {
        let mut results: Vec<Option<Result<(), JobError>>> = Vec::with_capacity(jobs.len());
        let mut readable = Vec::with_capacity(jobs.len());
        for row in jobs {
            match serde_json::from_value::<H::Job>(row.payload.clone()) {
                Ok(job) => {
                    readable.push(Claimed { id: row.id, job });
                    results.push(None);
                }
                Err(err) => results.push(Some(Err(JobError::permanent(format!(
                    "unreadable {} job: {err}",
                    H::Job::KIND
                ))))),
            }
        }
        let mut ran = self.run_batch(readable).await.into_iter();
        results
            .into_iter()
            .map(|result| {
                result.unwrap_or_else(|| {
                    ran.next().unwrap_or_else(|| {
                        Err(JobError::transient("the handler answered too few results"))
                    })
                })
            })
            .collect()
    }
}

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

/// Runs the stored rows of one kind, as the worker holds them. Every
/// [`Handler`] is one; implement this directly only for rows without a type.
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

    /// Whether the whole claimed batch goes to [`Self::run`] at once; when
    /// not, the worker passes one job at a time and records each outcome
    /// before the next starts.
    fn batched(&self) -> bool {
        true
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
    /// The worker renews the lease while a handler works (every third of
    /// it), so a short lease only matters when a worker dies: its jobs are
    /// taken over by another worker once the lease runs out.
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
            lease: Duration::from_secs(15),
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
        let ids: Vec<Uuid> = jobs.iter().map(|job| job.id).collect();
        let work = async {
            let retry = handler.retry();
            if handler.batched() {
                let results = handler.run(&jobs).await;
                for (job, result) in jobs.iter().zip(results) {
                    self.record(job, result, retry).await?;
                }
            } else {
                for job in &jobs {
                    let result = handler
                        .run(std::slice::from_ref(job))
                        .await
                        .into_iter()
                        .next()
                        .unwrap_or_else(|| {
                            Err(JobError::transient("the handler answered no result"))
                        });
                    self.record(job, result, retry).await?;
                }
            }
            AppResult::Ok(())
        };
        tokio::select! {
            done = work => done?,
            never = self.heartbeat(&ids) => match never {},
        }
        Ok(jobs.len())
    }

    /// Renews the lease of the claimed jobs `ids` not yet recorded, every
    /// third of the lease, for as long as the handler works on them.
    async fn heartbeat(&self, ids: &[Uuid]) -> std::convert::Infallible {
        let every = (self.settings.lease / 3).max(Duration::from_millis(100));
        let lease = chrono::Duration::from_std(self.settings.lease).unwrap_or_default();
        loop {
            tokio::time::sleep(every).await;
            let now = self.app.now();
            if let Err(err) = plein_storage::jobs::renew(&self.app.db.conn, ids, now + lease).await
            {
                tracing::warn!(error = %err, "renewing the lease of running jobs failed");
            }
        }
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
    /// A pass under way when it resolves finishes and records its jobs first.
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
            // Stops between passes: the jobs of the last pass are recorded.
            if futures::FutureExt::now_or_never(&mut shutdown).is_some() {
                return;
            }
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
    use serde_json::{Value, json};

    /// Reads `stored` as `J` and writes it back: the same JSON, under `kind`.
    fn same_shape<J: BackgroundJob + std::fmt::Debug>(kind: &str, stored: Value) {
        assert_eq!(J::KIND, kind);
        let job: J = serde_json::from_value(stored.clone())
            .unwrap_or_else(|e| panic!("{kind}: {stored} does not read: {e}"));
        assert_eq!(job.payload().expect("payload"), stored, "{kind}: {job:?}");
    }

    // Jobs queued before an upgrade run after it: these are the kinds and
    // payloads as stored today, and must stay readable as they are.
    #[test]
    fn stored_kinds_and_payloads_keep_their_shape() {
        let id = "0190b8a2-6a3c-7cc1-9d2e-3f4a5b6c7d8e";
        let other = "0190b8a2-6a3c-7cc1-9d2e-3f4a5b6c7d8f";
        same_shape::<crate::accounts::AccountMailJob>(
            "mail.account",
            json!({ "purpose": "change_email", "user_id": id, "new_email": "a@example.nl" }),
        );
        same_shape::<crate::groups::InvitationMailJob>(
            "mail.group_invitation",
            json!({ "invitation_id": id }),
        );
        same_shape::<crate::mandates::MandateMailJob>(
            "mail.mandate_granted",
            json!({ "mandate_id": id }),
        );
        same_shape::<crate::notifications::NotificationMailJob>(
            "notify.mail",
            json!({ "user_id": id, "notification_ids": [other], "digest": "daily" }),
        );
        same_shape::<crate::notifications::DigestRun>(
            "notify.digest",
            json!({ "cadence": "weekly", "due": "2026-12-07T06:00:00Z" }),
        );
        same_shape::<crate::notifications::Event>(
            "notify.event",
            json!({ "event": "idea_status_changed", "idea_id": id, "actor_id": null,
                    "to": "under_review", "reason": "3 supports reached" }),
        );
        same_shape::<crate::ideas::ThresholdReachedJob>(
            "idea.threshold_reached",
            json!({ "idea_id": id, "area_id": other, "area_ids": [other, id],
                    "professional_ids": [id], "support_count": 3, "threshold": 3 }),
        );
        same_shape::<crate::search::SearchIndexJob>(
            "search.index",
            json!({ "kind": "group", "id": id }),
        );
        same_shape::<crate::search::SearchScopeJob>(
            "search.index_scope",
            json!({ "scope": { "author": id } }),
        );
        same_shape::<crate::search::SearchScopeJob>(
            "search.index_scope",
            json!({ "scope": { "area_path": format!("/{id}/") } }),
        );
    }

    #[test]
    fn optional_fields_may_be_missing_as_older_writers_left_them() {
        let id = "0190b8a2-6a3c-7cc1-9d2e-3f4a5b6c7d8e";
        let mail: crate::accounts::AccountMailJob =
            serde_json::from_value(json!({ "purpose": "sign_in", "user_id": id })).expect("reads");
        assert!(mail.new_email.is_none());
        let threshold: crate::ideas::ThresholdReachedJob =
            serde_json::from_value(json!({ "idea_id": id, "threshold": 5 })).expect("reads");
        assert!(threshold.professional_ids.is_empty());
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let settings = WorkerSettings::default();
        assert_eq!(settings.backoff(1), Duration::from_secs(5));
        assert_eq!(settings.backoff(2), Duration::from_secs(10));
        assert_eq!(settings.backoff(5), Duration::from_secs(80));
        assert_eq!(settings.backoff(40), Duration::from_secs(3600));
    }
}
