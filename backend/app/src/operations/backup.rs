//! `plein backup DIR` and `plein restore DIR`.
//!
//! A backup folder holds `manifest.json`, the database (`plein.db`, a
//! `VACUUM INTO` snapshot of SQLite; or `plein.pgdump`, made by `pg_dump`
//! in its custom format) and `files/`, a copy of the data folder without the
//! live database and the search index. The search index is not copied: it is
//! rebuilt from the database (the server fills an empty index when it
//! starts; `plein reindex` does it by hand), which is always consistent with
//! the restored rows.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{App, AppError, AppResult};

const MANIFEST: &str = "manifest.json";
const SQLITE_FILE: &str = "plein.db";
const PG_DUMP_FILE: &str = "plein.pgdump";
const FILES: &str = "files";

/// The data folder and what in it is not copied as a file.
#[derive(Debug, Clone)]
pub struct DataFolder {
    pub dir: PathBuf,
    /// The live SQLite database, its journal files and the search index.
    pub skip: Vec<PathBuf>,
}

/// How the database went into the backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum DatabaseCopy {
    /// A `VACUUM INTO` snapshot of SQLite.
    Sqlite,
    /// `pg_dump --format=custom`.
    PgDump,
    /// PostgreSQL without `pg_dump` on this machine: back it up with
    /// `pg_dump` (or the database's own backups) separately.
    NotCopied { why: String },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    format: u32,
    plein: String,
    created_at: DateTime<Utc>,
    database: DatabaseCopy,
    migrations: Vec<String>,
    files: u64,
}

/// What `backup` wrote.
#[derive(Debug, Clone)]
pub struct BackupReport {
    pub database: DatabaseCopy,
    pub files: u64,
    pub migrations: usize,
}

/// What `restore` put back.
#[derive(Debug, Clone)]
pub struct RestoreReport {
    pub database: DatabaseCopy,
    pub files: u64,
    pub created_at: DateTime<Utc>,
}

fn fail(what: impl std::fmt::Display) -> AppError {
    AppError::internal(what)
}

impl App {
    /// Backs up the database at `database_url` (this app's) and the files of
    /// `data` into `to`, which must be empty or not exist. Runs while the
    /// server serves.
    pub async fn backup(
        &self,
        database_url: &str,
        data: &DataFolder,
        to: &Path,
    ) -> AppResult<BackupReport> {
        if to.exists() && !is_empty_dir(to)? {
            return Err(fail(format!(
                "{} is not empty; back up into a new folder",
                to.display()
            )));
        }
        std::fs::create_dir_all(to).map_err(|e| fail(format!("creating {}: {e}", to.display())))?;
        let schema = self.schema_state().await?;
        let database = if sqlite_file(database_url).is_some() {
            plein_storage::backup::sqlite_snapshot(&self.db, &to.join(SQLITE_FILE)).await?;
            DatabaseCopy::Sqlite
        } else {
            let file = to.join(PG_DUMP_FILE);
            let url = database_url.to_owned();
            tokio::task::spawn_blocking(move || pg_dump(&url, &file))
                .await
                .map_err(fail)??
        };
        let mut skip = data.skip.clone();
        skip.push(to.to_path_buf());
        let files = {
            let (from, into) = (data.dir.clone(), to.join(FILES));
            tokio::task::spawn_blocking(move || copy_tree(&from, &into, &skip, false))
                .await
                .map_err(fail)??
        };
        let known = applied_migrations(&schema);
        let manifest = Manifest {
            format: 1,
            plein: env!("CARGO_PKG_VERSION").to_owned(),
            created_at: self.now(),
            database: database.clone(),
            migrations: known.clone(),
            files,
        };
        let json = serde_json::to_vec_pretty(&manifest).map_err(fail)?;
        std::fs::write(to.join(MANIFEST), json)
            .map_err(|e| fail(format!("writing the manifest: {e}")))?;
        Ok(BackupReport {
            database,
            files,
            migrations: known.len(),
        })
    }
}

