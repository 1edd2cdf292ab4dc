//! iCalendar (RFC 5545) output for meetings.
//!
//! One meeting is offered as a download and every working group has a feed;
//! both are a [`calendar`] of [`IcsEvent`]s. Times are written as Amsterdam
//! wall-clock times with a `VTIMEZONE`, so calendar apps show them right on
//! either side of a daylight-saving change.

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Amsterdam;

/// The `TZID` that local times in the output refer to.
const TZID: &str = "Europe/Amsterdam";

/// The longest a content line may be, in octets, without its CRLF (RFC 5545 §3.1).
const MAX_LINE_OCTETS: usize = 75;

/// Europe/Amsterdam as a `VTIMEZONE`: CEST from the last Sunday of March
/// 02:00, CET from the last Sunday of October 03:00 (the EU rules in force
/// since 1996).
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Amsterdam",
    "X-LIC-LOCATION:Europe/Amsterdam",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// One `VEVENT`.
#[derive(Debug, Clone)]
pub struct IcsEvent<'a> {
    /// Globally unique and stable, e.g. "meeting-<uuid>@plein".
    pub uid: &'a str,
    /// Bumped on every change, so calendar apps replace their copy (RFC 5545 SEQUENCE).
    pub sequence: i32,
    /// When the calendar was generated (DTSTAMP, in UTC with Z).
    pub stamp: DateTime<Utc>,
    /// Start of the meeting (DTSTART).
    pub starts_at: DateTime<Utc>,
    /// End of the meeting (DTEND); left out unless it is after the start.
    pub ends_at: DateTime<Utc>,
    /// The meeting's title (SUMMARY).
    pub summary: &'a str,
    /// Plain-text description (DESCRIPTION).
    pub description: Option<&'a str>,
    /// Where the meeting is held (LOCATION).
    pub location: Option<&'a str>,
    /// An online meeting link, or the meeting's page (URL property).
    pub url: Option<&'a str>,
    /// Last change (LAST-MODIFIED).
    pub updated_at: DateTime<Utc>,
    /// A cancelled meeting stays in feeds with STATUS:CANCELLED.
    pub cancelled: bool,
}

