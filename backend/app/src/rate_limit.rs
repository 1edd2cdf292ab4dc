use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

use crate::{Actor, App, AppError, AppResult};

/// At most `max` hits per `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

impl Limit {
    pub const fn new(max: u32, window: Duration) -> Self {
        Self { max, window }
    }

    /// The bucket key for `subject` in the window that holds `now`, and when
    /// that window ends. Fixed windows keep the state to one row per subject.
    fn bucket(&self, subject: &str, now: DateTime<Utc>) -> (String, DateTime<Utc>) {
        let secs = self.window.as_secs().max(1) as i64;
        let index = now.timestamp().div_euclid(secs);
        let ends = DateTime::from_timestamp((index + 1) * secs, 0).unwrap_or(now);
        (format!("{subject}:{index}"), ends)
    }

    /// Counts one hit; fails with `RATE_LIMITED` when it goes over the limit.
    pub async fn hit(
        &self,
        db: &impl ConnectionTrait,
        subject: &str,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        hit_each(db, &[(*self, subject)], now).await
    }

    /// Takes back the hit counted at `now` for `subject`: the attempt it
    /// stood for succeeded (a correct password), so it uses up nothing.
    pub async fn take_back(
        &self,
        db: &impl ConnectionTrait,
        subject: &str,
        now: DateTime<Utc>,
    ) -> AppResult<()> {
        let (key, _) = self.bucket(subject, now);
        plein_storage::rate_limits::take_back(db, &key).await?;
        Ok(())
    }
}

/// Counts one hit against each `(limit, subject)` in one statement; fails
/// with `RATE_LIMITED` when any of them goes over, asking to wait for the
/// last of those windows to end.
pub async fn hit_each(
    db: &impl ConnectionTrait,
    hits: &[(Limit, &str)],
    now: DateTime<Utc>,
) -> AppResult<()> {
    let buckets: Vec<_> = hits
        .iter()
        .map(|(limit, subject)| limit.bucket(subject, now))
        .collect();
    let counts = plein_storage::rate_limits::hit_many(db, &buckets).await?;
    let over = hits
        .iter()
        .zip(&buckets)
        .zip(counts)
        .filter(|(((limit, _), _), hits)| *hits > limit.max as i32)
        .map(|((_, (_, ends)), _)| *ends)
        .max();
    match over {
        Some(ends) => Err(retry_at(ends, now)),
        None => Ok(()),
    }
}

fn retry_at(ends: DateTime<Utc>, now: DateTime<Utc>) -> AppError {
    let secs = (ends - now).num_seconds().max(1) as u64;
    AppError::RateLimited {
        retry_after: Duration::from_secs(secs),
    }
}

impl App {
    /// Drops the counters of windows that ended; answers how many.
    pub async fn purge_rate_limits(&self) -> AppResult<u64> {
        Ok(plein_storage::rate_limits::purge_expired(&self.db.conn, self.now()).await?)
    }

    /// Counts one content write against the signed-in person and against the
    /// client address; fails with `RATE_LIMITED` once either is over its
    /// limit. Every content-writing use case calls this after its permission
    /// check, before it opens its transaction.
    pub(crate) async fn count_write(&self, actor: &Actor) -> AppResult<()> {
        let now = self.now();
        let client = format!(
            "write:client:{}",
            actor.client.addr.as_deref().unwrap_or("unknown")
        );
        let user = actor
            .user
            .as_ref()
            .map(|user| format!("write:user:{}", user.id));
        let mut hits = vec![(self.settings.writes_per_client, client.as_str())];
        if let Some(user) = &user {
            hits.push((self.settings.writes_per_user, user.as_str()));
        }
        hit_each(&self.db.conn, &hits, now).await
    }
}
