//! Text that people write: plain-text titles and tags, and Markdown bodies.

use crate::error::{FieldError, bounded_text};

/// A title of an idea or plan. Plain text, never markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Title(String);

impl Title {
    pub const MAX_LEN: usize = 120;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        bounded_text("title", raw, 1, Self::MAX_LEN).map(Self)
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// Markdown as its author wrote it. It is stored unchanged and rendered to
/// sanitised HTML when served (see [`crate::markdown`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markdown(String);

impl Markdown {
    /// An idea's body or a comment's body, with the limit that field has.
    pub fn parse(field: &'static str, raw: &str, max: usize) -> Result<Self, FieldError> {
        if raw.trim().is_empty() {
            return Err(FieldError::new(field, "must not be empty"));
        }
        if raw.chars().count() > max {
            return Err(FieldError::new(
                field,
                format!("must be at most {max} characters"),
            ));
        }
        if raw
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            return Err(FieldError::new(
                field,
                "must not contain control characters",
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A short plain-text reason, for instance why an idea was declined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason(String);

impl Reason {
    pub const MAX_LEN: usize = 1000;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        bounded_text("reason", raw, 1, Self::MAX_LEN).map(Self)
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A tag: plain text, trimmed and lower-cased, such as `groen` or `verkeer`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tag(String);

impl Tag {
    pub const MAX_LEN: usize = 30;
    /// The most tags one idea may carry.
    pub const MAX_PER_ITEM: usize = 10;

    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        // Lower-cased before it is measured: some letters become two
        // characters (İ is i and a combining dot).
        let tag = bounded_text("tags", &raw.to_lowercase(), 1, Self::MAX_LEN)?;
        if tag.contains(',') {
            return Err(FieldError::new("tags", "a tag must not contain a comma"));
        }
        Ok(Self(tag))
    }

    /// Parses a list, dropping duplicates and keeping the first order.
    pub fn parse_list(raw: &[String]) -> Result<Vec<Self>, FieldError> {
        let mut tags: Vec<Tag> = Vec::new();
        for item in raw {
            let tag = Self::parse(item)?;
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        if tags.len() > Self::MAX_PER_ITEM {
            return Err(FieldError::new(
                "tags",
                format!("at most {} tags", Self::MAX_PER_ITEM),
            ));
        }
        Ok(tags)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

/// A point on the map, in WGS84 degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Location {
    pub latitude: f64,
    pub longitude: f64,
}

impl Location {
    pub fn parse(latitude: f64, longitude: f64) -> Result<Self, FieldError> {
        if !latitude.is_finite() || !(-90.0..=90.0).contains(&latitude) {
            return Err(FieldError::new("latitude", "must be between -90 and 90"));
        }
        if !longitude.is_finite() || !(-180.0..=180.0).contains(&longitude) {
            return Err(FieldError::new("longitude", "must be between -180 and 180"));
        }
        Ok(Self {
            latitude,
            longitude,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_bounded_plain_text() {
        assert!(Title::parse("  ").is_err());
        assert!(Title::parse(&"a".repeat(121)).is_err());
        assert!(Title::parse("Meer groen op het plein").is_ok());
    }

    #[test]
    fn tags_are_normalised_and_deduplicated() {
        let tags =
            Tag::parse_list(&["Groen".into(), " groen ".into(), "Verkeer".into()]).expect("valid");
        let tags: Vec<_> = tags.iter().map(Tag::as_str).collect();
        assert_eq!(tags, ["groen", "verkeer"]);
        assert!(Tag::parse_list(&["a,b".into()]).is_err());
        assert!(Tag::parse_list(&[String::new()]).is_err());
        // Thirty characters that lower-case to sixty are too long.
        assert!(Tag::parse(&"İ".repeat(Tag::MAX_LEN)).is_err());
        assert_eq!(
            Tag::parse("İ").map(Tag::into_inner),
            Ok("i\u{307}".to_owned())
        );
        let many: Vec<String> = (0..11).map(|i| format!("t{i}")).collect();
        assert!(Tag::parse_list(&many).is_err());
    }

    #[test]
    fn markdown_is_kept_as_written() {
        let body = Markdown::parse("body", "  *hoi*\n", 100).expect("valid");
        assert_eq!(body.as_str(), "  *hoi*\n");
        assert!(Markdown::parse("body", " \n ", 100).is_err());
        assert!(Markdown::parse("body", &"x".repeat(101), 100).is_err());
    }

    #[test]
    fn locations_are_on_earth() {
        assert!(Location::parse(52.37, 4.89).is_ok());
        assert_eq!(
            Location::parse(91.0, 0.0).expect_err("lat").field,
            "latitude"
        );
        assert_eq!(
            Location::parse(0.0, 181.0).expect_err("lon").field,
            "longitude"
        );
    }
}
