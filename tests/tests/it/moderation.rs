//! Moderation: reports and the queue, hiding and unhiding content (gone
//! from lists, search and threads, kept for moderators), blocking and
//! unblocking accounts within each role's rules, and the audit log.

use plein_tests::serde_json::{Value, json};
use plein_tests::{PASSWORD, TestApp};

async fn report(
    app: &TestApp,
    token: &str,
    kind: &str,
    id: &str,
    reason: &str,
) -> plein_tests::GqlResponse {
    app.mutate(
        Some(token),
        "report",
        json!({ "subjectKind": kind, "subjectId": id, "reason": reason }),
        "{ report { id subjectKind } }",
    )
    .await
}

async fn set_hidden(
    app: &TestApp,
    token: &str,
    kind: &str,
    id: &str,
    hidden: bool,
) -> plein_tests::GqlResponse {
    app.mutate(
        Some(token),
        "setHidden",
        json!({ "subjectKind": kind, "subjectId": id, "hidden": hidden, "reason": "Beledigend." }),
        "{ done }",
    )
    .await
}

const QUEUE: &str =
    "query($open: Boolean! = true) { moderationQueue(openOnly: $open) { totalCount edges { node {
    id subjectKind subjectId excerpt actedOn reason resolution reporter { displayName } } } } }";

#[tokio::test]
async fn reports_reach_the_queue_and_hiding_takes_content_out_of_sight() {
    let app = &TestApp::spawn().await;
    let sq = &app.square().await;
    let idea = app
        .idea(&sq.resident, &sq.neighbourhood, "Schreeuwerig idee")
        .await;

    let bad = report(app, &sq.neighbour, "IDEA", &idea, "x").await;
    assert_eq!(
        (bad.code(), bad.field()),
        ("BAD_USER_INPUT", Some("reason"))
    );
    report(
        app,
        &sq.neighbour,
        "IDEA",
        &idea,
        "Scheldwoorden in de tekst.",
    )
    .await
    .data();
    let again = report(app, &sq.neighbour, "IDEA", &idea, "Nog steeds.").await;
    assert_eq!(
        (again.code(), again.field()),
        ("CONFLICT", Some("subjectId"))
    );
    let missing = report(
        app,
        &sq.neighbour,
        "IDEA",
        "00000000-0000-0000-0000-000000000000",
        "Weg ermee.",
    )
    .await;
    assert_eq!(missing.code(), "NOT_FOUND");

    // Only moderators and admins read the queue.
    assert_eq!(
        app.gql_as(None, QUEUE, json!({})).await.code(),
        "UNAUTHENTICATED"
    );
    assert_eq!(
        app.gql_as(Some(&sq.resident), QUEUE, json!({}))
            .await
            .code(),
        "FORBIDDEN"
    );
    let queue = app.gql_as(Some(&sq.moderator), QUEUE, json!({})).await;
    let item = queue.data()["moderationQueue"]["edges"][0]["node"].clone();
    assert_eq!(queue.data()["moderationQueue"]["totalCount"], 1);
    assert_eq!(item["excerpt"], "Schreeuwerig idee");
    assert_eq!(item["reporter"]["displayName"], "Jan");
    assert_eq!(item["actedOn"], false);

    // Residents cannot hide; moderators can.
    assert_eq!(
        set_hidden(app, &sq.resident, "IDEA", &idea, true)
            .await
            .code(),
        "FORBIDDEN"
    );
    set_hidden(app, &sq.moderator, "IDEA", &idea, true)
        .await
        .data();
    app.drain_search().await;
    let look = "query($id: ID!) { idea(id: $id) { title } ideas { totalCount } search(query: \"Schreeuwerig\") { estimatedTotal } }";
    for token in [
        None,
        Some(sq.neighbour.as_str()),
        Some(sq.resident.as_str()),
    ] {
        let seen = app.gql_as(token, look, json!({ "id": idea })).await;
        assert_eq!(seen.data()["idea"], Value::Null);
        assert_eq!(seen.data()["ideas"]["totalCount"], 0);
        assert_eq!(seen.data()["search"]["estimatedTotal"], 0);
    }
    let moderator = app
        .gql_as(Some(&sq.moderator), look, json!({ "id": idea }))
        .await;
    assert_eq!(moderator.data()["idea"]["title"], "Schreeuwerig idee");
    // Writes to it answer as if it were gone.
    let comment = app
        .mutate(
            Some(&sq.neighbour),
            "postComment",
            json!({ "subjectKind": "IDEA", "subjectId": idea, "body": "Hallo" }),
            "{ comment { id } }",
        )
        .await;
    assert_eq!(comment.code(), "NOT_FOUND");

    // The report is closed as hidden.
    let open = app.gql_as(Some(&sq.moderator), QUEUE, json!({})).await;
    assert_eq!(open.data()["moderationQueue"]["totalCount"], 0);
    let all = app
        .gql_as(Some(&sq.moderator), QUEUE, json!({ "open": false }))
        .await;
    let closed = &all.data()["moderationQueue"]["edges"][0]["node"];
    assert_eq!(closed["resolution"], "hidden");
    assert_eq!(closed["actedOn"], true);

    set_hidden(app, &sq.moderator, "IDEA", &idea, false)
        .await
        .data();
    app.drain_search().await;
    let back = app.gql_as(None, look, json!({ "id": idea })).await;
    assert_eq!(back.data()["idea"]["title"], "Schreeuwerig idee");
    assert_eq!(back.data()["search"]["estimatedTotal"], 1);

    // Every step is in the audit log, which only admins read.
    let log = "{ auditLog { totalCount edges { node { action subjectKind actor { displayName } detail } } } }";
    assert_eq!(
        app.gql_as(Some(&sq.moderator), log, json!({})).await.code(),
        "FORBIDDEN"
    );
    let entries = app.gql_as(Some(&sq.admin), log, json!({})).await;
    let actions: Vec<&str> = entries.data()["auditLog"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|e| e["node"]["action"].as_str().expect("action"))
        .collect();
    assert_eq!(&actions[..2], ["unhide", "hide"]);
    assert!(
        entries.data()["auditLog"]["edges"][0]["node"]["detail"]
            .as_str()
            .expect("detail")
            .contains("Beledigend.")
    );
}

