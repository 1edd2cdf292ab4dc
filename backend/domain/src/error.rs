/// A value that failed to parse, with the input field it came from.
///
/// The field is the GraphQL input field name (camelCase), so the API can hand it
/// to the client as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// Trims `raw` and checks its length in characters, for the plain-text fields.
pub(crate) fn bounded_text(
    field: &'static str,
    raw: &str,
    min: usize,
    max: usize,
) -> Result<String, FieldError> {
    let text = raw.trim();
    let len = text.chars().count();
    if len < min {
        return Err(if min <= 1 {
            FieldError::new(field, "must not be empty")
        } else {
            FieldError::new(field, format!("must be at least {min} characters"))
        });
    }
    if len > max {
        return Err(FieldError::new(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if text.chars().any(|c| c.is_control()) {
        return Err(FieldError::new(
            field,
            "must not contain control characters",
        ));
    }
    if text.chars().any(is_bidi_control) {
        return Err(FieldError::new(
            field,
            "must not contain characters that change the writing direction",
        ));
    }
    Ok(text.to_owned())
}

/// The invisible characters that reorder text around them (embeddings,
/// overrides, isolates and marks): in a name or title they make "Sanne
/// \u{202E}nimda" read as "Sanne admin".
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_changing_characters_are_refused_in_plain_text() {
        for c in [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}',
            '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        ] {
            let err = bounded_text("name", &format!("Sanne {c}nimda"), 1, 60).expect_err("bidi");
            assert_eq!(err.field, "name");
        }
        // Right-to-left scripts themselves are welcome.
        assert!(bounded_text("name", "سارة", 1, 60).is_ok());
        assert!(bounded_text("name", "שרה", 1, 60).is_ok());
    }
}
