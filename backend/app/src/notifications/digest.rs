//! Daily and weekly digests. Each run is a job due at a fixed time (06:00 UTC
//! every day, and on Mondays for the weekly one) under an id made from that
//! time, so servers that schedule it side by side schedule it once. A run
//! queues one mail per person with what they have not been mailed yet and
//! want at that cadence, then schedules the next run.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc};
use plein_domain::{Cadence, NotificationKind};
use plein_storage::notifications;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::mail::NotificationMailJob;
use crate::jobs::{BackgroundJob, Claimed, Handler, JobError};
use crate::{App, AppResult};

/// The hour (UTC) digests go out.
const DIGEST_HOUR: u32 = 6;

/// The outbox job that runs one digest: `daily` or `weekly`, due at `due`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DigestRun {
    pub cadence: String,
    pub due: DateTime<Utc>,
}

impl BackgroundJob for DigestRun {
    const KIND: &'static str = "notify.digest";
}

fn period(cadence: Cadence) -> Duration {
    match cadence {
        Cadence::Weekly => Duration::days(7),
        _ => Duration::days(1),
    }
}

/// The first digest time of `cadence` strictly after `after`.
pub(crate) fn next_due(cadence: Cadence, after: DateTime<Utc>) -> DateTime<Utc> {
    let at = NaiveTime::from_hms_opt(DIGEST_HOUR, 0, 0).unwrap_or_default();
    let mut day = after.date_naive();
    loop {
        let candidate = day.and_time(at).and_utc();
        let weekday_ok = cadence != Cadence::Weekly || day.weekday() == chrono::Weekday::Mon;
        if candidate > after && weekday_ok {
            return candidate;
        }
        day = day.succ_opt().unwrap_or(day);
    }
}

/// The same id for the same run, whichever server schedules it.
fn run_id(cadence: Cadence, due: DateTime<Utc>) -> Uuid {
    let hash = Sha256::digest(format!("plein digest {cadence} {}", due.to_rfc3339()));
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&hash[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

impl App {
    /// Makes sure the next daily and weekly digests are scheduled. Safe to
    /// call from every server at every start.
    pub async fn schedule_digests(&self) -> AppResult<()> {
        let now = self.now();
        for cadence in [Cadence::Daily, Cadence::Weekly] {
            schedule(&self.db.conn, cadence, next_due(cadence, now), now).await?;
        }
        Ok(())
    }

    /// Runs the digest of `cadence` due at `due`: one mail job per person
    /// with notifications from the period before it that were not mailed
    /// yet and whose kind they want at this cadence. Answers how many mails.
    pub async fn run_digest(&self, cadence: Cadence, due: DateTime<Utc>) -> AppResult<usize> {
        let now = self.now();
        let txn = self.db.begin_write().await?;
        let pending = notifications::unmailed_between(&txn, due - period(cadence), due).await?;
        let mut by_user: BTreeMap<Uuid, Vec<_>> = BTreeMap::new();
        for row in pending {
            by_user.entry(row.user_id).or_default().push(row);
        }
        let users: Vec<Uuid> = by_user.keys().copied().collect();
        let mut stored: BTreeMap<Uuid, Vec<(NotificationKind, Cadence)>> = BTreeMap::new();
        for pref in notifications::preferences_of(&txn, &users).await? {
            stored
                .entry(pref.user_id)
                .or_default()
                .push((pref.kind, pref.cadence));
        }
        let mut mail_jobs = Vec::new();
        let mut mailed = Vec::new();
        for (user, rows) in by_user {
            let wanted: Vec<NotificationKind> =
                super::cadences(stored.get(&user).map(Vec::as_slice).unwrap_or_default())
                    .into_iter()
                    .filter(|p| p.cadence == cadence)
                    .map(|p| p.kind)
                    .collect();
            let ids: Vec<Uuid> = rows
                .iter()
                .filter(|n| wanted.contains(&n.kind))
                .map(|n| n.id)
                .collect();
            if ids.is_empty() {
                continue;
            }
            mailed.extend_from_slice(&ids);
            mail_jobs.push(NotificationMailJob {
                user_id: user,
                notification_ids: ids,
                digest: Some(cadence.as_str().to_owned()),
            });
        }
        let mails = mail_jobs.len();
        NotificationMailJob::enqueue_many(&mail_jobs, &txn, now).await?;
        notifications::mark_mailed(&txn, &mailed, now).await?;
        // The next run; after an outage, the next one still ahead.
        schedule(&txn, cadence, next_due(cadence, due.max(now)), now).await?;
        txn.commit().await?;
        tracing::info!(%cadence, %due, mails, "digest queued");
        Ok(mails)
    }
}

async fn schedule(
    db: &impl sea_orm::ConnectionTrait,
    cadence: Cadence,
    due: DateTime<Utc>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let run = DigestRun {
        cadence: cadence.as_str().to_owned(),
        due,
    };
    run.enqueue_once(db, run_id(cadence, due), due, now).await
}

/// Runs [`DigestRun`] jobs.
pub struct DigestHandler {
    pub app: App,
}

#[async_trait::async_trait]
impl Handler for DigestHandler {
    type Job = DigestRun;

    async fn run(&self, job: Claimed<DigestRun>) -> Result<(), JobError> {
        let cadence = job
            .job
            .cadence
            .parse::<Cadence>()
            .map_err(JobError::permanent)?;
        self.app
            .run_digest(cadence, job.job.due)
            .await
            .map(|_| ())
            .map_err(|e| JobError::transient(format!("digest failed: {e:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn daily_runs_at_six_and_weekly_on_mondays() {
        // 2026-12-01 is a Tuesday.
        let tuesday_noon = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
        assert_eq!(
            next_due(Cadence::Daily, tuesday_noon),
            Utc.with_ymd_and_hms(2026, 12, 2, 6, 0, 0).unwrap()
        );
        let early = Utc.with_ymd_and_hms(2026, 12, 1, 5, 0, 0).unwrap();
        assert_eq!(
            next_due(Cadence::Daily, early),
            Utc.with_ymd_and_hms(2026, 12, 1, 6, 0, 0).unwrap()
        );
        assert_eq!(
            next_due(Cadence::Weekly, tuesday_noon),
            Utc.with_ymd_and_hms(2026, 12, 7, 6, 0, 0).unwrap()
        );
        let six = Utc.with_ymd_and_hms(2026, 12, 2, 6, 0, 0).unwrap();
        assert!(next_due(Cadence::Daily, six) > six);
    }

    #[test]
    fn a_run_has_one_id_whoever_schedules_it() {
        let due = Utc.with_ymd_and_hms(2026, 12, 2, 6, 0, 0).unwrap();
        assert_eq!(run_id(Cadence::Daily, due), run_id(Cadence::Daily, due));
        assert_ne!(run_id(Cadence::Daily, due), run_id(Cadence::Weekly, due));
    }
}