#[tokio::test]
async fn a_hidden_comment_leaves_a_placeholder_in_its_thread() {
    let app = &TestApp::spawn().await;
    let sq = &app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    let comment = app.comment(&sq.neighbour, "IDEA", &idea, None).await;
    app.comment(&sq.resident, "IDEA", &idea, Some(&comment))
        .await;
    report(
        app,
        &sq.resident,
        "COMMENT",
        &comment,
        "Persoonlijke aanval.",
    )
    .await
    .data();
    let queue = app.gql_as(Some(&sq.moderator), QUEUE, json!({})).await;
    assert_eq!(
        queue.data()["moderationQueue"]["edges"][0]["node"]["excerpt"],
        "Mee eens!"
    );
    set_hidden(app, &sq.moderator, "COMMENT", &comment, true)
        .await
        .data();
    let thread = app
        .gql_as(
            None,
            "query($id: ID!) { idea(id: $id) { comments { totalCount edges { node {
                body bodyHtml hidden deleted author { id } revisions { body } replies { body } } } } } }",
            json!({ "id": idea }),
        )
        .await;
    let node = &thread.data()["idea"]["comments"]["edges"][0]["node"];
    assert_eq!(thread.data()["idea"]["comments"]["totalCount"], 1);
    assert_eq!(node["hidden"], true);
    assert_eq!(node["body"], Value::Null);
    assert_eq!(node["bodyHtml"], Value::Null);
    assert_eq!(node["author"], Value::Null);
    assert_eq!(node["revisions"], json!([]));
    // The replies keep their place.
    assert_eq!(node["replies"][0]["body"], "Mee eens!");
}

