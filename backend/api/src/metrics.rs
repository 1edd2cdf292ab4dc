//! `/metrics`: what an operator graphs, in the Prometheus text format.
//! Requests are counted by a middleware around every route; the database,
//! outbox and search figures are read when the page is asked for.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::state::ApiState;

/// Upper bounds of the request duration buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];
const CLASSES: [&str; 5] = ["1xx", "2xx", "3xx", "4xx", "5xx"];

/// Request counters of this process.
struct Requests {
    by_class: [AtomicU64; 5],
    /// Cumulative, as Prometheus wants them: `le` each bound, then `+Inf`.
    buckets: [AtomicU64; BUCKETS.len() + 1],
    micros: AtomicU64,
    in_flight: AtomicU64,
}

static REQUESTS: Requests = Requests {
    by_class: [const { AtomicU64::new(0) }; 5],
    buckets: [const { AtomicU64::new(0) }; BUCKETS.len() + 1],
    micros: AtomicU64::new(0),
    in_flight: AtomicU64::new(0),
};

/// Counts every request and how long it took until its response started.
pub async fn count_requests(request: Request, next: Next) -> Response {
    let started = Instant::now();
    REQUESTS.in_flight.fetch_add(1, Ordering::Relaxed);
    let response = next.run(request).await;
    REQUESTS.in_flight.fetch_sub(1, Ordering::Relaxed);
    let took = started.elapsed();
    let class = (response.status().as_u16() / 100).clamp(1, 5) as usize - 1;
    REQUESTS.by_class[class].fetch_add(1, Ordering::Relaxed);
    let seconds = took.as_secs_f64();
    let bucket = BUCKETS
        .iter()
        .position(|bound| seconds <= *bound)
        .unwrap_or(BUCKETS.len());
    for counter in &REQUESTS.buckets[bucket..] {
        counter.fetch_add(1, Ordering::Relaxed);
    }
    REQUESTS
        .micros
        .fetch_add(took.as_micros() as u64, Ordering::Relaxed);
    response
}

fn metric(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} {kind}");
}

pub async fn metrics_page(State(state): State<ApiState>) -> Response {
    let mut out = String::new();
    metric(
        &mut out,
        "plein_http_requests_total",
        "counter",
        "HTTP requests answered since start, by status class.",
    );
    for (class, counter) in CLASSES.iter().zip(&REQUESTS.by_class) {
        let _ = writeln!(
            out,
            "plein_http_requests_total{{status=\"{class}\"}} {}",
            counter.load(Ordering::Relaxed)
        );
    }
    metric(
        &mut out,
        "plein_http_requests_in_flight",
        "gauge",
        "HTTP requests being answered now.",
    );
    let _ = writeln!(
        out,
        "plein_http_requests_in_flight {}",
        REQUESTS.in_flight.load(Ordering::Relaxed)
    );
    metric(
        &mut out,
        "plein_http_request_duration_seconds",
        "histogram",
        "Time until the response started.",
    );
    for (bound, counter) in BUCKETS.iter().zip(&REQUESTS.buckets) {
        let _ = writeln!(
            out,
            "plein_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {}",
            counter.load(Ordering::Relaxed)
        );
    }
    let total = REQUESTS.buckets[BUCKETS.len()].load(Ordering::Relaxed);
    let _ = writeln!(
        out,
        "plein_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {total}\n\
         plein_http_request_duration_seconds_sum {}\n\
         plein_http_request_duration_seconds_count {total}",
        REQUESTS.micros.load(Ordering::Relaxed) as f64 / 1e6
    );

    let app = &state.app;
    metric(
        &mut out,
        "plein_sql_statements_total",
        "counter",
        "SQL statements run since start.",
    );
    let _ = writeln!(
        out,
        "plein_sql_statements_total {}",
        app.db.statements.get()
    );
    let database_up = app.db.ping().await;
    metric(
        &mut out,
        "plein_database_up",
        "gauge",
        "1 when the database answers.",
    );
    let _ = writeln!(out, "plein_database_up {}", u8::from(database_up));
    let (open, idle) = app.db.pool_size();
    metric(
        &mut out,
        "plein_database_connections",
        "gauge",
        "Connections in this server's pool, by state.",
    );
    let _ = writeln!(
        out,
        "plein_database_connections{{state=\"idle\"}} {idle}\n\
         plein_database_connections{{state=\"busy\"}} {}",
        (open as usize).saturating_sub(idle)
    );

    if database_up {
        match app.outbox_stats().await {
            Ok(stats) => {
                metric(
                    &mut out,
                    "plein_outbox_jobs",
                    "gauge",
                    "Outbox jobs by kind: waiting (due or scheduled for later), due now, failed for good.",
                );
                for kind in &stats {
                    for (state, count) in [
                        ("waiting", kind.waiting),
                        ("due", kind.due),
                        ("failed", kind.failed),
                    ] {
                        let _ = writeln!(
                            out,
                            "plein_outbox_jobs{{kind=\"{}\",state=\"{state}\"}} {count}",
                            kind.kind
                        );
                    }
                }
                metric(
                    &mut out,
                    "plein_outbox_oldest_due_seconds",
                    "gauge",
                    "Age of the oldest job that is due and not done (0 when none).",
                );
                let oldest = stats
                    .iter()
                    .map(|kind| kind.oldest_due_seconds)
                    .max()
                    .unwrap_or(0);
                let _ = writeln!(out, "plein_outbox_oldest_due_seconds {oldest}");
            }
            Err(err) => tracing::warn!(error = %err, "outbox figures for /metrics failed"),
        }
    }

    if let Some(index) = &app.search {
        metric(
            &mut out,
            "plein_search_up",
            "gauge",
            "1 when the search index answers.",
        );
        let _ = writeln!(
            out,
            "plein_search_up{{engine=\"{}\"}} {}",
            index.name(),
            u8::from(index.health().await)
        );
        let (answered, failed, seconds) = app.search_stats.get();
        metric(
            &mut out,
            "plein_search_queries_total",
            "counter",
            "Searches since start, by outcome.",
        );
        let _ = writeln!(
            out,
            "plein_search_queries_total{{engine=\"{engine}\",outcome=\"answered\"}} {answered}\n\
             plein_search_queries_total{{engine=\"{engine}\",outcome=\"failed\"}} {failed}",
            engine = index.name()
        );
        metric(
            &mut out,
            "plein_search_query_seconds_total",
            "counter",
            "Time spent in searches since start.",
        );
        let _ = writeln!(
            out,
            "plein_search_query_seconds_total{{engine=\"{}\"}} {seconds}",
            index.name()
        );
    }

    if let Some((rss, anon)) = resident_bytes() {
        metric(
            &mut out,
            "process_resident_memory_bytes",
            "gauge",
            "Resident memory size in bytes.",
        );
        let _ = writeln!(out, "process_resident_memory_bytes {rss}");
        metric(
            &mut out,
            "plein_resident_anonymous_memory_bytes",
            "gauge",
            "Resident memory not backed by a file (the heap, without the mapped search index).",
        );
        let _ = writeln!(out, "plein_resident_anonymous_memory_bytes {anon}");
    }
    if let Ok(entries) = std::fs::read_dir("/proc/self/fd") {
        metric(
            &mut out,
            "process_open_fds",
            "gauge",
            "Open file descriptors (files and sockets).",
        );
        let _ = writeln!(out, "process_open_fds {}", entries.count());
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}

/// This process's resident memory, all of it and the part not backed by a
/// file, where `/proc` tells it (Linux).
fn resident_bytes() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kb * 1024)
    };
    Some((field("VmRSS:")?, field("RssAnon:")?))
}
