//! Reports of problems in the street ("meldingen"): their statuses, the
//! parties that fix them, what a handling link may do, deadlines in working
//! days and the distance used to find reports near a point.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Duration, Utc, Weekday};

use crate::error::{FieldError, bounded_text};

/// Where a report stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReportStatus {
    /// Filed by someone without an account, waiting for the mailed link.
    Unconfirmed,
    /// Filed and routed; nobody has looked yet.
    New,
    /// The party saw it.
    Acknowledged,
    /// The party is working on it.
    InProgress,
    /// The party says it is fixed.
    Resolved,
    /// The reporter says it is not fixed after all.
    Reopened,
    /// The party handed it back: it waits in the municipality's triage.
    NotOurs,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 7] = [
        ReportStatus::Unconfirmed,
        ReportStatus::New,
        ReportStatus::Acknowledged,
        ReportStatus::InProgress,
        ReportStatus::Resolved,
        ReportStatus::Reopened,
        ReportStatus::NotOurs,
    ];

    /// Still waiting for the party to fix it.
    pub const OPEN: [ReportStatus; 5] = [
        ReportStatus::New,
        ReportStatus::Acknowledged,
        ReportStatus::InProgress,
        ReportStatus::Reopened,
        ReportStatus::NotOurs,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Unconfirmed => "unconfirmed",
            ReportStatus::New => "new",
            ReportStatus::Acknowledged => "acknowledged",
            ReportStatus::InProgress => "in_progress",
            ReportStatus::Resolved => "resolved",
            ReportStatus::Reopened => "reopened",
            ReportStatus::NotOurs => "not_ours",
        }
    }

    /// Whether the public may see it: anything but an unconfirmed report.
    pub fn is_public(self) -> bool {
        self != ReportStatus::Unconfirmed
    }

    pub fn is_open(self) -> bool {
        Self::OPEN.contains(&self)
    }
}

impl fmt::Display for ReportStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReportStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReportStatus::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("unknown report status {s:?}"))
    }
}

/// Who a responsible party is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartyKind {
    /// A team of the municipality.
    Team,
    /// An outside contractor.
    Contractor,
}

impl PartyKind {
    pub const ALL: [PartyKind; 2] = [PartyKind::Team, PartyKind::Contractor];

    pub fn as_str(self) -> &'static str {
        match self {
            PartyKind::Team => "team",
            PartyKind::Contractor => "contractor",
        }
    }
}

impl fmt::Display for PartyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PartyKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        PartyKind::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("unknown party kind {s:?}"))
    }
}

/// What a party does through its handling link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandleAction {
    Acknowledge,
    Start,
    /// Needs a public message.
    Resolve,
    /// Needs a reason; the report goes back to triage.
    NotOurs,
}

impl HandleAction {
    /// The status this action leads to, when it may be taken from `from`.
    pub fn next(self, from: ReportStatus) -> Option<ReportStatus> {
        use ReportStatus as S;
        let allowed = match self {
            HandleAction::Acknowledge => matches!(from, S::New | S::Reopened),
            HandleAction::Start => matches!(from, S::New | S::Acknowledged | S::Reopened),
            HandleAction::Resolve => {
                matches!(from, S::New | S::Acknowledged | S::InProgress | S::Reopened)
            }
            HandleAction::NotOurs => {
                matches!(from, S::New | S::Acknowledged | S::InProgress | S::Reopened)
            }
        };
        allowed.then_some(match self {
            HandleAction::Acknowledge => S::Acknowledged,
            HandleAction::Start => S::InProgress,
            HandleAction::Resolve => S::Resolved,
            HandleAction::NotOurs => S::NotOurs,
        })
    }
}

/// A report's description: 10 to 2000 characters of plain text.
pub fn parse_description(raw: &str) -> Result<String, FieldError> {
    bounded_text("description", raw, 10, 2000)
}

/// A category's or party's name: 1 to 100 characters.
pub fn parse_name(raw: &str) -> Result<String, FieldError> {
    bounded_text("name", raw, 1, 100)
}

/// A public message or reason from the party: 1 to 1000 characters.
pub fn parse_message(raw: &str) -> Result<String, FieldError> {
    bounded_text("message", raw, 1, 1000)
}

/// The most working days a category may give a party.
pub const MAX_DEADLINE_DAYS: i32 = 90;

/// A category's deadline: 1 to 90 working days.
pub fn parse_deadline_days(days: i32) -> Result<i32, FieldError> {
    if (1..=MAX_DEADLINE_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(FieldError::new(
            "deadlineDays",
            format!("must be between 1 and {MAX_DEADLINE_DAYS} working days"),
        ))
    }
}

/// `from` plus `days` working days (Monday to Friday, in Dutch time); a
/// report filed at the weekend starts counting on Monday.
pub fn add_working_days(from: DateTime<Utc>, days: i32) -> DateTime<Utc> {
    let local = from.with_timezone(&chrono_tz::Europe::Amsterdam);
    let mut at = local;
    let mut left = days;
    while left > 0 {
        at += Duration::days(1);
        if !matches!(at.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    at.with_timezone(&Utc)
}

/// How far a report may lie from a point to count as "one of these?".
pub const NEARBY_METRES: f64 = 50.0;

/// The distance between two WGS84 points in metres (haversine on a sphere
/// of the Earth's mean radius; exact enough at street scale).
pub fn distance_metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    const R: f64 = 6_371_008.8;
    let (lat1, lon1) = (a.0.to_radians(), a.1.to_radians());
    let (lat2, lon2) = (b.0.to_radians(), b.1.to_radians());
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().asin()
}

/// A box around a point that holds every point within `metres` of it, for
/// an indexed range filter before the exact distance.
pub fn box_around(latitude: f64, longitude: f64, metres: f64) -> (f64, f64, f64, f64) {
    let dlat = metres / 111_320.0;
    let dlon = metres / (111_320.0 * latitude.to_radians().cos().max(0.01));
    (
        latitude - dlat,
        longitude - dlon,
        latitude + dlat,
        longitude + dlon,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn working_days_skip_the_weekend() {
        // Thursday 10 December 2026, noon in Amsterdam.
        let thursday = Utc.with_ymd_and_hms(2026, 12, 10, 11, 0, 0).unwrap();
        let due = add_working_days(thursday, 3);
        assert_eq!(due, Utc.with_ymd_and_hms(2026, 12, 15, 11, 0, 0).unwrap());
        let saturday = Utc.with_ymd_and_hms(2026, 12, 12, 11, 0, 0).unwrap();
        assert_eq!(
            add_working_days(saturday, 1),
            Utc.with_ymd_and_hms(2026, 12, 14, 11, 0, 0).unwrap()
        );
    }

    #[test]
    fn distances_at_street_scale() {
        let dam = (52.3731, 4.8926);
        let near = (52.3735, 4.8926);
        let d = distance_metres(dam, near);
        assert!((d - 44.5).abs() < 1.0, "{d}");
        let (s, w, n, e) = box_around(dam.0, dam.1, 50.0);
        assert!(s < near.0 && near.0 < n && w < near.1 && near.1 < e);
    }

    #[test]
    fn handling_moves_only_forward() {
        use ReportStatus as S;
        assert_eq!(
            HandleAction::Acknowledge.next(S::New),
            Some(S::Acknowledged)
        );
        assert_eq!(HandleAction::Resolve.next(S::Resolved), None);
        assert_eq!(HandleAction::Start.next(S::Unconfirmed), None);
        assert_eq!(HandleAction::NotOurs.next(S::NotOurs), None);
        for s in S::ALL {
            assert_eq!(s.as_str().parse::<S>(), Ok(s));
        }
    }
}
