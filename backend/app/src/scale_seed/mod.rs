//! `plein seed --scale N`: a large, deterministic, Dutch-looking municipality
//! for load tests. The same seed gives the same rows, ids included. Rows go
//! in with multi-row inserts inside one transaction per batch, and every
//! counter column (supports, comments, members) is computed from the rows
//! written with it, so the counts are exact.
//!
//! Meant for an empty database: the area slugs and account addresses it
//! uses would collide with an earlier run.

mod rng;
mod words;

use chrono::{DateTime, Duration, TimeZone, Utc};
use plein_domain::groups::{GroupRole, GroupVisibility, JoinPolicy};
use plein_domain::places::Bounds;
use plein_domain::{AreaKind, IdeaStatus, Password, PlanStatus, Role, SubjectKind};
use plein_storage::entities::{
    areas, comments, group_members, idea_tags, ideas, plans, supports, users, working_groups,
};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel, Iterable};
use uuid::Uuid;

use crate::{App, AppError, AppResult};
use rng::Rng;
use words::*;

/// The password of every generated account.
pub const SEED_PASSWORD: &str = "plein-seed-2026";

/// The seed used when none is given.
pub const DEFAULT_SEED: u64 = 20_261_201;

/// How many ideas go into one transaction (with their comments and supports).
const IDEAS_PER_BATCH: usize = 2_000;

/// Bind parameters per statement: under PostgreSQL's 65,535 and SQLite's
/// 32,766.
const PARAMS_PER_STATEMENT: usize = 30_000;

/// The seeded municipality's box (in and around Amsterdam's centre); its
/// districts are strips of it west to east, their neighbourhoods strips of
/// those south to north, each with its rectangle as boundary.
const CITY: Bounds = Bounds {
    south: 52.30,
    west: 4.80,
    north: 52.42,
    east: 5.00,
};

/// The `n`-th of `of` strips of `b`, west to east (`across`) or south to north.
fn strip(b: Bounds, n: usize, of: usize, across: bool) -> Bounds {
    let f = |i: usize| i as f64 / of as f64;
    if across {
        let w = b.east - b.west;
        Bounds {
            west: b.west + w * f(n),
            east: b.west + w * f(n + 1),
            ..b
        }
    } else {
        let h = b.north - b.south;
        Bounds {
            south: b.south + h * f(n),
            north: b.south + h * f(n + 1),
            ..b
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct ScaleSpec {
    pub ideas: u64,
    pub seed: u64,
}

impl ScaleSpec {
    /// One account per ten ideas, at least a hundred.
    pub fn users(&self) -> u64 {
        (self.ideas / 10).max(100)
    }
    pub fn plans(&self) -> u64 {
        (self.ideas / 1_000).max(3)
    }
    pub fn groups(&self) -> u64 {
        (self.ideas / 2_000).max(2)
    }
}

/// Where the generator is, for a progress display.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub stage: &'static str,
    pub done: u64,
    pub total: u64,
}

/// What the generator wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScaleReport {
    pub areas: u64,
    pub users: u64,
    pub ideas: u64,
    pub comments: u64,
    pub supports: u64,
    pub plans: u64,
    pub groups: u64,
    pub memberships: u64,
}

/// The first moment of generated history; everything happens in the year after.
fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2025, 1, 1, 8, 0, 0)
        .single()
        .unwrap_or_default()
}

/// A time-ordered id (UUIDv7) at `at`, with the rest from the generator.
fn id_at(rng: &mut Rng, at: DateTime<Utc>) -> Uuid {
    let mut bytes = [0u8; 10];
    rng.fill(&mut bytes);
    uuid::Builder::from_unix_timestamp_millis(at.timestamp_millis() as u64, &bytes).into_uuid()
}

fn slug(name: &str) -> String {
    name.to_lowercase().replace(' ', "-")
}

/// Inserts `rows` in as few statements as the bind-parameter limit allows,
/// counting the entity's own columns (a hand-kept count fell behind the
/// tables and broke SQLite's limit from 400 ideas on).
async fn insert_chunked<A>(db: &impl ConnectionTrait, rows: Vec<A>) -> AppResult<()>
where
    A: ActiveModelTrait + Send,
{
    let columns = <<A::Entity as EntityTrait>::Column as Iterable>::iter().count();
    let per_statement = (PARAMS_PER_STATEMENT / columns.max(1)).max(1);
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<A> = rows.by_ref().take(per_statement).collect();
        <A::Entity as EntityTrait>::insert_many(chunk)
            .exec_without_returning(db)
            .await
            .map_err(|e| AppError::internal(format!("seed insert: {e}")))?;
    }
    Ok(())
}

