//! Budget rounds: rounds and their phases (on their dates through the outbox,
//! or by hand), projects and their assessment with public history, secret
//! ballots (one per person, DB-enforced, also under parallel submissions),
//! paper ballots, the count, and every budget mutation by everyone.

use chrono::Duration;
use plein_domain::Role;
use plein_tests::{GqlResponse, Square, TestApp, serde_json::json};
use sea_orm::EntityTrait;
use serde_json::Value;

const ROUND: &str = "{ round { id phase rule budget } }";
const PROJECT: &str = "{ project { id cost feasible history { kind reason costFrom costTo } } }";

/// Every budget mutation, for the coverage check of the authorization matrices.
pub const MUTATIONS: [&str; 12] = [
    "createBudgetRound",
    "updateBudgetRound",
    "setBudgetRoundPhase",
    "setBudgetRoundRule",
    "submitBudgetProject",
    "promoteIdeaToBudgetProject",
    "assessBudgetProject",
    "castBudgetBallot",
    "enterPaperBudgetBallot",
    "importBudgetRound",
    "supportBudgetProject",
    "unsupportBudgetProject",
];

/// A small approval round in pabulib's format.
const PB: &str = "META\nkey;value\ndescription;Test\nnum_projects;3\nnum_votes;3\nbudget;1000\nvote_type;approval\nrule;greedy\nPROJECTS\nproject_id;cost;name\n1;600;Speeltuin\n2;300;Bankjes\n3;300;Bomen\nVOTES\nvoter_id;vote\n1;1,2\n2;1,3\n3;2\n";

fn round_input(app: &TestApp, area: &str, extra: Value) -> Value {
    let now = app.clock_now();
    let mut input = json!({
        "areaId": area,
        "title": "Burgerbegroting Molenwijk",
        "description": "Wat doen we met **€ 100.000**?",
        "budget": 10_000_000,
        "maxProjectCost": 5_000_000,
        "ballotKind": "APPROVAL",
        "rule": "EQUAL_SHARES",
        "submittingAt": now - Duration::hours(1),
        "assessmentAt": now + Duration::days(10),
        "votingAt": now + Duration::days(20),
        "resultAt": now + Duration::days(30),
        "realisationAt": now + Duration::days(40),
    });
    if let (Some(base), Some(extra)) = (input.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            base.insert(k.clone(), v.clone());
        }
    }
    input
}

async fn create_round(app: &TestApp, token: &str, area: &str, extra: Value) -> GqlResponse {
    app.mutate(
        Some(token),
        "createBudgetRound",
        round_input(app, area, extra),
        ROUND,
    )
    .await
}

async fn round(app: &TestApp, sq: &Square, extra: Value) -> String {
    let response = create_round(app, &sq.professional, &sq.district, extra).await;
    response.data()["createBudgetRound"]["round"]["id"]
        .as_str()
        .expect("round id")
        .to_owned()
}

async fn submit(app: &TestApp, token: &str, round: &str, area: &str, cost: i64) -> GqlResponse {
    app.mutate(
        Some(token),
        "submitBudgetProject",
        json!({ "roundId": round, "title": format!("Project van {cost}"),
                "description": "Een goed plan.", "areaId": area, "cost": cost }),
        PROJECT,
    )
    .await
}

async fn project(app: &TestApp, token: &str, round: &str, area: &str, cost: i64) -> String {
    let response = submit(app, token, round, area, cost).await;
    response.data()["submitBudgetProject"]["project"]["id"]
        .as_str()
        .expect("project id")
        .to_owned()
}

async fn assess(app: &TestApp, token: &str, project: &str, feasible: bool) -> GqlResponse {
    app.mutate(
        Some(token),
        "assessBudgetProject",
        json!({ "projectId": project, "feasible": feasible, "reason": "Bekeken door de gemeente." }),
        PROJECT,
    )
    .await
}

async fn set_phase(app: &TestApp, token: &str, round: &str, phase: &str) -> GqlResponse {
    app.mutate(
        Some(token),
        "setBudgetRoundPhase",
        json!({ "roundId": round, "phase": phase }),
        ROUND,
    )
    .await
}

async fn live_in(app: &TestApp, token: &str, area: &str) {
    let response = app
        .mutate(
            Some(token),
            "updateProfile",
            json!({ "homeAreaId": area }),
            "{ user { id } }",
        )
        .await;
    assert!(response.body.get("errors").is_none(), "{}", response.body);
}

async fn cast(app: &TestApp, token: &str, round: &str, choices: Value) -> GqlResponse {
    app.mutate(
        Some(token),
        "castBudgetBallot",
        json!({ "roundId": round, "choices": choices }),
        "{ replaced round { viewerHasVoted } }",
    )
    .await
}

