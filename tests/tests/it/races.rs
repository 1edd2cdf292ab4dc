//! Working groups under parallel requests: joins, requests to join, RSVPs,
//! votes and invitations sent many times at once still leave exactly one
//! row, exact counts, and clear CONFLICT answers for the rest.

use plein_tests::serde_json::{Value, json};
use plein_tests::{GqlResponse, Square, TestApp};
use sea_orm::{ConnectionTrait, Statement};

/// Hundreds of writes and dozens of registrations from one address: the
/// limits are not under test here.
async fn spawn() -> TestApp {
    TestApp::builder()
        .settings(|s| {
            s.writes_per_user.max = 10_000;
            s.writes_per_client.max = 10_000;
            s.register_per_client.max = 1_000;
        })
        .spawn()
        .await
}

async fn rows(app: &TestApp, sql: &str) -> i64 {
    let backend = app.app.db.backend();
    let row = app
        .app
        .db
        .conn
        .query_one_raw(Statement::from_string(backend, sql.to_owned()))
        .await
        .expect("query")
        .expect("row");
    row.try_get_by_index::<i64>(0).expect("count")
}

async fn create_group(app: &TestApp, sq: &Square, policy: &str) -> String {
    let response = app
        .mutate(
            Some(&sq.resident),
            "createGroup",
            json!({
                "name": "Groen Molenwijk",
                "purpose": "Meer groen in de wijk.",
                "areaId": sq.neighbourhood,
                "visibility": "PUBLIC",
                "joinPolicy": policy,
            }),
            "{ group { id } }",
        )
        .await;
    response.data()["createGroup"]["group"]["id"]
        .as_str()
        .expect("group id")
        .to_owned()
}

async fn join(app: &TestApp, token: &str, group: &str) -> GqlResponse {
    app.mutate(
        Some(token),
        "joinGroup",
        json!({ "groupId": group }),
        "{ group { id viewerRole viewerRequested } }",
    )
    .await
}

/// The group as its coordinator sees it.
async fn group_as(app: &TestApp, token: &str, group: &str, selection: &str) -> Value {
    let response = app
        .gql_as(
            Some(token),
            &format!("query($id: ID!) {{ group(id: $id) {selection} }}"),
            json!({ "id": group }),
        )
        .await;
    response.data()["group"].clone()
}

/// Every response is either a success or an error with `code` on `field`;
/// answers how many succeeded.
fn successes(responses: &[GqlResponse], code: &str, field: &str) -> usize {
    let mut ok = 0;
    for response in responses {
        if response.body.get("errors").is_none() {
            ok += 1;
            continue;
        }
        assert_eq!(
            (response.code(), response.field()),
            (code, Some(field)),
            "{}",
            response.body
        );
    }
    ok
}

/// A few cheap random bits per call, to pick answers.
fn random(n: u8) -> usize {
    usize::from(uuid::Uuid::new_v4().as_bytes()[0] % n)
}

#[tokio::test]
async fn fifty_parallel_joins_of_an_open_group_make_one_membership() {
    let app = &spawn().await;
    let sq = &app.square().await;
    let group = &create_group(app, sq, "OPEN").await;

    let responses =
        futures::future::join_all((0..50).map(|_| join(app, &sq.neighbour, group))).await;
    assert_eq!(successes(&responses, "CONFLICT", "groupId"), 1);

    let seen = group_as(
        app,
        &sq.resident,
        group,
        "{ memberCount members { totalCount } }",
    )
    .await;
    assert_eq!(
        seen,
        json!({ "memberCount": 2, "members": { "totalCount": 2 } })
    );
    assert_eq!(
        rows(app, "SELECT COUNT(*) FROM group_members").await,
        2,
        "one row for the coordinator, one for the joiner"
    );
    // Joining also follows the group, once.
    let following = app
        .gql_as(
            Some(&sq.neighbour),
            "query($id: ID!) { group(id: $id) { viewerRole viewerFollows } }",
            json!({ "id": group }),
        )
        .await;
    assert_eq!(
        following.data()["group"],
        json!({ "viewerRole": "MEMBER", "viewerFollows": true })
    );
}

