//! Budget rounds over time: the followers of a round's area hear of each new
//! phase once (also when two servers run the phase job), a round's dates and
//! choices change while they may and the phase jobs follow, the count is
//! stored once when voting closes and equals a fresh count, and a large
//! pabulib file imports in a few statements.

use chrono::Duration;
use plein_app::budget::{PhaseJob, PhaseJobHandler};
use plein_app::jobs::{Claimed, Handler};
use plein_tests::{GqlResponse, Square, TestApp, serde_json::json};
use sea_orm::{EntityTrait, PaginatorTrait};
use serde_json::Value;

const ROUND: &str = "{ round { id phase rule budget votingAt resultAt } }";
const RESULT: &str = "query($id: ID!) { budgetRound(id: $id) { result { rule budget budgetUsed budgetLeft ballots otherRuleBudgetUsed countedAt projects { projectId funded votes reason fundedByOtherRule } } } }";

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

/// A round over the district, submitting now; each next phase ten days on.
async fn round(app: &TestApp, sq: &Square, extra: Value) -> String {
    let now = app.clock_now();
    let mut input = json!({
        "areaId": sq.district,
        "title": "Burgerbegroting Noord",
        "description": "Wat doen we met het geld?",
        "budget": 1_000_000,
        "ballotKind": "APPROVAL",
        "rule": "GREEDY",
        "submittingAt": now - Duration::hours(1),
        "assessmentAt": now + Duration::days(10),
        "votingAt": now + Duration::days(20),
        "resultAt": now + Duration::days(30),
        "realisationAt": now + Duration::days(40),
    });
    if let (Some(base), Some(extra)) = (input.as_object_mut(), extra.as_object()) {
        base.extend(extra.clone());
    }
    let response = app
        .mutate(Some(&sq.professional), "createBudgetRound", input, ROUND)
        .await;
    ok(&response);
    response.data()["createBudgetRound"]["round"]["id"]
        .as_str()
        .expect("round id")
        .to_owned()
}

async fn set_phase(app: &TestApp, sq: &Square, round: &str, phase: &str) -> GqlResponse {
    app.mutate(
        Some(&sq.professional),
        "setBudgetRoundPhase",
        json!({ "roundId": round, "phase": phase }),
        ROUND,
    )
    .await
}

async fn update(app: &TestApp, token: &str, input: Value) -> GqlResponse {
    app.mutate(Some(token), "updateBudgetRound", input, ROUND)
        .await
}

async fn phase(app: &TestApp, round: &str) -> String {
    app.gql(
        "query($id: ID!) { budgetRound(id: $id) { phase } }",
        json!({ "id": round }),
    )
    .await
    .data()["budgetRound"]["phase"]
        .as_str()
        .expect("phase")
        .to_owned()
}

/// Three feasible projects (costs 6, 3 and 3 of 10), in voting, with two
/// ballots cast: {a, b} and {a, c}.
async fn voted(app: &TestApp, sq: &Square, extra: Value) -> (String, Vec<String>) {
    let id = round(app, sq, extra).await;
    let mut projects = Vec::new();
    for cost in [600_000, 300_000, 300_000] {
        let response = app
            .mutate(
                Some(&sq.resident),
                "submitBudgetProject",
                json!({ "roundId": id, "title": format!("Project van {cost}"),
                        "description": "Een goed plan.", "areaId": sq.neighbourhood, "cost": cost }),
                "{ project { id } }",
            )
            .await;
        ok(&response);
        let p = response.data()["submitBudgetProject"]["project"]["id"]
            .as_str()
            .expect("project")
            .to_owned();
        ok(&app
            .mutate(
                Some(&sq.professional),
                "assessBudgetProject",
                json!({ "projectId": p, "feasible": true, "reason": "Kan." }),
                "{ project { id } }",
            )
            .await);
        projects.push(p);
    }
    ok(&set_phase(app, sq, &id, "VOTING").await);
    for (token, picks) in [
        (&sq.resident, [&projects[0], &projects[1]]),
        (&sq.neighbour, [&projects[0], &projects[2]]),
    ] {
        ok(&app
            .mutate(
                Some(token),
                "updateProfile",
                json!({ "homeAreaId": sq.neighbourhood }),
                "{ user { id } }",
            )
            .await);
        ok(&app
            .mutate(
                Some(token),
                "castBudgetBallot",
                json!({ "roundId": id, "choices": picks.iter().map(|p| json!({ "projectId": p })).collect::<Vec<_>>() }),
                "{ replaced }",
            )
            .await);
    }
    (id, projects)
}

