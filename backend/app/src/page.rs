//! Keyset pagination as the API offers it: `first` and an opaque `after` cursor.
//!
//! Every list pages with one [`Cursor`] type. A cursor is the key of the last
//! item seen, in base64 so clients treat it as opaque; each list takes only the
//! kind of key it gives out. A cursor that is forged, garbled or from another
//! list is `BAD_USER_INPUT` on `after`, wherever it is sent.

use base64::Engine;
use chrono::{DateTime, SecondsFormat, Utc};
pub use plein_storage::listing::{Key, Sort};
use uuid::Uuid;

use crate::{AppError, AppResult};

/// The most items one page may hold.
pub const MAX_PAGE: usize = 50;
/// The page size when `first` is not given.
pub const DEFAULT_PAGE: usize = 20;

/// Where a list continues: the key of the last item seen.
#[derive(Debug, Clone, PartialEq)]
pub enum Cursor {
    /// Lists in time order (comments, notifications, groups): the item's
    /// creation time and id. Key `{time}|{id}`.
    At(DateTime<Utc>, Uuid),
    /// Ideas and plans in one of their sort orders: the sort value and id.
    /// Keys `t|{time}|{id}`, `s|{count}|{id}` and `d|{count}|{id}`; a cursor
    /// of one order is refused by another.
    Sorted(Sort, Key),
    /// Lists in id order (people, answers). Key `{id}`.
    Id(Uuid),
    /// Short lists paged by position, and search hits: the position of the
    /// last item seen. Key `o|{n}`.
    Offset(u64),
    /// Areas in tree order: the materialised path `/{id}/…/{id}/`.
    Path(String),
}

/// What a list says to a cursor it did not give out.
fn not_ours() -> AppError {
    AppError::bad_input("after", "is not a cursor this list gave out")
}

const CURSOR_PREFIX: &str = "k:";

fn time_key(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Nanos, true)
}

fn parse_time(text: &str) -> AppResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| not_ours())
}

fn parse_id(text: &str) -> AppResult<Uuid> {
    Uuid::parse_str(text).map_err(|_| not_ours())
}

/// A position a database takes as an offset once one is added to it.
fn parse_position(text: &str) -> AppResult<u64> {
    text.parse::<u64>()
        .ok()
        .filter(|n| *n < i64::MAX as u64)
        .ok_or_else(not_ours)
}

impl Cursor {
    /// The cursor of an idea or plan in a list sorted by `sort`: its creation
    /// time (newest first) or its count, and its id.
    pub fn sorted(sort: Sort, created_at: DateTime<Utc>, count: i32, id: Uuid) -> Self {
        let key = match sort {
            Sort::Newest => Key::Time(created_at, id),
            Sort::MostSupported | Sort::MostDiscussed => Key::Count(count, id),
        };
        Self::Sorted(sort, key)
    }

    /// The key, before it is wrapped for the client.
    fn key(&self) -> String {
        match self {
            Cursor::At(at, id) => format!("{}|{id}", time_key(*at)),
            Cursor::Sorted(sort, key) => {
                let (tag, value, id) = match (sort, key) {
                    (_, Key::Time(at, id)) => ("t", time_key(*at), id),
                    (Sort::MostDiscussed, Key::Count(n, id)) => ("d", n.to_string(), id),
                    (_, Key::Count(n, id)) => ("s", n.to_string(), id),
                };
                format!("{tag}|{value}|{id}")
            }
            Cursor::Id(id) => id.to_string(),
            Cursor::Offset(n) => format!("o|{n}"),
            Cursor::Path(path) => path.clone(),
        }
    }

    /// Reads a key back into the cursor that gave it out.
    fn from_key(key: &str) -> AppResult<Self> {
        if let Some(rest) = key.strip_prefix("o|") {
            return parse_position(rest).map(Cursor::Offset);
        }
        for (tag, sort) in [
            ("t|", Sort::Newest),
            ("s|", Sort::MostSupported),
            ("d|", Sort::MostDiscussed),
        ] {
            if let Some(rest) = key.strip_prefix(tag) {
                let (value, id) = rest.split_once('|').ok_or_else(not_ours)?;
                let id = parse_id(id)?;
                let key = match sort {
                    Sort::Newest => Key::Time(parse_time(value)?, id),
                    _ => Key::Count(value.parse().map_err(|_| not_ours())?, id),
                };
                return Ok(Cursor::Sorted(sort, key));
            }
        }
        if let Some(inner) = key.strip_prefix('/').and_then(|k| k.strip_suffix('/')) {
            // Every step of a materialised path is an area's id.
            return if inner.split('/').all(|step| Uuid::parse_str(step).is_ok()) {
                Ok(Cursor::Path(key.to_owned()))
            } else {
                Err(not_ours())
            };
        }
        if let Some((at, id)) = key.split_once('|') {
            return Ok(Cursor::At(parse_time(at)?, parse_id(id)?));
        }
        if !key.is_empty() && key.bytes().all(|b| b.is_ascii_digit()) {
            // Search pages once gave out the bare position.
            return parse_position(key).map(Cursor::Offset);
        }
        parse_id(key).map(Cursor::Id)
    }

    /// The opaque form clients hold.
    pub fn encode(&self) -> String {
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(format!("{CURSOR_PREFIX}{}", self.key()))
    }

    /// Reads a cursor a client sent back.
    pub fn decode(cursor: &str) -> AppResult<Self> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(cursor)
            .map_err(|_| not_ours())?;
        let text = String::from_utf8(bytes).map_err(|_| not_ours())?;
        let key = text.strip_prefix(CURSOR_PREFIX).ok_or_else(not_ours)?;
        Self::from_key(key)
    }
}

