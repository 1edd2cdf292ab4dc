use std::fmt;

use crate::error::{FieldError, bounded_text};

/// A normalised email address: trimmed, lower-cased, plausibly deliverable.
///
/// Full RFC 5322 is not the goal; the address is proven by the verification
/// mail. This rejects what can never be delivered or would be ambiguous.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::parse_field("email", raw)
    }

    pub fn parse_field(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let email = raw.trim().to_lowercase();
        let invalid = || FieldError::new(field, "is not a valid email address");
        if email.is_empty() {
            return Err(FieldError::new(field, "must not be empty"));
        }
        if email.len() > Self::MAX_LEN {
            return Err(FieldError::new(
                field,
                format!("must be at most {} characters", Self::MAX_LEN),
            ));
        }
        let (local, domain) = email.rsplit_once('@').ok_or_else(invalid)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let domain_ok = domain.contains('.')
            && domain.split('.').all(|label| {
                !label.is_empty()
                    && label.len() <= 63
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            });
        if local_ok && domain_ok {
            Ok(Self(email))
        } else {
            Err(invalid())
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Email {
    // Addresses are personal data: keep them out of logs by default.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Email(<redacted>)")
    }
}

/// A password as typed, checked for length only (NIST SP 800-63B: length, not
/// composition rules). Never printed.
pub struct Password(String);

impl Password {
    pub const MIN_LEN: usize = 10;
    pub const MAX_LEN: usize = 128;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        Self::parse_field("password", raw)
    }

    pub fn parse_field(field: &'static str, raw: &str) -> Result<Self, FieldError> {
        let len = raw.chars().count();
        if len < Self::MIN_LEN {
            return Err(FieldError::new(
                field,
                format!("must be at least {} characters", Self::MIN_LEN),
            ));
        }
        if len > Self::MAX_LEN {
            return Err(FieldError::new(
                field,
                format!("must be at most {} characters", Self::MAX_LEN),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// The name someone shows on the square. Plain text, never markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub const MAX_LEN: usize = 60;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        bounded_text("displayName", raw, 1, Self::MAX_LEN).map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// The organisation a professional works for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organisation(String);

impl Organisation {
    pub const MAX_LEN: usize = 120;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        bounded_text("organisation", raw, 1, Self::MAX_LEN).map(Self)
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// The language someone reads Plein in: Dutch first, English second.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    Nl,
    En,
}

impl Locale {
    pub fn as_str(self) -> &'static str {
        match self {
            Locale::Nl => "nl",
            Locale::En => "en",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "nl" => Ok(Locale::Nl),
            "en" => Ok(Locale::En),
            _ => Err(FieldError::new("locale", "must be \"nl\" or \"en\"")),
        }
    }
}

/// Reads a stored locale, exactly as [`Locale::as_str`] wrote it.
impl std::str::FromStr for Locale {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Locale::Nl, Locale::En]
            .into_iter()
            .find(|l| l.as_str() == s)
            .ok_or_else(|| format!("unknown locale {s:?}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised() {
        let email = Email::parse("  Fatima.El-Amrani@Example.NL ").expect("valid");
        assert_eq!(email.as_str(), "fatima.el-amrani@example.nl");
    }

    #[test]
    fn implausible_emails_are_refused() {
        for raw in [
            "",
            "plain",
            "@example.nl",
            "a@",
            "a@nl",
            "a b@example.nl",
            "a@exa mple.nl",
            "a..b@example.nl",
            "a@-example.nl",
            "<script>@example.nl",
        ] {
            let err = Email::parse(raw).expect_err(raw);
            assert_eq!(err.field, "email");
        }
        let long = format!("{}@example.nl", "a".repeat(250));
        assert!(Email::parse(&long).is_err());
    }

    #[test]
    fn passwords_have_a_minimum_and_a_maximum() {
        assert!(Password::parse("kort").is_err());
        assert!(Password::parse(&"x".repeat(129)).is_err());
        assert!(Password::parse("lang genoeg wachtwoord").is_ok());
        assert_eq!(
            format!("{:?}", Password::parse("geheim-wachtwoord").expect("valid")),
            "Password(<redacted>)"
        );
    }

    #[test]
    fn display_names_are_trimmed_plain_text() {
        assert_eq!(
            DisplayName::parse("  Jan de Vries ")
                .expect("valid")
                .as_str(),
            "Jan de Vries"
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse(&"a".repeat(61)).is_err());
        assert!(DisplayName::parse("bell\u{7}").is_err());
    }
}
