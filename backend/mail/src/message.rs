//! Turns an [`OutgoingMail`] into a lettre [`Message`]: multipart/alternative
//! (text, then HTML), the sender, and the extra headers.

use lettre::Message;
use lettre::message::header::{
    ContentTransferEncoding, ContentType, Header, HeaderName, HeaderValue,
};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};
use plein_app::mail::{MailError, MailHeader, OutgoingMail};

use crate::ConfigError;

/// Parses a `MAIL_FROM` value such as `Plein <noreply@plein.example>`.
pub fn parse_from(from: &str) -> Result<Mailbox, ConfigError> {
    from.trim()
        .parse::<Mailbox>()
        .map_err(|e| ConfigError::new(format!("MAIL_FROM is not a valid mail address: {e}")))
}

/// How the parts are encoded on the way out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Parts {
    /// Quoted-printable where needed: what every relay accepts.
    SevenBit,
    /// UTF-8 as is where lines allow, so a saved `.eml` reads in a text editor.
    Readable,
}

/// The RFC 5322 message for `mail`, sent by `from`.
pub fn build_message(from: &Mailbox, mail: &OutgoingMail) -> Result<Message, MailError> {
    build(from, mail, Parts::SevenBit)
}

pub(crate) fn build(
    from: &Mailbox,
    mail: &OutgoingMail,
    parts: Parts,
) -> Result<Message, MailError> {
    let address = mail
        .to_address
        .trim()
        .parse()
        .map_err(|e| MailError::InvalidAddress(format!("recipient: {e}")))?;
    let name = match mail.to_name.as_deref().map(str::trim) {
        Some(name) if !name.is_empty() => Some(single_line("recipient name", name)?.to_owned()),
        _ => None,
    };
    let subject = single_line("subject", mail.subject.trim())?;
    if subject.is_empty() {
        return Err(MailError::Render("the subject is empty".into()));
    }
    if mail.text.trim().is_empty() || mail.html.trim().is_empty() {
        return Err(MailError::Render(
            "a mail needs both a text and an HTML part".into(),
        ));
    }

    let mut builder = Message::builder()
        .from(from.clone())
        .to(Mailbox::new(name, address))
        .subject(subject)
        .message_id(Some(message_id(from, mail)))
        .header(AutoSubmitted);
    for header in &mail.headers {
        match header {
            MailHeader::MessageId { .. } => {}
            MailHeader::ListUnsubscribe { url } => {
                builder = builder
                    .header(ListUnsubscribe::new(url)?)
                    .header(ListUnsubscribePost);
            }
        }
    }
    let part = |content_type: ContentType, body: &str| {
        let body = match parts {
            Parts::SevenBit => Body::new(body.to_owned()),
            // Falls back when a line is too long for 8bit.
            Parts::Readable => {
                Body::new_with_encoding(body.to_owned(), ContentTransferEncoding::EightBit)
                    .unwrap_or_else(Body::new)
            }
        };
        SinglePart::builder().header(content_type).body(body)
    };
    builder
        .multipart(
            MultiPart::alternative()
                .singlepart(part(ContentType::TEXT_PLAIN, &mail.text))
                .singlepart(part(ContentType::TEXT_HTML, &mail.html)),
        )
        .map_err(|e| MailError::Render(e.to_string()))
}

fn single_line<'a>(what: &str, value: &'a str) -> Result<&'a str, MailError> {
    if value.chars().any(char::is_control) {
        Err(MailError::Render(format!(
            "the {what} contains a line break or control character"
        )))
    } else {
        Ok(value)
    }
}

/// `<key@domain>`: the key from [`MailHeader::MessageId`] when the mail has
/// one (the same on every resend), else random.
fn message_id(from: &Mailbox, mail: &OutgoingMail) -> String {
    let key = mail
        .headers
        .iter()
        .find_map(|header| match header {
            MailHeader::MessageId { key } => Some(*key),
            _ => None,
        })
        .unwrap_or_else(uuid::Uuid::new_v4);
    format!("<{}@{}>", key.simple(), from.email.domain())
}

/// `List-Unsubscribe: <https://…>` (RFC 2369), one HTTPS link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListUnsubscribe(String);

impl ListUnsubscribe {
    fn new(url: &str) -> Result<Self, MailError> {
        let parsed = url::Url::parse(url)
            .map_err(|e| MailError::Render(format!("the unsubscribe link is not a URL: {e}")))?;
        if !matches!(parsed.scheme(), "https" | "http") {
            return Err(MailError::Render(
                "the unsubscribe link must be an http(s) URL".into(),
            ));
        }
        // `Url` serialises without spaces, angle brackets or line breaks.
        Ok(Self(parsed.into()))
    }
}

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let url = s
            .trim()
            .strip_prefix('<')
            .and_then(|rest| rest.strip_suffix('>'))
            .ok_or("List-Unsubscribe must be <url>")?;
        Ok(Self(url.to_owned()))
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), format!("<{}>", self.0))
    }
}

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058): mail
/// programs may unsubscribe with one POST, without opening a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ListUnsubscribePost;

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        if s.trim() == "List-Unsubscribe=One-Click" {
            Ok(Self)
        } else {
            Err("List-Unsubscribe-Post must be List-Unsubscribe=One-Click".into())
        }
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}

