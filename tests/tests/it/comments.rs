//! Feedback threads: nesting, official replies and answers, edit history,
//! placeholders, agreement, and live updates over graphql-ws.

use std::time::Duration;

use plein_tests::{TestApp, serde_json::json};

const THREAD: &str = "query($id: ID!) { idea(id: $id) { commentCount comments { totalCount edges { node {
    id depth body deleted author { displayName } official agreeCount viewerAgrees
    revisions { body }
    officialAnswer { body official author { displayName } }
    replies { id depth body deleted replies { id depth replies { id depth replies { id depth replies { id depth } } } } }
} } } } }";

#[tokio::test]
async fn replies_nest_to_a_maximum_depth_and_deeper_ones_attach_there() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    let mut parent = app.comment(&sq.resident, "IDEA", &idea, None).await;
    let root = parent.clone();
    let mut depths = Vec::new();
    for _ in 0..6 {
        let reply = app
            .mutate(
                Some(&sq.neighbour),
                "postComment",
                json!({ "subjectKind": "IDEA", "subjectId": idea, "parentId": parent, "body": "Reactie" }),
                "{ comment { id depth parent { id } subject { ... on Idea { title } } } }",
            )
            .await;
        let comment = &reply.data()["postComment"]["comment"];
        assert_eq!(comment["subject"]["title"], "Bankjes");
        depths.push(comment["depth"].as_i64().unwrap_or(-1));
        parent = comment["id"].as_str().expect("id").to_owned();
    }
    assert_eq!(depths, [1, 2, 3, 4, 4, 4]);
    let thread = app.gql(THREAD, json!({ "id": idea })).await;
    let data = thread.data();
    assert_eq!(data["idea"]["commentCount"], 7);
    assert_eq!(data["idea"]["comments"]["totalCount"], 1);
    let node = &data["idea"]["comments"]["edges"][0]["node"];
    assert_eq!(node["id"], root.as_str());
    let deepest = &node["replies"][0]["replies"][0]["replies"][0]["replies"];
    assert_eq!(
        deepest.as_array().map(Vec::len),
        Some(3),
        "three siblings at depth 4: {deepest}"
    );

    // A parent from another subject is refused.
    let other = app.idea(&sq.neighbour, &sq.neighbourhood, "Anders").await;
    let wrong = app
        .mutate(
            Some(&sq.neighbour),
            "postComment",
            json!({ "subjectKind": "IDEA", "subjectId": other, "parentId": root, "body": "x" }),
            "{ comment { id } }",
        )
        .await;
    assert_eq!(wrong.code(), "BAD_USER_INPUT");
    assert_eq!(wrong.field(), Some("parentId"));
}

#[tokio::test]
async fn edits_keep_history_and_deletion_leaves_a_placeholder_with_its_replies() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    let root = app.comment(&sq.neighbour, "IDEA", &idea, None).await;
    app.comment(&sq.resident, "IDEA", &idea, Some(&root)).await;
    app.mutate(
        Some(&sq.neighbour),
        "editComment",
        json!({ "id": root, "body": "Eerst oneens, nu eens" }),
        "{ comment { id } }",
    )
    .await
    .data();
    let not_mine = app
        .mutate(
            Some(&sq.resident),
            "editComment",
            json!({ "id": root, "body": "Gehackt" }),
            "{ comment { id } }",
        )
        .await;
    assert_eq!(not_mine.code(), "FORBIDDEN");
    let thread = app.gql(THREAD, json!({ "id": idea })).await;
    let node = thread.data()["idea"]["comments"]["edges"][0]["node"].clone();
    assert_eq!(
        node["revisions"],
        json!([{ "body": "Mee eens!" }, { "body": "Eerst oneens, nu eens" }])
    );

    for _ in 0..2 {
        app.mutate(
            Some(&sq.neighbour),
            "deleteComment",
            json!({ "id": root }),
            "{ comment { deleted } }",
        )
        .await
        .data();
    }
    let thread = app.gql(THREAD, json!({ "id": idea })).await;
    let node = thread.data()["idea"]["comments"]["edges"][0]["node"].clone();
    assert_eq!(node["deleted"], true);
    assert!(node["body"].is_null() && node["author"].is_null());
    assert_eq!(node["revisions"], json!([]));
    assert_eq!(node["replies"][0]["body"], "Mee eens!");
    let edit_deleted = app
        .mutate(
            Some(&sq.neighbour),
            "editComment",
            json!({ "id": root, "body": "Terug" }),
            "{ comment { id } }",
        )
        .await;
    assert_eq!(edit_deleted.code(), "CONFLICT");
    // Moderators may delete anyone's comment; other residents may not.
    let reply = node["replies"][0]["id"].as_str().expect("reply").to_owned();
    let denied = app
        .mutate(
            Some(&sq.neighbour),
            "deleteComment",
            json!({ "id": reply }),
            "{ comment { id } }",
        )
        .await;
    assert_eq!(denied.code(), "FORBIDDEN");
    app.mutate(
        Some(&sq.moderator),
        "deleteComment",
        json!({ "id": reply }),
        "{ comment { deleted } }",
    )
    .await
    .data();
}

