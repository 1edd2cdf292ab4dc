//! Sending through an SMTP relay, configured by one URL:
//!
//! - `smtp://host:port`: plain, for a relay on the same host or network;
//! - `smtp://user:pass@host:587?tls=starttls`: upgraded with STARTTLS (required);
//! - `smtps://user:pass@host:465`: TLS from the first byte.
//!
//! `?tls=opportunistic` upgrades when the relay offers it. Credentials are
//! percent-decoded and never appear in logs or errors.

use std::time::Duration;

use async_trait::async_trait;
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use plein_app::mail::{MailError, Mailer, OutgoingMail};
use url::Url;

use crate::ConfigError;
use crate::message::{build_message, parse_from};

const TIMEOUT: Duration = Duration::from_secs(30);

/// Sends each mail over its own SMTP connection.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    relay: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Security {
    Plain,
    StartTls,
    Opportunistic,
    Implicit,
}

impl SmtpMailer {
    /// A mailer for `smtp_url` (see the module docs) sending as `from`.
    pub fn new(smtp_url: &str, from: &str) -> Result<Self, ConfigError> {
        let invalid = |why: &str| ConfigError::new(format!("SMTP_URL {why}"));
        let url = Url::parse(smtp_url.trim())
            .map_err(|e| ConfigError::new(format!("SMTP_URL is not a URL: {e}")))?;
        let host = url
            .host_str()
            .filter(|host| !host.is_empty())
            .ok_or_else(|| invalid("has no host"))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        if url.path() != "" && url.path() != "/" {
            return Err(invalid("must not have a path"));
        }

        let mut tls = None;
        for (key, value) in url.query_pairs() {
            match key.as_ref() {
                "tls" if tls.is_none() => tls = Some(value.into_owned()),
                _ => return Err(invalid(&format!("has an unknown setting {key:?}"))),
            }
        }
        let security = match (url.scheme(), tls.as_deref()) {
            ("smtp", None | Some("none")) => Security::Plain,
            ("smtp", Some("starttls" | "required")) => Security::StartTls,
            ("smtp", Some("opportunistic")) => Security::Opportunistic,
            ("smtps", None | Some("implicit")) => Security::Implicit,
            ("smtp" | "smtps", Some(other)) => {
                return Err(invalid(&format!(
                    "has tls={other:?}; use starttls or opportunistic with smtp://, or smtps://"
                )));
            }
            (scheme, _) => {
                return Err(invalid(&format!(
                    "must start with smtp:// or smtps://, not {scheme}://"
                )));
            }
        };
        let port = url.port().unwrap_or(match security {
            Security::Plain => 25,
            Security::StartTls | Security::Opportunistic => 587,
            Security::Implicit => 465,
        });

        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&host)
            .port(port)
            .timeout(Some(TIMEOUT));
        if security != Security::Plain {
            let parameters = TlsParameters::new(host.clone())
                .map_err(|e| ConfigError::new(format!("SMTP TLS setup failed: {e}")))?;
            builder = builder.tls(match security {
                Security::StartTls => Tls::Required(parameters),
                Security::Opportunistic => Tls::Opportunistic(parameters),
                _ => Tls::Wrapper(parameters),
            });
        }
        if !url.username().is_empty() || url.password().is_some() {
            let user = decode(url.username()).ok_or_else(|| invalid("has a malformed user"))?;
            let password = decode(url.password().unwrap_or_default())
                .ok_or_else(|| invalid("has a malformed password"))?;
            if matches!(security, Security::Plain | Security::Opportunistic) && !is_loopback(&host)
            {
                return Err(invalid(
                    "has credentials but no required TLS; use ?tls=starttls or smtps://",
                ));
            }
            builder = builder.credentials(Credentials::new(user, password));
        }

        let scheme = if security == Security::Implicit {
            "smtps"
        } else {
            "smtp"
        };
        Ok(Self {
            transport: builder.build(),
            from: parse_from(from)?,
            relay: format!("{scheme}://{}:{port}", url.host_str().unwrap_or(&host)),
        })
    }

    /// The relay without credentials, for logs: `smtp://host:port`.
    pub fn relay(&self) -> &str {
        &self.relay
    }
}

