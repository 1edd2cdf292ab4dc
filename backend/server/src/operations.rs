//! `plein backup`, `plein restore` and `plein check`: the operator's commands.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;
use plein_app::operations::{DataFolder, DatabaseCopy};
use plein_app::{App, Settings, SystemClock};

use crate::app_error;
use crate::config::Config;

/// An app on the configured database as it is, without migrating it.
async fn app_as_is(config: &Config) -> anyhow::Result<App> {
    let db = crate::connect(config).await?;
    Ok(App::new(db, Arc::new(SystemClock), Settings::default()))
}

fn search_dir(config: &Config) -> anyhow::Result<PathBuf> {
    Ok(plein_search::SearchConfig::from_env(&config.data_dir)
        .map_err(|e| anyhow::anyhow!("search configuration: {e}"))?
        .embedded_dir)
}

/// `plein backup DIR`, while the server runs.
pub async fn backup(config: &Config, to: &Path) -> anyhow::Result<()> {
    let app = app_as_is(config).await?;
    let mut skip = vec![search_dir(config)?];
    if let Some(db) = plein_app::operations::sqlite_file(&config.database_url) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            skip.push(PathBuf::from(format!("{}{suffix}", db.display())));
        }
    }
    let data = DataFolder {
        dir: config.data_dir.clone(),
        skip,
    };
    let report = app
        .backup(&config.database_url, &data, to)
        .await
        .map_err(|e| app_error("backing up", e))?;
    match &report.database {
        DatabaseCopy::Sqlite => println!("Database: a consistent SQLite snapshot (VACUUM INTO)."),
        DatabaseCopy::PgDump => println!("Database: pg_dump, custom format."),
        DatabaseCopy::NotCopied { why } => println!("Database: NOT in this backup: {why}."),
    }
    println!(
        "Files: {} from {}. Schema: {} migrations. The search index is not copied: \
         it is rebuilt from the database after a restore.",
        report.files,
        config.data_dir.display(),
        report.migrations
    );
    println!("Backup written to {}.", to.display());
    Ok(())
}

/// `plein restore DIR [--force]`, with the server stopped.
pub async fn restore(config: &Config, from: &Path, force: bool) -> anyhow::Result<()> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("creating the data folder {}", config.data_dir.display()))?;
    let report =
        plein_app::operations::restore(from, &config.database_url, &config.data_dir, force)
            .await
            .map_err(|e| app_error("restoring", e))?;
    if let DatabaseCopy::NotCopied { why } = &report.database {
        println!("The backup holds no database ({why}); restore it with pg_restore first.");
    }
    println!(
        "Restored the backup of {} ({} files).",
        report.created_at, report.files
    );
    println!(
        "Start the server: it rebuilds an empty search index from the database. \
         With Meilisearch, run `plein reindex` once."
    );
    Ok(())
}

/// `plein check [--repair]`: counters against the rows they count, and the
/// search index against the ideas, plans and groups anyone may see.
pub async fn check(config: &Config, repair: bool) -> anyhow::Result<()> {
    let app = crate::open_app(config).await?;
    let mut problems = Vec::new();
    let drift = app
        .counter_drift()
        .await
        .map_err(|e| app_error("checking the counters", e))?;
    for d in &drift {
        println!(
            "{} of {} is {}, but {} rows count",
            d.counter, d.id, d.stored, d.counted
        );
    }
    if drift.is_empty() {
        println!("Every support and comment counter equals its rows.");
    } else if repair {
        let changed = app
            .repair_counters()
            .await
            .map_err(|e| app_error("repairing the counters", e))?;
        println!("Repaired {changed} counters.");
    } else {
        problems.push(format!("{} counters differ from their rows", drift.len()));
    }
    if let Some(problem) = check_search(config, &app, repair).await? {
        problems.push(problem);
    }
    if problems.is_empty() {
        Ok(())
    } else {
        anyhow::bail!(
            "{}; `plein check --repair` sets them right",
            problems.join(", ")
        )
    }
}

/// The search part of `plein check`; answers the problem left, if any.
async fn check_search(config: &Config, app: &App, repair: bool) -> anyhow::Result<Option<String>> {
    let search_config = plein_search::SearchConfig::from_env(&config.data_dir)
        .map_err(|e| anyhow::anyhow!("search configuration: {e}"))?;
    let embedded = search_config.meili.is_none();
    let index = match plein_search::open(&search_config).await {
        Ok(index) => index,
        Err(err) if embedded && err.to_string().contains("in use by another process") => {
            println!(
                "The search index was not checked: the embedded index in {} is in use by a \
                 running server. Stop the server to check it.",
                search_config.embedded_dir.display()
            );
            return Ok(None);
        }
        Err(err) => anyhow::bail!("opening the search index: {err}"),
    };
    let drift = app
        .index_drift(index.as_ref())
        .await
        .map_err(|e| app_error("comparing the search index with the database", e))?;
    for (kind, id) in &drift.missing {
        println!("{kind} {id} may be seen by everyone but is missing from the search index");
    }
    for (kind, id) in &drift.stray {
        println!("{kind} {id} is in the search index but should not be findable");
    }
    if drift.is_empty() {
        println!(
            "The search index ({}) holds exactly the ideas, plans and groups everyone may see.",
            index.name()
        );
        return Ok(None);
    }
    if drift.pending_jobs > 0 {
        println!(
            "{} search jobs are still waiting in the outbox; some differences may be \
             changes on their way to the index.",
            drift.pending_jobs
        );
    }
    if repair {
        let changed = app
            .repair_index(index.as_ref(), &drift)
            .await
            .map_err(|e| app_error("repairing the search index", e))?;
        println!("Reindexed {changed} search documents.");
        Ok(None)
    } else {
        Ok(Some(format!(
            "{} documents are missing from the search index and {} do not belong in it",
            drift.missing.len(),
            drift.stray.len()
        )))
    }
}