#[tokio::test]
async fn agreement_is_counted_once_and_official_answers_are_marked() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    let root = app.comment(&sq.neighbour, "IDEA", &idea, None).await;
    let agrees = (0..10).map(|_| {
        app.mutate(
            Some(&sq.resident),
            "agreeWithComment",
            json!({ "commentId": root }),
            "{ comment { agreeCount } }",
        )
    });
    for response in futures::future::join_all(agrees).await {
        assert_eq!(
            response.data()["agreeWithComment"]["comment"]["agreeCount"],
            1
        );
    }
    app.mutate(
        Some(&sq.professional),
        "agreeWithComment",
        json!({ "commentId": root }),
        "{ comment { id } }",
    )
    .await
    .data();
    for _ in 0..2 {
        let back = app
            .mutate(
                Some(&sq.resident),
                "withdrawAgreement",
                json!({ "commentId": root }),
                "{ comment { agreeCount viewerAgrees } }",
            )
            .await;
        assert_eq!(
            back.data()["withdrawAgreement"]["comment"],
            json!({ "agreeCount": 1, "viewerAgrees": false })
        );
    }

    let unofficial = app
        .mutate(
            Some(&sq.resident),
            "postComment",
            json!({ "subjectKind": "IDEA", "subjectId": idea, "body": "Namens de gemeente", "official": true }),
            "{ comment { id } }",
        )
        .await;
    assert_eq!(unofficial.code(), "FORBIDDEN");
    let denied = app
        .mutate(
            Some(&sq.resident),
            "answerThread",
            json!({ "threadId": root, "body": "x" }),
            "{ comment { id } }",
        )
        .await;
    assert_eq!(denied.code(), "FORBIDDEN");
    app.mutate(
        Some(&sq.professional),
        "answerThread",
        json!({ "threadId": root, "body": "We nemen dit mee." }),
        "{ comment { official } }",
    )
    .await
    .data();
    let thread = app
        .gql_as(Some(&sq.professional), THREAD, json!({ "id": idea }))
        .await;
    let node = &thread.data()["idea"]["comments"]["edges"][0]["node"];
    assert_eq!(node["agreeCount"], 1);
    assert_eq!(node["viewerAgrees"], true);
    assert_eq!(
        node["officialAnswer"],
        json!({ "body": "We nemen dit mee.", "official": true, "author": { "displayName": "ambtenaar" } })
    );
}

#[tokio::test]
async fn officials_answer_a_plan_thread_after_the_window_closed() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let plan = app
        .plan(&sq.professional, &sq.district, "Groen plein")
        .await;
    let root = app.comment(&sq.resident, "PLAN", &plan, None).await;
    app.clock.advance(chrono::Duration::days(8));
    let late_reply = app
        .mutate(
            Some(&sq.neighbour),
            "postComment",
            json!({ "subjectKind": "PLAN", "subjectId": plan, "parentId": root, "body": "Nog iets" }),
            "{ comment { id } }",
        )
        .await;
    assert_eq!(late_reply.code(), "CONFLICT");
    let answer = app
        .mutate(
            Some(&sq.professional),
            "answerThread",
            json!({ "threadId": root, "body": "Dank, verwerkt." }),
            "{ comment { official subject { ... on Plan { title commentCount } } } }",
        )
        .await;
    assert_eq!(
        answer.data()["answerThread"]["comment"],
        json!({ "official": true, "subject": { "title": "Groen plein", "commentCount": 2 } })
    );
}