/// The known migrations applied in the database `schema` describes.
fn applied_migrations(schema: &plein_storage::SchemaState) -> Vec<String> {
    plein_storage::migration_names()
        .into_iter()
        .filter(|name| !schema.pending.contains(name))
        .collect()
}

/// Restores the backup in `from` into the database at `database_url` and
/// the data folder `data_dir`. Both must be empty (no Plein schema, no
/// files) unless `force`. The server must not run meanwhile.
pub async fn restore(
    from: &Path,
    database_url: &str,
    data_dir: &Path,
    force: bool,
) -> AppResult<RestoreReport> {
    let manifest: Manifest = serde_json::from_slice(
        &std::fs::read(from.join(MANIFEST))
            .map_err(|e| fail(format!("{} is no Plein backup: {e}", from.display())))?,
    )
    .map_err(|e| fail(format!("the backup's manifest does not read: {e}")))?;

    // Check both targets before changing either.
    let target_db = sqlite_file(database_url);
    match (&manifest.database, &target_db) {
        (DatabaseCopy::Sqlite, Some(path)) => {
            if !force && path.metadata().is_ok_and(|m| m.len() > 0) {
                return Err(fail(format!(
                    "the database {} exists; restore into an empty place, or pass --force to replace it",
                    path.display()
                )));
            }
        }
        (DatabaseCopy::PgDump, None) => {
            let db = plein_storage::connect(database_url, 2).await?;
            if !force && !plein_storage::backup::is_empty(&db).await? {
                return Err(fail(
                    "the database already holds Plein's tables; restore into an empty database, \
                     or pass --force to replace them",
                ));
            }
        }
        (DatabaseCopy::NotCopied { .. }, _) => {}
        (copy, _) => {
            return Err(fail(format!(
                "this backup's database ({copy:?}) does not fit the configured database; \
                 restore a SQLite backup into SQLite and a PostgreSQL one into PostgreSQL"
            )));
        }
    }
    let files_dir = from.join(FILES);
    if !force && files_dir.is_dir() {
        let clash = tokio::task::spawn_blocking({
            let (files_dir, data_dir) = (files_dir.clone(), data_dir.to_path_buf());
            move || first_clash(&files_dir, &data_dir)
        })
        .await
        .map_err(fail)??;
        if let Some(clash) = clash {
            return Err(fail(format!(
                "{} exists; restore into an empty data folder, or pass --force to replace files",
                clash.display()
            )));
        }
    }

    match (&manifest.database, target_db) {
        (DatabaseCopy::Sqlite, Some(path)) => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(fail)?;
            }
            for suffix in ["", "-wal", "-shm", "-journal"] {
                let file = PathBuf::from(format!("{}{suffix}", path.display()));
                if file.exists() {
                    std::fs::remove_file(&file)
                        .map_err(|e| fail(format!("removing {}: {e}", file.display())))?;
                }
            }
            std::fs::copy(from.join(SQLITE_FILE), &path)
                .map_err(|e| fail(format!("copying the database to {}: {e}", path.display())))?;
        }
        (DatabaseCopy::PgDump, None) => {
            let (url, file) = (database_url.to_owned(), from.join(PG_DUMP_FILE));
            tokio::task::spawn_blocking(move || pg_restore(&url, &file, force))
                .await
                .map_err(fail)??;
        }
        _ => {}
    }
    let files = if files_dir.is_dir() {
        let data_dir = data_dir.to_path_buf();
        tokio::task::spawn_blocking(move || copy_tree(&files_dir, &data_dir, &[], true))
            .await
            .map_err(fail)??
    } else {
        0
    };
    Ok(RestoreReport {
        database: manifest.database,
        files,
        created_at: manifest.created_at,
    })
}

/// The file of a `sqlite:` URL; `None` for any other database.
pub fn sqlite_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("sqlite:")?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}

fn is_empty_dir(dir: &Path) -> AppResult<bool> {
    Ok(std::fs::read_dir(dir)
        .map_err(|e| fail(format!("reading {}: {e}", dir.display())))?
        .next()
        .is_none())
}

