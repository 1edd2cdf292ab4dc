//! The pabulib `.pb` format (<https://pabulib.org/format>): the open data format
//! of participatory budgeting research, which pabutools reads.
//!
//! A file has three sections, each a line with its name (`META`, `PROJECTS`,
//! `VOTES`), a header line and `;`-separated rows. Amounts are in the currency
//! unit (euros here), with at most two decimals; Plein keeps them as cents.
//! [`parse`] never panics, whatever the input: every problem is a
//! [`PabulibError`] with the line number (1-based) and the reason.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{Ballot, BallotKind, Cents, Instance, Project, Rule};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct PabulibError {
    /// 1-based; 0 when the problem is about the file as a whole.
    pub line: usize,
    pub reason: String,
}

fn err(line: usize, reason: impl Into<String>) -> PabulibError {
    PabulibError {
        line,
        reason: reason.into(),
    }
}

/// A parsed `.pb` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pabulib {
    pub instance: Instance,
    pub kind: BallotKind,
    /// The META section as it was, in order (budget, vote_type, description, …).
    pub meta: Vec<(String, String)>,
    /// The `rule` of the META section when it names one Plein counts.
    pub rule: Option<Rule>,
    /// The `name` column of the projects (empty when there is none).
    pub project_names: Vec<String>,
    /// The `voter_id` column, per ballot.
    pub voter_ids: Vec<String>,
}

