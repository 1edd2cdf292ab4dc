//! The mail port: what the outbox hands to be sent, how sending can fail, and
//! the signed one-click unsubscribe links notification mails carry.
//!
//! Adapters live in `plein-mail` (SMTP, or `.eml` files in a folder).

use std::fmt;

use async_trait::async_trait;
use uuid::Uuid;

use crate::signed::Signer;
use crate::{AppError, AppResult};

/// One mail to one person, already rendered in their language.
#[derive(Clone)]
pub struct OutgoingMail {
    /// The recipient's address; adapters reject one that isn't deliverable.
    pub to_address: String,
    /// The recipient's display name, if any.
    pub to_name: Option<String>,
    pub subject: String,
    /// The plain-text part.
    pub text: String,
    /// The HTML part, with every inserted value escaped.
    pub html: String,
    pub headers: Vec<MailHeader>,
}

impl OutgoingMail {
    /// This mail with a Message-ID derived from `key` (see [`MailHeader::MessageId`]).
    pub fn keyed(mut self, key: Uuid) -> Self {
        self.headers
            .retain(|header| !matches!(header, MailHeader::MessageId { .. }));
        self.headers.push(MailHeader::MessageId { key });
        self
    }
}

// Addresses are personal data and bodies hold sign-in links: keep both out of logs.
impl fmt::Debug for OutgoingMail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutgoingMail")
            .field("to", &"<redacted>")
            .field("subject", &self.subject)
            .field("headers", &self.headers.len())
            .finish_non_exhaustive()
    }
}

/// Headers beyond From, To, Subject and Date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MailHeader {
    /// A one-click unsubscribe link (RFC 2369 and RFC 8058): adapters send
    /// `List-Unsubscribe: <url>` and `List-Unsubscribe-Post: List-Unsubscribe=One-Click`.
    ListUnsubscribe { url: String },
    /// A stable `Message-ID: <key@sender's domain>`. The outbox passes the
    /// job's id, so a mail sent again after a crash carries the same id and
    /// mail systems and readers can recognise the copy. Without it, each mail
    /// gets a random one.
    MessageId { key: Uuid },
}

/// Why a mail was not sent. The outbox retries the transient ones only.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The recipient or sender address can't be used; permanent.
    #[error("invalid mail address: {0}")]
    InvalidAddress(String),
    /// The mail can't be put together from its parts; permanent.
    #[error("mail could not be rendered: {0}")]
    Render(String),
    /// The mail server refused the mail for good (a 5xx reply); permanent.
    #[error("mail server rejected the mail: {0}")]
    Rejected(String),
    /// The mail server asked to try again later (a 4xx reply); transient.
    #[error("mail server deferred the mail: {0}")]
    Deferred(String),
    /// The mail server could not be reached or the connection failed; transient.
    #[error("mail server unreachable: {0}")]
    Unreachable(String),
    /// The mail could not be written where it is kept; transient.
    #[error("mail could not be stored: {0}")]
    Io(String),
}

impl MailError {
    /// Whether sending the same mail later might succeed.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            MailError::Deferred(_) | MailError::Unreachable(_) | MailError::Io(_)
        )
    }

    pub fn is_permanent(&self) -> bool {
        !self.is_transient()
    }
}

/// Sends mail. Implementations: SMTP for production, a folder of `.eml` files
/// by default.
#[async_trait]
pub trait Mailer: Send + Sync + 'static {
    /// Which adapter this is, for logs.
    fn name(&self) -> &'static str;

    /// Sends one mail, or says why it could not and whether to try again.
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError>;

    /// Whether mail can go out now (the relay answers), for `/readyz`.
    async fn check(&self) -> Result<(), MailError> {
        Ok(())
    }
}

/// The server secret that signs unsubscribe links. Never printed.
#[derive(Clone)]
pub struct UnsubscribeKey(Signer);

/// What a valid unsubscribe token names: whose mail, and which kind to stop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsubscribe {
    pub user_id: Uuid,
    pub kind: String,
}

// Separates these signatures from anything else the same secret might sign.
const UNSUBSCRIBE_CONTEXT: &[u8] = b"plein unsubscribe v1\0";

impl UnsubscribeKey {
    pub const MIN_LEN: usize = Signer::MIN_LEN;

    /// A key from a server secret of at least [`Self::MIN_LEN`] bytes.
    pub fn new(secret: &[u8]) -> AppResult<Self> {
        Signer::new(secret, UNSUBSCRIBE_CONTEXT, "unsubscribe").map(Self)
    }

