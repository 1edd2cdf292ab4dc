//! `map_bench`: times the map query (`App::map_items`, the SQL and the
//! clustering, without HTTP) on data from `plein seed --scale`, for a
//! city-wide view and for neighbourhood views, as an anonymous visitor.
//!
//! ```text
//! DATABASE_URL=sqlite://data/plein.db cargo run --release -p plein-bench --bin map_bench
//! ```

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use plein_app::places::{MapKind, MapQuery};
use plein_app::{Actor, App, Client, Settings, SystemClock};
use plein_domain::places::Bounds;

#[derive(Parser)]
#[command(name = "map_bench", about)]
struct Args {
    /// The seeded database.
    #[arg(long, env = "DATABASE_URL")]
    database_url: String,
    /// Timed queries per view (after ten to warm up).
    #[arg(long, default_value_t = 200)]
    runs: usize,
}

/// The seeded municipality (see `plein_app::scale_seed`).
const CITY: Bounds = Bounds {
    south: 52.30,
    west: 4.80,
    north: 52.42,
    east: 5.00,
};

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let db = plein_storage::connect(&args.database_url, 4)
        .await
        .context("connecting")?;
    let app = App::new(db, Arc::new(SystemClock), Settings::default());
    let actor = Actor::anonymous(Client::default());
    // A city-wide view at zoom 12 (the whole municipality on a screen),
    // and neighbourhood views at zoom 16: a box of 0.01° × 0.016° (about
    // 1.1 × 1.1 km) at a few places in the city.
    let mut views: Vec<(&str, Vec<(Bounds, i32)>)> = vec![("city, zoom 12", vec![(CITY, 12)])];
    let neighbourhoods = (0..8)
        .map(|i| {
            let south = 52.31 + 0.012 * f64::from(i);
            let west = 4.82 + 0.02 * f64::from(i);
            (
                Bounds {
                    south,
                    west,
                    north: south + 0.01,
                    east: west + 0.016,
                },
                16,
            )
        })
        .collect();
    views.push(("neighbourhood, zoom 16", neighbourhoods));
    println!("| view | runs | answer | p50 ms | p95 ms | p99 ms | max ms |");
    println!("| --- | ---: | --- | ---: | ---: | ---: | ---: |");
    for (name, boxes) in views {
        let mut times = Vec::with_capacity(args.runs);
        let mut shape = String::new();
        for run in 0..args.runs + 10 {
            let (bbox, zoom) = boxes[run % boxes.len()];
            let query = MapQuery {
                bbox,
                zoom,
                kinds: vec![MapKind::Idea, MapKind::Plan],
                area_id: None,
            };
            let started = Instant::now();
            let answer = app
                .map_items(&actor, query)
                .await
                .map_err(|e| anyhow::anyhow!("map query: {e}"))?;
            let took = started.elapsed();
            if run >= 10 {
                times.push(took);
            }
            let counted: i64 = answer.clusters.iter().map(|c| c.count).sum();
            shape = format!(
                "{} items, {} clusters of {counted}",
                answer.items.len(),
                answer.clusters.len()
            );
        }
        times.sort();
        println!(
            "| {name} | {} | {shape} | {:.2} | {:.2} | {:.2} | {:.2} |",
            times.len(),
            percentile(&times, 0.50),
            percentile(&times, 0.95),
            percentile(&times, 0.99),
            percentile(&times, 1.0),
        );
    }
    Ok(())
}
