//! From query text to a tantivy query, built term by term so no character a
//! user types can be read as query syntax.

use std::ops::Range;

use plein_app::search::SearchQuery;
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

use super::schema::{Fields, MAX_WORD_BYTES, analyzer, query_analyzer};
use crate::language::{MAX_QUERY_WORDS, Synonyms, is_stop_word, typo_budget};

/// One word of the query as it will be matched.
#[derive(Debug, Clone)]
pub struct QueryWord {
    pub word: String,
    /// Edits allowed (Damerau-Levenshtein, a swap counts as one).
    pub typos: u8,
    /// The last word of a query still being typed also matches as a prefix.
    pub prefix: bool,
    pub synonyms: Vec<String>,
}

/// The words of a query, stop words dropped, at most [`MAX_QUERY_WORDS`].
pub fn parse_words(text: &str, synonyms: &Synonyms, last_is_prefix: bool) -> Vec<QueryWord> {
    let mut analyzer = query_analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut words: Vec<QueryWord> = Vec::new();
    while stream.advance() && words.len() < MAX_QUERY_WORDS {
        let mut word = stream.token().text.clone();
        if word.len() > MAX_WORD_BYTES {
            let mut end = MAX_WORD_BYTES;
            while !word.is_char_boundary(end) {
                end -= 1;
            }
            word.truncate(end);
        }
        if is_stop_word(&word) || words.iter().any(|seen| seen.word == word) {
            continue;
        }
        words.push(QueryWord {
            typos: typo_budget(&word),
            prefix: false,
            synonyms: synonyms.of(&word).map(str::to_owned).collect(),
            word,
        });
    }
    let ends_in_word = text.chars().last().is_some_and(char::is_alphanumeric);
    if let Some(last) = words.last_mut() {
        last.prefix = last_is_prefix && ends_in_word;
    }
    words
}

/// Weight of a match per field: title over tags over body over the author's
/// name.
const FIELD_WEIGHTS: [(FieldKind, f32); 4] = [
    (FieldKind::Title, 3.0),
    (FieldKind::Tags, 2.0),
    (FieldKind::Body, 1.0),
    (FieldKind::Author, 0.5),
];

#[derive(Clone, Copy)]
enum FieldKind {
    Title,
    Tags,
    Body,
    Author,
}

fn text_field(fields: &Fields, kind: FieldKind) -> Field {
    match kind {
        FieldKind::Title => fields.title,
        FieldKind::Tags => fields.tags_text,
        FieldKind::Body => fields.body,
        FieldKind::Author => fields.author,
    }
}

/// Matches one word anywhere: exactly (scored by BM25), as a synonym, or
/// with typos or as a prefix (a flat, lower score, so exact matches rank
/// first).
fn word_query(fields: &Fields, word: &QueryWord) -> Box<dyn Query> {
    let mut should: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (kind, weight) in FIELD_WEIGHTS {
        let field = text_field(fields, kind);
        let term = Term::from_field_text(field, &word.word);
        should.push((Occur::Should, boosted(exact(term.clone()), weight)));
        for synonym in &word.synonyms {
            let term = Term::from_field_text(field, synonym);
            should.push((Occur::Should, boosted(exact(term), weight * 0.8)));
        }
        let fuzzy = match (word.prefix, word.typos) {
            (true, typos) => Some(FuzzyTermQuery::new_prefix(term, typos, true)),
            (false, 0) => None,
            (false, typos) => Some(FuzzyTermQuery::new(term, typos, true)),
        };
        if let Some(fuzzy) = fuzzy {
            should.push((Occur::Should, boosted(Box::new(fuzzy), weight * 0.3)));
        }
    }
    Box::new(BooleanQuery::new(should))
}

fn exact(term: Term) -> Box<dyn Query> {
    Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}

fn filter(query: Box<dyn Query>) -> (Occur, Box<dyn Query>) {
    (Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0)))
}

fn any_of(field: Field, values: impl IntoIterator<Item = String>) -> Box<dyn Query> {
    let should = values
        .into_iter()
        .map(|value| {
            let term = Term::from_field_text(field, &value);
            let query: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
            (Occur::Should, query)
        })
        .collect();
    Box::new(BooleanQuery::new(should))
}

