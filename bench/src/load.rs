//! Running one scenario: closed loop (N clients back to back) or open loop
//! (a fixed rate, latency counted from when a request was due, so a slow
//! server cannot hide its queue).

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::{Mutex, Semaphore};

/// What one request came to.
pub enum Outcome {
    Ok,
    /// A transport error, a non-200 status, or a 200 carrying GraphQL errors.
    Failed(String),
}

#[derive(Default)]
pub struct Samples {
    pub micros: Vec<u64>,
    pub failures: u64,
    pub first_failure: Option<String>,
}

impl Samples {
    fn record(&mut self, took: Duration, outcome: Outcome) {
        self.micros.push(took.as_micros() as u64);
        if let Outcome::Failed(why) = outcome {
            self.failures += 1;
            self.first_failure.get_or_insert(why);
        }
    }
}

/// The result of a scenario.
pub struct Run {
    pub name: String,
    pub mode: String,
    pub elapsed: Duration,
    pub samples: Samples,
}

impl Run {
    pub fn requests(&self) -> u64 {
        self.samples.micros.len() as u64
    }
    pub fn rps(&self) -> f64 {
        self.requests() as f64 / self.elapsed.as_secs_f64()
    }
    /// The `q` quantile in milliseconds (exact: every sample is kept).
    pub fn quantile_ms(&self, q: f64) -> f64 {
        let mut sorted = self.samples.micros.clone();
        sorted.sort_unstable();
        if sorted.is_empty() {
            return 0.0;
        }
        let index = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len()) - 1;
        sorted[index] as f64 / 1000.0
    }
}

/// `clients` loops calling `request(n)` until `duration` has passed.
pub async fn closed<F, Fut>(name: &str, clients: usize, duration: Duration, request: F) -> Run
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Outcome> + Send,
{
    let request = Arc::new(request);
    let samples = Arc::new(Mutex::new(Samples::default()));
    let counter = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (request, samples, counter) = (request.clone(), samples.clone(), counter.clone());
        tasks.push(tokio::spawn(async move {
            let mut local = Samples::default();
            while started.elapsed() < duration {
                let n = counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let at = Instant::now();
                let outcome = request(n).await;
                local.record(at.elapsed(), outcome);
            }
            let mut all = samples.lock().await;
            all.micros.extend(local.micros);
            all.failures += local.failures;
            if all.first_failure.is_none() {
                all.first_failure = local.first_failure;
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    let elapsed = started.elapsed();
    let samples = std::mem::take(&mut *samples.lock().await);
    Run {
        name: name.to_owned(),
        mode: match clients {
            1 => crate::report::SEQUENTIAL.to_owned(),
            n => format!("{n} clients"),
        },
        elapsed,
        samples,
    }
}

/// `rate` requests a second for `duration`, at most `max_in_flight` at once.
pub async fn open<F, Fut>(
    name: &str,
    rate: u32,
    max_in_flight: usize,
    duration: Duration,
    request: F,
) -> Run
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Outcome> + Send + 'static,
{
    let request = Arc::new(request);
    let samples = Arc::new(Mutex::new(Samples::default()));
    let slots = Arc::new(Semaphore::new(max_in_flight));
    let interval = Duration::from_secs_f64(1.0 / f64::from(rate.max(1)));
    let total = (duration.as_secs_f64() * f64::from(rate)) as u64;
    let started = Instant::now();
    let mut tasks = Vec::with_capacity(total as usize);
    for n in 0..total {
        let due = started + interval * n as u32;
        tokio::time::sleep_until(due.into()).await;
        let Ok(permit) = slots.clone().acquire_owned().await else {
            break;
        };
        let (request, samples) = (request.clone(), samples.clone());
        tasks.push(tokio::spawn(async move {
            let outcome = request(n).await;
            let took = due.elapsed();
            drop(permit);
            samples.lock().await.record(took, outcome);
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    let elapsed = started.elapsed();
    let samples = std::mem::take(&mut *samples.lock().await);
    Run {
        name: name.to_owned(),
        mode: format!("{rate}/s offered"),
        elapsed,
        samples,
    }
}
