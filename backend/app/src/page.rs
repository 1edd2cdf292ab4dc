//! Keyset pagination as the API offers it: `first` and an opaque `after` cursor.

use base64::Engine;

use crate::{AppError, AppResult};

/// The most items one page may hold.
pub const MAX_PAGE: usize = 50;
/// The page size when `first` is not given.
pub const DEFAULT_PAGE: usize = 20;

/// A validated page request. The cursor is the key of the last item seen.
#[derive(Debug, Clone)]
pub struct PageArgs {
    pub first: usize,
    pub after: Option<String>,
    /// Whether the caller reads the list's total. Counting a large list
    /// costs more than its page, so lists that can be large skip it when
    /// nobody asked; their [`Page::total_count`] is then 0.
    pub with_total: bool,
}

impl PageArgs {
    pub fn parse(first: Option<i32>, after: Option<&str>) -> AppResult<Self> {
        let first = match first {
            None => DEFAULT_PAGE,
            Some(n) if (1..=MAX_PAGE as i32).contains(&n) => n as usize,
            Some(_) => {
                return Err(AppError::bad_input(
                    "first",
                    format!("must be between 1 and {MAX_PAGE}"),
                ));
            }
        };
        let after = after.map(decode_cursor).transpose()?;
        Ok(Self {
            first,
            after,
            with_total: true,
        })
    }

    /// Counts the whole list only when `wanted`.
    pub fn with_total(self, wanted: bool) -> Self {
        Self {
            with_total: wanted,
            ..self
        }
    }

    /// One more than the page, to learn whether another page follows.
    pub fn fetch_limit(&self) -> u64 {
        self.first as u64 + 1
    }
}

/// One page of items, each with the cursor that continues after it.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<(String, T)>,
    pub has_next_page: bool,
    pub total_count: u64,
}

impl<T> Page<T> {
    /// Builds a page from `rows` fetched with [`PageArgs::fetch_limit`].
    pub fn from_rows(
        args: &PageArgs,
        mut rows: Vec<T>,
        total_count: u64,
        key: impl Fn(&T) -> String,
    ) -> Self {
        let has_next_page = rows.len() > args.first;
        rows.truncate(args.first);
        let items = rows
            .into_iter()
            .map(|row| (encode_cursor(&key(&row)), row))
            .collect();
        Self {
            items,
            has_next_page,
            total_count,
        }
    }

    pub fn map<U>(self, f: impl Fn(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(|(c, t)| (c, f(t))).collect(),
            has_next_page: self.has_next_page,
            total_count: self.total_count,
        }
    }
}

const CURSOR_PREFIX: &str = "k:";

pub fn encode_cursor(key: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{CURSOR_PREFIX}{key}"))
}

fn decode_cursor(cursor: &str) -> AppResult<String> {
    let malformed = || AppError::bad_input("after", "is not a cursor this list gave out");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .map_err(|_| malformed())?;
    let text = String::from_utf8(bytes).map_err(|_| malformed())?;
    text.strip_prefix(CURSOR_PREFIX)
        .map(str::to_owned)
        .ok_or_else(malformed)
}

/// Parses a cursor key that should be a UUID.
pub fn uuid_key(key: &str) -> AppResult<uuid::Uuid> {
    uuid::Uuid::parse_str(key)
        .map_err(|_| AppError::bad_input("after", "is not a cursor this list gave out"))
}

/// Where a short list paged by position continues: 0 without a cursor.
/// (Per-group lists such as members and tasks are small and change little,
/// so a position is cursor enough.)
pub fn decode_offset(args: &PageArgs) -> AppResult<u64> {
    match args.after.as_deref() {
        None => Ok(0),
        Some(key) => key
            .strip_prefix("o|")
            .and_then(|n| n.parse::<u64>().ok())
            // Past the largest offset a database takes: not one this list gave out.
            .filter(|n| *n < i64::MAX as u64)
            .map(|n| n + 1)
            .ok_or_else(|| AppError::bad_input("after", "is not a cursor this list gave out")),
    }
}

/// A page of a list paged by position, from rows fetched at `start` with
/// [`PageArgs::fetch_limit`].
pub fn offset_page<T>(args: &PageArgs, start: u64, mut rows: Vec<T>, total: u64) -> Page<T> {
    let has_next_page = rows.len() > args.first;
    rows.truncate(args.first);
    let items = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| (encode_cursor(&format!("o|{}", start + i as u64)), row))
        .collect();
    Page {
        items,
        has_next_page,
        total_count: total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let args = PageArgs::parse(Some(5), Some(&encode_cursor("abc"))).expect("valid");
        assert_eq!(args.after.as_deref(), Some("abc"));
        assert!(PageArgs::parse(None, Some("%%%")).is_err());
        assert!(PageArgs::parse(None, Some("aGVsbG8")).is_err());
        assert!(PageArgs::parse(Some(0), None).is_err());
        assert!(PageArgs::parse(Some(51), None).is_err());
        assert_eq!(
            PageArgs::parse(None, None).expect("valid").first,
            DEFAULT_PAGE
        );
    }

    #[test]
    fn offset_cursors_continue_after_their_position_and_huge_ones_are_refused() {
        let args = |key: &str| PageArgs::parse(None, Some(&encode_cursor(key))).expect("valid");
        assert_eq!(decode_offset(&args("o|19")).expect("valid"), 20);
        // Once overflowed when adding one; beyond what a database takes as an offset.
        for key in [
            "o|18446744073709551615",
            "o|9223372036854775807",
            "o|-1",
            "o|",
        ] {
            assert!(decode_offset(&args(key)).is_err(), "{key}");
        }
    }
}
