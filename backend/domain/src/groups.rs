//! Working groups: who may see and join them, the roles of their members,
//! and the states of their tasks, meetings and decisions.

use chrono::{DateTime, NaiveDate, Utc};

use crate::FieldError;
use crate::error::bounded_text;

/// Declares a closed set of values stored as snake_case strings.
macro_rules! str_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| format!("unknown {} {s:?}", stringify!($name)))
            }
        }
    };
}

str_enum!(
    /// Who sees a group's content.
    GroupVisibility {
        /// Everyone sees the group, its members, tasks, meetings and thread.
        Public => "public",
        /// Only members (and admins) see anything beyond the group existing
        /// for them; others get `NOT_FOUND`.
        Members => "members",
    }
);

str_enum!(
    /// How someone becomes a member.
    JoinPolicy {
        /// Anyone signed in joins at once.
        Open => "open",
        /// Anyone may ask; a coordinator approves or declines.
        Request => "request",
        /// Only by a coordinator's invitation.
        Invite => "invite",
    }
);

str_enum!(
    GroupRole {
        /// Runs the group: members, invitations, links, meetings and decisions.
        Coordinator => "coordinator",
        Member => "member",
    }
);

str_enum!(
    TaskStatus {
        Open => "open",
        Doing => "doing",
        Done => "done",
    }
);

str_enum!(
    /// A member's answer to a meeting invitation.
    Rsvp {
        Yes => "yes",
        No => "no",
        Maybe => "maybe",
    }
);

str_enum!(
    /// A member's answer to a proposal (after Loomio's four).
    VoteAnswer {
        Agree => "agree",
        Abstain => "abstain",
        Disagree => "disagree",
        /// A serious objection: the proposal should not go ahead as it is.
        Block => "block",
    }
);

/// A group's name: plain text, 3 to 80 characters.
pub fn parse_name(raw: &str) -> Result<String, FieldError> {
    bounded_text("name", raw, 3, 80)
}

/// A group's purpose, a task's description, a meeting's agenda and minutes,
/// a proposal: Markdown up to this many characters.
pub const MAX_GROUP_TEXT: usize = 20_000;

/// A meeting's place: plain text up to 200 characters, or nothing.
pub fn parse_place(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(place) => bounded_text("place", place, 1, 200).map(Some),
    }
}

/// An online meeting link: an absolute `https://` or `http://` URL up to 500
/// characters, or nothing.
pub fn parse_online_url(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    let Some(url) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let valid = rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
        && url.len() <= 500
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || crate::error::is_bidi_control(c));
    // `https://plein.example@evil.example/` goes to evil.example: a link
    // with user info (or a backslash, which browsers read as a slash) shows
    // one host and opens another.
    let host_shown = rest.is_some_and(|r| {
        let authority = r.split(['/', '?', '#']).next().unwrap_or_default();
        !authority.contains('@') && !r.contains('\\')
    });
    if valid && !host_shown {
        return Err(FieldError::new(
            "onlineUrl",
            "must not contain a user name or \"@\" before the host, nor a backslash",
        ));
    }
    if valid {
        Ok(Some(url.to_owned()))
    } else {
        Err(FieldError::new(
            "onlineUrl",
            "must be an http:// or https:// link of at most 500 characters",
        ))
    }
}

/// When a meeting takes place: it ends after it starts and lasts at most a
/// week; a new one does not start in the past.
pub fn check_meeting_times(
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    now: DateTime<Utc>,
    new: bool,
) -> Result<(), FieldError> {
    if ends_at <= starts_at {
        return Err(FieldError::new("endsAt", "must be after the start"));
    }
    if ends_at - starts_at > chrono::Duration::days(7) {
        return Err(FieldError::new("endsAt", "a meeting lasts at most a week"));
    }
    if new && starts_at < now {
        return Err(FieldError::new("startsAt", "must not be in the past"));
    }
    Ok(())
}

/// A new task's due date is today or later, in the Netherlands' calendar.
pub fn check_due_date(due_on: NaiveDate, now: DateTime<Utc>) -> Result<(), FieldError> {
    let today = now
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .date_naive();
    if due_on < today {
        Err(FieldError::new("dueOn", "must not be in the past"))
    } else {
        Ok(())
    }
}

/// A proposal closes in the future, and within 90 days.
pub fn check_closing_time(closes_at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), FieldError> {
    if closes_at <= now {
        return Err(FieldError::new("closesAt", "must be in the future"));
    }
    if closes_at - now > chrono::Duration::days(90) {
        return Err(FieldError::new(
            "closesAt",
            "must be within 90 days from now",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_through_their_text() {
        for v in VoteAnswer::ALL {
            assert_eq!(v.as_str().parse::<VoteAnswer>(), Ok(*v));
        }
        assert!("veto".parse::<VoteAnswer>().is_err());
        assert_eq!("request".parse::<JoinPolicy>(), Ok(JoinPolicy::Request));
    }

    #[test]
    fn online_links_must_be_web_addresses() {
        assert!(parse_online_url(Some("https://meet.example.nl/buurt")).is_ok());
        assert_eq!(parse_online_url(Some("  ")), Ok(None));
        assert!(parse_online_url(Some("javascript:alert(1)")).is_err());
        assert!(parse_online_url(Some("https:///x")).is_err());
    }

    #[test]
    fn online_links_show_the_host_they_open() {
        for phishing in [
            "https://plein.example@evil.example/",
            "https://user:pw@evil.example/meet",
            "https://plein.example\\@evil.example/",
            "https://evil.example\\plein.example/",
            "https://meet.example.nl/\u{202E}lmth.exe",
        ] {
            let err = parse_online_url(Some(phishing)).expect_err(phishing);
            assert_eq!(err.field, "onlineUrl");
        }
        // An "@" after the host is part of the path and harmless.
        assert!(parse_online_url(Some("https://meet.example.nl/@buurt?by=a@b")).is_ok());
    }

    #[test]
    fn due_dates_follow_the_dutch_calendar() {
        // 23:30 UTC on 1 December is already 2 December in Amsterdam.
        let now = "2026-12-01T23:30:00Z".parse().expect("time");
        let first = NaiveDate::from_ymd_opt(2026, 12, 1).expect("date");
        let second = NaiveDate::from_ymd_opt(2026, 12, 2).expect("date");
        assert!(check_due_date(first, now).is_err());
        assert!(check_due_date(second, now).is_ok());
    }

    #[test]
    fn meetings_end_after_they_start() {
        let now: DateTime<Utc> = "2026-12-01T10:00:00Z".parse().expect("time");
        let start = now + chrono::Duration::days(1);
        let err = check_meeting_times(start, start, now, true).expect_err("same time");
        assert_eq!(err.field, "endsAt");
        let err = check_meeting_times(now - chrono::Duration::hours(1), start, now, true)
            .expect_err("past");
        assert_eq!(err.field, "startsAt");
        assert!(check_meeting_times(start, start + chrono::Duration::hours(2), now, true).is_ok());
    }
}