fn decode(raw: &str) -> Option<String> {
    percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()
        .map(|value| value.into_owned())
}

fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

// Never print the transport: it holds the credentials.
impl std::fmt::Debug for SmtpMailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpMailer")
            .field("relay", &self.relay)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl Mailer for SmtpMailer {
    fn name(&self) -> &'static str {
        "smtp"
    }

    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let message = build_message(&self.from, mail)?;
        match self.transport.send(message).await {
            Ok(response) => {
                tracing::debug!(relay = %self.relay, code = %response.code(), "mail handed to the relay");
                Ok(())
            }
            Err(err) => Err(classify(&self.relay, &err)),
        }
    }

    /// Connects and says NOOP.
    async fn check(&self) -> Result<(), MailError> {
        match self.transport.test_connection().await {
            Ok(true) => Ok(()),
            Ok(false) => Err(MailError::Unreachable(format!(
                "{} did not answer NOOP",
                self.relay
            ))),
            Err(err) => Err(classify(&self.relay, &err)),
        }
    }
}

/// A 5xx reply is final; a 4xx reply, a failed connection or a timeout may
/// pass later.
fn classify(relay: &str, err: &lettre::transport::smtp::Error) -> MailError {
    if err.is_permanent() {
        MailError::Rejected(err.to_string())
    } else if err.is_transient() {
        MailError::Deferred(err.to_string())
    } else if err.is_timeout() {
        MailError::Unreachable(format!("{relay} timed out: {err}"))
    } else {
        MailError::Unreachable(format!("{relay}: {err}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relay(url: &str) -> String {
        SmtpMailer::new(url, crate::DEFAULT_FROM)
            .map(|mailer| mailer.relay().to_owned())
            .unwrap_or_else(|e| panic!("{url}: {e}"))
    }

    fn refused(url: &str) -> String {
        SmtpMailer::new(url, crate::DEFAULT_FROM)
            .expect_err(url)
            .to_string()
    }

    #[test]
    fn the_url_chooses_port_and_security() {
        assert_eq!(relay("smtp://127.0.0.1:2525"), "smtp://127.0.0.1:2525");
        assert_eq!(relay("smtp://relay.example"), "smtp://relay.example:25");
        assert_eq!(
            relay("smtp://u:p@relay.example?tls=starttls"),
            "smtp://relay.example:587"
        );
        assert_eq!(
            relay("smtp://relay.example?tls=opportunistic"),
            "smtp://relay.example:587"
        );
        assert_eq!(
            relay("smtps://u:p@relay.example"),
            "smtps://relay.example:465"
        );
        assert_eq!(relay("smtp://u:p@localhost:1025"), "smtp://localhost:1025");
        assert_eq!(relay("smtp://[::1]:1025"), "smtp://[::1]:1025");
    }

    #[test]
    fn bad_urls_are_refused_without_showing_the_password() {
        for url in [
            "http://relay.example",
            "smtp://",
            "smtp://relay.example/path",
            "smtp://relay.example?tls=maybe",
            "smtp://relay.example?tsl=starttls",
            "smtp://user:hunter22@relay.example",
            "smtp://user:hunter22@relay.example?tls=opportunistic",
            "smtps://user:hunter22@relay.example?tls=starttls",
        ] {
            let message = refused(url);
            assert!(message.starts_with("SMTP_URL"), "{url}: {message}");
            assert!(!message.contains("hunter22"), "{url}: {message}");
        }
    }

    #[test]
    fn credentials_are_percent_decoded() {
        assert_eq!(decode("p%40ss%2Fw+rd").as_deref(), Some("p@ss/w+rd"));
        assert_eq!(decode("plain").as_deref(), Some("plain"));
    }

    #[test]
    fn debug_shows_the_relay_only() {
        let mailer = SmtpMailer::new("smtps://user:hunter22@relay.example", crate::DEFAULT_FROM)
            .expect("valid");
        let printed = format!("{mailer:?}");
        assert!(printed.contains("smtps://relay.example:465"));
        assert!(!printed.contains("hunter22"));
    }
}