    /// A URL-safe token that lets its holder stop `kind` mails to `user_id`
    /// without signing in. It does not expire: old mails keep working.
    pub fn sign(&self, user_id: Uuid, kind: &str) -> String {
        let mut payload = user_id.as_bytes().to_vec();
        payload.extend_from_slice(kind.as_bytes());
        self.0.sign(&payload)
    }

    /// The user and kind a token was signed for, if it was signed with this key
    /// and not altered.
    pub fn verify(&self, token: &str) -> AppResult<Unsubscribe> {
        let invalid = || AppError::bad_input("token", "is not a valid unsubscribe link");
        let payload = self.0.open(token).ok_or_else(invalid)?;
        if payload.len() <= 16 {
            return Err(invalid());
        }
        let (id, kind) = payload.split_at(16);
        let user_id = Uuid::from_slice(id).map_err(|_| invalid())?;
        let kind = String::from_utf8(kind.to_vec()).map_err(|_| invalid())?;
        Ok(Unsubscribe { user_id, kind })
    }
}

impl fmt::Debug for UnsubscribeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UnsubscribeKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    fn key(byte: u8) -> UnsubscribeKey {
        UnsubscribeKey::new(&[byte; 32]).expect("long enough")
    }

    #[test]
    fn a_signed_token_verifies_to_its_user_and_kind() {
        let user = Uuid::now_v7();
        let token = key(7).sign(user, "idea_updates");
        assert!(!token.contains(['+', '/', '=']), "URL-safe: {token}");
        let back = key(7).verify(&token).expect("valid");
        assert_eq!(
            back,
            Unsubscribe {
                user_id: user,
                kind: "idea_updates".to_owned()
            }
        );
    }

    #[test]
    fn tampered_tokens_are_rejected() {
        let user = Uuid::now_v7();
        let token = key(7).sign(user, "idea_updates");
        let (payload, tag) = token.split_once('.').expect("two parts");

        // Someone else's id, same tag.
        let mut other = Uuid::now_v7().as_bytes().to_vec();
        other.extend_from_slice(b"idea_updates");
        let forged = format!("{}.{tag}", URL_SAFE_NO_PAD.encode(other));
        assert!(key(7).verify(&forged).is_err());

        // Another kind, same tag.
        let mut widened = user.as_bytes().to_vec();
        widened.extend_from_slice(b"all");
        let forged = format!("{}.{tag}", URL_SAFE_NO_PAD.encode(widened));
        assert!(key(7).verify(&forged).is_err());

        // A flipped character in the tag.
        let mut chars: Vec<char> = tag.chars().collect();
        chars[0] = if chars[0] == 'A' { 'B' } else { 'A' };
        let flipped: String = chars.into_iter().collect();
        assert!(key(7).verify(&format!("{payload}.{flipped}")).is_err());

        // Signed with another key.
        assert!(key(8).verify(&token).is_err());

        for junk in ["", ".", "abc", "abc.def", "%%%.%%%", payload] {
            assert!(key(7).verify(junk).is_err(), "{junk:?}");
        }
    }

    #[test]
    fn short_secrets_are_refused_and_keys_never_print() {
        assert!(UnsubscribeKey::new(b"too short").is_err());
        assert_eq!(format!("{:?}", key(1)), "UnsubscribeKey(<redacted>)");
    }

    #[test]
    fn only_unreachable_deferred_and_io_failures_are_retried() {
        assert!(MailError::Unreachable("connection refused".into()).is_transient());
        assert!(MailError::Deferred("451".into()).is_transient());
        assert!(MailError::Io("disk full".into()).is_transient());
        assert!(MailError::Rejected("550".into()).is_permanent());
        assert!(MailError::InvalidAddress("no @".into()).is_permanent());
        assert!(MailError::Render("relative link".into()).is_permanent());
    }

    #[test]
    fn outgoing_mail_debug_hides_the_address_and_bodies() {
        let mail = OutgoingMail {
            to_address: "fatima@example.nl".into(),
            to_name: Some("Fatima".into()),
            subject: "Bevestig je e-mailadres".into(),
            text: "https://plein.example/verify?token=secret".into(),
            html: String::new(),
            headers: vec![],
        };
        let printed = format!("{mail:?}");
        assert!(!printed.contains("fatima@"));
        assert!(!printed.contains("secret"));
    }
}