/// A validated page request: its size and where it continues.
#[derive(Debug, Clone)]
pub struct PageArgs {
    pub first: usize,
    pub after: Option<Cursor>,
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
        let after = after.map(Cursor::decode).transpose()?;
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

    /// Reads the cursor of a list in time order.
    pub fn after_at(&self) -> AppResult<Option<(DateTime<Utc>, Uuid)>> {
        self.after_as(|cursor| match cursor {
            Cursor::At(at, id) => Some((*at, *id)),
            _ => None,
        })
    }

    /// Reads the cursor of an idea or plan list sorted by `sort`.
    pub fn after_sorted(&self, sort: Sort) -> AppResult<Option<Key>> {
        self.after_as(|cursor| match cursor {
            Cursor::Sorted(of, key) if *of == sort => Some(key.clone()),
            _ => None,
        })
    }

    /// Reads the cursor of a list in id order.
    pub fn after_id(&self) -> AppResult<Option<Uuid>> {
        self.after_as(|cursor| match cursor {
            Cursor::Id(id) => Some(*id),
            _ => None,
        })
    }

    /// Reads the cursor of the area tree.
    pub fn after_path(&self) -> AppResult<Option<String>> {
        self.after_as(|cursor| match cursor {
            Cursor::Path(path) => Some(path.clone()),
            _ => None,
        })
    }

    /// Where a list paged by position starts: 0 without a cursor, else just
    /// after the position it names.
    pub fn start(&self) -> AppResult<u64> {
        Ok(self
            .after_as(|cursor| match cursor {
                Cursor::Offset(n) => Some(*n + 1),
                _ => None,
            })?
            .unwrap_or(0))
    }

    fn after_as<T>(&self, read: impl Fn(&Cursor) -> Option<T>) -> AppResult<Option<T>> {
        self.after
            .as_ref()
            .map(|cursor| read(cursor).ok_or_else(not_ours))
            .transpose()
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
        cursor: impl Fn(&T) -> Cursor,
    ) -> Self {
        let has_next_page = rows.len() > args.first;
        rows.truncate(args.first);
        let items = rows
            .into_iter()
            .map(|row| (cursor(&row).encode(), row))
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

/// A page of a list paged by position, from rows fetched at `start` with
/// [`PageArgs::fetch_limit`].
pub fn offset_page<T>(args: &PageArgs, start: u64, mut rows: Vec<T>, total: u64) -> Page<T> {
    let has_next_page = rows.len() > args.first;
    rows.truncate(args.first);
    let items = rows
        .into_iter()
        .enumerate()
        .map(|(i, row)| (Cursor::Offset(start + i as u64).encode(), row))
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

    fn args(cursor: &Cursor) -> PageArgs {
        PageArgs::parse(None, Some(&cursor.encode())).expect("own cursor")
    }

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let id = Uuid::now_v7();
        let at = Utc::now();
        for cursor in [
            Cursor::At(at, id),
            Cursor::sorted(Sort::Newest, at, 0, id),
            Cursor::sorted(Sort::MostSupported, at, 7, id),
            Cursor::sorted(Sort::MostDiscussed, at, -1, id),
            Cursor::Id(id),
            Cursor::Offset(19),
            Cursor::Path(format!("/{id}/{}/", Uuid::now_v7())),
        ] {
            assert_eq!(args(&cursor).after, Some(cursor));
        }
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
    fn cursors_given_out_before_still_read() {
        let wrap =
            |key: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("k:{key}"));
        let id = Uuid::nil();
        let read = |key: &str| PageArgs::parse(None, Some(&wrap(key))).expect(key).after;
        let at = parse_time("2026-12-07T10:00:00.000000001Z").expect("time");
        assert_eq!(
            read(&format!("2026-12-07T10:00:00.000000001Z|{id}")),
            Some(Cursor::At(at, id))
        );
        assert_eq!(
            read(&format!("s|12|{id}")),
            Some(Cursor::Sorted(Sort::MostSupported, Key::Count(12, id)))
        );
        assert_eq!(read("o|4"), Some(Cursor::Offset(4)));
        // Search hits gave out the bare position.
        assert_eq!(read("4"), Some(Cursor::Offset(4)));
        assert_eq!(read(&id.to_string()), Some(Cursor::Id(id)));
        assert_eq!(
            Cursor::At(at, id).encode(),
            wrap(&format!("2026-12-07T10:00:00.000000001Z|{id}"))
        );
    }

    #[test]
    fn a_list_refuses_another_lists_cursor() {
        let id = Uuid::now_v7();
        let at = Utc::now();
        let newest = args(&Cursor::sorted(Sort::Newest, at, 0, id));
        assert!(newest.after_sorted(Sort::Newest).is_ok());
        assert!(newest.after_sorted(Sort::MostSupported).is_err());
        assert!(newest.after_at().is_err());
        assert!(newest.start().is_err());
        let offset = args(&Cursor::Offset(3));
        assert_eq!(offset.start().expect("start"), 4);
        assert!(offset.after_id().is_err());
        assert!(args(&Cursor::Id(id)).after_path().is_err());
        let none = PageArgs::parse(None, None).expect("valid");
        assert_eq!(none.start().expect("start"), 0);
        assert_eq!(none.after_at().expect("none"), None);
    }

    #[test]
    fn forged_keys_are_refused() {
        let wrap =
            |key: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("k:{key}"));
        for key in [
            "",
            "junk",
            "o|18446744073709551615",
            "o|9223372036854775807",
            "o|-1",
            "o|",
            "t|yesterday|x",
            "s|many|00000000-0000-0000-0000-000000000000",
            "/not-an-id/",
            "/",
            "2026-12-07|nope",
            "99999999999999999999",
        ] {
            assert!(PageArgs::parse(None, Some(&wrap(key))).is_err(), "{key:?}");
        }
    }
}
