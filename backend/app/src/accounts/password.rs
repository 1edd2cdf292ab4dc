//! Argon2id with the OWASP parameters (19 MiB, two passes, one lane: the
//! crate's defaults), run off the async threads, at most one per core at a
//! time: more would not finish sooner, and each holds its 19 MiB.

use std::sync::OnceLock;

use tokio::sync::{Semaphore, SemaphorePermit};

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use plein_domain::Password;

use crate::{AppError, AppResult};

/// A turn at hashing: one per core.
async fn turn() -> AppResult<SemaphorePermit<'static>> {
    static TURNS: OnceLock<Semaphore> = OnceLock::new();
    TURNS
        .get_or_init(|| Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get())))
        .acquire()
        .await
        .map_err(AppError::internal)
}

pub async fn hash(password: Password) -> AppResult<String> {
    let _turn = turn().await?;
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.expose().as_bytes())
            .map(|hash| hash.to_string())
            .map_err(|e| AppError::internal(format!("argon2 hash: {e}")))
    })
    .await
    .map_err(AppError::internal)?
}

/// Checks `password` against a stored hash. With no stored hash (no such
/// account) it checks against a dummy one, so both cases take as long.
pub async fn verify(password: String, stored: Option<String>) -> AppResult<bool> {
    let _turn = turn().await?;
    tokio::task::spawn_blocking(move || {
        let real = stored.is_some();
        let stored = match stored {
            Some(hash) => hash,
            None => dummy_hash()?.to_owned(),
        };
        let parsed = PasswordHash::new(&stored)
            .map_err(|e| AppError::internal(format!("stored password hash: {e}")))?;
        let matches = Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok();
        Ok(real && matches)
    })
    .await
    .map_err(AppError::internal)?
}

fn dummy_hash() -> AppResult<&'static str> {
    static DUMMY: OnceLock<String> = OnceLock::new();
    if let Some(hash) = DUMMY.get() {
        return Ok(hash);
    }
    let hash = Argon2::default()
        .hash_password(b"plein timing equaliser")
        .map_err(|e| AppError::internal(format!("argon2 hash: {e}")))?
        .to_string();
    Ok(DUMMY.get_or_init(|| hash))
}