#[tokio::test]
async fn fifty_parallel_requests_to_join_leave_one_open_request() {
    let app = &spawn().await;
    let sq = &app.square().await;
    let group = &create_group(app, sq, "REQUEST").await;

    let responses =
        futures::future::join_all((0..50).map(|_| join(app, &sq.neighbour, group))).await;
    assert_eq!(successes(&responses, "CONFLICT", "groupId"), 1);

    let seen = group_as(
        app,
        &sq.resident,
        group,
        "{ memberCount joinRequests { id } }",
    )
    .await;
    assert_eq!(seen["memberCount"], 1);
    assert_eq!(seen["joinRequests"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        rows(app, "SELECT COUNT(*) FROM group_join_requests").await,
        1
    );
}

#[tokio::test]
async fn thirty_people_joining_at_once_are_all_counted() {
    let app = &spawn().await;
    let sq = &app.square().await;
    let group = &create_group(app, sq, "OPEN").await;
    let mut tokens = Vec::new();
    for i in 0..30 {
        tokens.push(
            app.register(&format!("buur{i}@plein.test"), &format!("Buur {i}"))
                .await
                .0,
        );
    }

    let responses = futures::future::join_all(tokens.iter().map(|t| join(app, t, group))).await;
    for response in &responses {
        assert_eq!(
            response.data()["joinGroup"]["group"]["viewerRole"],
            "MEMBER"
        );
    }

    let seen = group_as(
        app,
        &sq.resident,
        group,
        "{ memberCount members { totalCount } }",
    )
    .await;
    assert_eq!(
        seen,
        json!({ "memberCount": 31, "members": { "totalCount": 31 } })
    );
    assert_eq!(rows(app, "SELECT COUNT(*) FROM group_members").await, 31);
}

#[tokio::test]
async fn fifty_parallel_rsvps_from_one_member_count_once() {
    let app = &spawn().await;
    let sq = &app.square().await;
    let group = &create_group(app, sq, "OPEN").await;
    join(app, &sq.neighbour, group).await.data();
    let starts = app.clock_now() + chrono::Duration::days(2);
    let meeting = app
        .mutate(
            Some(&sq.resident),
            "saveMeeting",
            json!({ "groupId": group, "title": "Plantdag", "startsAt": starts,
                    "endsAt": starts + chrono::Duration::hours(2) }),
            "{ meeting { id } }",
        )
        .await;
    let meeting = meeting.data()["saveMeeting"]["meeting"]["id"].clone();

    let answers = ["YES", "NO", "MAYBE"];
    let responses = futures::future::join_all((0..50).map(|_| {
        app.mutate(
            Some(&sq.neighbour),
            "rsvp",
            json!({ "meetingId": meeting, "answer": answers[random(3)] }),
            "{ meeting { id } }",
        )
    }))
    .await;
    for response in &responses {
        response.data();
    }

    let seen = group_as(
        app,
        &sq.neighbour,
        group,
        "{ meetings { edges { node { rsvpCounts { yes no maybe } viewerRsvp } } } }",
    )
    .await;
    let node = &seen["meetings"]["edges"][0]["node"];
    let counts = &node["rsvpCounts"];
    let count = |key: &str| counts[key].as_i64().expect("count");
    assert_eq!(count("yes") + count("no") + count("maybe"), 1, "{node}");
    let viewer = node["viewerRsvp"].as_str().expect("an answer");
    assert_eq!(count(&viewer.to_lowercase()), 1, "{node}");
    assert_eq!(rows(app, "SELECT COUNT(*) FROM meeting_rsvps").await, 1);
}

#[tokio::test]
async fn fifty_parallel_votes_from_one_member_count_once() {
    let app = &spawn().await;
    let sq = &app.square().await;
    let group = &create_group(app, sq, "OPEN").await;
    join(app, &sq.neighbour, group).await.data();
    let decision = app
        .mutate(
            Some(&sq.resident),
            "openDecision",
            json!({ "groupId": group, "title": "Moestuin op het pleintje",
                    "proposal": "We vragen de gemeente om het pleintje.",
                    "closesAt": app.clock_now() + chrono::Duration::days(3) }),
            "{ decision { id } }",
        )
        .await;
    let decision = decision.data()["openDecision"]["decision"]["id"].clone();

    let answers = ["AGREE", "ABSTAIN", "DISAGREE", "BLOCK"];
    let responses = futures::future::join_all((0..50).map(|i| {
        app.mutate(
            Some(&sq.neighbour),
            "vote",
            json!({ "decisionId": decision, "answer": answers[random(4)],
                    "reason": format!("Poging {i}") }),
            "{ vote { answer } }",
        )
    }))
    .await;
    for response in &responses {
        response.data();
    }

    let seen = group_as(
        app,
        &sq.neighbour,
        group,
        "{ decisions { edges { node { tally { agree abstain disagree block } viewerVote { answer } } } } }",
    )
    .await;
    let node = &seen["decisions"]["edges"][0]["node"];
    let tally = &node["tally"];
    let count = |key: &str| tally[key].as_i64().expect("count");
    assert_eq!(
        count("agree") + count("abstain") + count("disagree") + count("block"),
        1,
        "{node}"
    );
    let viewer = node["viewerVote"]["answer"].as_str().expect("an answer");
    assert_eq!(count(&viewer.to_lowercase()), 1, "{node}");
    assert_eq!(rows(app, "SELECT COUNT(*) FROM decision_votes").await, 1);
}

#[tokio::test]
async fn parallel_invitations_of_one_address_leave_one_open_invitation() {
    let app = &spawn().await;
    let sq = &app.square().await;
    let group = &create_group(app, sq, "INVITE").await;

    // Someone without an account, and someone with one (who also hears of it in the app).
    for email in ["nieuw@plein.test", "jan@plein.test"] {
        let responses = futures::future::join_all((0..50).map(|_| {
            app.mutate(
                Some(&sq.resident),
                "inviteToGroup",
                json!({ "groupId": group, "email": email }),
                "{ invitation { id email } }",
            )
        }))
        .await;
        assert_eq!(successes(&responses, "CONFLICT", "email"), 1, "{email}");
    }

    let seen = group_as(app, &sq.resident, group, "{ invitations { email } }").await;
    let mut emails: Vec<&str> = seen["invitations"]
        .as_array()
        .expect("invitations")
        .iter()
        .map(|i| i["email"].as_str().expect("email"))
        .collect();
    emails.sort_unstable();
    assert_eq!(emails, ["jan@plein.test", "nieuw@plein.test"]);
    assert_eq!(rows(app, "SELECT COUNT(*) FROM group_invitations").await, 2);
    // One mail per invitation, and one in-app notice for the account holder.
    assert_eq!(
        rows(
            app,
            "SELECT COUNT(*) FROM jobs WHERE kind = 'mail.group_invitation'"
        )
        .await,
        2
    );
}