fn picks(projects: &[&str]) -> Value {
    Value::Array(projects.iter().map(|p| json!({ "projectId": p })).collect())
}

fn ok(response: &GqlResponse) {
    assert!(response.body.get("errors").is_none(), "{}", response.body);
}

fn bad(response: &GqlResponse, field: &str) {
    assert_eq!(
        (response.code(), response.field()),
        ("BAD_USER_INPUT", Some(field)),
        "{}",
        response.body
    );
}

/// A round in voting with three feasible projects (costs 6, 3 and 3 of a
/// budget of 10, in thousands of euros) and one that is not feasible.
struct Voting {
    round: String,
    projects: Vec<String>,
    not_feasible: String,
}

async fn voting(app: &TestApp, sq: &Square, extra: Value) -> Voting {
    let mut input = json!({ "budget": 1_000_000, "maxProjectCost": null });
    if let (Some(base), Some(extra)) = (input.as_object_mut(), extra.as_object()) {
        base.extend(extra.clone());
    }
    let round = round(app, sq, input).await;
    let mut projects = Vec::new();
    for cost in [600_000, 300_000, 300_000] {
        let id = project(app, &sq.resident, &round, &sq.neighbourhood, cost).await;
        ok(&assess(app, &sq.professional, &id, true).await);
        projects.push(id);
    }
    let not_feasible = project(app, &sq.neighbour, &round, &sq.neighbourhood, 100_000).await;
    ok(&assess(app, &sq.professional, &not_feasible, false).await);
    ok(&set_phase(app, &sq.professional, &round, "VOTING").await);
    for token in [&sq.resident, &sq.neighbour] {
        live_in(app, token, &sq.neighbourhood).await;
    }
    Voting {
        round,
        projects,
        not_feasible,
    }
}

#[tokio::test]
async fn professionals_open_rounds_and_bad_input_changes_nothing() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let response = create_round(&app, &sq.resident, &sq.district, json!({})).await;
    assert_eq!(response.code(), "FORBIDDEN");
    bad(
        &create_round(&app, &sq.professional, &sq.district, json!({ "budget": 0 })).await,
        "budget",
    );
    bad(
        &create_round(
            &app,
            &sq.professional,
            &sq.district,
            json!({ "maxProjectCost": 20_000_000 }),
        )
        .await,
        "maxProjectCost",
    );
    let now = app.clock_now();
    bad(
        &create_round(
            &app,
            &sq.professional,
            &sq.district,
            json!({ "votingAt": now + Duration::days(5) }),
        )
        .await,
        "votingAt",
    );
    bad(
        &create_round(
            &app,
            &sq.professional,
            &sq.district,
            json!({ "ballotKind": "CUMULATIVE" }),
        )
        .await,
        "points",
    );
    let listed = app
        .gql(
            "query($area: ID!) { budgetRounds(areaId: $area) { totalCount } }",
            json!({ "area": sq.municipality }),
        )
        .await;
    assert_eq!(listed.data()["budgetRounds"]["totalCount"], 0);

    let id = round(&app, &sq, json!({})).await;
    let listed = app
        .gql(
            "query($area: ID!) { budgetRounds(areaId: $area) { totalCount edges { node { id phase area { id } } } } }",
            json!({ "area": sq.municipality }),
        )
        .await;
    assert_eq!(listed.data()["budgetRounds"]["totalCount"], 1);
    assert_eq!(
        listed.data()["budgetRounds"]["edges"][0]["node"]["id"],
        id.as_str()
    );
    assert_eq!(
        listed.data()["budgetRounds"]["edges"][0]["node"]["phase"],
        "SUBMITTING"
    );
}

#[tokio::test]
async fn phases_change_on_their_dates_through_the_outbox_and_by_hand() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let id = round(&app, &sq, json!({})).await;
    let phase = async |app: &TestApp| {
        app.gql(
            "query($id: ID!) { budgetRound(id: $id) { phase } }",
            json!({ "id": id }),
        )
        .await
        .data()["budgetRound"]["phase"]
            .as_str()
            .expect("phase")
            .to_owned()
    };
    // Nothing is due yet.
    app.drain_jobs(plein_app::budget::handlers(&app.app)).await;
    assert_eq!(phase(&app).await, "SUBMITTING");
    app.clock.advance(Duration::days(10) + Duration::minutes(1));
    app.drain_jobs(plein_app::budget::handlers(&app.app)).await;
    assert_eq!(phase(&app).await, "ASSESSMENT");
    // A rule may change until voting opens; by hand, phases only move forward.
    ok(&app
        .mutate(
            Some(&sq.professional),
            "setBudgetRoundRule",
            json!({ "roundId": id, "rule": "GREEDY" }),
            ROUND,
        )
        .await);
    bad(
        &set_phase(&app, &sq.professional, &id, "SUBMITTING").await,
        "phase",
    );
    ok(&set_phase(&app, &sq.professional, &id, "VOTING").await);
    bad(
        &app.mutate(
            Some(&sq.professional),
            "setBudgetRoundRule",
            json!({ "roundId": id, "rule": "EQUAL_SHARES" }),
            ROUND,
        )
        .await,
        "rule",
    );
    // The voting job finds the round there already and leaves it.
    app.clock.advance(Duration::days(10));
    app.drain_jobs(plein_app::budget::handlers(&app.app)).await;
    assert_eq!(phase(&app).await, "VOTING");
    app.clock.advance(Duration::days(10));
    app.drain_jobs(plein_app::budget::handlers(&app.app)).await;
    assert_eq!(phase(&app).await, "RESULT");
}