async fn budget_notifications(app: &TestApp, token: &str) -> Vec<Value> {
    let response = app
        .gql_as(
            Some(token),
            "{ myNotifications(first: 50) { edges { node { kind subjectKind subjectTitle detail
                subject { __typename ... on BudgetRound { id } } } } } }",
            json!({}),
        )
        .await;
    response.data()["myNotifications"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"].clone())
        .filter(|n| n["kind"] == "BUDGET_PHASE")
        .collect()
}

#[tokio::test]
async fn followers_of_the_area_and_above_hear_of_each_new_phase_once() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    // Jan follows the municipality above the round's district; Fatima
    // follows only the neighbourhood beneath it, so hears nothing.
    for (token, area) in [
        (&sq.neighbour, &sq.municipality),
        (&sq.resident, &sq.neighbourhood),
    ] {
        ok(&app
            .mutate(
                Some(token),
                "follow",
                json!({ "subjectKind": "AREA", "subjectId": area }),
                "{ following }",
            )
            .await);
    }
    let id = round(&app, &sq, json!({})).await;
    let peer = app.spawn_peer().await;
    let assessment_at = app.clock_now() + Duration::days(10);
    for clock in [&app.clock, &peer.clock] {
        clock.advance(Duration::days(10) + Duration::minutes(1));
    }
    // Two servers run the phase job at once: the round moves once.
    let job = PhaseJob {
        round_id: id.parse().expect("uuid"),
        phase: "assessment".to_owned(),
        at: assessment_at,
    };
    let stored_at = app
        .gql(
            "query($id: ID!) { budgetRound(id: $id) { assessmentAt } }",
            json!({ "id": id }),
        )
        .await
        .data()["budgetRound"]["assessmentAt"]
        .as_str()
        .expect("date")
        .parse::<chrono::DateTime<chrono::Utc>>()
        .expect("date");
    let job = PhaseJob {
        at: stored_at,
        ..job
    };
    let here = PhaseJobHandler {
        app: app.app.clone(),
    };
    let there = PhaseJobHandler {
        app: peer.app.clone(),
    };
    let (a, b) = tokio::join!(
        here.run(Claimed {
            id: uuid::Uuid::now_v7(),
            job: job.clone()
        }),
        there.run(Claimed {
            id: uuid::Uuid::now_v7(),
            job
        }),
    );
    a.expect("first server");
    b.expect("second server");
    // And both servers' workers drain the outbox at once as well.
    tokio::join!(
        app.drain_jobs(plein_app::budget::handlers(&app.app)),
        peer.drain_jobs(plein_app::budget::handlers(&peer.app)),
    );
    tokio::join!(app.drain_notifications(), peer.drain_notifications());
    assert_eq!(phase(&app, &id).await, "ASSESSMENT");
    let heard = budget_notifications(&app, &sq.neighbour).await;
    assert_eq!(heard.len(), 1, "{heard:?}");
    assert_eq!(heard[0]["subjectKind"], "BUDGET_ROUND");
    assert_eq!(heard[0]["subjectTitle"], "Burgerbegroting Noord");
    assert_eq!(heard[0]["subject"]["id"], id.as_str());
    assert!(
        heard[0]["detail"]
            .as_str()
            .is_some_and(|d| d.starts_with("assessment ")),
        "{heard:?}"
    );
    assert!(budget_notifications(&app, &sq.resident).await.is_empty());
    // By hand: one more, for voting, with when it ends.
    ok(&set_phase(&app, &sq, &id, "VOTING").await);
    app.drain_notifications().await;
    app.drain_notifications().await;
    let heard = budget_notifications(&app, &sq.neighbour).await;
    assert_eq!(heard.len(), 2, "{heard:?}");
    assert!(
        heard.iter().any(|n| n["detail"]
            .as_str()
            .is_some_and(|d| d.starts_with("voting "))),
        "{heard:?}"
    );
    // The professional who moved it does not hear of it.
    assert!(
        budget_notifications(&app, &sq.professional)
            .await
            .is_empty()
    );
    // Following the round itself works too.
    ok(&app
        .mutate(
            Some(&sq.resident),
            "follow",
            json!({ "subjectKind": "BUDGET_ROUND", "subjectId": id }),
            "{ following }",
        )
        .await);
    ok(&set_phase(&app, &sq, &id, "RESULT").await);
    app.drain_jobs(plein_app::budget::handlers(&app.app)).await;
    app.drain_notifications().await;
    assert_eq!(budget_notifications(&app, &sq.resident).await.len(), 1);
}

