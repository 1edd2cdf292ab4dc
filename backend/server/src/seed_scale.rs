//! `plein seed --scale N`: the generator in `plein_app::scale_seed`, with its
//! progress on stderr.

use std::time::Instant;

use plein_app::App;
use plein_app::scale_seed::{Progress, SEED_PASSWORD, ScaleSpec};

pub async fn run(app: &App, ideas: u64, seed: u64) -> anyhow::Result<()> {
    let started = Instant::now();
    let spec = ScaleSpec { ideas, seed };
    eprintln!(
        "Generating {ideas} ideas, {} accounts, {} plans and {} groups (seed {seed}) …",
        spec.users(),
        spec.plans(),
        spec.groups()
    );
    let display = crate::progress::Progress::new();
    let report = app
        .seed_scale(spec, |p: Progress| {
            display.update(p.stage, p.done, Some(p.total));
        })
        .await;
    display.finish();
    let report = report.map_err(|e| crate::app_error("seeding", e))?;
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
