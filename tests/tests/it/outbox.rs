//! The outbox worker: retries with backoff, gives up with the reason kept,
//! and never runs a job twice when several workers claim side by side.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use plein_app::jobs::{Job, JobError, JobHandler, Worker, WorkerSettings};
use plein_tests::TestApp;
use plein_tests::serde_json::json;
use uuid::Uuid;

/// Fails the first `failures` attempts of every job, then succeeds; counts runs.
struct Flaky {
    failures: i32,
    permanent: bool,
    runs: Mutex<HashMap<Uuid, u32>>,
}

impl Flaky {
    fn new(failures: i32, permanent: bool) -> Arc<Self> {
        Arc::new(Self {
            failures,
            permanent,
            runs: Mutex::default(),
        })
    }

    fn runs(&self) -> HashMap<Uuid, u32> {
        self.runs.lock().expect("lock").clone()
    }
}

#[async_trait::async_trait]
impl JobHandler for Flaky {
    fn kind(&self) -> &'static str {
        "test.flaky"
    }

    fn batch_size(&self) -> u64 {
        7
    }

    async fn run(&self, jobs: &[Job]) -> Vec<Result<(), JobError>> {
        // Give other workers the chance to race for the same rows.
        tokio::time::sleep(Duration::from_millis(5)).await;
        let mut runs = self.runs.lock().expect("lock");
        jobs.iter()
            .map(|job| {
                *runs.entry(job.id).or_default() += 1;
                if job.attempts <= self.failures {
                    Err(if self.permanent {
                        JobError::permanent("the payload cannot be delivered")
                    } else {
                        JobError::transient("the service is down")
                    })
                } else {
                    Ok(())
                }
            })
            .collect()
    }
}

async fn enqueue(t: &TestApp, n: usize) -> Vec<Uuid> {
    let mut ids = Vec::new();
    for i in 0..n {
        let id = plein_storage::jobs::enqueue(
            &t.app.db.conn,
            "test.flaky",
            json!({ "n": i }),
            t.clock_now(),
        )
        .await
        .expect("enqueue");
        ids.push(id);
    }
    ids
}

#[tokio::test]
async fn a_failing_job_is_retried_with_backoff_until_it_succeeds() {
    let t = TestApp::spawn().await;
    let handler = Flaky::new(2, false);
    let worker = Worker::new(
        t.app.clone(),
        vec![handler.clone()],
        WorkerSettings::default(),
    );
    let [id] = enqueue(&t, 1).await[..] else {
        panic!("one job")
    };

    assert_eq!(worker.run_once().await.expect("run"), 1);
    let job = plein_app::jobs::job(&t.app, id)
        .await
        .expect("job")
        .expect("exists");
    assert_eq!(job.attempts, 1);
    assert_eq!(job.last_error.as_deref(), Some("the service is down"));
    assert!(job.done_at.is_none() && job.failed_at.is_none());

    // Not due yet: the first retry waits five seconds.
    assert_eq!(worker.run_once().await.expect("run"), 0);
    t.clock.advance(chrono::Duration::seconds(5));
    assert_eq!(worker.run_once().await.expect("run"), 1);
    // The second retry waits ten.
    t.clock.advance(chrono::Duration::seconds(9));
    assert_eq!(worker.run_once().await.expect("run"), 0);
    t.clock.advance(chrono::Duration::seconds(1));
    assert_eq!(worker.run_once().await.expect("run"), 1);

    let job = plein_app::jobs::job(&t.app, id)
        .await
        .expect("job")
        .expect("exists");
    assert_eq!(job.attempts, 3);
    assert!(job.done_at.is_some());
    assert!(job.last_error.is_none());
    assert_eq!(handler.runs()[&id], 3);
    assert_eq!(worker.run_once().await.expect("run"), 0);
}

#[tokio::test]
async fn a_permanent_failure_is_given_up_with_its_reason() {
    let t = TestApp::spawn().await;
    let handler = Flaky::new(100, true);
    let worker = Worker::new(
        t.app.clone(),
        vec![handler.clone()],
        WorkerSettings::default(),
    );
    let [id] = enqueue(&t, 1).await[..] else {
        panic!("one job")
    };
    worker.run_once().await.expect("run");
    let job = plein_app::jobs::job(&t.app, id)
        .await
        .expect("job")
        .expect("exists");
    assert!(job.failed_at.is_some());
    assert_eq!(
        job.last_error.as_deref(),
        Some("the payload cannot be delivered")
    );
    t.clock.advance(chrono::Duration::days(1));
    assert_eq!(worker.run_once().await.expect("run"), 0);
}