#[tokio::test]
async fn projects_are_submitted_assessed_and_keep_a_public_history() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let id = round(&app, &sq, json!({})).await;
    bad(
        &submit(&app, &sq.resident, &id, &sq.neighbourhood, 0).await,
        "cost",
    );
    bad(
        &submit(&app, &sq.resident, &id, &sq.neighbourhood, 6_000_000).await,
        "cost",
    );
    // The round is for the district; the municipality lies outside it.
    bad(
        &submit(&app, &sq.resident, &id, &sq.municipality, 100_000).await,
        "areaId",
    );
    let p = project(&app, &sq.resident, &id, &sq.neighbourhood, 100_000).await;
    // An idea comes in with its link.
    let idea = app
        .idea(&sq.neighbour, &sq.neighbourhood, "Een moestuin")
        .await;
    let refused = app
        .mutate(
            Some(&sq.resident),
            "promoteIdeaToBudgetProject",
            json!({ "roundId": id, "ideaId": idea, "cost": 50_000 }),
            "{ project { id } }",
        )
        .await;
    assert_eq!(refused.code(), "FORBIDDEN");
    let promoted = app
        .mutate(
            Some(&sq.neighbour),
            "promoteIdeaToBudgetProject",
            json!({ "roundId": id, "ideaId": idea, "cost": 50_000 }),
            "{ project { id title idea { id } } }",
        )
        .await;
    ok(&promoted);
    assert_eq!(
        promoted.data()["promoteIdeaToBudgetProject"]["project"]["idea"]["id"],
        idea.as_str()
    );
    assert_eq!(
        assess(&app, &sq.resident, &p, true).await.code(),
        "FORBIDDEN"
    );
    let adjusted = app
        .mutate(
            Some(&sq.professional),
            "assessBudgetProject",
            json!({ "projectId": p, "feasible": true, "reason": "Duurder door de bestrating.", "cost": 150_000 }),
            PROJECT,
        )
        .await;
    ok(&adjusted);
    let history = &adjusted.data()["assessBudgetProject"]["project"]["history"];
    let kinds: Vec<&str> = history
        .as_array()
        .expect("history")
        .iter()
        .map(|h| h["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, ["SUBMITTED", "COST", "FEASIBLE"]);
    assert_eq!(history[1]["costFrom"], 100_000);
    assert_eq!(history[1]["costTo"], 150_000);
    // Only feasible projects reach the ballot.
    let page = app
        .gql(
            "query($id: ID!) { budgetRound(id: $id) { all: projects { id } ballot: projects(onBallot: true) { id cost } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        page.data()["budgetRound"]["all"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(page.data()["budgetRound"]["ballot"][0]["id"], p.as_str());
    assert_eq!(page.data()["budgetRound"]["ballot"][0]["cost"], 150_000);
    // Submissions close with the submitting phase.
    ok(&set_phase(&app, &sq.professional, &id, "ASSESSMENT").await);
    bad(
        &submit(&app, &sq.resident, &id, &sq.neighbourhood, 100_000).await,
        "roundId",
    );
}

#[tokio::test]
async fn the_round_page_with_a_hundred_projects_costs_a_fixed_number_of_statements() {
    let app = TestApp::builder()
        .settings(|s| {
            s.writes_per_user.max = 10_000;
            s.writes_per_client.max = 10_000;
        })
        .spawn()
        .await;
    let sq = app.square().await;
    let id = round(&app, &sq, json!({})).await;
    let page = "query($id: ID!) { budgetRound(id: $id) { title area { name } projects { id title cost feasible area { name } author { displayName } history { kind actor { displayName } } } } }";
    let mut counts = Vec::new();
    for n in [10, 100] {
        while app.gql(page, json!({ "id": id })).await.data()["budgetRound"]["projects"]
            .as_array()
            .map_or(0, Vec::len)
            < n
        {
            project(&app, &sq.resident, &id, &sq.neighbourhood, 1_000).await;
        }
        let before = app.statements();
        let response = app.gql(page, json!({ "id": id })).await;
        counts.push(app.statements() - before);
        assert_eq!(
            response.data()["budgetRound"]["projects"]
                .as_array()
                .map(Vec::len),
            Some(n)
        );
    }
    assert_eq!(counts[0], counts[1], "statements for 10 and 100 projects");
    if std::env::var_os("PLEIN_PRINT_STATEMENTS").is_some() {
        eprintln!("round page with 100 projects: {} statements", counts[1]);
    }
    assert!(counts[1] <= 8, "{} statements", counts[1]);
}

#[tokio::test]
async fn ballots_are_checked_one_per_person_and_changeable_until_voting_closes() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let v = voting(&app, &sq, json!({ "maxProjects": 2 })).await;
    let [a, b, c] = [&v.projects[0], &v.projects[1], &v.projects[2]];
    bad(
        &cast(&app, &sq.resident, &v.round, picks(&[a, b, c])).await,
        "projects",
    );
    bad(
        &cast(&app, &sq.resident, &v.round, picks(&[&v.not_feasible])).await,
        "projects",
    );
    bad(
        &cast(&app, &sq.resident, &v.round, picks(&[])).await,
        "projects",
    );
    // Someone living elsewhere may not vote here.
    let (outsider, _) = app.register("kees@plein.test", "Kees").await;
    assert_eq!(
        cast(&app, &outsider, &v.round, picks(&[a])).await.code(),
        "FORBIDDEN"
    );
    let first = cast(&app, &sq.resident, &v.round, picks(&[a])).await;
    ok(&first);
    assert_eq!(first.data()["castBudgetBallot"]["replaced"], false);
    assert_eq!(
        first.data()["castBudgetBallot"]["round"]["viewerHasVoted"],
        true
    );
    let second = cast(&app, &sq.resident, &v.round, picks(&[b, c])).await;
    assert_eq!(second.data()["castBudgetBallot"]["replaced"], true);
    let mine = app
        .gql_as(
            Some(&sq.resident),
            "query($id: ID!) { budgetRound(id: $id) { viewerBallot { projectId points } } }",
            json!({ "id": v.round }),
        )
        .await;
    let chosen: Vec<&str> = mine.data()["budgetRound"]["viewerBallot"]
        .as_array()
        .expect("ballot")
        .iter()
        .map(|c| c["projectId"].as_str().expect("id"))
        .collect();
    assert_eq!(chosen, [b.as_str(), c.as_str()]);
    let db = &app.app.db.conn;
    assert_eq!(
        plein_storage::entities::budget_ballots::Entity::find()
            .all(db)
            .await
            .expect("ballots")
            .len(),
        1
    );
    ok(&set_phase(&app, &sq.professional, &v.round, "RESULT").await);
    bad(
        &cast(&app, &sq.resident, &v.round, picks(&[a])).await,
        "roundId",
    );
}

#[tokio::test]
async fn parallel_ballots_of_one_person_give_one_ballot() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let v = voting(&app, &sq, json!({})).await;
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let p = v.projects[i % 3].clone();
            cast(&app, &sq.resident, &v.round, picks(&[&p]))
        })
        .collect();
    let responses = futures::future::join_all(tasks).await;
    for response in &responses {
        ok(response);
    }
    let db = &app.app.db.conn;
    let ballots = plein_storage::entities::budget_ballots::Entity::find()
        .all(db)
        .await
        .expect("ballots");
    let voters = plein_storage::entities::budget_voters::Entity::find()
        .all(db)
        .await
        .expect("voters");
    assert_eq!((ballots.len(), voters.len()), (1, 1));
}

