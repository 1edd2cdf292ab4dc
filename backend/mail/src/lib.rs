//! Plein's mail adapters and templates.
//!
//! Two implementations of the [`Mailer`] port: [`SmtpMailer`] sends through an
//! SMTP relay (`SMTP_URL`), [`FolderMailer`] writes every mail as an `.eml`
//! file so a newcomer without a relay can read what would have been sent.
//! [`Templates`] renders each kind of mail in Dutch or English, as text and HTML.

mod folder;
mod jobs;
mod message;
mod smtp;
pub mod templates;

use std::path::Path;
use std::sync::Arc;

pub use folder::FolderMailer;
pub use jobs::{
    AccountMailHandler, GroupInvitationMailHandler, MandateMailHandler, NotificationMailHandler,
    StreetReportMailHandler,
};
pub use message::{build_message, parse_from};
pub use plein_app::mail::{MailError, MailHeader, Mailer, OutgoingMail};
pub use smtp::SmtpMailer;
pub use templates::{Notification, Rendered, Templates, escape_html};

/// The sender when `MAIL_FROM` is not set.
pub const DEFAULT_FROM: &str = "Plein <noreply@localhost>";

/// A mail setting that can't be used. Says what is wrong, never the password.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(String);

impl ConfigError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// The mailer the configuration asks for: SMTP when `smtp_url` is set, else
/// `.eml` files in `folder` (created when the first mail is written).
pub fn open(
    smtp_url: Option<&str>,
    from: &str,
    folder: &Path,
) -> Result<Arc<dyn Mailer>, ConfigError> {
    match smtp_url.map(str::trim).filter(|url| !url.is_empty()) {
        Some(url) => {
            let mailer = SmtpMailer::new(url, from)?;
            tracing::info!(relay = %mailer.relay(), "mail goes out through SMTP");
            Ok(Arc::new(mailer))
        }
        None => {
            let mailer = FolderMailer::new(folder, from)?;
            tracing::info!(folder = %folder.display(), "mail is written to a folder, not sent");
            Ok(Arc::new(mailer))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_picks_the_adapter_from_the_settings() {
        let dir = std::env::temp_dir();
        let folder = open(None, DEFAULT_FROM, &dir).expect("folder");
        assert_eq!(folder.name(), "folder");
        let blank = open(Some("  "), DEFAULT_FROM, &dir).expect("folder");
        assert_eq!(blank.name(), "folder");
        let smtp = open(Some("smtp://127.0.0.1:2525"), DEFAULT_FROM, &dir).expect("smtp");
        assert_eq!(smtp.name(), "smtp");
    }

    #[test]
    fn open_refuses_bad_settings() {
        let dir = std::env::temp_dir();
        assert!(open(Some("http://relay"), DEFAULT_FROM, &dir).is_err());
        assert!(open(None, "not an address", &dir).is_err());
    }
}
