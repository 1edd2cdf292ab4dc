//! Budget projects get what ideas have: a thread (with official answers and
//! notifications for the author and followers), supports (one per person,
//! only before voting, also under a mandate) and moderation (reports, hiding
//! a project and its thread, the audit log).

use chrono::Duration;
use plein_tests::{GqlResponse, Square, TestApp, serde_json::json};
use serde_json::Value;

const PROJECT: &str = "query($id: ID!) { budgetProject(id: $id) { id supportCount viewerHasSupported hidden
    comments { totalCount edges { node { id body official author { displayName } replies { body official } } } } } }";

fn ok(response: &GqlResponse) {
    assert!(response.body.get("errors").is_none(), "{}", response.body);
}

async fn round(app: &TestApp, sq: &Square) -> String {
    let now = app.clock_now();
    let response = app
        .mutate(
            Some(&sq.professional),
            "createBudgetRound",
            json!({
                "areaId": sq.district,
                "title": "Burgerbegroting Molenwijk",
                "description": "Wat doen we met het geld?",
                "budget": 1_000_000,
                "ballotKind": "APPROVAL",
                "rule": "GREEDY",
                "submittingAt": now - Duration::hours(1),
                "assessmentAt": now + Duration::days(10),
                "votingAt": now + Duration::days(20),
                "resultAt": now + Duration::days(30),
                "realisationAt": now + Duration::days(40),
            }),
            "{ round { id } }",
        )
        .await;
    response.data()["createBudgetRound"]["round"]["id"]
        .as_str()
        .expect("round id")
        .to_owned()
}

async fn project(app: &TestApp, token: &str, round: &str, area: &str, title: &str) -> String {
    let response = app
        .mutate(
            Some(token),
            "submitBudgetProject",
            json!({ "roundId": round, "title": title, "description": "Een goed plan.",
                    "areaId": area, "cost": 100_000 }),
            "{ project { id } }",
        )
        .await;
    response.data()["submitBudgetProject"]["project"]["id"]
        .as_str()
        .expect("project id")
        .to_owned()
}

async fn set_phase(app: &TestApp, sq: &Square, round: &str, phase: &str) {
    ok(&app
        .mutate(
            Some(&sq.professional),
            "setBudgetRoundPhase",
            json!({ "roundId": round, "phase": phase }),
            "{ round { phase } }",
        )
        .await);
}

async fn support(app: &TestApp, token: Option<&str>, mutation: &str, input: Value) -> GqlResponse {
    app.mutate(
        token,
        mutation,
        input,
        "{ project { supportCount viewerHasSupported } }",
    )
    .await
}

async fn view(app: &TestApp, token: Option<&str>, id: &str) -> Value {
    app.gql_as(token, PROJECT, json!({ "id": id })).await.data()["budgetProject"].clone()
}