fn active<M, A>(rows: Vec<M>) -> Vec<A>
where
    M: IntoActiveModel<A>,
    A: ActiveModelTrait,
{
    rows.into_iter().map(|m| m.into_active_model()).collect()
}

struct Account {
    id: Uuid,
    professional: bool,
}

impl App {
    /// Generates a municipality of about 500 areas with `spec.ideas` ideas,
    /// about five comments and ten supports each, one account per ten ideas,
    /// plans and working groups. `progress` hears of every batch.
    pub async fn seed_scale(
        &self,
        spec: ScaleSpec,
        mut progress: impl FnMut(Progress),
    ) -> AppResult<ScaleReport> {
        let mut rng = Rng::new(spec.seed);
        let mut report = ScaleReport::default();
        let start = epoch();

        // Areas: one municipality, its districts, ~40 neighbourhoods each.
        let mut area_rows = Vec::new();
        let root_id = id_at(&mut rng, start);
        let root_path = plein_storage::areas::child_path(None, root_id);
        area_rows.push(area_row(
            root_id,
            None,
            MUNICIPALITY,
            AreaKind::Municipality,
            &root_path,
            0,
            start,
            CITY,
        ));
        let mut neighbourhoods = Vec::new();
        let mut boxes = std::collections::HashMap::new();
        let mut names = Vec::new();
        for first in PLACE_STARTS {
            for end in PLACE_ENDS {
                names.push(format!("{first}{end}"));
            }
        }
        rng.shuffle(&mut names);
        let per_district = names.len() / DISTRICTS.len();
        let mut names = names.into_iter();
        for (d, district) in DISTRICTS.iter().enumerate() {
            let district_box = strip(CITY, d, DISTRICTS.len(), true);
            let id = id_at(&mut rng, start);
            let path = plein_storage::areas::child_path(Some(&root_path), id);
            area_rows.push(area_row(
                id,
                Some(root_id),
                district,
                AreaKind::District,
                &path,
                1,
                start,
                district_box,
            ));
            for (k, name) in names.by_ref().take(per_district).enumerate() {
                let child_box = strip(district_box, k, per_district, false);
                let child = id_at(&mut rng, start);
                let child_path = plein_storage::areas::child_path(Some(&path), child);
                area_rows.push(area_row(
                    child,
                    Some(id),
                    &name,
                    AreaKind::Neighbourhood,
                    &child_path,
                    2,
                    start,
                    child_box,
                ));
                neighbourhoods.push(child);
                boxes.insert(child, child_box);
            }
        }
        report.areas = area_rows.len() as u64;
        let txn = self.db.begin_write().await?;
        insert_chunked(&txn, active(area_rows)).await?;
        txn.commit().await?;
        progress(Progress {
            stage: "areas",
            done: report.areas,
            total: report.areas,
        });

        // Accounts: one password hash for all, a few professionals first.
        let hash = crate::accounts::password::hash(Password::parse(SEED_PASSWORD)?).await?;
        let total_users = spec.users();
        let mut accounts = Vec::with_capacity(total_users as usize);
        let mut batch = Vec::new();
        for n in 0..total_users {
            let at = start + Duration::seconds(n as i64);
            let id = id_at(&mut rng, at);
            let professional = n < 10;
            let name = format!("{} {}", rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
            let home = *rng.pick(&neighbourhoods);
            batch.push(users::Model {
                id,
                email: format!("bewoner{n}@seed.plein.example"),
                email_verified_at: Some(at),
                password_hash: hash.clone(),
                display_name: name,
                role: if professional {
                    Role::Professional
                } else {
                    Role::Resident
                },
                organisation: professional.then(|| MUNICIPALITY.to_owned()),
                home_area_id: Some(home),
                locale: plein_domain::Locale::Nl,
                created_at: at,
                updated_at: at,
                blocked_at: None,
                deleted_at: None,
            });
            accounts.push(Account { id, professional });
            if batch.len() == 5_000 || n + 1 == total_users {
                let txn = self.db.begin_write().await?;
                insert_chunked(&txn, active(std::mem::take(&mut batch))).await?;
                txn.commit().await?;
                progress(Progress {
                    stage: "accounts",
                    done: n + 1,
                    total: total_users,
                });
            }
        }
        report.users = total_users;

        // Ideas with their comments and supports, batch by batch.
        let year_ms = 365 * 24 * 3600 * 1000_i64;
        let step_ms = (year_ms / spec.ideas.max(1) as i64).max(1);
        let mut done = 0u64;
        while done < spec.ideas {
            let count = (spec.ideas - done).min(IDEAS_PER_BATCH as u64);
            let mut idea_rows = Vec::with_capacity(count as usize);
            let mut tag_rows = Vec::new();
            let mut comment_rows = Vec::new();
            let mut support_rows = Vec::new();
            for n in done..done + count {
                let at = start + Duration::milliseconds(n as i64 * step_ms);
                let id = id_at(&mut rng, at);
                let author = rng.pick(&accounts).id;
                let area = *rng.pick(&neighbourhoods);
                let title = format!(
                    "{} {} bij de {}",
                    rng.pick(WISHES),
                    rng.pick(THINGS),
                    rng.pick(STREETS)
                );
                let sentences = 2 + rng.below(3) as usize;
                let body = (0..sentences)
                    .map(|_| *rng.pick(SENTENCES))
                    .collect::<Vec<_>>()
                    .join(" ");
                let mut tags: Vec<String> = (0..rng.below(3))
                    .map(|_| (*rng.pick(TAGS)).to_owned())
                    .collect();
                tags.sort();
                tags.dedup();
                let status = match rng.below(20) {
                    0 => IdeaStatus::UnderReview,
                    1 => IdeaStatus::Accepted,
                    2 => IdeaStatus::Realised,
                    _ => IdeaStatus::Published,
                };
                // Every idea gets a point inside its neighbourhood (the
                // draw that once left half without one is kept, so the
                // rest of the data stays the same for the same seed).
                let _ = rng.below(2);
                let b = boxes[&area];
                let location = Some((
                    b.south + (b.north - b.south) * rng.below(10_000) as f64 / 10_000.0,
                    b.west + (b.east - b.west) * rng.below(10_000) as f64 / 10_000.0,
                ));

                // Supports: distinct accounts, a run from a random start.
                let supporters = rng.below(21).min(accounts.len() as u64) as usize;
                let first = rng.below(accounts.len() as u64) as usize;
                for k in 0..supporters {
                    support_rows.push(supports::Model {
                        idea_id: id,
                        user_id: accounts[(first + k) % accounts.len()].id,
                        created_at: at + Duration::minutes(k as i64 + 1),
                        acted_by: None,
                        mandate_id: None,
                    });
                }

                // Comments: some answer an earlier one.
                let comment_count = rng.below(11) as usize;
                let mut thread: Vec<Uuid> = Vec::with_capacity(comment_count);
                for k in 0..comment_count {
                    let when = at + Duration::minutes(10 * (k as i64 + 1));
                    let cid = id_at(&mut rng, when);
                    let parent = (!thread.is_empty() && rng.below(3) == 0)
                        .then(|| thread[rng.below(thread.len() as u64) as usize]);
                    comment_rows.push(comments::Model {
                        id: cid,
                        subject_kind: SubjectKind::Idea,
                        subject_id: id,
                        parent_id: parent,
                        depth: i32::from(parent.is_some()),
                        author_id: rng.pick(&accounts).id,
                        body: (*rng.pick(REACTIONS)).to_owned(),
                        official: false,
                        answer_id: None,
                        agree_count: 0,
                        created_at: when,
                        edited_at: None,
                        deleted_at: None,
                        hidden_at: None,
                        acted_by: None,
                        mandate_id: None,
                        intake_resident: None,
                        intake_place: None,
                    });
                    if parent.is_none() {
                        thread.push(cid);
                    }
                }

                for tag in &tags {
                    tag_rows.push(idea_tags::Model {
                        idea_id: id,
                        tag: tag.clone(),
                    });
                }
                idea_rows.push(ideas::Model {
                    id,
                    author_id: author,
                    area_id: area,
                    title,
                    body,
                    tags: tags.into(),
                    latitude: location.map(|l| l.0),
                    longitude: location.map(|l| l.1),
                    address: None,
                    status,
                    support_count: supporters as i32,
                    comment_count: comment_count as i32,
                    published_at: Some(at),
                    created_at: at,
                    updated_at: at,
                    hidden_at: None,
                    acted_by: None,
                    mandate_id: None,
                    intake_resident: None,
                    intake_place: None,
                });
            }
            report.ideas += idea_rows.len() as u64;
            report.comments += comment_rows.len() as u64;
            report.supports += support_rows.len() as u64;
            let txn = self.db.begin_write().await?;
            insert_chunked(&txn, active(idea_rows)).await?;
            insert_chunked(&txn, active(tag_rows)).await?;
            insert_chunked(&txn, active(comment_rows)).await?;
            insert_chunked(&txn, active(support_rows)).await?;
            txn.commit().await?;
            done += count;
            progress(Progress {
                stage: "ideas",
                done,
                total: spec.ideas,
            });
        }

        // Plans by professionals, groups with a coordinator and members.
        let professionals: Vec<Uuid> = accounts
            .iter()
            .filter(|a| a.professional)
            .map(|a| a.id)
            .collect();
        let mut plan_rows = Vec::new();
        for n in 0..spec.plans() {
            let at = start + Duration::days((n % 300) as i64);
            let area = *rng.pick(&neighbourhoods);
            plan_rows.push(plans::Model {
                id: id_at(&mut rng, at),
                author_id: *rng.pick(&professionals),
                area_id: area,
                title: format!("{} {}", rng.pick(PLAN_TOPICS), rng.pick(STREETS)),
                description: (0..3)
                    .map(|_| *rng.pick(SENTENCES))
                    .collect::<Vec<_>>()
                    .join(" "),
                status: PlanStatus::Consulting,
                opens_at: at,
                closes_at: at + Duration::days(400),
                official_response: None,
                responded_at: None,
                comment_count: 0,
                idea_count: 0,
                created_at: at,
                updated_at: at,
                hidden_at: None,
                latitude: None,
                longitude: None,
                address: None,
            });
        }
        let mut group_rows = Vec::new();
        let mut member_rows = Vec::new();
        for n in 0..spec.groups() {
            let at = start + Duration::days((n % 300) as i64);
            let id = id_at(&mut rng, at);
            let size = 1 + rng.below(12).min(accounts.len() as u64 - 1) as usize;
            let first = rng.below(accounts.len() as u64) as usize;
            for k in 0..size {
                member_rows.push(group_members::Model {
                    group_id: id,
                    user_id: accounts[(first + k) % accounts.len()].id,
                    role: if k == 0 {
                        GroupRole::Coordinator
                    } else {
                        GroupRole::Member
                    },
                    joined_at: at,
                });
            }
            let mut token = [0u8; 16];
            rng.fill(&mut token);
            group_rows.push(working_groups::Model {
                id,
                name: format!("{} {}", rng.pick(GROUP_TOPICS), n + 1),
                purpose: (0..2)
                    .map(|_| *rng.pick(SENTENCES))
                    .collect::<Vec<_>>()
                    .join(" "),
                area_id: *rng.pick(&neighbourhoods),
                visibility: GroupVisibility::Public,
                join_policy: JoinPolicy::Open,
                calendar_token: hex::encode(token),
                member_count: size as i32,
                created_by: Some(accounts[first].id),
                created_at: at,
                updated_at: at,
                hidden_at: None,
            });
        }
        report.plans = plan_rows.len() as u64;
        report.groups = group_rows.len() as u64;
        report.memberships = member_rows.len() as u64;
        let txn = self.db.begin_write().await?;
        insert_chunked(&txn, active(plan_rows)).await?;
        insert_chunked(&txn, active(group_rows)).await?;
        insert_chunked(&txn, active(member_rows)).await?;
        txn.commit().await?;
        progress(Progress {
            stage: "plans and groups",
            done: report.plans + report.groups,
            total: report.plans + report.groups,
        });
        // Fresh statistics, so the first queries are planned for this much
        // data rather than for the empty tables autovacuum last saw.
        self.db.analyze().await?;
        Ok(report)
    }
}

fn area_row(
    id: Uuid,
    parent_id: Option<Uuid>,
    name: &str,
    kind: AreaKind,
    path: &str,
    depth: i32,
    now: DateTime<Utc>,
    bbox: Bounds,
) -> areas::Model {
    let ring = [
        [bbox.west, bbox.south],
        [bbox.east, bbox.south],
        [bbox.east, bbox.north],
        [bbox.west, bbox.north],
        [bbox.west, bbox.south],
    ];
    let boundary = serde_json::json!({ "type": "MultiPolygon", "coordinates": [[ring]] });
    areas::Model {
        id,
        parent_id,
        name: name.to_owned(),
        slug: slug(name),
        kind,
        path: path.to_owned(),
        depth,
        support_threshold: None,
        created_at: now,
        updated_at: now,
        boundary: Some(boundary.to_string()),
        bbox_south: Some(bbox.south),
        bbox_west: Some(bbox.west),
        bbox_north: Some(bbox.north),
        bbox_east: Some(bbox.east),
    }
}
