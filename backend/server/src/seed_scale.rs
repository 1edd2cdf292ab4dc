//! `plein seed --scale N`: the generator in `plein_app::scale_seed`, with a
//! progress bar on stderr.

use std::io::Write;
use std::time::Instant;

use plein_app::App;
use plein_app::scale_seed::{Progress, SEED_PASSWORD, ScaleSpec};

const BAR_WIDTH: u64 = 30;

pub async fn run(app: &App, ideas: u64, seed: u64) -> anyhow::Result<()> {
    let started = Instant::now();
    let spec = ScaleSpec { ideas, seed };
    eprintln!(
        "Generating {ideas} ideas, {} accounts, {} plans and {} groups (seed {seed}) …",
        spec.users(),
        spec.plans(),
        spec.groups()
    );
    let report = app
        .seed_scale(spec, |p: Progress| {
            let filled = if p.total == 0 {
                BAR_WIDTH
            } else {
                p.done * BAR_WIDTH / p.total
            };
            let bar: String = (0..BAR_WIDTH)
                .map(|i| if i < filled { '#' } else { '.' })
                .collect();
            let end = if p.done >= p.total { "\n" } else { "" };
            eprint!(
                "\r{:<16} [{bar}] {}/{} {:>6.1}s{end}",
                p.stage,
                p.done,
                p.total,
                started.elapsed().as_secs_f64()
            );
            let _ = std::io::stderr().flush();
        })
        .await
        .map_err(|e| anyhow::anyhow!("seeding: {e}"))?;
    println!(
        "Seeded {} areas, {} accounts, {} ideas, {} comments, {} supports, {} plans and {} groups \
         ({} members) in {:.1}s. Every account's password is {SEED_PASSWORD}; addresses run \
         bewoner0@seed.plein.example to bewoner{}@seed.plein.example.",
        report.areas,
        report.users,
        report.ideas,
        report.comments,
        report.supports,
        report.plans,
        report.groups,
        report.memberships,
        started.elapsed().as_secs_f64(),
        report.users.saturating_sub(1),
    );
    Ok(())
}