#[tokio::test]
async fn a_project_has_a_thread_with_official_answers_and_notifications() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let round = round(&app, &sq).await;
    let p = project(&app, &sq.resident, &round, &sq.neighbourhood, "Speeltuin").await;
    let root = app.comment(&sq.neighbour, "BUDGET_PROJECT", &p, None).await;
    app.comment(&sq.resident, "BUDGET_PROJECT", &p, Some(&root))
        .await;
    ok(&app
        .mutate(
            Some(&sq.professional),
            "answerThread",
            json!({ "threadId": root, "body": "We nemen dit mee in de beoordeling." }),
            "{ comment { official } }",
        )
        .await);
    // Only officials answer as official, on projects as on ideas.
    let denied = app
        .mutate(
            Some(&sq.neighbour),
            "postComment",
            json!({ "subjectKind": "BUDGET_PROJECT", "subjectId": p, "body": "x", "official": true }),
            "{ comment { id } }",
        )
        .await;
    assert_eq!(denied.code(), "FORBIDDEN");
    let seen = view(&app, None, &p).await;
    assert_eq!(seen["comments"]["totalCount"], 1);
    let node = &seen["comments"]["edges"][0]["node"];
    assert_eq!(node["author"]["displayName"], "Jan");
    let replies = node["replies"].as_array().expect("replies");
    assert_eq!(replies.len(), 2);
    assert!(replies.iter().any(|r| r["official"] == true));
    // The comment names its subject.
    let comment = app
        .gql(
            "query($id: ID!) { comment(id: $id) { subjectKind subject { __typename ... on BudgetProject { id } } } }",
            json!({ "id": root }),
        )
        .await;
    assert_eq!(comment.data()["comment"]["subjectKind"], "BUDGET_PROJECT");
    assert_eq!(comment.data()["comment"]["subject"]["id"], p.as_str());
    // The author hears of the thread (without a follow, so their own data
    // names no project); the commenter follows it from commenting. Both hear
    // of what others said, the author also of the official answer.
    app.drain_notifications().await;
    let mine = "{ myNotifications(first: 50) { edges { node { kind subjectKind subjectId subject { __typename } } } } }";
    let fatima = app.gql_as(Some(&sq.resident), mine, json!({})).await;
    let kinds: Vec<&str> = fatima.data()["myNotifications"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter(|e| e["node"]["subjectId"] == p.as_str())
        .map(|e| e["node"]["kind"].as_str().expect("kind"))
        .collect();
    assert!(kinds.contains(&"COMMENT"), "{kinds:?}");
    assert!(kinds.contains(&"OFFICIAL_REPLY"), "{kinds:?}");
    let first = &fatima.data()["myNotifications"]["edges"][0]["node"];
    assert_eq!(first["subjectKind"], "BUDGET_PROJECT");
    assert_eq!(first["subject"]["__typename"], "BudgetProject");
    let jan = app.gql_as(Some(&sq.neighbour), mine, json!({})).await;
    let jan_kinds: Vec<&str> = jan.data()["myNotifications"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"]["kind"].as_str().expect("kind"))
        .collect();
    assert!(jan_kinds.contains(&"REPLY"), "{jan_kinds:?}");
    // A thread stays open once voting has started.
    set_phase(&app, &sq, &round, "VOTING").await;
    app.comment(&sq.neighbour, "BUDGET_PROJECT", &p, None).await;
    // Following works as for ideas (the official who answered follows already).
    let follows = "query($id: ID!) { budgetProject(id: $id) { viewerFollows } }";
    let before = app
        .gql_as(Some(&sq.moderator), follows, json!({ "id": p }))
        .await;
    assert_eq!(before.data()["budgetProject"]["viewerFollows"], false);
    ok(&app
        .mutate(
            Some(&sq.moderator),
            "follow",
            json!({ "subjectKind": "BUDGET_PROJECT", "subjectId": p }),
            "{ following }",
        )
        .await);
    let after = app
        .gql_as(Some(&sq.moderator), follows, json!({ "id": p }))
        .await;
    assert_eq!(after.data()["budgetProject"]["viewerFollows"], true);
}

#[tokio::test]
async fn supports_count_once_per_person_and_only_before_voting() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let round = round(&app, &sq).await;
    let p = project(&app, &sq.resident, &round, &sq.neighbourhood, "Bankjes").await;
    let input = json!({ "projectId": p });
    let anonymous = support(&app, None, "supportBudgetProject", input.clone()).await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");
    for _ in 0..2 {
        let r = support(
            &app,
            Some(&sq.neighbour),
            "supportBudgetProject",
            input.clone(),
        )
        .await;
        assert_eq!(
            r.data()["supportBudgetProject"]["project"]["supportCount"],
            1
        );
        assert_eq!(
            r.data()["supportBudgetProject"]["project"]["viewerHasSupported"],
            true
        );
    }
    // Many at once from one person: still one support.
    let token = sq.resident.clone();
    let tries = (0..6).map(|_| support(&app, Some(&token), "supportBudgetProject", input.clone()));
    for r in futures::future::join_all(tries).await {
        ok(&r);
    }
    assert_eq!(view(&app, None, &p).await["supportCount"], 2);
    assert_eq!(view(&app, None, &p).await["viewerHasSupported"], false);
    let back = support(
        &app,
        Some(&sq.neighbour),
        "unsupportBudgetProject",
        input.clone(),
    )
    .await;
    assert_eq!(
        back.data()["unsupportBudgetProject"]["project"]["supportCount"],
        1
    );
    let again = support(
        &app,
        Some(&sq.neighbour),
        "unsupportBudgetProject",
        input.clone(),
    )
    .await;
    assert_eq!(
        again.data()["unsupportBudgetProject"]["project"]["supportCount"],
        1
    );
    // Under a mandate, the support is the grantor's.
    ok(&app
        .mutate(
            Some(&sq.neighbour),
            "grantMandate",
            json!({ "delegateId": sq.professional_id, "actions": ["SUPPORT"],
                    "validUntil": app.clock_now() + Duration::days(7) }),
            "{ mandate { id } }",
        )
        .await);
    let delegated = support(
        &app,
        Some(&sq.professional),
        "supportBudgetProject",
        json!({ "projectId": p, "onBehalfOf": sq.neighbour_id }),
    )
    .await;
    assert_eq!(
        delegated.data()["supportBudgetProject"]["project"]["supportCount"],
        2
    );
    assert_eq!(
        view(&app, Some(&sq.neighbour), &p).await["viewerHasSupported"],
        true
    );
    assert_eq!(
        view(&app, Some(&sq.professional), &p).await["viewerHasSupported"],
        false
    );
    // Without a mandate it is refused.
    let refused = support(
        &app,
        Some(&sq.moderator),
        "supportBudgetProject",
        json!({ "projectId": p, "onBehalfOf": sq.neighbour_id }),
    )
    .await;
    assert!(refused.body.get("errors").is_some(), "{}", refused.body);
    // A support costs a handful of statements, about what an idea's does.
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    let before = app.statements();
    ok(&app
        .mutate(
            Some(&sq.professional),
            "supportIdea",
            json!({ "ideaId": idea }),
            "{ idea { id } }",
        )
        .await);
    let idea_cost = app.statements() - before;
    let before = app.statements();
    ok(&app
        .mutate(
            Some(&sq.professional),
            "supportBudgetProject",
            json!({ "projectId": p }),
            "{ project { id } }",
        )
        .await);
    let project_cost = app.statements() - before;
    if std::env::var_os("PLEIN_PRINT_STATEMENTS").is_some() {
        eprintln!("support: idea {idea_cost}, budget project {project_cost} statements");
    }
    assert!(
        project_cost <= idea_cost,
        "{project_cost} statements for a project, {idea_cost} for an idea"
    );
    // Assessment still takes supports; voting does not: a support is no vote.
    set_phase(&app, &sq, &round, "ASSESSMENT").await;
    ok(&support(&app, Some(&sq.admin), "supportBudgetProject", input.clone()).await);
    set_phase(&app, &sq, &round, "VOTING").await;
    for mutation in ["supportBudgetProject", "unsupportBudgetProject"] {
        let late = support(&app, Some(&sq.moderator), mutation, input.clone()).await;
        assert_eq!(
            (late.code(), late.field()),
            ("CONFLICT", Some("projectId")),
            "{}",
            late.body
        );
    }
    assert_eq!(view(&app, None, &p).await["supportCount"], 4);
    let unknown = support(
        &app,
        Some(&sq.neighbour),
        "supportBudgetProject",
        json!({ "projectId": "nope" }),
    )
    .await;
    assert_eq!(
        (unknown.code(), unknown.field()),
        ("BAD_USER_INPUT", Some("projectId"))
    );
    assert_eq!(app.app.counter_drift().await.expect("check"), vec![]);
}

