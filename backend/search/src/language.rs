//! Dutch language settings both adapters share: stop words, synonyms and the
//! typo budget per word length.

use std::collections::{BTreeMap, BTreeSet};

use plein_app::search::SearchError;

/// Words that carry no meaning in a query: the Snowball list for Dutch.
pub const DUTCH_STOP_WORDS: &[&str] = &[
    "aan", "al", "alles", "als", "altijd", "andere", "ben", "bij", "daar", "dan", "dat", "de",
    "der", "deze", "die", "dit", "doch", "doen", "door", "dus", "een", "eens", "en", "er", "ge",
    "geen", "geweest", "haar", "had", "heb", "hebben", "heeft", "hem", "het", "hier", "hij", "hoe",
    "hun", "iemand", "iets", "ik", "in", "is", "ja", "je", "kan", "kon", "kunnen", "maar", "me",
    "meer", "men", "met", "mij", "mijn", "moet", "na", "naar", "niet", "niets", "nog", "nu", "of",
    "om", "omdat", "onder", "ons", "ook", "op", "over", "reeds", "te", "tegen", "toch", "toen",
    "tot", "u", "uit", "uw", "van", "veel", "voor", "want", "waren", "was", "wat", "werd", "wezen",
    "wie", "wil", "worden", "wordt", "zal", "ze", "zelf", "zich", "zij", "zijn", "zo", "zonder",
    "zou",
];

/// Words residents use interchangeably; a municipality adds its own through
/// [`Synonyms::extend_from_lines`].
pub const DUTCH_SYNONYMS: &[&[&str]] = &[
    &["stoep", "trottoir"],
    &["fiets", "rijwiel"],
    &["speeltuin", "speelplaats"],
    &["afval", "vuilnis", "huisvuil"],
    &["zwerfafval", "zwerfvuil"],
    &["lantaarnpaal", "straatlantaarn", "lichtmast"],
    &["bankje", "zitbank"],
    &["parkeerplaats", "parkeerplek"],
    &["verkeersdrempel", "drempel"],
    &["zebrapad", "oversteekplaats"],
    &["buurthuis", "buurtcentrum", "wijkcentrum"],
    &["container", "afvalbak", "prullenbak"],
];

/// Most words of a query that are looked at, as Meilisearch does; the rest
/// of a very long query is ignored.
pub const MAX_QUERY_WORDS: usize = 10;

pub fn is_stop_word(word: &str) -> bool {
    DUTCH_STOP_WORDS.binary_search(&word).is_ok()
}

/// How many typos a query word of this many characters may contain
/// (Meilisearch's defaults: one from 5 characters, two from 9).
pub fn typo_budget(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// Groups of interchangeable single words, lower case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Synonyms {
    groups: Vec<Vec<String>>,
}

impl Synonyms {
    /// The default Dutch list.
    pub fn dutch() -> Self {
        let mut synonyms = Self::default();
        for group in DUTCH_SYNONYMS {
            synonyms.add_group(group.iter().copied());
        }
        synonyms
    }

