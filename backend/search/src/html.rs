//! Highlighted text as safe HTML: everything escaped except the `<mark>` tags
//! we put around matches ourselves.

use std::ops::Range;

/// Marks an adapter asks the engine to put around matches: private-use
/// characters, which no highlight tag in the text itself can imitate.
pub const MARK_START: char = '\u{E000}';
pub const MARK_END: char = '\u{E001}';
/// The same marks as text, for an engine's highlight tag settings.
pub const MARK_START_TAG: &str = "\u{E000}";
pub const MARK_END_TAG: &str = "\u{E001}";

pub fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            MARK_START | MARK_END => {}
            c => out.push(c),
        }
    }
}

/// Turns text with [`MARK_START`]/[`MARK_END`] around matches into HTML.
/// Unbalanced marks are dropped or closed, so the tags always pair up.
pub fn from_marked(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut open = false;
    let mut rest = text;
    while let Some(at) = rest.find([MARK_START, MARK_END]) {
        push_escaped(&mut out, &rest[..at]);
        let mark = rest[at..].chars().next().unwrap_or(MARK_END);
        match (mark, open) {
            (MARK_START, false) => {
                out.push_str("<mark>");
                open = true;
            }
            (MARK_END, true) => {
                out.push_str("</mark>");
                open = false;
            }
            _ => {}
        }
        rest = &rest[at + mark.len_utf8()..];
    }
    push_escaped(&mut out, rest);
    if open {
        out.push_str("</mark>");
    }
    out
}

/// Renders `text[window]` with the byte ranges in `marks` (sorted, not
/// overlapping, inside the window) wrapped in `<mark>`, and an ellipsis
/// where the window cuts the text.
pub fn from_ranges(text: &str, window: Range<usize>, marks: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(window.len() + 16);
    if window.start > 0 {
        out.push('…');
    }
    let mut at = window.start;
    for mark in marks {
        push_escaped(&mut out, &text[at..mark.start]);
        out.push_str("<mark>");
        push_escaped(&mut out, &text[mark.clone()]);
        out.push_str("</mark>");
        at = mark.end;
    }
    push_escaped(&mut out, &text[at..window.end]);
    if window.end < text.trim_end().len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_chars_agree() {
        assert_eq!(MARK_START_TAG, MARK_START.to_string());
        assert_eq!(MARK_END_TAG, MARK_END.to_string());
    }

    #[test]
    fn marked_text_is_escaped_and_balanced() {
        let text = format!("<b>{MARK_START}park{MARK_END}</b> & {MARK_END}{MARK_START}x");
        assert_eq!(
            from_marked(&text),
            "&lt;b&gt;<mark>park</mark>&lt;/b&gt; &amp; <mark>x</mark>"
        );
    }

    #[test]
    fn ranges_are_marked_inside_the_window() {
        let text = "een <script> in het park";
        let start = text.find("in").unwrap_or_default();
        let park = text.find("park").unwrap_or_default();
        let marks = [Range {
            start: park,
            end: park + 4,
        }];
        assert_eq!(
            from_ranges(text, 0..text.len(), &marks),
            "een &lt;script&gt; in het <mark>park</mark>"
        );
        assert_eq!(from_ranges(text, start..start + 6, &[]), "…in het…");
    }
}