#[tokio::test]
async fn a_paper_ballot_number_is_entered_once_and_a_delegate_votes_under_a_mandate() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let v = voting(&app, &sq, json!({})).await;
    let paper = |number: &str| {
        app.mutate(
            Some(&sq.professional),
            "enterPaperBudgetBallot",
            json!({ "roundId": v.round, "number": number, "place": "Bibliotheek",
                    "choices": picks(&[&v.projects[0]]) }),
            "{ round { id } }",
        )
    };
    ok(&paper("A-0001").await);
    let again = paper("A-0001").await;
    assert_eq!(
        (again.code(), again.field()),
        ("CONFLICT", Some("number")),
        "{}",
        again.body
    );
    // The neighbour lets the resident vote for them.
    let granted = app
        .mutate(
            Some(&sq.neighbour),
            "grantMandate",
            json!({ "delegateId": sq.resident_id, "actions": ["BUDGET_VOTE"],
                    "validUntil": app.clock_now() + Duration::days(30) }),
            "{ mandate { id } }",
        )
        .await;
    ok(&granted);
    let response = app
        .mutate(
            Some(&sq.resident),
            "castBudgetBallot",
            json!({ "roundId": v.round, "choices": picks(&[&v.projects[1]]),
                    "onBehalfOf": sq.neighbour_id }),
            "{ replaced }",
        )
        .await;
    ok(&response);
    let voted = app
        .gql_as(
            Some(&sq.neighbour),
            "query($id: ID!) { budgetRound(id: $id) { viewerHasVoted } }",
            json!({ "id": v.round }),
        )
        .await;
    assert_eq!(voted.data()["budgetRound"]["viewerHasVoted"], true);
    let own = app
        .gql_as(
            Some(&sq.resident),
            "query($id: ID!) { budgetRound(id: $id) { viewerHasVoted } }",
            json!({ "id": v.round }),
        )
        .await;
    assert_eq!(own.data()["budgetRound"]["viewerHasVoted"], false);
}