const LIVE: &str = "subscription($kind: CommentSubjectKind!, $id: ID!) {
    commentAdded(subjectKind: $kind, subjectId: $id) { body author { displayName } subject { ... on Idea { title } } }
}";

#[tokio::test]
async fn subscriptions_are_held_to_the_alias_limit() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    let aliases: String = (0..31).map(|n| format!("a{n}: body ")).collect();
    let query = format!(
        "subscription($id: ID!) {{ commentAdded(subjectKind: IDEA, subjectId: $id) {{ {aliases} }} }}"
    );
    let mut live = app
        .subscribe(Some(&sq.neighbour), &query, json!({ "id": idea }))
        .await;
    let refused = live.next(Duration::from_secs(10)).await.expect("an answer");
    assert!(refused["payload"]["data"].is_null(), "{refused}");
    assert!(
        refused["payload"]["errors"][0]["message"]
            .as_str()
            .is_some_and(|message| message.contains("aliases")),
        "{refused}"
    );
}

#[tokio::test]
async fn new_comments_arrive_live_over_graphql_ws() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    let other = app
        .idea(&sq.resident, &sq.neighbourhood, "Iets anders")
        .await;
    let mut live = app
        .subscribe(
            Some(&sq.neighbour),
            LIVE,
            json!({ "kind": "IDEA", "id": idea }),
        )
        .await;
    app.live_subscribers(1).await;
    app.comment(&sq.resident, "IDEA", &other, None).await;
    app.comment(&sq.resident, "IDEA", &idea, None).await;
    let message = live.next(Duration::from_secs(10)).await.expect("an event");
    assert_eq!(message["type"], "next", "{message}");
    assert_eq!(
        message["payload"]["data"]["commentAdded"],
        json!({ "body": "Mee eens!", "author": { "displayName": "Fatima" }, "subject": { "title": "Bankjes" } })
    );
    assert!(
        live.next(Duration::from_millis(300)).await.is_none(),
        "only this idea's comments"
    );

    // Someone else's draft cannot be watched.
    let draft = app
        .draft_idea(&sq.resident, &sq.neighbourhood, "Concept")
        .await;
    let mut hidden = app
        .subscribe(
            Some(&sq.neighbour),
            LIVE,
            json!({ "kind": "IDEA", "id": draft }),
        )
        .await;
    let refused = hidden
        .next(Duration::from_secs(10))
        .await
        .expect("an answer");
    assert_eq!(
        refused["payload"]["errors"][0]["extensions"]["code"], "NOT_FOUND",
        "{refused}"
    );
    assert!(refused["payload"]["data"].is_null());
}

#[tokio::test]
async fn comments_reach_subscribers_on_another_server_through_postgres() {
    let app = TestApp::spawn().await;
    if !app.on_postgres() {
        eprintln!("skipped: cross-server delivery needs PostgreSQL (set TEST_DATABASE_URL)");
        return;
    }
    let peer = app.spawn_peer().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    let mut on_peer = peer
        .subscribe(
            Some(&sq.neighbour),
            LIVE,
            json!({ "kind": "IDEA", "id": idea }),
        )
        .await;
    let mut on_first = app
        .subscribe(None, LIVE, json!({ "kind": "IDEA", "id": idea }))
        .await;
    peer.live_subscribers(1).await;
    app.live_subscribers(1).await;
    app.comment(&sq.resident, "IDEA", &idea, None).await;
    for live in [&mut on_peer, &mut on_first] {
        let message = live.next(Duration::from_secs(10)).await.expect("an event");
        assert_eq!(
            message["payload"]["data"]["commentAdded"]["body"], "Mee eens!",
            "{message}"
        );
        assert!(
            live.next(Duration::from_millis(300)).await.is_none(),
            "delivered once"
        );
    }
}