/// `Auto-Submitted: auto-generated` (RFC 3834), so vacation responders stay quiet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(s: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        if s.trim() == "auto-generated" {
            Ok(Self)
        } else {
            Err("only Auto-Submitted: auto-generated is supported".into())
        }
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mail() -> OutgoingMail {
        OutgoingMail {
            to_address: "fatima@example.nl".into(),
            to_name: Some("Fatima El-Amrani".into()),
            subject: "Nieuw op Plein".into(),
            text: "Hallo".into(),
            html: "<p>Hallo</p>".into(),
            headers: vec![MailHeader::ListUnsubscribe {
                url: "https://plein.example/unsubscribe?token=abc.def".into(),
            }],
        }
    }

    fn from() -> Mailbox {
        parse_from(crate::DEFAULT_FROM).expect("default sender parses")
    }

    fn formatted(mail: &OutgoingMail) -> String {
        let message = build_message(&from(), mail).expect("builds");
        String::from_utf8(message.formatted()).expect("utf-8")
    }

    #[test]
    fn a_mail_has_both_parts_the_sender_and_the_unsubscribe_headers() {
        let raw = formatted(&mail());
        assert!(raw.contains("From: Plein <noreply@localhost>\r\n"), "{raw}");
        assert!(raw.contains("multipart/alternative"));
        assert!(raw.contains("Content-Type: text/plain; charset=utf-8"));
        assert!(raw.contains("Content-Type: text/html; charset=utf-8"));
        assert!(
            raw.contains("List-Unsubscribe: <https://plein.example/unsubscribe?token=abc.def>\r\n")
        );
        assert!(raw.contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"));
        assert!(raw.contains("Auto-Submitted: auto-generated\r\n"));
        assert!(
            raw.contains("@localhost>\r\n"),
            "message id on the sender's domain"
        );
    }

    #[test]
    fn readable_parts_keep_utf8_as_written() {
        let mail = OutgoingMail {
            text: "Café “De Buurt” is open.".into(),
            ..mail()
        };
        let seven_bit = formatted(&mail);
        assert!(seven_bit.is_ascii());
        let readable = build(&from(), &mail, Parts::Readable).expect("builds");
        let readable = String::from_utf8(readable.formatted()).expect("utf-8");
        assert!(readable.contains("Content-Transfer-Encoding: 8bit"));
        assert!(readable.contains("Café “De Buurt” is open."));

        let long = OutgoingMail {
            text: "x".repeat(2000),
            ..mail
        };
        let raw = build(&from(), &long, Parts::Readable).expect("falls back");
        assert!(
            String::from_utf8(raw.formatted())
                .expect("utf-8")
                .lines()
                .all(|l| l.len() <= 998)
        );
    }

    #[test]
    fn mails_without_headers_have_no_unsubscribe() {
        let raw = formatted(&OutgoingMail {
            headers: vec![],
            ..mail()
        });
        assert!(!raw.contains("List-Unsubscribe"));
    }

    #[test]
    fn invalid_recipients_are_rejected() {
        for bad in [
            "",
            "fatima",
            "fatima@",
            "@example.nl",
            "a b@example.nl",
            "a@b@c",
        ] {
            let err = build_message(
                &from(),
                &OutgoingMail {
                    to_address: bad.into(),
                    ..mail()
                },
            )
            .expect_err(bad);
            assert!(matches!(err, MailError::InvalidAddress(_)), "{bad}: {err}");
            assert!(err.is_permanent());
        }
    }

    #[test]
    fn header_injection_and_missing_parts_fail_with_the_reason() {
        let cases = [
            OutgoingMail {
                subject: "Hallo\r\nBcc: everyone@example.nl".into(),
                ..mail()
            },
            OutgoingMail {
                to_name: Some("Fatima\nBcc: x@example.nl".into()),
                ..mail()
            },
            OutgoingMail {
                subject: " ".into(),
                ..mail()
            },
            OutgoingMail {
                html: String::new(),
                ..mail()
            },
            OutgoingMail {
                headers: vec![MailHeader::ListUnsubscribe {
                    url: "/unsubscribe".into(),
                }],
                ..mail()
            },
            OutgoingMail {
                headers: vec![MailHeader::ListUnsubscribe {
                    url: "javascript:alert(1)".into(),
                }],
                ..mail()
            },
        ];
        for case in cases {
            let err = build_message(&from(), &case).expect_err("must not render");
            assert!(matches!(err, MailError::Render(_)), "{err}");
            assert!(err.to_string().starts_with("mail could not be rendered: "));
        }
    }

    #[test]
    fn the_sender_must_be_an_address() {
        assert!(parse_from("Plein <noreply@plein.example>").is_ok());
        assert!(parse_from("noreply@plein.example").is_ok());
        assert!(parse_from("Plein").is_err());
        assert!(parse_from("").is_err());
    }
}
