//! Highlighted title and body snippet of one hit.
//!
//! tantivy's own snippet generator only marks terms that literally occur in
//! the query, so words found through a typo, a prefix or a synonym would go
//! unmarked; the matching rules of the query are applied here instead.

use std::ops::Range;

use super::query::{QueryWord, matched_ranges};
use crate::html;

/// Words around the first match that a snippet shows, as Meilisearch's
/// default crop length.
pub const SNIPPET_WORDS: usize = 30;

pub fn title_html(title: &str, words: &[QueryWord]) -> String {
    let marks: Vec<Range<usize>> = matched_ranges(title, words)
        .into_iter()
        .filter_map(|(range, matched)| matched.then_some(range))
        .collect();
    html::from_ranges(title, 0..title.len(), &marks)
}

pub fn snippet_html(body: &str, words: &[QueryWord]) -> String {
    let tokens = matched_ranges(body, words);
    if tokens.is_empty() {
        return html::from_ranges(body, 0..body.len(), &[]);
    }
    let first_match = tokens.iter().position(|(_, matched)| *matched).unwrap_or(0);
    let end = (first_match.saturating_sub(SNIPPET_WORDS / 3) + SNIPPET_WORDS).min(tokens.len());
    let start = end.saturating_sub(SNIPPET_WORDS);
    let from = if start == 0 { 0 } else { tokens[start].0.start };
    let to = if end == tokens.len() {
        body.len()
    } else {
        tokens[end - 1].0.end
    };
    let marks: Vec<Range<usize>> = tokens[start..end]
        .iter()
        .filter_map(|(range, matched)| matched.then_some(range.clone()))
        .collect();
    html::from_ranges(body, from..to, &marks)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::embedded::query::parse_words;
    use crate::language::Synonyms;

    #[test]
    fn long_bodies_are_cut_around_the_first_match() {
        let filler = "woord ".repeat(40);
        let body = format!("{filler}de <speeltuin> is kapot {filler}");
        let words = parse_words("speeltuin", &Synonyms::default(), false);
        let snippet = snippet_html(&body, &words);
        assert!(
            snippet.starts_with('…') && snippet.ends_with('…'),
            "{snippet}"
        );
        assert!(
            snippet.contains("&lt;<mark>speeltuin</mark>&gt;"),
            "{snippet}"
        );
        assert_eq!(snippet.split_whitespace().count(), SNIPPET_WORDS);
    }
}
