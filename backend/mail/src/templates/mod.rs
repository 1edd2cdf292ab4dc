//! The mails Plein sends, one method per kind, in the recipient's language.
//!
//! Each takes app paths (`/verify-email?token=…`) rather than URLs and makes
//! them absolute from the public base URL, so every link in a mail points at
//! this installation. A value that can't be used fails the render with the
//! reason; nothing is dropped silently.

mod accounts;
mod groups;
#[cfg(test)]
mod languages;
mod layout;
mod mandates;
mod notification;
mod notify;
mod street_reports;

use std::fmt;

use chrono::{DateTime, Utc};
use plein_app::mail::{MailError, MailHeader, OutgoingMail};
use plein_domain::Locale;
use url::Url;

use crate::ConfigError;
use layout::{Content, Frame};

pub use groups::INVITATION_PATH;
pub use mandates::MANDATES_PATH;
pub use notification::Notification;
pub use notify::PREFERENCES_PATH;

/// A date as a mail shows it, in the Netherlands' time.
fn day(at: DateTime<Utc>) -> String {
    at.with_timezone(&chrono_tz::Europe::Amsterdam)
        .format("%d-%m-%Y")
        .to_string()
}

/// Renders mails for one installation.
#[derive(Debug, Clone)]
pub struct Templates {
    /// Without a trailing slash, so paths append.
    base_url: String,
    installation: String,
}

/// A rendered mail, not yet addressed.
#[derive(Clone)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
    pub headers: Vec<MailHeader>,
}

impl Rendered {
    /// The mail to send to `address`, shown with `name` when given.
    pub fn to(self, address: impl Into<String>, name: Option<&str>) -> OutgoingMail {
        OutgoingMail {
            to_address: address.into(),
            to_name: name.map(str::to_owned),
            subject: self.subject,
            text: self.text,
            html: self.html,
            headers: self.headers,
        }
    }
}

// The bodies carry sign-in and reset links.
impl fmt::Debug for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rendered")
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

impl Templates {
    /// `public_url` is where residents reach the app (`https://plein.example`,
    /// a path prefix allowed); `installation` names who runs it, such as
    /// "Gemeente Utrecht", for the footer.
    pub fn new(public_url: &str, installation: &str) -> Result<Self, ConfigError> {
        let url = Url::parse(public_url.trim())
            .map_err(|e| ConfigError::new(format!("the public URL is not a URL: {e}")))?;
        if !matches!(url.scheme(), "https" | "http") || url.host_str().is_none() {
            return Err(ConfigError::new(
                "the public URL must be an http(s) URL with a host",
            ));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(ConfigError::new(
                "the public URL must not have a query or fragment",
            ));
        }
        let installation = installation.trim();
        if installation.is_empty() {
            return Err(ConfigError::new("the installation needs a name"));
        }
        Ok(Self {
            base_url: url.as_str().trim_end_matches('/').to_owned(),
            installation: installation.to_owned(),
        })
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The absolute URL of an app path; `what` names the link in the error.
    fn link(&self, what: &str, path: &str) -> Result<String, MailError> {
        let fail = |why: &str| MailError::Render(format!("the {what} {why}"));
        if !path.starts_with('/') || path.starts_with("//") {
            return Err(fail("must be a path in the app, starting with one \"/\""));
        }
        if path.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(fail("contains spaces or control characters"));
        }
        let url = Url::parse(&format!("{}{path}", self.base_url))
            .map_err(|e| fail(&format!("does not make a URL: {e}")))?;
        Ok(url.into())
    }

    fn render(&self, locale: Locale, content: Content, headers: Vec<MailHeader>) -> Rendered {
        let frame = Frame {
            locale,
            base_url: &self.base_url,
            installation: &self.installation,
        };
        Rendered {
            text: layout::text(&frame, &content),
            html: layout::html(&frame, &content),
            // Subjects are one line, whatever the values held.
            subject: content
                .subject
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            headers,
        }
    }
}

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape_html(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn templates() -> Templates {
        Templates::new("https://plein.example/", "Gemeente Utrecht").expect("valid")
    }

    #[test]
    fn escape_html_covers_markup_and_quotes() {
        assert_eq!(
            escape_html(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(
            escape_html("Café aan de Oudegracht"),
            "Café aan de Oudegracht"
        );
        assert_eq!(escape_html(""), "");
    }

    #[test]
    fn links_are_made_absolute_on_the_public_url() {
        let t = templates();
        assert_eq!(
            t.link("link", "/verify-email?token=a.b").expect("valid"),
            "https://plein.example/verify-email?token=a.b"
        );
        let prefixed = Templates::new("https://gemeente.example/plein", "Gemeente X").expect("ok");
        assert_eq!(
            prefixed.link("link", "/ideas/1").expect("valid"),
            "https://gemeente.example/plein/ideas/1"
        );
    }

    #[test]
    fn links_off_the_app_fail_with_the_reason() {
        let t = templates();
        for bad in [
            "",
            "verify",
            "//evil.example/x",
            "https://evil.example/x",
            "/a b",
            "/a\r\nb",
        ] {
            let err = t.link("sign-in link", bad).expect_err(bad);
            assert!(
                err.to_string()
                    .starts_with("mail could not be rendered: the sign-in link "),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn the_public_url_and_installation_are_checked() {
        assert!(Templates::new("plein.example", "Gemeente X").is_err());
        assert!(Templates::new("ftp://plein.example", "Gemeente X").is_err());
        assert!(Templates::new("https://plein.example/?a=b", "Gemeente X").is_err());
        assert!(Templates::new("https://plein.example", " ").is_err());
        assert_eq!(
            Templates::new("http://localhost:3000/", "Plein")
                .expect("ok")
                .base_url(),
            "http://localhost:3000"
        );
    }
}