#[tokio::test]
async fn thread_pages_follow_each_other_oldest_first() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    let mut posted = Vec::new();
    for i in 0..5 {
        posted.push(app.comment(&sq.neighbour, "IDEA", &idea, None).await);
        // Some share a timestamp: ties are broken by id.
        if i == 2 {
            app.clock.advance(chrono::Duration::seconds(1));
        }
    }
    const PAGE: &str =
        "query($id: ID!, $after: String) { idea(id: $id) { comments(first: 2, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }";
    let mut seen = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = app.gql(PAGE, json!({ "id": idea, "after": after })).await;
        let comments = page.data()["idea"]["comments"].clone();
        assert_eq!(comments["totalCount"], 5);
        for edge in comments["edges"].as_array().expect("edges") {
            seen.push(edge["node"]["id"].as_str().expect("id").to_owned());
        }
        if comments["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = comments["pageInfo"]["endCursor"]
            .as_str()
            .map(str::to_owned);
    }
    assert_eq!(seen, posted);
}

#[tokio::test]
async fn the_session_cookie_opens_a_subscription_only_from_plein_itself() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    // Only the author can watch their draft, so the answer shows who the server saw.
    let draft = app
        .draft_idea(&sq.resident, &sq.neighbourhood, "Concept")
        .await;
    let cookie = format!("plein_session={}", sq.resident);
    let vars = json!({ "kind": "IDEA", "id": draft });
    for (origin, allowed) in [
        ("http://127.0.0.1:8080", true),
        ("https://evil.example", false),
    ] {
        let mut live = app
            .subscribe_with(
                &[("cookie", &cookie), ("origin", origin)],
                json!({}),
                LIVE,
                vars.clone(),
            )
            .await;
        let first = live.next(Duration::from_millis(500)).await;
        if allowed {
            assert!(first.is_none(), "the author may watch: {first:?}");
        } else {
            let refused = first.expect("an answer");
            assert_eq!(
                refused["payload"]["errors"][0]["extensions"]["code"], "NOT_FOUND",
                "{refused}"
            );
        }
    }
}

#[tokio::test]
async fn unconfirmed_accounts_do_not_agree_with_comments() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    let root = app.comment(&sq.neighbour, "IDEA", &idea, None).await;
    let (unconfirmed, _) = app.register_unverified("nieuw@example.nl", "Nieuw").await;
    for mutation in ["agreeWithComment", "withdrawAgreement"] {
        let refused = app
            .mutate(
                Some(&unconfirmed),
                mutation,
                json!({ "commentId": root }),
                "{ comment { agreeCount } }",
            )
            .await;
        assert_eq!(refused.code(), "FORBIDDEN", "{mutation}");
    }
    let thread = app.gql(THREAD, json!({ "id": idea })).await;
    assert_eq!(
        thread.data()["idea"]["comments"]["edges"][0]["node"]["agreeCount"],
        0
    );
}

#[tokio::test]
async fn a_live_subscription_ends_with_its_session_or_a_block() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    let jan = app.sign_in("jan@plein.test").await;
    let (kees, kees_id) = app.register("kees@plein.test", "Kees").await;
    let mut jans = app
        .subscribe(Some(&jan), LIVE, json!({ "kind": "IDEA", "id": idea }))
        .await;
    let mut kees_live = app
        .subscribe(Some(&kees), LIVE, json!({ "kind": "IDEA", "id": idea }))
        .await;
    app.live_subscribers(2).await;
    app.comment(&sq.resident, "IDEA", &idea, None).await;
    for live in [&mut jans, &mut kees_live] {
        let message = live.next(Duration::from_secs(10)).await.expect("an event");
        assert_eq!(message["type"], "next", "{message}");
    }

    // Jan signs out; the moderators block Kees.
    app.gql_as(Some(&jan), "mutation { signOut { signedOut } }", json!({}))
        .await
        .data();
    app.mutate(
        Some(&sq.moderator),
        "setBlocked",
        json!({ "userId": kees_id, "blocked": true, "reason": "Scheldt steeds." }),
        "{ done }",
    )
    .await
    .data();
    app.comment(&sq.resident, "IDEA", &idea, None).await;
    for (who, live) in [("Jan", &mut jans), ("Kees", &mut kees_live)] {
        let message = live.next(Duration::from_secs(10)).await.expect("an answer");
        assert_eq!(message["type"], "complete", "{who}: {message}");
    }
}