fn pg_dump(url: &str, file: &Path) -> AppResult<DatabaseCopy> {
    let output = Command::new("pg_dump")
        .arg("--format=custom")
        .arg("--no-owner")
        .arg(format!("--file={}", file.display()))
        .arg(format!("--dbname={url}"))
        .output();
    match output {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(DatabaseCopy::NotCopied {
            why: "pg_dump is not installed here; back up PostgreSQL with pg_dump separately"
                .to_owned(),
        }),
        Err(err) => Err(fail(format!("running pg_dump: {err}"))),
        Ok(out) if !out.status.success() => Err(fail(format!(
            "pg_dump failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ))),
        Ok(_) => Ok(DatabaseCopy::PgDump),
    }
}

fn pg_restore(url: &str, file: &Path, force: bool) -> AppResult<()> {
    let mut command = Command::new("pg_restore");
    command
        .arg("--no-owner")
        .arg("--exit-on-error")
        .arg(format!("--dbname={url}"));
    if force {
        command.arg("--clean").arg("--if-exists");
    }
    let out = command
        .arg(file)
        .output()
        .map_err(|e| fail(format!("running pg_restore (is it installed?): {e}")))?;
    if !out.status.success() {
        return Err(fail(format!(
            "pg_restore failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    Ok(())
}

/// Copies the files under `from` into `into`, leaving out `skip` (and
/// anything under it); answers how many files. Replaces files only when
/// `replace`.
fn copy_tree(from: &Path, into: &Path, skip: &[PathBuf], replace: bool) -> AppResult<u64> {
    let skip: Vec<PathBuf> = skip
        .iter()
        .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
        .collect();
    let mut copied = 0;
    let mut stack = vec![PathBuf::new()];
    if !from.is_dir() {
        return Ok(0);
    }
    while let Some(relative) = stack.pop() {
        let dir = from.join(&relative);
        let entries =
            std::fs::read_dir(&dir).map_err(|e| fail(format!("reading {}: {e}", dir.display())))?;
        for entry in entries {
            let entry = entry.map_err(fail)?;
            let path = entry.path();
            let real = path.canonicalize().unwrap_or_else(|_| path.clone());
            if skip.iter().any(|s| real.starts_with(s)) {
                continue;
            }
            let name = relative.join(entry.file_name());
            let kind = entry.file_type().map_err(fail)?;
            if kind.is_dir() {
                stack.push(name);
            } else if kind.is_file() {
                let target = into.join(&name);
                if target.exists() && !replace {
                    continue;
                }
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent)
                        .map_err(|e| fail(format!("creating {}: {e}", parent.display())))?;
                }
                std::fs::copy(&path, &target)
                    .map_err(|e| fail(format!("copying {}: {e}", path.display())))?;
                copied += 1;
            }
        }
    }
    Ok(copied)
}

/// The first file under `files` that exists already under `data_dir`.
fn first_clash(files: &Path, data_dir: &Path) -> AppResult<Option<PathBuf>> {
    let mut stack = vec![PathBuf::new()];
    while let Some(relative) = stack.pop() {
        let dir = files.join(&relative);
        for entry in std::fs::read_dir(&dir).map_err(fail)? {
            let entry = entry.map_err(fail)?;
            let name = relative.join(entry.file_name());
            if entry.file_type().map_err(fail)?.is_dir() {
                stack.push(name);
            } else if data_dir.join(&name).exists() {
                return Ok(Some(data_dir.join(name)));
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_name_their_file() {
        assert_eq!(
            sqlite_file("sqlite://./data/plein.db?mode=rwc"),
            Some(PathBuf::from("./data/plein.db"))
        );
        assert_eq!(
            sqlite_file("sqlite:///tmp/x/plein.db"),
            Some(PathBuf::from("/tmp/x/plein.db"))
        );
        assert_eq!(sqlite_file("postgres://db/plein"), None);
    }
}