#[tokio::test]
async fn the_result_is_counted_from_the_stored_ballots_the_same_every_time() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let v = voting(&app, &sq, json!({ "rule": "GREEDY" })).await;
    let [a, b, c] = [&v.projects[0], &v.projects[1], &v.projects[2]];
    let result = "query($id: ID!, $locale: Locale) { budgetRound(id: $id) { result(locale: $locale) { rule budget budgetUsed budgetLeft ballots voters eligible otherRuleBudgetUsed projects { projectId funded votes reason fundedByOtherRule } } } }";
    ok(&cast(&app, &sq.resident, &v.round, picks(&[a, b])).await);
    ok(&cast(&app, &sq.neighbour, &v.round, picks(&[a, c])).await);
    let hidden = app.gql(result, json!({ "id": v.round })).await;
    assert_eq!(hidden.data()["budgetRound"]["result"], Value::Null);
    ok(&set_phase(&app, &sq.professional, &v.round, "RESULT").await);
    let nl = app.gql(result, json!({ "id": v.round })).await;
    let counted = &nl.data()["budgetRound"]["result"];
    assert_eq!(counted["rule"], "GREEDY");
    assert_eq!(counted["ballots"], 2);
    assert_eq!(counted["voters"], 2);
    assert_eq!(counted["eligible"], 2);
    // a (2 votes, 6,000) first, then one of b and c (1 vote, 3,000 each):
    // the other no longer fits.
    assert_eq!(counted["budgetUsed"], 900_000);
    assert_eq!(counted["budgetLeft"], 100_000);
    let funded: Vec<bool> = counted["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .map(|p| p["funded"].as_bool().expect("funded"))
        .collect();
    assert_eq!(funded.iter().filter(|f| **f).count(), 2, "{counted}");
    assert_eq!(counted["projects"][0]["projectId"], a.as_str());
    assert_eq!(counted["projects"][0]["funded"], true);
    assert_eq!(counted["projects"][0]["votes"], 2);
    assert!(
        counted["projects"][0]["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("Gekozen")),
        "{counted}"
    );
    let en = app
        .gql(result, json!({ "id": v.round, "locale": "EN" }))
        .await;
    assert!(
        en.data()["budgetRound"]["result"]["projects"][0]["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("Funded")),
        "{}",
        en.body
    );
    let again = app.gql(result, json!({ "id": v.round })).await;
    assert_eq!(again.body, nl.body);
}

/// After votes, nothing a person or an admin can read links a voter to
/// their choices: not the API, not the own-data export, not the
/// notifications, the outbox or the audit log, and not the tables.
#[tokio::test]
async fn the_ballot_is_secret() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let v = voting(&app, &sq, json!({})).await;
    // A voter who submitted nothing, so their id has no reason to appear.
    let (kees, kees_id) = app.register("kees@plein.test", "Kees").await;
    live_in(&app, &kees, &sq.neighbourhood).await;
    let chosen = &v.projects[1];
    ok(&cast(&app, &kees, &v.round, picks(&[chosen])).await);
    ok(&cast(&app, &sq.resident, &v.round, picks(&[chosen])).await);
    ok(&cast(&app, &sq.neighbour, &v.round, picks(&[&v.projects[0]])).await);
    ok(&set_phase(&app, &sq.professional, &v.round, "RESULT").await);
    let voters = [
        kees_id.as_str(),
        sq.resident_id.as_str(),
        sq.neighbour_id.as_str(),
    ];
    let links = |text: &str| {
        voters.iter().any(|u| text.contains(u))
            && v.projects.iter().any(|p| text.contains(p.as_str()))
    };
    // Everything an admin can read of the round names no voter.
    let everything = app
        .gql_as(
            Some(&sq.admin),
            "query($id: ID!) { budgetRound(id: $id) { viewerHasVoted viewerBallot { projectId } projects { id author { id } actedBy { id } history { actor { id } } } result { voters ballots projects { projectId votes reason } } } }",
            json!({ "id": v.round }),
        )
        .await;
    ok(&everything);
    assert!(
        !everything.body.to_string().contains(&kees_id),
        "{}",
        everything.body
    );
    // The resident's own data.
    let export = app
        .gql_as(
            Some(&sq.resident),
            "mutation { exportMyData { downloadPath } }",
            json!({}),
        )
        .await;
    let path = export.data()["exportMyData"]["downloadPath"]
        .as_str()
        .expect("path")
        .to_owned();
    let file = app
        .http
        .get(app.url(&path))
        .send()
        .await
        .expect("download")
        .text()
        .await
        .expect("body");
    assert!(
        !file.contains(chosen.as_str()),
        "the export names a chosen project"
    );
    let kees_path = app
        .gql_as(
            Some(&kees),
            "mutation { exportMyData { downloadPath } }",
            json!({}),
        )
        .await
        .data()["exportMyData"]["downloadPath"]
        .as_str()
        .expect("path")
        .to_owned();
    let kees_file = app
        .http
        .get(app.url(&kees_path))
        .send()
        .await
        .expect("download")
        .text()
        .await
        .expect("body");
    assert!(
        !kees_file.contains(chosen.as_str()),
        "the export names a chosen project"
    );
    // The tables that could hold both.
    let db = &app.app.db.conn;
    use plein_storage::entities::{audit_log, budget_ballots, budget_voters, jobs, notifications};
    for ballot in budget_ballots::Entity::find()
        .all(db)
        .await
        .expect("ballots")
    {
        let row = format!("{ballot:?}");
        assert!(!voters.iter().any(|u| row.contains(u)), "{row}");
        assert!(
            !voters
                .iter()
                .any(|u| ballot.ballot_key.contains(&u.replace('-', "")))
        );
    }
    for voter in budget_voters::Entity::find().all(db).await.expect("voters") {
        assert!(!links(&format!("{voter:?} {}", voter.user_id)), "{voter:?}");
        assert!(
            !v.projects
                .iter()
                .any(|p| format!("{voter:?}").contains(p.as_str()))
        );
    }
    for job in jobs::Entity::find().all(db).await.expect("jobs") {
        assert!(!links(&format!("{job:?}")), "{job:?}");
    }
    for note in notifications::Entity::find()
        .all(db)
        .await
        .expect("notifications")
    {
        assert!(!links(&format!("{note:?}")), "{note:?}");
    }
    for entry in audit_log::Entity::find().all(db).await.expect("audit") {
        assert!(!links(&format!("{entry:?}")), "{entry:?}");
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Resident,
    OtherResident,
    Professional,
    Moderator,
    Admin,
}

const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::Resident,
    Who::OtherResident,
    Who::Professional,
    Who::Moderator,
    Who::Admin,
];

fn expected(mutation: &str, who: Who) -> &'static str {
    if who == Who::Anonymous {
        return "UNAUTHENTICATED";
    }
    let official = matches!(who, Who::Professional | Who::Admin);
    let ok_if = |allowed: bool| if allowed { "OK" } else { "FORBIDDEN" };
    match mutation {
        "createBudgetRound"
        | "updateBudgetRound"
        | "setBudgetRoundPhase"
        | "setBudgetRoundRule"
        | "assessBudgetProject"
        | "enterPaperBudgetBallot" => ok_if(official),
        "importBudgetRound" => ok_if(who == Who::Admin),
        // Anyone signed in and confirmed; voting also needs a home in the area,
        // which everyone here has.
        "submitBudgetProject" | "castBudgetBallot" => "OK",
        // Supports are open to anyone signed in (and confirmed) before voting.
        "supportBudgetProject" | "unsupportBudgetProject" => "OK",
        // The idea is the resident's.
        "promoteIdeaToBudgetProject" => ok_if(official || who == Who::Resident),
        other => panic!("no expectation for {other}"),
    }
}