#[tokio::test]
async fn a_round_changes_while_it_may_and_its_phase_jobs_follow_the_new_dates() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let id = round(&app, &sq, json!({})).await;
    let now = app.clock_now();
    // Residents may not change a round.
    let by_resident = update(
        &app,
        &sq.resident,
        json!({ "roundId": id, "title": "Van mij" }),
    )
    .await;
    assert_eq!(by_resident.code(), "FORBIDDEN", "{}", by_resident.body);
    // The submitting phase has started: its date is fixed.
    bad(
        &update(
            &app,
            &sq.professional,
            json!({ "roundId": id, "submittingAt": now - Duration::days(3) }),
        )
        .await,
        "submittingAt",
    );
    // Dates stay in order.
    bad(
        &update(
            &app,
            &sq.professional,
            json!({ "roundId": id, "votingAt": now + Duration::days(35) }),
        )
        .await,
        "resultAt",
    );
    // Assessment moves from day 10 to day 15; the rule and budget change.
    let moved = update(
        &app,
        &sq.professional,
        json!({ "roundId": id, "title": "Burgerbegroting Noord 2027",
                "assessmentAt": now + Duration::days(15), "rule": "EQUAL_SHARES", "budget": 2_000_000 }),
    )
    .await;
    ok(&moved);
    assert_eq!(
        moved.data()["updateBudgetRound"]["round"]["rule"],
        "EQUAL_SHARES"
    );
    assert_eq!(
        moved.data()["updateBudgetRound"]["round"]["budget"],
        2_000_000
    );
    // The job for day 10 fires and does nothing; the one for day 15 moves it.
    app.clock.advance(Duration::days(10) + Duration::minutes(1));
    app.drain_jobs(plein_app::budget::handlers(&app.app)).await;
    assert_eq!(phase(&app, &id).await, "SUBMITTING");
    app.clock.advance(Duration::days(5));
    app.drain_jobs(plein_app::budget::handlers(&app.app)).await;
    assert_eq!(phase(&app, &id).await, "ASSESSMENT");
    // Voting moves earlier, to day 18: its job comes then.
    ok(&update(
        &app,
        &sq.professional,
        json!({ "roundId": id, "votingAt": now + Duration::days(18) }),
    )
    .await);
    app.clock.advance(Duration::days(3));
    app.drain_jobs(plein_app::budget::handlers(&app.app)).await;
    assert_eq!(phase(&app, &id).await, "VOTING");
    // Voting is open: the budget, the ballot and the rule are fixed.
    for (field, value) in [
        ("budget", json!(3_000_000)),
        ("rule", json!("GREEDY")),
        ("ballotKind", json!("CUMULATIVE")),
        ("maxProjects", json!(2)),
    ] {
        let mut input = json!({ "roundId": id });
        input[field] = value;
        bad(&update(&app, &sq.professional, input).await, field);
    }
    // The same value again is no change; the title and later dates still may.
    ok(&update(
        &app,
        &sq.professional,
        json!({ "roundId": id, "rule": "EQUAL_SHARES", "title": "Noord",
                "resultAt": now + Duration::days(31) }),
    )
    .await);
    // Bad input changes nothing.
    bad(
        &update(
            &app,
            &sq.professional,
            json!({ "roundId": id, "title": "" }),
        )
        .await,
        "title",
    );
    let title = app
        .gql(
            "query($id: ID!) { budgetRound(id: $id) { title } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(title.data()["budgetRound"]["title"], "Noord");
}

#[tokio::test]
async fn the_count_is_stored_once_when_voting_closes_and_equals_a_fresh_count() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let (id, projects) = voted(&app, &sq, json!({ "rule": "EQUAL_SHARES" })).await;
    let round_id: uuid::Uuid = id.parse().expect("uuid");
    let db = &app.app.db.conn;
    ok(&set_phase(&app, &sq, &id, "RESULT").await);
    assert!(
        plein_storage::budget::find_result(db, round_id)
            .await
            .expect("read")
            .is_none()
    );
    // The job queued with the phase change counts and stores it.
    app.drain_jobs(plein_app::budget::handlers(&app.app)).await;
    let stored = plein_storage::budget::find_result(db, round_id)
        .await
        .expect("read")
        .expect("stored");
    assert_eq!(stored.ballots, 2);
    // Counting again stores nothing new.
    assert!(!app.app.store_budget_result(round_id).await.expect("again"));
    let first = app.gql(RESULT, json!({ "id": id })).await;
    ok(&first);
    let result = &first.data()["budgetRound"]["result"];
    assert_eq!(result["ballots"], 2);
    assert_eq!(result["projects"][0]["projectId"], projects[0].as_str());
    assert_eq!(result["projects"][0]["funded"], true);
    // Reading it again, the same, to the letter.
    let again = app.gql(RESULT, json!({ "id": id })).await;
    assert_eq!(again.body, first.body);
    // The stored count equals a fresh one.
    let stored = app
        .app
        .budget_round_result(&plein_app::Actor::default(), round_id)
        .await
        .expect("result")
        .expect("closed");
    let fresh = app
        .app
        .recount_budget_round(round_id)
        .await
        .expect("recount")
        .expect("round");
    assert_eq!(stored.projects, fresh);
    // Reading the stored result is a few statements, not a count.
    let before = app.statements();
    ok(&app.gql(RESULT, json!({ "id": id })).await);
    let small = app.statements() - before;
    assert!(small <= 10, "{small} statements");
}

