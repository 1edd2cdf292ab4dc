//! Times the count of a large budget round: Plein's Method of Equal Shares
//! with completion and greedy, against pabutools on the same `.pb` file.
//!
//!   cargo run --release -p plein-bench --bin budget-count -- \
//!       [--ballots 100000] [--projects 100] [--runs 5] [--seed 21] \
//!       [--pabutools .venv-pabutools/bin/python] [--out target/budget-count.pb]
//!
//! The round: approval ballots of 1–10 projects, popularity skewed (the k-th
//! project is about 1/k as popular as the first), costs €5,000–€250,000,
//! budget €1,000,000. Prints a Markdown table.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use plein_domain::budget::{Ballot, BallotKind, Instance, Project, Rule, count, pabulib};

#[derive(Parser)]
struct Args {
    #[arg(long, default_value_t = 100_000)]
    ballots: usize,
    #[arg(long, default_value_t = 100)]
    projects: usize,
    #[arg(long, default_value_t = 5)]
    runs: usize,
    #[arg(long, default_value_t = 21)]
    seed: u64,
    /// A Python with pabutools (scripts/pabutools-venv.sh); leave out to skip.
    #[arg(long, env = "PLEIN_PABUTOOLS")]
    pabutools: Option<PathBuf>,
    #[arg(long, default_value = "target/budget-count.pb")]
    out: PathBuf,
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

fn generate(args: &Args) -> Instance {
    let mut rng = Rng(args.seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let projects: Vec<Project> = (0..args.projects)
        .map(|i| Project {
            key: format!("{}", i + 1),
            // €5,000 – €250,000 in whole hundreds of euros.
            cost: rng.range(50, 2500) as i64 * 100 * 100,
        })
        .collect();
    // Popularity: weight 1/k, as integers.
    let weights: Vec<u64> = (0..args.projects)
        .map(|i| 1_000_000 / (i as u64 + 1))
        .collect();
    let total: u64 = weights.iter().sum();
    let ballots = (0..args.ballots)
        .map(|_| {
            let len = rng.range(1, 10u64.min(args.projects as u64)) as usize;
            let mut chosen: Vec<usize> = Vec::with_capacity(len);
            while chosen.len() < len {
                let mut r = rng.next() % total;
                let mut pick = 0;
                for (i, &w) in weights.iter().enumerate() {
                    if r < w {
                        pick = i;
                        break;
                    }
                    r -= w;
                }
                if !chosen.contains(&pick) {
                    chosen.push(pick);
                }
            }
            Ballot::Approval(chosen)
        })
        .collect();
    Instance {
        budget: 1_000_000 * 100,
        projects,
        ballots,
    }
}

/// The CPU time this thread has used so far (Linux: /proc/thread-self/schedstat,
/// in nanoseconds), so a count can be timed on a machine others also use.
fn thread_cpu() -> Option<Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = text.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn funded_ids(instance: &Instance, rule: Rule) -> Vec<String> {
    let mut ids: Vec<String> = count(instance, rule)
        .funded()
        .into_iter()
        .map(|p| instance.projects[p].key.clone())
        .collect();
    ids.sort();
    ids
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let instance = generate(&args);
    eprintln!(
        "{} ballots over {} projects, budget €1,000,000",
        instance.ballots.len(),
        instance.projects.len()
    );
    let mut rows: Vec<(Rule, Duration, Option<Duration>, Vec<String>)> = Vec::new();
    for rule in [Rule::EqualShares, Rule::Greedy] {
        let mut times = Vec::new();
        let mut cpu_times = Vec::new();
        for _ in 0..args.runs.max(1) {
            let cpu = thread_cpu();
            let start = Instant::now();
            let outcome = count(&instance, rule);
            times.push(start.elapsed());
            if let (Some(before), Some(after)) = (cpu, thread_cpu()) {
                cpu_times.push(after.saturating_sub(before));
            }
            std::hint::black_box(outcome);
        }
        let cpu = (!cpu_times.is_empty()).then(|| median(cpu_times));
        rows.push((rule, median(times), cpu, funded_ids(&instance, rule)));
    }

    let text = pabulib::write(
        &instance,
        &BallotKind::Approval {
            max_projects: Some(10),
            max_total: None,
        },
        None,
        &[("description", "plein-bench budget-count")],
    );
    if let Some(parent) = args.out.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&args.out, text).with_context(|| format!("write {}", args.out.display()))?;

    // pabutools' (seconds on the clock, CPU seconds, selection) per rule.
    let mut theirs: Vec<Option<(f64, Option<f64>, Vec<String>)>> = vec![None, None];
    if let Some(python) = &args.pabutools {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/pabutools/count.py");
        for (i, (rule, _, _, _)) in rows.iter().enumerate() {
            eprintln!("pabutools, {rule} (this may take minutes)…");
            let output = Command::new(python)
                .arg(&script)
                .args(["--rules", rule.as_str()])
                .arg(&args.out)
                .output()
                .context("run pabutools")?;
            if !output.status.success() {
                bail!(
                    "pabutools failed: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
            }
            let stdout = String::from_utf8_lossy(&output.stdout);
            let cols: Vec<&str> = stdout.trim().split('\t').collect();
            let ids = cols
                .get(2)
                .unwrap_or(&"")
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            let seconds: f64 = cols.get(3).and_then(|s| s.parse().ok()).unwrap_or(f64::NAN);
            let cpu: Option<f64> = cols.get(4).and_then(|s| s.parse().ok());
            theirs[i] = Some((seconds, cpu, ids));
        }
    }

    println!(
        "| rule | Plein (median of {}) | Plein CPU time | pabutools (1 run) | ratio | projects funded | same selection |",
        args.runs.max(1)
    );
    println!("|---|---|---|---|---|---|---|");
    for (i, (rule, time, cpu, ids)) in rows.iter().enumerate() {
        // The ratio on CPU time when both have it (the machine may be shared).
        let (theirs_time, ratio, same) = match &theirs[i] {
            Some((s, their_cpu, their_ids)) => (
                match their_cpu {
                    Some(c) => format!("{s:.1} s (CPU {c:.1} s)"),
                    None => format!("{s:.1} s"),
                },
                match (their_cpu, cpu) {
                    (Some(c), Some(mine)) => format!("{:.0}× (CPU)", c / mine.as_secs_f64()),
                    _ => format!("{:.0}×", s / time.as_secs_f64()),
                },
                if their_ids == ids { "yes" } else { "NO" }.to_owned(),
            ),
            None => ("–".into(), "–".into(), "–".into()),
        };
        println!(
            "| {} | {} | {} | {theirs_time} | {ratio} | {} | {same} |",
            match rule {
                Rule::EqualShares => "Equal Shares + completion",
                Rule::Greedy => "greedy",
            },
            ms(*time),
            cpu.map_or("–".to_owned(), ms),
            ids.len()
        );
    }
    if theirs
        .iter()
        .flatten()
        .zip(&rows)
        .any(|((_, _, t), (_, _, _, o))| t != o)
    {
        bail!("Plein and pabutools selected different projects");
    }
    Ok(())
}
