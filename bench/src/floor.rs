//! The floor: the statements the API runs for one feed page, through the
//! same storage functions, timed straight against the database.

use std::time::{Duration, Instant};

use plein_storage::ideas;
use plein_storage::listing::{Filter, Sort, Visibility};
use plein_storage::visibility::Viewer;
use uuid::Uuid;

use crate::load::{Outcome, Run, Samples};

/// One feed page: 21 ideas of the area and all beneath it (20 and one to
/// know there is more), each with its author and area.
async fn feed_page(db: &plein_storage::Database, area: Uuid) -> Result<(), String> {
    let conn = &db.conn;
    let filter = Filter {
        area_id: Some(area),
        ..Filter::default()
    };
    // What an anonymous visitor sees, by the same rule as the API.
    let visibility = Visibility::To(Viewer::ANONYMOUS);
    let rows = ideas::page(conn, &filter, None, visibility, Sort::Newest, None, 21)
        .await
        .map_err(|e| e.to_string())?;
    if rows.is_empty() {
        return Err("empty feed".to_owned());
    }
    Ok(())
}

/// Runs the page back to back on one connection for `duration`; answers the
/// run and how many statements one page took.
pub async fn run(database_url: &str, area: Uuid, duration: Duration) -> anyhow::Result<(Run, u64)> {
    let db = plein_storage::connect(database_url, 1).await?;
    feed_page(&db, area).await.map_err(anyhow::Error::msg)?;
    let before = db.statements.get();
    feed_page(&db, area).await.map_err(anyhow::Error::msg)?;
    let statements = db.statements.get() - before;
    let mut samples = Samples::default();
    let started = Instant::now();
    while started.elapsed() < duration {
        let at = Instant::now();
        let outcome = match feed_page(&db, area).await {
            Ok(()) => Outcome::Ok,
            Err(why) => Outcome::Failed(why),
        };
        samples.micros.push(at.elapsed().as_micros() as u64);
        if let Outcome::Failed(why) = outcome {
            samples.failures += 1;
            samples.first_failure.get_or_insert(why);
        }
    }
    Ok((
        Run {
            name: "feed SQL (floor)".to_owned(),
            mode: "1 connection, sequential".to_owned(),
            elapsed: started.elapsed(),
            samples,
        },
        statements,
    ))
}