/// Every budget mutation by everyone, each on a fresh round in the phase it
/// needs.
#[tokio::test]
async fn every_budget_mutation_by_everyone() {
    let app = TestApp::builder()
        .settings(|s| {
            s.writes_per_user.max = 10_000;
            s.writes_per_client.max = 10_000;
        })
        .spawn()
        .await;
    let sq = app.square().await;
    let (other_professional, _) = app
        .user_with_role("collega@plein.test", Role::Professional)
        .await;
    let (moderator, _) = (sq.moderator.clone(), ());
    let tokens = [
        (Who::Anonymous, None),
        (Who::Resident, Some(sq.resident.clone())),
        (Who::OtherResident, Some(sq.neighbour.clone())),
        (Who::Professional, Some(other_professional.clone())),
        (Who::Moderator, Some(moderator.clone())),
        (Who::Admin, Some(sq.admin.clone())),
    ];
    for (_, token) in &tokens {
        if let Some(token) = token {
            live_in(&app, token, &sq.neighbourhood).await;
        }
    }
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Speeltuin").await;
    let mut failures = Vec::new();
    let mut number = 0;
    for mutation in MUTATIONS {
        for who in EVERYONE {
            let token = tokens
                .iter()
                .find(|(w, _)| *w == who)
                .and_then(|(_, t)| t.as_deref());
            let round = round(&app, &sq, json!({})).await;
            let p = project(&app, &sq.neighbour, &round, &sq.neighbourhood, 1_000).await;
            let input = match mutation {
                "createBudgetRound" => round_input(&app, &sq.district, json!({})),
                "updateBudgetRound" => json!({ "roundId": round, "title": "Nieuwe titel" }),
                "setBudgetRoundPhase" => json!({ "roundId": round, "phase": "ASSESSMENT" }),
                "setBudgetRoundRule" => json!({ "roundId": round, "rule": "GREEDY" }),
                "submitBudgetProject" => json!({ "roundId": round, "title": "Bankjes",
                    "description": "Meer bankjes.", "areaId": sq.neighbourhood, "cost": 500 }),
                "promoteIdeaToBudgetProject" => {
                    json!({ "roundId": round, "ideaId": idea, "cost": 500 })
                }
                "assessBudgetProject" => {
                    json!({ "projectId": p, "feasible": true, "reason": "Kan." })
                }
                "castBudgetBallot" | "enterPaperBudgetBallot" => {
                    ok(&assess(&app, &sq.professional, &p, true).await);
                    ok(&set_phase(&app, &sq.professional, &round, "VOTING").await);
                    number += 1;
                    json!({ "roundId": round, "choices": picks(&[&p]),
                            "number": format!("P-{number}") })
                }
                "importBudgetRound" => {
                    json!({ "areaId": sq.district, "title": "Uit pabulib", "file": PB })
                }
                "supportBudgetProject" | "unsupportBudgetProject" => json!({ "projectId": p }),
                other => panic!("no input for {other}"),
            };
            let mut input = input;
            if mutation == "castBudgetBallot"
                && let Some(map) = input.as_object_mut()
            {
                map.remove("number");
            }
            let response = app.mutate(token, mutation, input, "{ __typename }").await;
            let got = if response.body.get("errors").is_none() {
                "OK"
            } else {
                response.code()
            };
            let want = expected(mutation, who);
            if got != want {
                failures.push(format!(
                    "{mutation} by {who:?}: got {got}, want {want} ({})",
                    response.body
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn a_closed_round_exports_to_pabulib_and_imports_back_to_the_same_outcome() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let v = voting(&app, &sq, json!({ "rule": "GREEDY" })).await;
    let [a, b, c] = [&v.projects[0], &v.projects[1], &v.projects[2]];
    ok(&cast(&app, &sq.resident, &v.round, picks(&[a, b])).await);
    ok(&cast(&app, &sq.neighbour, &v.round, picks(&[a, c])).await);
    let export = "query($id: ID!) { budgetRound(id: $id) { pabulib result { budgetUsed projects { funded votes } } } }";
    let open = app.gql(export, json!({ "id": v.round })).await;
    assert_eq!(open.data()["budgetRound"]["pabulib"], Value::Null);
    ok(&set_phase(&app, &sq.professional, &v.round, "RESULT").await);
    let closed = app.gql(export, json!({ "id": v.round })).await;
    let file = closed.data()["budgetRound"]["pabulib"]
        .as_str()
        .expect("pb file")
        .to_owned();
    assert!(file.starts_with("META"), "{file}");
    assert!(file.contains("VOTES"), "{file}");
    // Voters are numbered, never named.
    for id in [&sq.resident_id, &sq.neighbour_id] {
        assert!(!file.contains(id.as_str()), "{file}");
    }
    let imported = app
        .mutate(
            Some(&sq.admin),
            "importBudgetRound",
            json!({ "areaId": sq.district, "title": "Teruggelezen", "file": file }),
            "{ round { id phase } }",
        )
        .await;
    ok(&imported);
    let new_id = imported.data()["importBudgetRound"]["round"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let recount = app.gql(export, json!({ "id": new_id })).await;
    assert_eq!(
        recount.data()["budgetRound"]["result"],
        closed.data()["budgetRound"]["result"]
    );
    // The hand-made file counts as pabutools would: project 1 (2 votes), then 2.
    let small = app
        .mutate(
            Some(&sq.admin),
            "importBudgetRound",
            json!({ "areaId": sq.district, "title": "Klein", "file": PB }),
            "{ round { result { budgetUsed projects { funded } } } }",
        )
        .await;
    ok(&small);
    let funded: Vec<bool> = small.data()["importBudgetRound"]["round"]["result"]["projects"]
        .as_array()
        .expect("projects")
        .iter()
        .map(|p| p["funded"].as_bool().expect("funded"))
        .collect();
    assert_eq!(funded, [true, true, false]);

    // A tie (same cost, same votes, room for one) goes to the lowest project
    // id of the file as text, as in pabutools: "10" before "9", whatever the
    // order of the lines.
    let tie = "META\nkey;value\ndescription;Gelijk\nnum_projects;2\nnum_votes;2\nbudget;500\nvote_type;approval\nrule;greedy\nPROJECTS\nproject_id;cost;name\n9;500;Negen\n10;500;Tien\nVOTES\nvoter_id;vote\n1;9\n2;10\n";
    for rule in ["greedy", "equal_shares"] {
        let file = tie.replace("rule;greedy", &format!("rule;{rule}"));
        let imported = app
            .mutate(
                Some(&sq.admin),
                "importBudgetRound",
                json!({ "areaId": sq.district, "title": "Gelijk", "file": file }),
                "{ round { projects { id title } result { projects { funded projectId } } } }",
            )
            .await;
        ok(&imported);
        let round = &imported.data()["importBudgetRound"]["round"];
        let title_of = |id: &Value| {
            round["projects"]
                .as_array()
                .expect("projects")
                .iter()
                .find(|p| &p["id"] == id)
                .and_then(|p| p["title"].as_str())
                .expect("title")
                .to_owned()
        };
        let funded: Vec<String> = round["result"]["projects"]
            .as_array()
            .expect("results")
            .iter()
            .filter(|p| p["funded"].as_bool() == Some(true))
            .map(|p| title_of(&p["projectId"]))
            .collect();
        assert_eq!(funded, ["Tien"], "{rule}");
    }
}

#[tokio::test]
async fn a_malformed_pabulib_file_says_line_and_reason_and_creates_nothing() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let broken = PB.replace("2;300;Bankjes", "2;drie;Bankjes");
    let response = app
        .mutate(
            Some(&sq.admin),
            "importBudgetRound",
            json!({ "areaId": sq.district, "title": "Kapot", "file": broken }),
            "{ round { id } }",
        )
        .await;
    bad(&response, "file");
    assert!(
        response.body.to_string().contains("line 12"),
        "{}",
        response.body
    );
    let listed = app.gql("{ budgetRounds { totalCount } }", json!({})).await;
    assert_eq!(listed.data()["budgetRounds"]["totalCount"], 0);
}

/// Casting costs the same number of statements whatever the number of
/// projects on the ballot: no per-project round trips.
#[tokio::test]
async fn casting_a_ballot_costs_a_fixed_number_of_statements() {
    let app = TestApp::builder()
        .settings(|s| {
            s.writes_per_user.max = 10_000;
            s.writes_per_client.max = 10_000;
        })
        .spawn()
        .await;
    let sq = app.square().await;
    let mut counts = Vec::new();
    for n in [3, 30] {
        let id = round(&app, &sq, json!({})).await;
        let mut projects = Vec::new();
        for _ in 0..n {
            let p = project(&app, &sq.resident, &id, &sq.neighbourhood, 1_000).await;
            ok(&assess(&app, &sq.professional, &p, true).await);
            projects.push(p);
        }
        ok(&set_phase(&app, &sq.professional, &id, "VOTING").await);
        live_in(&app, &sq.neighbour, &sq.neighbourhood).await;
        let chosen: Vec<&str> = projects.iter().map(String::as_str).collect();
        // The first cast reads the ballot secret; count the second.
        ok(&cast(&app, &sq.neighbour, &id, picks(&chosen[..1])).await);
        let before = app.statements();
        let response = app
            .mutate(
                Some(&sq.neighbour),
                "castBudgetBallot",
                json!({ "roundId": id, "choices": picks(&chosen) }),
                "{ replaced }",
            )
            .await;
        ok(&response);
        counts.push(app.statements() - before);
    }
    assert_eq!(counts[0], counts[1], "statements for 3 and 30 projects");
    if std::env::var_os("PLEIN_PRINT_STATEMENTS").is_some() {
        eprintln!("casting a ballot: {} statements", counts[1]);
    }
    assert!(counts[1] <= 12, "{} statements", counts[1]);
}