#[tokio::test]
async fn transient_failures_stop_after_the_last_attempt() {
    let t = TestApp::spawn().await;
    let handler = Flaky::new(100, false);
    let settings = WorkerSettings {
        max_attempts: 3,
        ..WorkerSettings::default()
    };
    let worker = Worker::new(t.app.clone(), vec![handler.clone()], settings);
    let [id] = enqueue(&t, 1).await[..] else {
        panic!("one job")
    };
    for _ in 0..3 {
        assert_eq!(worker.run_once().await.expect("run"), 1);
        t.clock.advance(chrono::Duration::hours(2));
    }
    assert_eq!(worker.run_once().await.expect("run"), 0);
    let job = plein_app::jobs::job(&t.app, id)
        .await
        .expect("job")
        .expect("exists");
    assert_eq!(job.attempts, 3);
    assert!(job.failed_at.is_some());
}

#[tokio::test]
async fn parallel_workers_run_every_job_exactly_once() {
    let t = TestApp::spawn().await;
    let handler = Flaky::new(0, false);
    let ids = enqueue(&t, 120).await;
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let worker = Worker::new(
            t.app.clone(),
            vec![handler.clone()],
            WorkerSettings::default(),
        );
        tasks.push(tokio::spawn(async move {
            while worker.run_once().await.expect("run") > 0 {}
        }));
    }
    for task in tasks {
        task.await.expect("worker");
    }
    let runs = handler.runs();
    assert_eq!(runs.len(), ids.len());
    assert!(
        runs.values().all(|n| *n == 1),
        "some job ran twice: {runs:?}"
    );
    assert!(
        plein_storage::jobs::pending(&t.app.db.conn, "test.flaky")
            .await
            .expect("pending")
            .is_empty()
    );
}

#[tokio::test]
async fn a_crashed_workers_jobs_are_taken_over_within_seconds() {
    let t = TestApp::spawn().await;
    let [id] = enqueue(&t, 1).await[..] else {
        panic!("one job")
    };
    let settings = WorkerSettings::default();
    assert!(settings.lease <= Duration::from_secs(15), "a short lease");
    // A worker claims the job and dies before recording anything.
    let now = t.clock_now();
    let lease = chrono::Duration::from_std(settings.lease).expect("lease");
    let claimed = plein_storage::jobs::claim(&t.app.db.conn, "test.flaky", 10, now, now + lease)
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 1);
    let handler = Flaky::new(0, false);
    let worker = Worker::new(t.app.clone(), vec![handler.clone()], settings.clone());
    assert_eq!(
        worker.run_once().await.expect("run"),
        0,
        "the lease still holds"
    );
    t.clock.advance(lease + chrono::Duration::seconds(1));
    assert_eq!(worker.run_once().await.expect("run"), 1);
    assert!(
        plein_app::jobs::job(&t.app, id)
            .await
            .expect("job")
            .expect("exists")
            .done_at
            .is_some()
    );
}

/// Holds every job until released, so a test can act while it runs.
struct Slow {
    started: tokio::sync::Notify,
    release: tokio::sync::Notify,
    runs: Mutex<u32>,
}

#[async_trait::async_trait]
impl JobHandler for Slow {
    fn kind(&self) -> &'static str {
        "test.flaky"
    }

    async fn run(&self, jobs: &[Job]) -> Vec<Result<(), JobError>> {
        *self.runs.lock().expect("lock") += 1;
        self.started.notify_one();
        self.release.notified().await;
        jobs.iter().map(|_| Ok(())).collect()
    }
}

