//! Argon2id with the OWASP parameters (19 MiB, two passes, one lane: the
//! crate's defaults), run off the async threads.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use plein_domain::Password;

use crate::{AppError, AppResult};

pub async fn hash(password: Password) -> AppResult<String> {
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