#[tokio::test]
async fn blocked_people_cannot_sign_in_and_moderators_block_only_within_their_role() {
    let app = &TestApp::spawn().await;
    let sq = &app.square().await;
    let block = |token: String, user: String, blocked: bool| async move {
        app.mutate(
            Some(&token),
            "setBlocked",
            json!({ "userId": user, "blocked": blocked, "reason": "Blijft schelden." }),
            "{ done }",
        )
        .await
    };
    let me = app
        .gql_as(Some(&sq.admin), "{ me { id } }", json!({}))
        .await;
    let admin_id = me.data()["me"]["id"].as_str().expect("id").to_owned();
    assert_eq!(
        block(sq.resident.clone(), sq.neighbour_id.clone(), true)
            .await
            .code(),
        "FORBIDDEN"
    );
    assert_eq!(
        block(sq.moderator.clone(), admin_id, true).await.code(),
        "FORBIDDEN"
    );
    report(
        app,
        &sq.resident,
        "USER",
        &sq.neighbour_id,
        "Scheldt iedereen uit.",
    )
    .await
    .data();
    block(sq.moderator.clone(), sq.neighbour_id.clone(), true)
        .await
        .data();

    // The session ends at once, and signing in is refused.
    let me = app
        .gql_as(Some(&sq.neighbour), "{ me { id } }", json!({}))
        .await;
    assert_eq!(me.data()["me"], Value::Null);
    let sign_in = app
        .gql(
            "mutation($input: SignInInput!) { signIn(input: $input) { token } }",
            json!({ "input": { "email": "jan@plein.test", "password": PASSWORD } }),
        )
        .await;
    assert_eq!(sign_in.code(), "FORBIDDEN");
    let queue = app
        .gql_as(Some(&sq.moderator), QUEUE, json!({ "open": false }))
        .await;
    assert_eq!(
        queue.data()["moderationQueue"]["edges"][0]["node"]["resolution"],
        "blocked"
    );

    block(sq.moderator.clone(), sq.neighbour_id.clone(), false)
        .await
        .data();
    let token = app.sign_in("jan@plein.test").await;
    let me = app.gql_as(Some(&token), "{ me { id } }", json!({})).await;
    assert_eq!(me.data()["me"]["id"], sq.neighbour_id.as_str());
}

#[tokio::test]
async fn a_hidden_group_is_gone_for_its_members_too() {
    let app = &TestApp::spawn().await;
    let sq = &app.square().await;
    let created = app
        .mutate(
            Some(&sq.resident),
            "createGroup",
            json!({ "name": "Nepgroep", "purpose": "Reclame.", "areaId": sq.neighbourhood,
                    "visibility": "PUBLIC", "joinPolicy": "OPEN" }),
            "{ group { id } }",
        )
        .await;
    let group = created.data()["createGroup"]["group"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    set_hidden(app, &sq.moderator, "GROUP", &group, true)
        .await
        .data();
    app.drain_search().await;
    let look = "query($id: ID!) { group(id: $id) { name } groups { totalCount } search(query: \"Nepgroep\") { estimatedTotal } }";
    let member = app
        .gql_as(Some(&sq.resident), look, json!({ "id": group }))
        .await;
    assert_eq!(member.data()["group"], Value::Null);
    assert_eq!(member.data()["groups"]["totalCount"], 0);
    assert_eq!(member.data()["search"]["estimatedTotal"], 0);
    let moderator = app
        .gql_as(Some(&sq.moderator), look, json!({ "id": group }))
        .await;
    assert_eq!(moderator.data()["group"]["name"], "Nepgroep");
    let people = set_hidden(app, &sq.moderator, "USER", &sq.resident_id, true).await;
    assert_eq!(
        (people.code(), people.field()),
        ("BAD_USER_INPUT", Some("subjectKind"))
    );
}