#[tokio::test]
async fn a_living_worker_keeps_renewing_its_lease() {
    let t = TestApp::spawn().await;
    let [id] = enqueue(&t, 1).await[..] else {
        panic!("one job")
    };
    let settings = WorkerSettings {
        lease: Duration::from_millis(300),
        ..WorkerSettings::default()
    };
    let slow = Arc::new(Slow {
        started: tokio::sync::Notify::new(),
        release: tokio::sync::Notify::new(),
        runs: Mutex::new(0),
    });
    let busy = Worker::new(t.app.clone(), vec![slow.clone()], settings.clone());
    let running = tokio::spawn(async move { busy.run_once().await.expect("run") });
    slow.started.notified().await;

    // Well past the first lease; the heartbeat has renewed it meanwhile.
    t.clock.advance(chrono::Duration::seconds(2));
    tokio::time::sleep(Duration::from_millis(500)).await;
    let other = Worker::new(t.app.clone(), vec![slow.clone()], settings);
    assert_eq!(
        other.run_once().await.expect("run"),
        0,
        "a job still being worked on is not taken over"
    );

    slow.release.notify_one();
    assert_eq!(running.await.expect("worker"), 1);
    assert_eq!(*slow.runs.lock().expect("lock"), 1);
    assert!(
        plein_app::jobs::job(&t.app, id)
            .await
            .expect("job")
            .expect("exists")
            .done_at
            .is_some()
    );
}

/// The kinds of notification `token` holds, newest first.
async fn notification_kinds(t: &TestApp, token: &str) -> Vec<String> {
    let response = t
        .gql_as(
            Some(token),
            "{ myNotifications(first: 50) { edges { node { kind } } } }",
            json!({}),
        )
        .await;
    response.data()["myNotifications"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"]["kind"].as_str().expect("kind").to_owned())
        .collect()
}

#[tokio::test]
async fn jobs_queued_before_an_upgrade_in_todays_shape_still_run() {
    let t = TestApp::spawn().await;
    let admin = t.admin().await;
    let area = t.area(&admin, "Amstelveld", "MUNICIPALITY", None).await;
    let (resident, _) = t.register("bewoner@plein.test", "Bewoner").await;
    let (professional, professional_id) = t
        .user_with_role("pro@plein.test", plein_domain::Role::Professional)
        .await;
    let idea = t.idea(&resident, &area, "Meer bankjes").await;
    t.drain_notifications().await;
    t.drain_search().await;

    // Rows as the outbox holds them, written the way Plein wrote them before
    // each job kind had its own type (support wrote the first with `json!`).
    let db = &t.app.db.conn;
    let now = t.clock_now();
    let mut queued = Vec::new();
    for (kind, payload) in [
        (
            "idea.threshold_reached",
            json!({ "idea_id": idea, "area_id": area, "area_ids": [area],
                    "professional_ids": [professional_id], "support_count": 3, "threshold": 3 }),
        ),
        (
            "notify.event",
            json!({ "event": "idea_status_changed", "idea_id": idea, "actor_id": null,
                    "to": "under_review", "reason": "3 supports reached" }),
        ),
        ("search.index", json!({ "kind": "idea", "id": idea })),
    ] {
        let id = plein_storage::jobs::enqueue(db, kind, payload, now)
            .await
            .expect("enqueue");
        queued.push((kind, id));
    }
    assert!(t.drain_notifications().await >= 2);
    assert!(t.drain_search().await >= 1);

    for (kind, id) in queued {
        let job = plein_app::jobs::job(&t.app, id)
            .await
            .expect("job")
            .expect("exists");
        assert!(
            job.done_at.is_some() && job.failed_at.is_none() && job.last_error.is_none(),
            "{kind}: {job:?}"
        );
    }
    assert!(
        notification_kinds(&t, &professional)
            .await
            .contains(&"THRESHOLD_REACHED".to_owned())
    );
    assert!(
        notification_kinds(&t, &resident)
            .await
            .contains(&"IDEA_STATUS".to_owned())
    );
}

#[tokio::test]
async fn a_payload_that_does_not_read_as_its_job_fails_for_good() {
    let t = TestApp::spawn().await;
    let id = plein_storage::jobs::enqueue(
        &t.app.db.conn,
        "notify.event",
        json!({ "event": "no_such_event" }),
        t.clock_now(),
    )
    .await
    .expect("enqueue");
    t.drain_notifications().await;
    let job = plein_app::jobs::job(&t.app, id)
        .await
        .expect("job")
        .expect("exists");
    assert!(job.failed_at.is_some(), "{job:?}");
    assert_eq!(job.attempts, 1);
    assert!(
        job.last_error
            .as_deref()
            .is_some_and(|e| e.starts_with("unreadable notify.event job")),
        "{job:?}"
    );
}
