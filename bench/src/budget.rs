//! The budget scenario's setup: a round in the bench's district with 100
//! projects, each submitted by a resident and assessed feasible by a
//! professional, moved to voting by hand; and the signed-in residents who
//! live in the district, each with a first ballot cast, so that the timed
//! ballots replace one.

use anyhow::Context;
use serde_json::{Value, json};

use crate::gql::{self, Caller, Client};

/// Projects in the round.
pub const PROJECTS: usize = 100;

/// Projects on each timed ballot.
const PICKS: usize = 3;

/// The seeded professional who opens and runs the round.
const OFFICIAL: &str = "bewoner0@seed.plein.example";

pub struct Round {
    pub id: String,
    pub projects: Vec<String>,
    /// Indexes into the signed-in callers of the residents who may vote.
    pub voters: Vec<usize>,
}

fn err(e: String) -> anyhow::Error {
    anyhow::Error::msg(e)
}

/// Builds the round. `homes[i]` is the home area of `callers[i]`.
pub async fn setup(
    client: &Client,
    district: &str,
    callers: &[Caller],
    homes: &[Option<String>],
) -> anyhow::Result<Round> {
    anyhow::ensure!(
        !callers.is_empty(),
        "no signed-in accounts to submit projects"
    );
    let official = sign_in_official(client).await?;

    let data = client
        .send(
            &Caller::default(),
            gql::AREA_CHILDREN,
            json!({ "id": district }),
        )
        .await
        .map_err(err)?;
    let mut inside: Vec<String> = data["area"]["children"]
        .as_array()
        .map(|children| {
            children
                .iter()
                .filter_map(|c| c["id"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    inside.push(district.to_owned());

    // Dates ahead, so the round takes submissions until it is moved by hand.
    let data = client
        .send(
            &official,
            gql::CREATE_ROUND,
            json!({ "input": {
                "areaId": district,
                "title": "Burgerbegroting van de belastingtest",
                "description": "Wat doen we met **€ 100.000** in de wijk?",
                "budget": 10_000_000,
                "maxProjectCost": 5_000_000,
                "ballotKind": "APPROVAL",
                "maxProjects": 5,
                "rule": "GREEDY",
                "submittingAt": "2099-01-01T00:00:00Z",
                "assessmentAt": "2099-02-01T00:00:00Z",
                "votingAt": "2099-03-01T00:00:00Z",
                "resultAt": "2099-04-01T00:00:00Z",
                "realisationAt": "2099-05-01T00:00:00Z",
            } }),
        )
        .await
        .map_err(err)?;
    let id = data["createBudgetRound"]["round"]["id"]
        .as_str()
        .context("no round id")?
        .to_owned();

    eprintln!("Submitting and assessing {PROJECTS} budget projects …");
    let mut projects = Vec::with_capacity(PROJECTS);
    for i in 0..PROJECTS {
        let author = &callers[i % callers.len()];
        let area = &inside[i % inside.len()];
        let data = client
            .send(
                author,
                gql::SUBMIT_PROJECT,
                json!({ "input": {
                    "roundId": id,
                    "title": format!("Project {} voor de wijk", i + 1),
                    "description": "Meer groen en bankjes in de straat, voor jong en oud.",
                    "areaId": area,
                    "cost": 100_000 + (i as i64 % 10) * 50_000,
                } }),
            )
            .await
            .map_err(err)?;
        projects.push(
            data["submitBudgetProject"]["project"]["id"]
                .as_str()
                .context("no project id")?
                .to_owned(),
        );
    }
    for project in &projects {
        client
            .send(
                &official,
                gql::ASSESS_PROJECT,
                json!({ "input": {
                    "projectId": project,
                    "feasible": true,
                    "reason": "Bekeken door de gemeente: dit kan.",
                } }),
            )
            .await
            .map_err(err)?;
    }
    client
        .send(
            &official,
            gql::SET_PHASE,
            json!({ "input": { "roundId": id, "phase": "VOTING" } }),
        )
        .await
        .map_err(err)?;

    let voters: Vec<usize> = homes
        .iter()
        .enumerate()
        .filter(|(_, home)| home.as_ref().is_some_and(|h| inside.contains(h)))
        .map(|(i, _)| i)
        .collect();
    eprintln!(
        "{} of {} signed-in accounts live in the round's area; each casts a first ballot …",
        voters.len(),
        callers.len()
    );
    let round = Round {
        id,
        projects,
        voters,
    };
    for (k, &voter) in round.voters.iter().enumerate() {
        client
            .send(&callers[voter], gql::CAST_BALLOT, round.ballot(k as u64))
            .await
            .map_err(err)?;
    }
    Ok(round)
}

impl Round {
    /// The variables of the n-th ballot: three projects, a different three
    /// each time.
    pub fn ballot(&self, n: u64) -> Value {
        let first = (n as usize * 7) % self.projects.len();
        let choices: Vec<Value> = (0..PICKS)
            .map(|k| json!({ "projectId": self.projects[(first + k) % self.projects.len()] }))
            .collect();
        json!({ "input": { "roundId": self.id, "choices": choices } })
    }
}

async fn sign_in_official(client: &Client) -> anyhow::Result<Caller> {
    let caller = Caller {
        token: None,
        address: Some("10.255.255.254".to_owned()),
    };
    let data = client
        .send(
            &caller,
            gql::SIGN_IN,
            json!({ "email": OFFICIAL, "password": "plein-seed-2026" }),
        )
        .await
        .map_err(err)?;
    Ok(Caller {
        token: data["signIn"]["token"].as_str().map(str::to_owned),
        ..caller
    })
}

/// The round page with every project on it, as the web app asks for it.
pub fn has_projects(data: &Value) -> bool {
    data["budgetRound"]["projects"]
        .as_array()
        .is_some_and(|p| p.len() == PROJECTS && p.iter().all(|p| p["area"]["id"].is_string()))
}

/// The round page with authors and history.
pub fn has_history(data: &Value) -> bool {
    data["budgetRound"]["projects"].as_array().is_some_and(|p| {
        p.len() == PROJECTS
            && p.iter().all(|p| {
                p["author"]["displayName"].is_string()
                    && p["history"].as_array().is_some_and(|h| h.len() >= 2)
            })
    })
}