/// A whole VCALENDAR (PRODID "-//Plein//Plein//NL", VERSION 2.0, CALSCALE GREGORIAN,
/// METHOD PUBLISH, X-WR-CALNAME = name, X-WR-TIMEZONE Europe/Amsterdam), with a
/// VTIMEZONE for Europe/Amsterdam and the events. Lines end in CRLF.
///
/// With no events the calendar is still valid: the `VTIMEZONE` is its one
/// component.
pub fn calendar(name: &str, events: &[IcsEvent<'_>]) -> String {
    let mut out = String::with_capacity(1024 + events.len() * 512);
    push_line(&mut out, "BEGIN:VCALENDAR");
    push_line(&mut out, "PRODID:-//Plein//Plein//NL");
    push_line(&mut out, "VERSION:2.0");
    push_line(&mut out, "CALSCALE:GREGORIAN");
    push_line(&mut out, "METHOD:PUBLISH");
    push_line(&mut out, &format!("X-WR-CALNAME:{}", escape_text(name)));
    push_line(&mut out, &format!("X-WR-TIMEZONE:{TZID}"));
    for line in VTIMEZONE {
        push_line(&mut out, line);
    }
    for event in events {
        push_event(&mut out, event);
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// Writes one `VEVENT`.
fn push_event(out: &mut String, event: &IcsEvent<'_>) {
    push_line(out, "BEGIN:VEVENT");
    push_line(out, &format!("UID:{}", escape_text(event.uid)));
    push_line(out, &format!("SEQUENCE:{}", event.sequence.max(0)));
    push_line(out, &format!("DTSTAMP:{}", utc_time(event.stamp)));
    push_line(out, &format!("DTSTART{}", local_time(event.starts_at)));
    if event.ends_at > event.starts_at {
        push_line(out, &format!("DTEND{}", local_time(event.ends_at)));
    }
    push_line(out, &format!("SUMMARY:{}", escape_text(event.summary)));
    if let Some(description) = event.description {
        push_line(out, &format!("DESCRIPTION:{}", escape_text(description)));
    }
    if let Some(location) = event.location {
        push_line(out, &format!("LOCATION:{}", escape_text(location)));
    }
    if let Some(url) = event.url {
        // A URI, not TEXT: no backslash escaping, but nothing that could end the line.
        let url: String = url.chars().filter(|c| !c.is_control()).collect();
        push_line(out, &format!("URL:{url}"));
    }
    push_line(
        out,
        &format!("LAST-MODIFIED:{}", utc_time(event.updated_at)),
    );
    let status = if event.cancelled {
        "CANCELLED"
    } else {
        "CONFIRMED"
    };
    push_line(out, &format!("STATUS:{status}"));
    push_line(out, "END:VEVENT");
}

/// A UTC DATE-TIME value: `YYYYMMDDTHHMMSSZ`.
fn utc_time(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// The parameters and value of DTSTART or DTEND, from the `;` or `:` on.
///
/// Normally Amsterdam wall-clock time: `;TZID=Europe/Amsterdam:YYYYMMDDTHHMMSS`.
/// In the hour that occurs twice when summer time ends, a wall-clock time
/// means its first occurrence (RFC 5545 §3.3.5), so a moment in the second
/// one is written in UTC instead.
fn local_time(at: DateTime<Utc>) -> String {
    let local = at.with_timezone(&Amsterdam);
    match Amsterdam
        .from_local_datetime(&local.naive_local())
        .earliest()
    {
        Some(first) if first == local => {
            format!(";TZID={TZID}:{}", local.format("%Y%m%dT%H%M%S"))
        }
        _ => format!(":{}", utc_time(at)),
    }
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon and comma
/// get a backslash, every line break becomes `\n`, a tab becomes a space and
/// other control characters are dropped.
fn escape_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so that no physical line is longer than
/// 75 octets, and its CRLF. Continuation lines start with a single space, and
/// a multi-byte character is never split.
fn push_line(out: &mut String, line: &str) {
    let mut octets = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if octets + len > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, 0)
            .single()
            .expect("valid UTC time")
    }

    fn event(starts_at: DateTime<Utc>) -> IcsEvent<'static> {
        IcsEvent {
            uid: "meeting-0b6f1c2e-8a55-4d3e-9c1e-2f3a4b5c6d7e@plein",
            sequence: 3,
            stamp: utc(2026, 5, 1, 9, 30),
            starts_at,
            ends_at: starts_at + chrono::Duration::hours(2),
            summary: "Werkgroep Groen",
            description: None,
            location: None,
            url: None,
            updated_at: utc(2026, 4, 30, 12, 0),
            cancelled: false,
        }
    }

    /// Undoes folding: a CRLF followed by a space disappears.
    fn unfold(ics: &str) -> String {
        ics.replace("\r\n ", "")
    }

    /// The unfolded content lines.
    fn lines(ics: &str) -> Vec<String> {
        unfold(ics)
            .split("\r\n")
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    }

    /// The unfolded lines of the first VEVENT.
    fn event_lines(ics: &str) -> Vec<String> {
        lines(ics)
            .into_iter()
            .skip_while(|l| l != "BEGIN:VEVENT")
            .take_while(|l| l != "END:VEVENT")
            .collect()
    }

    fn property(ics: &str, name: &str) -> String {
        event_lines(ics)
            .into_iter()
            .find(|l| {
                l.strip_prefix(name)
                    .is_some_and(|rest| rest.starts_with([':', ';']))
            })
            .unwrap_or_else(|| panic!("no {name} in\n{ics}"))
    }

    #[test]
    fn summer_meeting_is_in_cest() {
        let ics = calendar("Groen", &[event(utc(2026, 7, 1, 18, 0))]);
        assert_eq!(
            property(&ics, "DTSTART"),
            "DTSTART;TZID=Europe/Amsterdam:20260701T200000"
        );
        assert_eq!(
            property(&ics, "DTEND"),
            "DTEND;TZID=Europe/Amsterdam:20260701T220000"
        );
    }

    #[test]
    fn winter_meeting_is_in_cet() {
        let ics = calendar("Groen", &[event(utc(2026, 12, 1, 18, 0))]);
        assert_eq!(
            property(&ics, "DTSTART"),
            "DTSTART;TZID=Europe/Amsterdam:20261201T190000"
        );
        assert_eq!(
            property(&ics, "DTEND"),
            "DTEND;TZID=Europe/Amsterdam:20261201T210000"
        );
    }

    #[test]
    fn spring_forward_day() {
        // 29 March 2026: 02:00 CET becomes 03:00 CEST (01:00 UTC).
        let ics = calendar("Groen", &[event(utc(2026, 3, 29, 0, 30))]);
        assert_eq!(
            property(&ics, "DTSTART"),
            "DTSTART;TZID=Europe/Amsterdam:20260329T013000"
        );
        // Two hours later is 02:30 UTC: 04:30 on the wall clock, in summer time.
        assert_eq!(
            property(&ics, "DTEND"),
            "DTEND;TZID=Europe/Amsterdam:20260329T043000"
        );

        let evening = calendar("Groen", &[event(utc(2026, 3, 29, 18, 0))]);
        assert_eq!(
            property(&evening, "DTSTART"),
            "DTSTART;TZID=Europe/Amsterdam:20260329T200000"
        );
    }

    #[test]
    fn fall_back_day() {
        // 25 October 2026: 03:00 CEST becomes 02:00 CET (01:00 UTC).
        let ics = calendar("Groen", &[event(utc(2026, 10, 25, 18, 0))]);
        assert_eq!(
            property(&ics, "DTSTART"),
            "DTSTART;TZID=Europe/Amsterdam:20261025T190000"
        );

        // 00:30 UTC is 02:30 CEST, the first 02:30 of the day.
        let first = calendar("Groen", &[event(utc(2026, 10, 25, 0, 30))]);
        assert_eq!(
            property(&first, "DTSTART"),
            "DTSTART;TZID=Europe/Amsterdam:20261025T023000"
        );
        // Ends 02:30 UTC, which is 03:30 CET.
        assert_eq!(
            property(&first, "DTEND"),
            "DTEND;TZID=Europe/Amsterdam:20261025T033000"
        );

        // 01:30 UTC is the second 02:30 (CET); a wall-clock time would mean
        // the first one, so it is written in UTC.
        let second = calendar("Groen", &[event(utc(2026, 10, 25, 1, 30))]);
        assert_eq!(property(&second, "DTSTART"), "DTSTART:20261025T013000Z");
    }

    #[test]
    fn stamps_are_utc() {
        let ics = calendar("Groen", &[event(utc(2026, 7, 1, 18, 0))]);
        assert_eq!(property(&ics, "DTSTAMP"), "DTSTAMP:20260501T093000Z");
        assert_eq!(
            property(&ics, "LAST-MODIFIED"),
            "LAST-MODIFIED:20260430T120000Z"
        );
        assert_eq!(property(&ics, "SEQUENCE"), "SEQUENCE:3");
    }

    #[test]
    fn end_not_after_start_is_left_out() {
        let mut e = event(utc(2026, 7, 1, 18, 0));
        e.ends_at = e.starts_at;
        let ics = calendar("Groen", &[e]);
        assert!(!event_lines(&ics).iter().any(|l| l.starts_with("DTEND")));
    }

    #[test]
    fn text_is_escaped() {
        let mut e = event(utc(2026, 7, 1, 18, 0));
        e.summary = "Groen; bomen, struiken \\ hagen";
        e.description = Some("Regel een\nregel twee\r\nregel drie\rvier\u{7}\ttab");
        e.location = Some("Buurthuis, zaal 2; achter");
        let ics = calendar("Groen, Water; en\\Zo", &[e]);
        assert_eq!(
            property(&ics, "SUMMARY"),
            "SUMMARY:Groen\\; bomen\\, struiken \\\\ hagen"
        );
        assert_eq!(
            property(&ics, "DESCRIPTION"),
            "DESCRIPTION:Regel een\\nregel twee\\nregel drie\\nvier tab"
        );
        assert_eq!(
            property(&ics, "LOCATION"),
            "LOCATION:Buurthuis\\, zaal 2\\; achter"
        );
        assert!(
            lines(&ics)
                .iter()
                .any(|l| l == "X-WR-CALNAME:Groen\\, Water\\; en\\\\Zo")
        );
    }

    #[test]
    fn url_is_not_text_escaped_but_cannot_break_lines() {
        let mut e = event(utc(2026, 7, 1, 18, 0));
        e.url = Some("https://meet.example.org/a,b;c?x=1\r\nSTATUS:CANCELLED");
        let ics = calendar("Groen", &[e]);
        assert_eq!(
            property(&ics, "URL"),
            "URL:https://meet.example.org/a,b;c?x=1STATUS:CANCELLED"
        );
        assert_eq!(property(&ics, "STATUS"), "STATUS:CONFIRMED");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut e = event(utc(2026, 7, 1, 18, 0));
        let description = "Café é 🌳🌷 — overleg over de geveltuinen in de Bloemenbuurt, \
                           met koffie ☕ en taart 🍰. "
            .repeat(6);
        e.description = Some(&description);
        let ics = calendar("Groen", &[e]);

        let physical: Vec<&str> = ics.split("\r\n").collect();
        assert!(
            physical.iter().any(|l| l.starts_with(' ')),
            "nothing folded"
        );
        for line in &physical {
            assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        }
        // Every fold is followed by exactly one space before the content.
        let expected = format!("DESCRIPTION:{}", escape_text(&description));
        assert_eq!(property(&ics, "DESCRIPTION"), expected);
    }

    #[test]
    fn fold_boundaries() {
        let mut out = String::new();
        push_line(&mut out, &"a".repeat(75));
        assert_eq!(out, format!("{}\r\n", "a".repeat(75)));

        let mut out = String::new();
        push_line(&mut out, &"a".repeat(76));
        assert_eq!(out, format!("{}\r\n a\r\n", "a".repeat(75)));

        // A 4-octet emoji that would straddle octet 75 moves to the next line.
        let mut out = String::new();
        push_line(&mut out, &format!("{}🌳b", "a".repeat(73)));
        assert_eq!(out, format!("{}\r\n 🌳b\r\n", "a".repeat(73)));
    }

    #[test]
    fn every_line_ends_in_crlf() {
        let mut e = event(utc(2026, 7, 1, 18, 0));
        e.description = Some("een\ntwee\rdrie");
        let ics = calendar("Groen", &[e]);
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        let bytes = ics.as_bytes();
        for (i, b) in bytes.iter().enumerate() {
            if *b == b'\n' {
                assert!(i > 0 && bytes[i - 1] == b'\r', "bare LF at {i}");
            }
            if *b == b'\r' {
                assert_eq!(bytes.get(i + 1), Some(&b'\n'), "bare CR at {i}");
            }
        }
    }

    #[test]
    fn begin_and_end_are_balanced() {
        let mut cancelled = event(utc(2026, 12, 1, 18, 0));
        cancelled.cancelled = true;
        let ics = calendar("Groen", &[event(utc(2026, 7, 1, 18, 0)), cancelled]);
        let mut stack = Vec::new();
        for line in lines(&ics) {
            if let Some(name) = line.strip_prefix("BEGIN:") {
                stack.push(name.to_owned());
            } else if let Some(name) = line.strip_prefix("END:") {
                assert_eq!(stack.pop().as_deref(), Some(name));
            }
        }
        assert!(stack.is_empty());
        let all = lines(&ics);
        let count = |l: &str| all.iter().filter(|x| *x == l).count();
        assert_eq!(count("BEGIN:VEVENT"), 2);
        assert_eq!(count("BEGIN:VTIMEZONE"), 1);
        assert_eq!(count("BEGIN:STANDARD"), 1);
        assert_eq!(count("BEGIN:DAYLIGHT"), 1);
    }

    #[test]
    fn cancelled_event_has_status_cancelled() {
        let mut e = event(utc(2026, 7, 1, 18, 0));
        e.cancelled = true;
        e.sequence = 4;
        let ics = calendar("Groen", &[e]);
        assert_eq!(property(&ics, "STATUS"), "STATUS:CANCELLED");
        assert_eq!(property(&ics, "SEQUENCE"), "SEQUENCE:4");
    }

    #[test]
    fn empty_feed_is_a_valid_calendar() {
        let ics = calendar("Werkgroep Water", &[]);
        let all = lines(&ics);
        assert_eq!(all.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(all.last().map(String::as_str), Some("END:VCALENDAR"));
        for expected in [
            "PRODID:-//Plein//Plein//NL",
            "VERSION:2.0",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:Werkgroep Water",
            "X-WR-TIMEZONE:Europe/Amsterdam",
            "TZID:Europe/Amsterdam",
            "DTSTART:19700329T020000",
            "DTSTART:19701025T030000",
        ] {
            assert!(all.iter().any(|l| l == expected), "missing {expected}");
        }
        assert!(!all.iter().any(|l| l == "BEGIN:VEVENT"));
    }
}
