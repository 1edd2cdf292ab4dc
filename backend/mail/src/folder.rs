//! The default mailer: every mail becomes an `.eml` file, readable in any mail
//! program or text editor, named so that a listing sorts by time.

use std::path::{Path, PathBuf};

use async_trait::async_trait;
use lettre::message::Mailbox;
use plein_app::mail::{MailError, Mailer, OutgoingMail};

use crate::ConfigError;
use crate::message::{Parts, build, parse_from};

#[derive(Debug)]
pub struct FolderMailer {
    folder: PathBuf,
    from: Mailbox,
}

impl FolderMailer {
    /// Writes into `folder`, which is created when the first mail arrives.
    pub fn new(folder: impl Into<PathBuf>, from: &str) -> Result<Self, ConfigError> {
        Ok(Self {
            folder: folder.into(),
            from: parse_from(from)?,
        })
    }

    pub fn folder(&self) -> &Path {
        &self.folder
    }
}

#[async_trait]
impl Mailer for FolderMailer {
    fn name(&self) -> &'static str {
        "folder"
    }

    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let message = build(&self.from, mail, Parts::Readable)?;
        let io = |what: &str, e: std::io::Error| {
            MailError::Io(format!("{what} {}: {e}", self.folder.display()))
        };
        tokio::fs::create_dir_all(&self.folder)
            .await
            .map_err(|e| io("cannot create", e))?;

        // UTC time first so names sort; a v7 id keeps two mails in one
        // microsecond apart.
        let name = format!(
            "{}-{}.eml",
            chrono::Utc::now().format("%Y%m%dT%H%M%S%.6fZ"),
            uuid::Uuid::now_v7().simple()
        );
        let path = self.folder.join(&name);
        // Write beside, then rename, so a reader never sees half a mail.
        let partial = self.folder.join(format!(".{name}.partial"));
        tokio::fs::write(&partial, message.formatted())
            .await
            .map_err(|e| io("cannot write into", e))?;
        tokio::fs::rename(&partial, &path)
            .await
            .map_err(|e| io("cannot write into", e))?;
        tracing::info!(file = %path.display(), "mail written, not sent");
        Ok(())
    }
}