#[tokio::test]
async fn a_hidden_project_leaves_the_round_page_the_ballot_and_its_thread() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let round = round(&app, &sq).await;
    let p = project(&app, &sq.resident, &round, &sq.neighbourhood, "Reclame").await;
    let other = project(&app, &sq.neighbour, &round, &sq.neighbourhood, "Bomen").await;
    let comment = app.comment(&sq.neighbour, "BUDGET_PROJECT", &p, None).await;
    ok(&app
        .mutate(
            Some(&sq.neighbour),
            "report",
            json!({ "subjectKind": "BUDGET_PROJECT", "subjectId": p, "reason": "Dit is reclame." }),
            "{ report { id } }",
        )
        .await);
    let queue = app
        .gql_as(
            Some(&sq.moderator),
            "{ moderationQueue { nodes { subjectKind excerpt actedOn } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        queue.data()["moderationQueue"]["nodes"][0],
        json!({ "subjectKind": "BUDGET_PROJECT", "excerpt": "Reclame", "actedOn": false })
    );
    // Only moderators hide.
    let hide = json!({ "subjectKind": "BUDGET_PROJECT", "subjectId": p, "hidden": true,
                       "reason": "Reclame hoort hier niet." });
    let denied = app
        .mutate(
            Some(&sq.professional),
            "setHidden",
            hide.clone(),
            "{ done }",
        )
        .await;
    assert_eq!(denied.code(), "FORBIDDEN");
    ok(&app
        .mutate(Some(&sq.moderator), "setHidden", hide, "{ done }")
        .await);
    let page = "query($id: ID!) { budgetRound(id: $id) { projects { id hidden } } }";
    let ids = |r: &GqlResponse| -> Vec<String> {
        r.data()["budgetRound"]["projects"]
            .as_array()
            .expect("projects")
            .iter()
            .map(|p| p["id"].as_str().expect("id").to_owned())
            .collect()
    };
    for token in [
        None,
        Some(sq.neighbour.as_str()),
        Some(sq.professional.as_str()),
    ] {
        let r = app.gql_as(token, page, json!({ "id": round })).await;
        assert_eq!(ids(&r), vec![other.clone()], "{token:?}");
        assert!(view(&app, token, &p).await.is_null());
        let c = app
            .gql_as(
                token,
                "query($id: ID!) { comment(id: $id) { id } }",
                json!({ "id": comment }),
            )
            .await;
        assert!(c.data()["comment"].is_null(), "{}", c.body);
    }
    for token in [&sq.resident, &sq.moderator, &sq.admin] {
        let r = app.gql_as(Some(token), page, json!({ "id": round })).await;
        assert_eq!(ids(&r), vec![p.clone(), other.clone()]);
        let seen = view(&app, Some(token), &p).await;
        assert_eq!(seen["hidden"], true);
        assert_eq!(seen["comments"]["totalCount"], 1);
    }
    // Nobody writes in the hidden thread but those who still see it.
    let blocked = app
        .mutate(
            Some(&sq.neighbour),
            "postComment",
            json!({ "subjectKind": "BUDGET_PROJECT", "subjectId": p, "body": "Nog iets." }),
            "{ comment { id } }",
        )
        .await;
    assert_eq!(blocked.code(), "NOT_FOUND");
    let unsupported = support(
        &app,
        Some(&sq.neighbour),
        "supportBudgetProject",
        json!({ "projectId": p }),
    )
    .await;
    assert_eq!(unsupported.code(), "NOT_FOUND");
    // The report is closed; the audit log keeps the action.
    let audit = app
        .gql_as(
            Some(&sq.admin),
            "{ auditLog { nodes { action subjectKind subjectId } } }",
            json!({}),
        )
        .await;
    assert!(
        audit.data()["auditLog"]["nodes"]
            .as_array()
            .expect("entries")
            .iter()
            .any(|e| e["action"] == "hide"
                && e["subjectKind"] == "budget_project"
                && e["subjectId"] == p.as_str()),
        "{}",
        audit.body
    );
    // Off the ballot: a vote for it is refused.
    for id in [&p, &other] {
        ok(&app
            .mutate(
                Some(&sq.professional),
                "assessBudgetProject",
                json!({ "projectId": id, "feasible": true, "reason": "Kan." }),
                "{ project { id } }",
            )
            .await);
    }
    set_phase(&app, &sq, &round, "VOTING").await;
    ok(&app
        .mutate(
            Some(&sq.neighbour),
            "updateProfile",
            json!({ "homeAreaId": sq.neighbourhood }),
            "{ user { id } }",
        )
        .await);
    let ballot = "query($id: ID!) { budgetRound(id: $id) { projects(onBallot: true) { id } } }";
    let r = app
        .gql_as(Some(&sq.neighbour), ballot, json!({ "id": round }))
        .await;
    assert_eq!(
        r.data()["budgetRound"]["projects"],
        json!([{ "id": other }])
    );
    let vote = app
        .mutate(
            Some(&sq.neighbour),
            "castBudgetBallot",
            json!({ "roundId": round, "choices": [{ "projectId": p }] }),
            "{ replaced }",
        )
        .await;
    assert_eq!(
        (vote.code(), vote.field()),
        ("BAD_USER_INPUT", Some("projects"))
    );
    // Shown again, it is back for everyone.
    ok(&app
        .mutate(
            Some(&sq.moderator),
            "setHidden",
            json!({ "subjectKind": "BUDGET_PROJECT", "subjectId": p, "hidden": false,
                    "reason": "Toch geen reclame." }),
            "{ done }",
        )
        .await);
    let r = app.gql(page, json!({ "id": round })).await;
    assert_eq!(ids(&r), vec![p.clone(), other.clone()]);
}
