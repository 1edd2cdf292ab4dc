//! Index generations on disk. The folder holds one tantivy index per
//! generation (`gen-000001`, …) and a `CURRENT` file naming the live one.
//! A rebuild writes the next generation, then replaces `CURRENT` by an atomic
//! rename, so a crash leaves either the old or the new index live, never a
//! half-built one.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use tantivy::{Executor, Index, IndexReader, IndexWriter, ReloadPolicy};

use super::schema::{self, Fields};
use plein_app::search::SearchError;

const CURRENT: &str = "CURRENT";
const PREFIX: &str = "gen-";
/// Memory for the single indexing thread; tantivy needs at least 15 MB.
const WRITER_MEMORY: usize = 32 * 1024 * 1024;

pub fn storage(err: impl std::fmt::Display) -> SearchError {
    SearchError::Storage(err.to_string())
}

const IN_USE: &str = "the search index is in use by another process";

/// Whether opening failed because another process (a running server) holds
/// the index's writer lock.
pub fn is_in_use(err: &SearchError) -> bool {
    matches!(err, SearchError::Storage(message) if message.starts_with(IN_USE))
}

/// One opened generation: the index, a reader that is reloaded after every
/// commit, and the field handles.
pub struct Generation {
    pub number: u32,
    pub reader: IndexReader,
    pub fields: Fields,
}

pub fn name(number: u32) -> String {
    format!("{PREFIX}{number:06}")
}

/// The live generation's number, if the folder has one.
pub fn current(root: &Path) -> Result<Option<u32>, SearchError> {
    match fs::read_to_string(root.join(CURRENT)) {
        Ok(text) => text
            .trim()
            .strip_prefix(PREFIX)
            .and_then(|number| number.parse().ok())
            .map(Some)
            .ok_or_else(|| storage(format!("{CURRENT} names no generation: {text:?}"))),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(storage(err)),
    }
}

/// Points `CURRENT` at a generation, atomically.
pub fn set_current(root: &Path, number: u32) -> Result<(), SearchError> {
    let temporary = root.join(format!("{CURRENT}.tmp"));
    let mut file = fs::File::create(&temporary).map_err(storage)?;
    file.write_all(name(number).as_bytes()).map_err(storage)?;
    file.sync_all().map_err(storage)?;
    fs::rename(&temporary, root.join(CURRENT)).map_err(storage)?;
    if let Ok(dir) = fs::File::open(root) {
        // Makes the rename itself durable; not every platform allows it.
        let _ = dir.sync_all();
    }
    Ok(())
}

pub fn path(root: &Path, number: u32) -> PathBuf {
    root.join(name(number))
}

/// Creates an empty generation, replacing any leftover of the same number.
pub fn create(root: &Path, number: u32) -> Result<(Generation, IndexWriter), SearchError> {
    let dir = path(root, number);
    if dir.exists() {
        fs::remove_dir_all(&dir).map_err(storage)?;
    }
    fs::create_dir_all(&dir).map_err(storage)?;
    let index = Index::create_in_dir(&dir, schema::schema()).map_err(storage)?;
    finish_open(number, index)
}

/// Opens an existing generation. `None` when its schema is not the one this
/// version writes (the caller then starts a fresh one; a reindex refills it).
pub fn open(root: &Path, number: u32) -> Result<Option<(Generation, IndexWriter)>, SearchError> {
    let index = Index::open_in_dir(path(root, number)).map_err(storage)?;
    if index.schema() != schema::schema() {
        return Ok(None);
    }
    finish_open(number, index).map(Some)
}

/// One pool for the whole process, a thread per core, that searches the
/// segments of an index side by side: a query over many matches then takes
/// about its share of the cores instead of one core for the whole index.
fn search_executor() -> Result<Executor, SearchError> {
    static EXECUTOR: OnceLock<Executor> = OnceLock::new();
    if let Some(executor) = EXECUTOR.get() {
        return Ok(executor.clone());
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let executor = if threads > 1 {
        Executor::multi_thread(threads, "plein-search-").map_err(storage)?
    } else {
        Executor::single_thread()
    };
    Ok(EXECUTOR.get_or_init(|| executor).clone())
}

fn finish_open(number: u32, mut index: Index) -> Result<(Generation, IndexWriter), SearchError> {
    schema::register(&index);
    index.set_executor(search_executor()?);
    let fields = Fields::new(&index.schema()).map_err(storage)?;
    let writer = index
        .writer_with_num_threads(1, WRITER_MEMORY)
        .map_err(|err| match err {
            tantivy::TantivyError::LockFailure(..) => {
                SearchError::Storage(format!("{IN_USE} (is a Plein server running?): {err}"))
            }
            other => storage(other),
        })?;
    let reader = index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(storage)?;
    Ok((
        Generation {
            number,
            reader,
            fields,
        },
        writer,
    ))
}

/// Removes generations other than `keep`, left by a replaced index or an
/// interrupted rebuild. Failures are logged, not fatal.
pub fn remove_others(root: &Path, keep: u32) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(name) = file_name.to_str() else {
            continue;
        };
        let is_other = name
            .strip_prefix(PREFIX)
            .and_then(|number| number.parse::<u32>().ok())
            .is_some_and(|number| number != keep);
        if is_other && let Err(err) = fs::remove_dir_all(entry.path()) {
            tracing::warn!(path = %entry.path().display(), error = %err, "could not remove an old search index");
        }
    }
}
