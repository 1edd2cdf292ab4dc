//! Signed tokens for links that work without signing in (unsubscribing,
//! handling and confirming street reports): a payload and its HMAC-SHA256,
//! both URL-safe base64, joined by a dot. Each use signs under its own
//! context, so a token made for one can never pass for another.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::{AppError, AppResult};

type HmacSha256 = Hmac<Sha256>;

/// A server secret with the context it signs under. Never printed.
#[derive(Clone)]
pub(crate) struct Signer {
    secret: Vec<u8>,
    context: &'static [u8],
}

impl Signer {
    /// The shortest secret taken.
    pub(crate) const MIN_LEN: usize = 32;

    /// A signer for `context` from a secret of at least [`Self::MIN_LEN`]
    /// bytes; `what` names the secret in the error.
    pub(crate) fn new(secret: &[u8], context: &'static [u8], what: &str) -> AppResult<Self> {
        if secret.len() < Self::MIN_LEN {
            return Err(AppError::internal(format!(
                "the {what} secret must be at least {} bytes",
                Self::MIN_LEN
            )));
        }
        Ok(Self {
            secret: secret.to_vec(),
            context,
        })
    }

    fn mac(&self, payload: &[u8]) -> HmacSha256 {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.secret)
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(self.context);
        mac.update(payload);
        mac
    }

    /// `payload` with its signature, as one URL-safe token.
    pub(crate) fn sign(&self, payload: &[u8]) -> String {
        let tag = self.mac(payload).finalize().into_bytes();
        format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(payload),
            URL_SAFE_NO_PAD.encode(tag)
        )
    }

    /// The payload of a token this signer made and nobody altered; `None`
    /// for anything else. The signature is compared in constant time.
    pub(crate) fn open(&self, token: &str) -> Option<Vec<u8>> {
        let (payload, tag) = token.trim().split_once('.')?;
        let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        self.mac(&payload).verify_slice(&tag).ok()?;
        Some(payload)
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Signer(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_opens_only_under_its_own_secret_and_context() {
        let signer = Signer::new(&[3; 32], b"one\0", "test").expect("long enough");
        let token = signer.sign(b"payload");
        assert!(!token.contains(['+', '/', '=']), "URL-safe: {token}");
        assert_eq!(signer.open(&token).as_deref(), Some(&b"payload"[..]));
        let other_context = Signer::new(&[3; 32], b"two\0", "test").expect("long enough");
        assert_eq!(other_context.open(&token), None);
        let other_secret = Signer::new(&[4; 32], b"one\0", "test").expect("long enough");
        assert_eq!(other_secret.open(&token), None);
        let (payload, tag) = token.split_once('.').expect("a dot");
        let other = if payload.starts_with('A') { 'B' } else { 'A' };
        let altered = format!("{other}{}.{tag}", &payload[1..]);
        assert_eq!(signer.open(&altered), None);
        assert_eq!(signer.open("no-dot"), None);
        assert!(Signer::new(&[3; 31], b"one\0", "test").is_err());
    }
}
