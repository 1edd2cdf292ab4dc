//! Open data: a closed round as a pabulib `.pb` file (pseudonymous voter
//! numbers in key order, so anyone can recount it), and a `.pb` file imported
//! into a new, closed round.

use chrono::Duration;
use plein_domain::budget::{Ballot, BallotKind, Rule, pabulib};
use plein_domain::rounds::{BallotShape, CountRule, Phase};
use plein_storage::budget;
use plein_storage::entities::{budget_projects as project_rows, budget_rounds as round_rows};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::Round;
use super::ballots::ballot_kind;
use super::result::{count_round, instance_of};
use crate::{Actor, App, AppError, AppResult};

/// The largest `.pb` file imported, in bytes.
pub const MAX_FILE: usize = 20 * 1024 * 1024;

pub struct ImportInput {
    pub area_id: Uuid,
    pub title: String,
    /// The `.pb` file's text.
    pub file: String,
}

impl App {
    /// The round as a `.pb` file, once voting has closed; `None` before that.
    pub async fn budget_round_pabulib(
        &self,
        _actor: &Actor,
        round_id: Uuid,
    ) -> AppResult<Option<String>> {
        let Some(round) = budget::find_round(&self.db.conn, round_id).await? else {
            return Ok(None);
        };
        if !round.phase.voting_closed() {
            return Ok(None);
        }
        let instance = self.budget_instance(&round).await?;
        let rule = match round.rule {
            CountRule::Greedy => Rule::Greedy,
            CountRule::EqualShares => Rule::EqualShares,
        };
        let budget_text = round.budget.to_string();
        Ok(Some(pabulib::write(
            &instance,
            &ballot_kind(&round),
            Some(rule),
            &[
                ("description", round.title.as_str()),
                ("country", "Netherlands"),
                ("unit", round.id.to_string().as_str()),
                ("currency", "EUR"),
                ("budget_cents", budget_text.as_str()),
            ],
        )))
    }

    /// Imports a `.pb` file into a new round that is closed already (for
    /// tests, demos and past rounds). Admins only; one transaction, so a
    /// malformed file creates nothing.
    pub async fn import_budget_round(&self, actor: &Actor, input: ImportInput) -> AppResult<Round> {
        let user = actor.require_admin()?;
        let title = plein_domain::Title::parse(&input.title)?.into_inner();
        if input.file.len() > MAX_FILE {
            return Err(AppError::bad_input("file", "the file is larger than 20 MB"));
        }
        let parsed = pabulib::parse(&input.file)
            .map_err(|e| AppError::bad_input("file", format!("line {}: {}", e.line, e.reason)))?;
        if parsed.instance.budget <= 0 {
            return Err(AppError::bad_input(
                "file",
                "line 0: the budget must be more than zero",
            ));
        }
        let now = self.now();
        let day = Duration::days(1);
        let txn = self.db.begin_write().await?;
        if plein_storage::areas::find(&txn, input.area_id)
            .await?
            .is_none()
        {
            return Err(AppError::bad_input("areaId", "no area has this id"));
        }
        let (shape, max_projects, max_total, points) = match parsed.kind {
            BallotKind::Approval {
                max_projects,
                max_total,
            } => (
                BallotShape::Approval,
                max_projects.map(|n| n.min(i32::MAX as u32) as i32),
                max_total,
                None,
            ),
            BallotKind::Cumulative { points } => (
                BallotShape::Cumulative,
                None,
                None,
                Some(points.min(i32::MAX as u32) as i32),
            ),
        };
        let round = budget::insert_round(
            &txn,
            round_rows::Model {
                id: Uuid::now_v7(),
                area_id: input.area_id,
                created_by: user.id,
                title,
                description: parsed.meta("description").unwrap_or_default().to_owned(),
                budget: parsed.instance.budget,
                max_project_cost: None,
                ballot_kind: shape,
                max_projects,
                max_total,
                points,
                rule: match parsed.rule {
                    Some(Rule::Greedy) => CountRule::Greedy,
                    _ => CountRule::EqualShares,
                },
                min_age: None,
                phase: Phase::Result,
                submitting_at: now - day * 4,
                assessment_at: now - day * 3,
                voting_at: now - day * 2,
                result_at: now - day,
                realisation_at: now + day * 365,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        // The count breaks ties on the project ids as text; pabutools breaks
        // them on the file's project ids. So the ids are one UUIDv7 with
        // its last 32 bits replaced by the rank of the file's project id:
        // they sort as the file's ids do, and the ties agree. Projects and
        // ballots go in multi-row statements.
        let mut by_key: Vec<usize> = (0..parsed.instance.projects.len()).collect();
        by_key.sort_by(|&a, &b| {
            parsed.instance.projects[a]
                .key
                .cmp(&parsed.instance.projects[b].key)
        });
        let base = Uuid::now_v7().as_u128() & !0xffff_ffff;
        let mut ids = vec![Uuid::nil(); parsed.instance.projects.len()];
        for (rank, &i) in by_key.iter().enumerate() {
            ids[i] = Uuid::from_u128(base | rank as u128);
        }
        let mut new_projects = Vec::with_capacity(parsed.instance.projects.len());
        for (i, p) in parsed.instance.projects.iter().enumerate() {
            let name = parsed
                .project_names
                .get(i)
                .filter(|n| !n.trim().is_empty())
                .cloned()
                .unwrap_or_else(|| format!("Project {}", p.key));
            let title: String = name.chars().take(200).collect();
            let id = ids[i];
            new_projects.push(project_rows::Model {
                id,
                round_id: round.id,
                area_id: input.area_id,
                author_id: Some(user.id),
                acted_by: None,
                mandate_id: None,
                intake_resident: None,
                intake_place: None,
                idea_id: None,
                title,
                description: format!("pabulib project {}", p.key),
                cost: p.cost,
                feasible: Some(true),
                assessment_reason: Some("imported".to_owned()),
                created_at: now,
                updated_at: now,
                hidden_at: None,
                support_count: 0,
            });
        }
        budget::insert_projects(&txn, new_projects).await?;
        let mut ballots = Vec::with_capacity(parsed.instance.ballots.len());
        for (i, ballot) in parsed.instance.ballots.iter().enumerate() {
            let stored: Vec<(Uuid, u32)> = match ballot {
                Ballot::Approval(list) => list.iter().map(|&p| (ids[p], 1)).collect(),
                Ballot::Cumulative(list) => list.iter().map(|&(p, v)| (ids[p], v)).collect(),
            };
            let voter = parsed.voter_ids.get(i).cloned().unwrap_or_default();
            let key = hex::encode(Sha256::digest(format!(
                "plein import {} {i} {voter}",
                round.id
            )));
            let choices = serde_json::to_string(&stored).map_err(AppError::internal)?;
            ballots.push((key, choices));
        }
        budget::insert_ballots(&txn, round.id, ballots).await?;
        // Closed already: counted and stored with the import, from the rows
        // just written, as any closed round is.
        let (instance, project_ids) = instance_of(&txn, &round).await?;
        let (result, lines) = count_round(&round, instance, project_ids, now).await?;
        budget::store_result(&txn, result, lines).await?;
        txn.commit().await?;
        Ok(round.into())
    }
}
