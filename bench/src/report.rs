//! The Markdown report.

use std::fmt::Write;

use crate::load::Run;

pub struct SupportCheck {
    pub attempts: u64,
    pub rows_before: u64,
    pub rows_after: u64,
    pub mismatched_counts: u64,
    pub duplicates: u64,
}

pub struct Report<'a> {
    pub label: &'a str,
    pub url: &'a str,
    pub clients: usize,
    pub duration: u64,
    pub area: &'a str,
    /// What the budget scenarios ran on.
    pub budget_round: &'a str,
    pub runs: &'a [Run],
    pub statements: &'a [(&'static str, Option<f64>)],
    pub floor_statements: u64,
    pub rss_start: Memory,
    pub rss: &'a [(&'static str, Memory)],
    pub supports: &'a SupportCheck,
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

pub fn markdown(r: &Report<'_>) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "## Plein load test{}",
        if r.label.is_empty() {
            String::new()
        } else {
            format!(": {}", r.label)
        }
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Server {}, {} s per scenario, {} clients in the saturated runs, feed of the district {}.",
        r.url, r.duration, r.clients, r.area
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "Budget round: {}.", r.budget_round);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "| scenario | load | requests | failed | req/s | p50 ms | p95 ms | p99 ms |"
    );
    let _ = writeln!(
        out,
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for run in r.runs {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {:.0} | {:.2} | {:.2} | {:.2} |",
            run.name,
            run.mode,
            run.requests(),
            run.samples.failures,
            run.rps(),
            run.quantile_ms(0.50),
            run.quantile_ms(0.95),
            run.quantile_ms(0.99),
        );
    }
    let _ = writeln!(out);
    let failures: Vec<_> = r
        .runs
        .iter()
        .filter_map(|run| run.samples.first_failure.as_ref().map(|f| (run, f)))
        .collect();
    if !failures.is_empty() {
        let _ = writeln!(out, "First failure of each scenario that had one:");
        let _ = writeln!(out);
        for (run, why) in failures {
            let short: String = why.chars().take(300).collect();
            let _ = writeln!(
                out,
                "- {} ({}): `{}`",
                run.name,
                run.mode,
                short.replace('`', "'")
            );
        }
        let _ = writeln!(out);
    }
    let _ = writeln!(
        out,
        "SQL statements per request (counter delta over 100 sequential requests and what the outbox worker did for them, less the server's idle rate):"
    );
    let _ = writeln!(out);
    for (name, n) in r.statements {
        if let Some(n) = n {
            let _ = writeln!(out, "- {name}: {n:.2}");
        }
    }
    let _ = writeln!(
        out,
        "- feed SQL floor: {} statement{} per page",
        r.floor_statements,
        if r.floor_statements == 1 { "" } else { "s" }
    );
    let _ = writeln!(out);
    if let (Some(feed), Some(floor)) = (
        r.runs
            .iter()
            .find(|run| run.name == "feed" && run.mode == SEQUENTIAL),
        r.runs.iter().find(|run| run.name.starts_with("feed SQL")),
    ) {
        let _ = writeln!(
            out,
            "Feed p50, one client at a time, over the SQL floor's p50: {:.2}× ({:.2} ms against {:.2} ms).",
            feed.quantile_ms(0.5) / floor.quantile_ms(0.5).max(0.001),
            feed.quantile_ms(0.5),
            floor.quantile_ms(0.5)
        );
        let _ = writeln!(out);
    }
    let s = r.supports;
    let _ = writeln!(
        out,
        "Supports: {} requests (each person and idea twice, concurrently), {} new support rows; \
         {} ideas whose support count differs from their rows, {} duplicate pairs.",
        s.attempts,
        s.rows_after.saturating_sub(s.rows_before),
        s.mismatched_counts,
        s.duplicates
    );
    let _ = writeln!(out);
    let _ = write!(
        out,
        "Server RSS (of it not backed by a file: heap and stacks, without the mapped \
         search index): {} after signing in",
        r.rss_start
    );
    for (name, memory) in r.rss {
        let _ = write!(out, ", {memory} after {name}");
    }
    let _ = writeln!(out, ".");
    out
}

/// The mode of a run by one client, request after request.
pub const SEQUENTIAL: &str = "1 client";

/// The server's resident memory: all of it, and the part not backed by a file.
#[derive(Debug, Clone, Copy)]
pub struct Memory {
    pub rss: u64,
    pub anonymous: u64,
}

impl std::fmt::Display for Memory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", mib(self.rss), mib(self.anonymous))
    }
}