#[tokio::test]
async fn requests_that_race_for_a_missing_count_store_it_once() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let (id, _) = voted(&app, &sq, json!({})).await;
    ok(&set_phase(&app, &sq, &id, "RESULT").await);
    let peer = app.spawn_peer().await;
    // No worker has run: the first requests count and store it, once.
    let (a, b, c) = tokio::join!(
        app.gql(RESULT, json!({ "id": id })),
        peer.gql(RESULT, json!({ "id": id })),
        app.gql(RESULT, json!({ "id": id })),
    );
    for r in [&a, &b, &c] {
        ok(r);
    }
    assert_eq!(a.body, b.body);
    assert_eq!(a.body, c.body);
    let db = &app.app.db.conn;
    let lines = plein_storage::entities::budget_result_projects::Entity::find()
        .count(db)
        .await
        .expect("count");
    assert_eq!(lines, 3);
    // The job then finds it stored.
    app.drain_jobs(plein_app::budget::handlers(&app.app)).await;
    let after = app.gql(RESULT, json!({ "id": id })).await;
    assert_eq!(after.body, a.body);
}

/// A `.pb` file with `projects` projects and `voters` approval ballots: the
/// voters in equal groups, each group approving one project whose cost its
/// equal shares pay exactly (so Equal Shares funds every project at once and
/// its completion has nothing left to do).
fn large_pb(projects: usize, voters: usize) -> String {
    let cost = 100_000;
    let budget = cost * projects;
    let mut pb = format!(
        "META\nkey;value\ndescription;Groot\nnum_projects;{projects}\nnum_votes;{voters}\nbudget;{budget}\nvote_type;approval\nrule;greedy\nPROJECTS\nproject_id;cost;name\n"
    );
    for p in 1..=projects {
        pb.push_str(&format!("{p};{cost};Project {p}\n"));
    }
    pb.push_str("VOTES\nvoter_id;vote\n");
    for v in 1..=voters {
        pb.push_str(&format!("{v};{}\n", v % projects + 1));
    }
    pb
}

#[tokio::test]
async fn a_large_pabulib_file_imports_in_batches_and_is_counted_at_import() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let file = large_pb(30, 3_000);
    let before = app.statements();
    let imported = app
        .mutate(
            Some(&sq.admin),
            "importBudgetRound",
            json!({ "areaId": sq.district, "title": "Groot", "file": file }),
            "{ round { id phase } }",
        )
        .await;
    ok(&imported);
    let statements = app.statements() - before;
    // Chunks of ballots and projects, not a statement per ballot.
    assert!(statements < 60, "{statements} statements");
    let id = imported.data()["importBudgetRound"]["round"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let round_id: uuid::Uuid = id.parse().expect("uuid");
    let db = &app.app.db.conn;
    let stored = plein_storage::budget::find_result(db, round_id)
        .await
        .expect("read")
        .expect("stored at import");
    assert_eq!(stored.ballots, 3_000);
    let result = app.gql(RESULT, json!({ "id": id })).await;
    ok(&result);
    assert_eq!(result.data()["budgetRound"]["result"]["ballots"], 3_000);
    assert_eq!(
        result.data()["budgetRound"]["result"]["projects"]
            .as_array()
            .map(Vec::len),
        Some(30)
    );
    let fresh = app
        .app
        .recount_budget_round(round_id)
        .await
        .expect("recount")
        .expect("round");
    let stored = app
        .app
        .budget_round_result(&plein_app::Actor::default(), round_id)
        .await
        .expect("result")
        .expect("closed");
    assert_eq!(stored.projects, fresh);
    // A file with an unknown project near its end creates nothing.
    let rounds = plein_storage::entities::budget_rounds::Entity::find()
        .count(db)
        .await
        .expect("count");
    let broken = large_pb(30, 3_000).replace("\n2999;", "\n2999;999,");
    let response = app
        .mutate(
            Some(&sq.admin),
            "importBudgetRound",
            json!({ "areaId": sq.district, "title": "Kapot", "file": broken }),
            "{ round { id } }",
        )
        .await;
    assert_eq!(response.code(), "BAD_USER_INPUT", "{}", response.body);
    let after = plein_storage::entities::budget_rounds::Entity::find()
        .count(db)
        .await
        .expect("count");
    assert_eq!(after, rounds);
}