    /// Adds a group; words are trimmed and lower-cased, groups of fewer than
    /// two words are ignored. A word already in a group joins the groups.
    pub fn add_group<'a>(&mut self, words: impl IntoIterator<Item = &'a str>) {
        let words: BTreeSet<String> = words
            .into_iter()
            .map(|word| word.trim().to_lowercase())
            .filter(|word| !word.is_empty())
            .collect();
        if words.len() < 2 {
            return;
        }
        let (mut joined, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut self.groups)
            .into_iter()
            .partition(|group| group.iter().any(|word| words.contains(word)));
        self.groups = rest;
        let mut merged: BTreeSet<String> = joined.drain(..).flatten().collect();
        merged.extend(words);
        self.groups.push(merged.into_iter().collect());
    }

    /// Reads one group per line, words separated by commas; `#` starts a
    /// comment. Each entry must be a single word.
    pub fn extend_from_lines(&mut self, text: &str) -> Result<(), SearchError> {
        for (number, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or_default().trim();
            if line.is_empty() {
                continue;
            }
            let words: Vec<&str> = line.split(',').map(str::trim).collect();
            if let Some(bad) = words
                .iter()
                .find(|word| word.split_whitespace().count() > 1)
            {
                return Err(SearchError::Config(format!(
                    "synonyms line {}: {bad:?} is more than one word",
                    number + 1
                )));
            }
            self.add_group(words);
        }
        Ok(())
    }

    /// The same groups with every word passed through `normalize` (an
    /// engine's own analyzer); words it leaves empty are dropped.
    pub fn normalized(&self, normalize: impl Fn(&str) -> Option<String>) -> Synonyms {
        let mut out = Synonyms::default();
        for group in &self.groups {
            let words: Vec<String> = group.iter().filter_map(|word| normalize(word)).collect();
            out.add_group(words.iter().map(String::as_str));
        }
        out
    }

    /// The other words of the group `word` belongs to (lower case).
    pub fn of(&self, word: &str) -> impl Iterator<Item = &str> {
        self.groups
            .iter()
            .filter(move |group| group.iter().any(|member| member == word))
            .flatten()
            .map(String::as_str)
            .filter(move |member| *member != word)
    }

    /// Every word mapped to the others of its group, both ways, as
    /// Meilisearch's `synonyms` setting wants it.
    pub fn to_map(&self) -> BTreeMap<String, Vec<String>> {
        let mut map = BTreeMap::new();
        for group in &self.groups {
            for word in group {
                let others = group.iter().filter(|other| *other != word).cloned();
                map.entry(word.clone())
                    .or_insert_with(Vec::new)
                    .extend(others);
            }
        }
        map
    }
}

/// Words of a text in lower case, split on anything not a letter or digit.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
}

/// The words that best describe a new idea, for a similarity query: title
/// words first, then the longest body words, no stop words, no repeats.
pub fn key_words(title: &str, body: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut picked = Vec::new();
    let keep = |word: &String| word.chars().count() > 2 && !is_stop_word(word);
    for word in words(title).filter(keep) {
        if picked.len() == MAX_QUERY_WORDS {
            return picked;
        }
        if seen.insert(word.clone()) {
            picked.push(word);
        }
    }
    let mut body_words: Vec<String> = words(body)
        .filter(keep)
        .filter(|word| !seen.contains(word))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    body_words.sort_by_key(|word| std::cmp::Reverse(word.chars().count()));
    picked.extend(body_words.into_iter().take(MAX_QUERY_WORDS - picked.len()));
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_for_binary_search() {
        let mut sorted = DUTCH_STOP_WORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, DUTCH_STOP_WORDS);
        assert!(is_stop_word("het"));
        assert!(!is_stop_word("park"));
    }

    #[test]
    fn groups_merge_and_map_both_ways() {
        let mut synonyms = Synonyms::dutch();
        synonyms
            .extend_from_lines("# ours\nStoep, voetpad\n\nhondenpoep,hondenpoep\n")
            .expect("valid lines");
        let mut of_stoep: Vec<_> = synonyms.of("stoep").collect();
        of_stoep.sort_unstable();
        assert_eq!(of_stoep, ["trottoir", "voetpad"]);
        assert_eq!(synonyms.of("hondenpoep").count(), 0);
        let map = synonyms.to_map();
        assert!(map["voetpad"].contains(&"trottoir".to_string()));
        assert!(map["rijwiel"].contains(&"fiets".to_string()));
    }

    #[test]
    fn multi_word_entries_are_refused() {
        let err = Synonyms::default()
            .extend_from_lines("straatlantaarn, openbare verlichting")
            .expect_err("two words");
        assert!(matches!(err, SearchError::Config(_)));
    }

    #[test]
    fn key_words_prefer_the_title() {
        let picked = key_words(
            "De speeltuin is kapot",
            "Het klimrek in de speeltuin wiebelt",
        );
        assert_eq!(picked, ["speeltuin", "kapot", "klimrek", "wiebelt"]);
    }
}
