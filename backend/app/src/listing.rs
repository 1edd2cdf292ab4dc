//! Sort orders and cursors of the idea and plan lists.

use chrono::{DateTime, Utc};
use plein_storage::listing::{Key, Sort};
use uuid::Uuid;

use crate::{Actor, AppError, AppResult};

/// The cursor key of an item in a list sorted by `sort`: its sort value and id.
pub(crate) fn cursor_key(sort: Sort, created_at: DateTime<Utc>, count: i32, id: Uuid) -> String {
    match sort {
        Sort::Newest => format!(
            "t|{}|{id}",
            created_at.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true)
        ),
        Sort::MostSupported => format!("s|{count}|{id}"),
        Sort::MostDiscussed => format!("d|{count}|{id}"),
    }
}

/// Reads a cursor key back; a cursor from another sort order is refused.
pub(crate) fn parse_key(sort: Sort, raw: &str) -> AppResult<Key> {
    let bad = || AppError::bad_input("after", "is not a cursor this list gave out");
    let mut parts = raw.splitn(3, '|');
    let (Some(tag), Some(value), Some(id)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(bad());
    };
    let id = Uuid::parse_str(id).map_err(|_| bad())?;
    match (sort, tag) {
        (Sort::Newest, "t") => {
            let at = DateTime::parse_from_rfc3339(value).map_err(|_| bad())?;
            Ok(Key::Time(at.with_timezone(&Utc), id))
        }
        (Sort::MostSupported, "s") | (Sort::MostDiscussed, "d") => {
            Ok(Key::Count(value.parse().map_err(|_| bad())?, id))
        }
        _ => Err(bad()),
    }
}

/// A professional or an admin: they speak for the municipality.
pub(crate) fn require_official(actor: &Actor) -> AppResult<&crate::CurrentUser> {
    let user = actor.require_user()?;
    if user.role.is_official() {
        Ok(user)
    } else {
        Err(AppError::Forbidden(
            "only professionals and admins may do this",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_within_their_sort() {
        let id = Uuid::now_v7();
        let now = Utc::now();
        let key = cursor_key(Sort::Newest, now, 0, id);
        assert_eq!(
            parse_key(Sort::Newest, &key).expect("key"),
            Key::Time(now, id)
        );
        assert!(parse_key(Sort::MostSupported, &key).is_err());
        let key = cursor_key(Sort::MostDiscussed, now, 7, id);
        assert_eq!(
            parse_key(Sort::MostDiscussed, &key).expect("key"),
            Key::Count(7, id)
        );
    }
}