/// How the words combine: a search needs every word, a similarity query
/// any of them.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Matching {
    All,
    Any,
}

pub fn build(
    fields: &Fields,
    words: &[QueryWord],
    matching: Matching,
    search: &SearchQuery,
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if words.is_empty() {
        clauses.push((Occur::Must, Box::new(AllQuery)));
    } else {
        let occur = match matching {
            Matching::All => Occur::Must,
            Matching::Any => Occur::Should,
        };
        let text: Vec<_> = words
            .iter()
            .map(|word| (occur, word_query(fields, word)))
            .collect();
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(text))));
    }
    if !search.kinds.is_empty() {
        let kinds = search.kinds.iter().map(|kind| kind.as_str().to_owned());
        clauses.push(filter(any_of(fields.kind, kinds)));
    }
    if !search.statuses.is_empty() {
        clauses.push(filter(any_of(fields.status, search.statuses.clone())));
    }
    if let Some(area) = search.area_id {
        clauses.push(filter(any_of(fields.area_path_ids, [area.to_string()])));
    }
    if !search.tags.is_empty() {
        let tags = crate::normalized_tags(&search.tags);
        clauses.push(filter(any_of(fields.tags, tags)));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// Byte ranges of the words in `text` that the query matched, the same way
/// the index matched them, for highlighting.
pub fn matched_ranges(text: &str, words: &[QueryWord]) -> Vec<(Range<usize>, bool)> {
    let mut analyzer = analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let token = stream.token();
        let matched = words.iter().any(|word| matches(&token.text, word));
        out.push((token.offset_from..token.offset_to, matched));
    }
    out
}

fn matches(token: &str, word: &QueryWord) -> bool {
    if token == word.word || word.synonyms.iter().any(|synonym| synonym == token) {
        return true;
    }
    let token: Vec<char> = token.chars().collect();
    let query: Vec<char> = word.word.chars().collect();
    let typos = usize::from(word.typos);
    if word.prefix {
        let shortest = query.len().saturating_sub(typos).max(1);
        let longest = (query.len() + typos).min(token.len());
        (shortest..=longest).any(|len| distance(&token[..len], &query) <= typos)
    } else {
        typos > 0 && distance(&token, &query) <= typos
    }
}

/// Optimal string alignment distance: insertions, deletions, substitutions
/// and swaps of neighbours each cost one.
fn distance(a: &[char], b: &[char]) -> usize {
    let width = b.len() + 1;
    let mut rows = vec![0usize; (a.len() + 1) * width];
    for (j, cell) in rows.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i * width] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[(i - 1) * width + j] + 1)
                .min(rows[i * width + j - 1] + 1)
                .min(rows[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[(i - 2) * width + j - 2] + 1);
            }
            rows[i * width + j] = best;
        }
    }
    rows[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn a_swap_is_one_edit() {
        assert_eq!(distance(&chars("speeltiun"), &chars("speeltuin")), 1);
        assert_eq!(distance(&chars("speltuin"), &chars("speeltuin")), 1);
        assert_eq!(distance(&chars("park"), &chars("bank")), 2);
    }

    #[test]
    fn stop_words_go_and_the_last_word_is_a_prefix() {
        let words = parse_words("De bankjes in het park", &Synonyms::dutch(), true);
        let found: Vec<_> = words.iter().map(|w| (w.word.as_str(), w.prefix)).collect();
        assert_eq!(found, [("bankjes", false), ("park", true)]);
        let words = parse_words("park ", &Synonyms::dutch(), true);
        assert!(!words[0].prefix);
    }

    #[test]
    fn highlighting_follows_typos_and_synonyms() {
        let words = parse_words("speltuin trottoir", &Synonyms::dutch(), false);
        let text = "De speeltuin naast de stoep";
        let marked: Vec<_> = matched_ranges(text, &words)
            .into_iter()
            .filter(|(_, matched)| *matched)
            .map(|(range, _)| &text[range])
            .collect();
        assert_eq!(marked, ["speeltuin", "stoep"]);
    }
}