impl Pabulib {
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Reads an amount in currency units ("25000", "3140.5", "3140,50") as cents.
pub fn parse_amount(raw: &str) -> Option<Cents> {
    let raw = raw.trim();
    let (whole, frac) = match raw.find(['.', ',']) {
        Some(i) => (&raw[..i], &raw[i + 1..]),
        None => (raw, ""),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Digits beyond the cents must be zeros ("12.500" is fine, "12.345" is not).
    if frac.len() > 2 && !frac[2..].bytes().all(|b| b == b'0') {
        return None;
    }
    let euros: i64 = whole.parse().ok()?;
    let mut cents: i64 = 0;
    for (i, b) in frac.bytes().take(2).enumerate() {
        cents += i64::from(b - b'0') * if i == 0 { 10 } else { 1 };
    }
    euros.checked_mul(100)?.checked_add(cents)
}

/// Writes cents in currency units: `1234567` → `12345.67`, `1200` → `12`.
pub fn format_amount(cents: Cents) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    if abs.is_multiple_of(100) {
        format!("{sign}{}", abs / 100)
    } else {
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }
}

#[derive(PartialEq, Clone, Copy)]
enum Section {
    None,
    Meta,
    Projects,
    Votes,
}

/// Parses a `.pb` file.
pub fn parse(text: &str) -> Result<Pabulib, PabulibError> {
    let mut section = Section::None;
    let mut header: Option<Vec<String>> = None;
    let mut seen = [false; 3];
    let mut meta: Vec<(String, String)> = Vec::new();
    // (line, fields by column name)
    let mut project_rows: Vec<(usize, HashMap<String, String>)> = Vec::new();
    let mut vote_rows: Vec<(usize, HashMap<String, String>)> = Vec::new();

    for (i, raw_line) in text.lines().enumerate() {
        let line = i + 1;
        let raw_line = raw_line.trim_end_matches('\r');
        if raw_line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = raw_line.split(';').collect();
        let first = fields
            .first()
            .map(|f| f.trim().to_ascii_lowercase())
            .unwrap_or_default();
        if fields.len() == 1 || fields.iter().skip(1).all(|f| f.trim().is_empty()) {
            let next = match first.as_str() {
                "meta" => Some(Section::Meta),
                "projects" => Some(Section::Projects),
                "votes" => Some(Section::Votes),
                _ => None,
            };
            if let Some(next) = next {
                let slot = match next {
                    Section::Meta => 0,
                    Section::Projects => 1,
                    _ => 2,
                };
                if seen[slot] {
                    return Err(err(
                        line,
                        format!("the section {} appears twice", first.to_uppercase()),
                    ));
                }
                seen[slot] = true;
                section = next;
                header = None;
                continue;
            }
        }
        if section == Section::None {
            return Err(err(
                line,
                "expected the section name META, PROJECTS or VOTES",
            ));
        }
        let Some(columns) = &header else {
            header = Some(
                fields
                    .iter()
                    .map(|f| f.trim().to_ascii_lowercase())
                    .collect(),
            );
            continue;
        };
        if section != Section::Meta && fields.len() > columns.len() {
            return Err(err(
                line,
                format!(
                    "{} fields, but the header has {} columns",
                    fields.len(),
                    columns.len()
                ),
            ));
        }
        match section {
            Section::Meta => {
                let key = fields.first().map(|f| f.trim()).unwrap_or_default();
                let value = fields.get(1..).map(|f| f.join(";")).unwrap_or_default();
                let value = value.trim();
                if key.is_empty() {
                    return Err(err(line, "a META line without a key"));
                }
                meta.push((key.to_owned(), value.to_owned()));
            }
            Section::Projects | Section::Votes => {
                let row: HashMap<String, String> = columns
                    .iter()
                    .zip(fields.iter())
                    .map(|(c, f)| (c.clone(), f.trim().to_owned()))
                    .collect();
                if section == Section::Projects {
                    project_rows.push((line, row));
                } else {
                    vote_rows.push((line, row));
                }
            }
            Section::None => {}
        }
    }
    for (slot, name) in ["META", "PROJECTS", "VOTES"].iter().enumerate() {
        if !seen[slot] {
            return Err(err(0, format!("the section {name} is missing")));
        }
    }

    let meta_line = 0;
    let get = |key: &str| meta.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
    let budget = match get("budget") {
        None => return Err(err(meta_line, "META has no budget")),
        Some(raw) => parse_amount(raw).filter(|&b| b > 0).ok_or_else(|| {
            err(
                meta_line,
                format!("the budget {raw:?} is not a positive amount"),
            )
        })?,
    };
    let vote_type = get("vote_type").unwrap_or("approval").to_ascii_lowercase();
    let number = |key: &str| -> Result<Option<u32>, PabulibError> {
        match get(key) {
            None | Some("") => Ok(None),
            Some(raw) => raw
                .trim()
                .parse::<u32>()
                .map(Some)
                .map_err(|_| err(meta_line, format!("{key} {raw:?} is not a whole number"))),
        }
    };
    let kind = match vote_type.as_str() {
        "approval" => BallotKind::Approval {
            max_projects: number("max_length")?,
            max_total: match get("max_sum_cost") {
                None | Some("") => None,
                Some(raw) => Some(parse_amount(raw).ok_or_else(|| {
                    err(meta_line, format!("max_sum_cost {raw:?} is not an amount"))
                })?),
            },
        },
        "choose-1" => BallotKind::Approval {
            max_projects: Some(1),
            max_total: None,
        },
        "cumulative" => BallotKind::Cumulative {
            points: number("max_sum_points")?.unwrap_or(0),
        },
        other => {
            return Err(err(
                meta_line,
                format!("vote_type {other:?} is not supported (approval, choose-1 or cumulative)"),
            ));
        }
    };
    let rule = get("rule").and_then(|r| match r.trim().to_ascii_lowercase().as_str() {
        "greedy" => Some(Rule::Greedy),
        "equalshares" | "equalshares/add1" | "equal_shares" | "mes" => Some(Rule::EqualShares),
        _ => None,
    });

    let mut projects = Vec::with_capacity(project_rows.len());
    let mut project_names = Vec::with_capacity(project_rows.len());
    let mut index: HashMap<String, usize> = HashMap::new();
    for (line, row) in &project_rows {
        let key = row
            .get("project_id")
            .filter(|k| !k.is_empty())
            .ok_or_else(|| err(*line, "a project without project_id"))?;
        let raw_cost = row
            .get("cost")
            .ok_or_else(|| err(*line, format!("project {key} has no cost")))?;
        let cost = parse_amount(raw_cost).ok_or_else(|| {
            err(
                *line,
                format!("the cost {raw_cost:?} of project {key} is not an amount"),
            )
        })?;
        if cost <= 0 {
            return Err(err(
                *line,
                format!("project {key} costs {raw_cost}; a cost must be more than 0"),
            ));
        }
        if index.insert(key.clone(), projects.len()).is_some() {
            return Err(err(*line, format!("project {key} appears twice")));
        }
        projects.push(Project {
            key: key.clone(),
            cost,
        });
        project_names.push(row.get("name").cloned().unwrap_or_default());
    }

    let mut ballots = Vec::with_capacity(vote_rows.len());
    let mut voter_ids = Vec::with_capacity(vote_rows.len());
    let mut voters_seen: HashMap<String, usize> = HashMap::new();
    for (line, row) in &vote_rows {
        let voter = row.get("voter_id").cloned().unwrap_or_default();
        if !voter.is_empty() && voters_seen.insert(voter.clone(), *line).is_some() {
            return Err(err(*line, format!("voter {voter} votes twice")));
        }
        let vote = row.get("vote").map(String::as_str).unwrap_or_default();
        let mut chosen = Vec::new();
        for key in vote.split(',').map(str::trim).filter(|k| !k.is_empty()) {
            let p = *index.get(key).ok_or_else(|| {
                err(
                    *line,
                    format!("the vote names project {key}, which is not in PROJECTS"),
                )
            })?;
            if chosen.contains(&p) {
                return Err(err(*line, format!("the vote names project {key} twice")));
            }
            chosen.push(p);
        }
        let ballot = match kind {
            BallotKind::Approval { .. } => Ballot::Approval(chosen),
            BallotKind::Cumulative { .. } => {
                let raw = row.get("points").map(String::as_str).unwrap_or_default();
                let points: Vec<&str> = raw
                    .split(',')
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .collect();
                if points.len() != chosen.len() {
                    return Err(err(
                        *line,
                        format!("{} projects but {} points", chosen.len(), points.len()),
                    ));
                }
                let mut list = Vec::with_capacity(chosen.len());
                for (p, raw) in chosen.into_iter().zip(points) {
                    let v: u32 = raw.parse().map_err(|_| {
                        err(*line, format!("the points {raw:?} are not a whole number"))
                    })?;
                    list.push((p, v));
                }
                Ballot::Cumulative(list)
            }
        };
        ballots.push(ballot);
        voter_ids.push(voter);
    }

    Ok(Pabulib {
        instance: Instance {
            budget,
            projects,
            ballots,
        },
        kind,
        meta,
        rule,
        project_names,
        voter_ids,
    })
}

/// Writes an instance as a `.pb` file. Voters get the pseudonymous ids 1, 2, …
/// in an order that depends only on the ballots (they are sorted), never on
/// who voted or when. `extra_meta` (e.g. description, country, unit) comes
/// first in the META section; the writer adds num_projects, num_votes,
/// budget, vote_type, the ballot limits and `rule`.
pub fn write(
    instance: &Instance,
    kind: &BallotKind,
    rule: Option<Rule>,
    extra_meta: &[(&str, &str)],
) -> String {
    let mut out = String::new();
    out.push_str("META\nkey;value\n");
    let clean = |s: &str| s.replace([';', '\n', '\r'], " ");
    for (k, v) in extra_meta {
        let _ = writeln!(out, "{};{}", clean(k), clean(v));
    }
    let _ = writeln!(out, "num_projects;{}", instance.projects.len());
    let _ = writeln!(out, "num_votes;{}", instance.ballots.len());
    let _ = writeln!(out, "budget;{}", format_amount(instance.budget));
    match kind {
        BallotKind::Approval {
            max_projects,
            max_total,
        } => {
            out.push_str("vote_type;approval\n");
            if let Some(n) = max_projects {
                let _ = writeln!(out, "max_length;{n}");
            }
            if let Some(t) = max_total {
                let _ = writeln!(out, "max_sum_cost;{}", format_amount(*t));
            }
        }
        BallotKind::Cumulative { points } => {
            out.push_str("vote_type;cumulative\n");
            let _ = writeln!(out, "max_sum_points;{points}");
        }
    }
    if let Some(rule) = rule {
        let _ = writeln!(
            out,
            "rule;{}",
            match rule {
                Rule::Greedy => "greedy",
                Rule::EqualShares => "equalshares/add1",
            }
        );
    }
    out.push_str("PROJECTS\nproject_id;cost\n");
    for p in &instance.projects {
        let _ = writeln!(out, "{};{}", clean(&p.key), format_amount(p.cost));
    }
    let cumulative = matches!(kind, BallotKind::Cumulative { .. });
    out.push_str(if cumulative {
        "VOTES\nvoter_id;vote;points\n"
    } else {
        "VOTES\nvoter_id;vote\n"
    });
    let mut rows: Vec<(String, String)> = instance
        .ballots
        .iter()
        .map(|b| {
            let (ids, points): (Vec<String>, Vec<String>) = match b {
                Ballot::Approval(list) => list
                    .iter()
                    .filter_map(|&p| instance.projects.get(p))
                    .map(|p| (clean(&p.key), String::new()))
                    .unzip(),
                Ballot::Cumulative(list) => list
                    .iter()
                    .filter_map(|&(p, v)| {
                        instance
                            .projects
                            .get(p)
                            .map(|p| (clean(&p.key), v.to_string()))
                    })
                    .unzip(),
            };
            (ids.join(","), points.join(","))
        })
        .collect();
    rows.sort();
    for (i, (vote, points)) in rows.iter().enumerate() {
        if cumulative {
            let _ = writeln!(out, "{};{vote};{points}", i + 1);
        } else {
            let _ = writeln!(out, "{};{vote}", i + 1);
        }
    }
    out
}
