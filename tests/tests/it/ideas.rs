//! Ideas: drafts, publishing, edits with history, the status lifecycle and
//! bad input.

use plein_tests::TestApp;
use serde_json::json;

const IDEA: &str = "query($id: ID!) { idea(id: $id) {
    id title body bodyHtml tags status supportCount location { latitude longitude }
    author { displayName } area { name }
    revisions { title body tags editor { displayName } }
    statusHistory { from to reason actor { displayName } }
} }";

#[tokio::test]
async fn a_draft_is_seen_only_by_its_author_until_published() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let id = app
        .draft_idea(&sq.resident, &sq.neighbourhood, "Bankjes op het plein")
        .await;

    let own = app
        .gql_as(Some(&sq.resident), IDEA, json!({ "id": id }))
        .await;
    assert_eq!(own.data()["idea"]["status"], "DRAFT");
    let other = app
        .gql_as(Some(&sq.neighbour), IDEA, json!({ "id": id }))
        .await;
    assert!(other.data()["idea"].is_null());
    let anonymous = app.gql(IDEA, json!({ "id": id })).await;
    assert!(anonymous.data()["idea"].is_null());
    let admin = app.gql_as(Some(&sq.admin), IDEA, json!({ "id": id })).await;
    assert_eq!(admin.data()["idea"]["status"], "DRAFT");

    app.mutate(
        Some(&sq.resident),
        "publishIdea",
        json!({ "id": id }),
        "{ idea { status } }",
    )
    .await
    .data();
    let public = app.gql(IDEA, json!({ "id": id })).await;
    let idea = &public.data()["idea"];
    assert_eq!(idea["status"], "PUBLISHED");
    assert_eq!(idea["author"]["displayName"], "Fatima");
    assert_eq!(idea["area"]["name"], "Molenwijk");
    assert_eq!(idea["bodyHtml"], "<p>Een <em>goed</em> idee.</p>\n");
    assert_eq!(
        idea["statusHistory"],
        json!([
            { "from": null, "to": "DRAFT", "reason": null, "actor": { "displayName": "Fatima" } },
            { "from": "DRAFT", "to": "PUBLISHED", "reason": null, "actor": { "displayName": "Fatima" } },
        ])
    );
}

#[tokio::test]
async fn edits_keep_a_visible_history_and_markdown_is_sanitised() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let id = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    let body = "Meer **bankjes**.\n\n[x](javascript:alert(1))\n\n<script>alert(1)</script> <a href=\"https://example.nl\" onclick=\"x()\">link</a>";
    let edited = app
        .mutate(
            Some(&sq.resident),
            "updateIdea",
            json!({ "id": id, "title": "Bankjes en bomen", "body": body, "tags": ["Groen", "Spelen"],
                    "location": { "latitude": 52.37, "longitude": 4.89 } }),
            "{ idea { title body bodyHtml tags location { latitude longitude } } }",
        )
        .await;
    let idea = &edited.data()["updateIdea"]["idea"];
    assert_eq!(idea["body"], body, "stored as written");
    let html = idea["bodyHtml"].as_str().expect("html");
    assert!(html.contains("<strong>bankjes</strong>"), "{html}");
    assert!(
        !html.contains("<script")
            && !html.contains("onclick")
            && !html.contains("href=\"javascript"),
        "{html}"
    );
    assert!(html.contains(r#"rel="nofollow noopener""#), "{html}");
    assert_eq!(idea["tags"], json!(["groen", "spelen"]));
    assert_eq!(
        idea["location"],
        json!({ "latitude": 52.37, "longitude": 4.89 })
    );

    let history = app.gql(IDEA, json!({ "id": id })).await;
    let revisions = &history.data()["idea"]["revisions"];
    assert_eq!(revisions.as_array().map(Vec::len), Some(2));
    assert_eq!(revisions[0]["title"], "Bankjes");
    assert_eq!(revisions[1]["title"], "Bankjes en bomen");
    assert_eq!(revisions[1]["editor"]["displayName"], "Fatima");
}

#[tokio::test]
async fn only_professionals_and_admins_move_an_idea_past_published() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let id = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    let set = |token: String, status: &'static str, reason: Option<&'static str>| {
        let app = &app;
        let id = id.clone();
        async move {
            app.mutate(
                Some(&token),
                "setIdeaStatus",
                json!({ "id": id, "status": status, "reason": reason }),
                "{ idea { status } }",
            )
            .await
        }
    };
    assert_eq!(
        set(sq.resident.clone(), "ACCEPTED", None).await.code(),
        "FORBIDDEN"
    );
    assert_eq!(
        set(sq.moderator.clone(), "UNDER_REVIEW", None).await.code(),
        "FORBIDDEN"
    );
    assert_eq!(
        set(sq.professional.clone(), "REALISED", None).await.code(),
        "CONFLICT"
    );
    set(sq.professional.clone(), "UNDER_REVIEW", None)
        .await
        .data();
    set(sq.professional.clone(), "ACCEPTED", None).await.data();
    set(sq.admin.clone(), "IN_PROGRESS", None).await.data();
    let declined = set(sq.professional.clone(), "DECLINED", None).await;
    assert_eq!(declined.code(), "BAD_USER_INPUT");
    assert_eq!(declined.field(), Some("reason"));
    set(
        sq.professional.clone(),
        "DECLINED",
        Some("Geen budget dit jaar"),
    )
    .await
    .data();
    // Declined is final, and the author can no longer withdraw or edit.
    assert_eq!(
        set(sq.professional.clone(), "ACCEPTED", None).await.code(),
        "CONFLICT"
    );
    let withdraw = app
        .mutate(
            Some(&sq.resident),
            "withdrawIdea",
            json!({ "id": id }),
            "{ idea { status } }",
        )
        .await;
    assert_eq!(withdraw.code(), "CONFLICT");
    let edit = app
        .mutate(
            Some(&sq.resident),
            "updateIdea",
            json!({ "id": id, "title": "Nieuw" }),
            "{ idea { id } }",
        )
        .await;
    assert_eq!(edit.code(), "CONFLICT");

    let history = app.gql(IDEA, json!({ "id": id })).await;
    let entries = history.data()["idea"]["statusHistory"]
        .as_array()
        .expect("history")
        .clone();
    let tos: Vec<_> = entries
        .iter()
        .map(|e| e["to"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        tos,
        [
            "DRAFT",
            "PUBLISHED",
            "UNDER_REVIEW",
            "ACCEPTED",
            "IN_PROGRESS",
            "DECLINED"
        ]
    );
    assert_eq!(entries[5]["reason"], "Geen budget dit jaar");
    assert_eq!(entries[5]["from"], "IN_PROGRESS");
    assert_eq!(entries[5]["actor"]["displayName"], "ambtenaar");
}

#[tokio::test]
async fn a_withdrawn_idea_disappears_for_others_and_takes_no_support() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let id = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    app.mutate(
        Some(&sq.resident),
        "withdrawIdea",
        json!({ "id": id, "reason": "Al geregeld" }),
        "{ idea { status } }",
    )
    .await
    .data();
    assert!(app.gql(IDEA, json!({ "id": id })).await.data()["idea"].is_null());
    let own = app
        .mutate(
            Some(&sq.resident),
            "supportIdea",
            json!({ "ideaId": id }),
            "{ idea { supportCount } }",
        )
        .await;
    assert_eq!(own.code(), "CONFLICT");
    // Someone else does not even learn that it exists.
    let other = app
        .mutate(
            Some(&sq.neighbour),
            "supportIdea",
            json!({ "ideaId": id }),
            "{ idea { supportCount } }",
        )
        .await;
    assert_eq!(other.code(), "NOT_FOUND");
}

#[tokio::test]
async fn bad_input_names_the_field_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let create = |input: serde_json::Value| {
        let app = &app;
        let token = sq.resident.clone();
        async move {
            app.mutate(Some(&token), "createIdea", input, "{ idea { id } }")
                .await
        }
    };
    let area = sq.neighbourhood.clone();
    let cases = [
        (
            json!({ "title": " ", "body": "x", "areaId": area }),
            "title",
        ),
        (
            json!({ "title": "x".repeat(121), "body": "x", "areaId": area }),
            "title",
        ),
        (
            json!({ "title": "Bankjes", "body": "  \n", "areaId": area }),
            "body",
        ),
        (
            json!({ "title": "Bankjes", "body": "x".repeat(20_001), "areaId": area }),
            "body",
        ),
        (
            json!({ "title": "Bankjes", "body": "x", "areaId": area, "tags": [""] }),
            "tags",
        ),
        (
            json!({ "title": "Bankjes", "body": "x", "areaId": area, "tags": ["x".repeat(31)] }),
            "tags",
        ),
        (
            json!({ "title": "Bankjes", "body": "x", "areaId": area,
                 "tags": (0..11).map(|i| format!("t{i}")).collect::<Vec<_>>() }),
            "tags",
        ),
        (
            json!({ "title": "Bankjes", "body": "x", "areaId": area,
                 "location": { "latitude": 95.0, "longitude": 4.0 } }),
            "location",
        ),
        (
            json!({ "title": "Bankjes", "body": "x", "areaId": "not-an-id" }),
            "areaId",
        ),
        (
            json!({ "title": "Bankjes", "body": "x", "areaId": uuid::Uuid::now_v7() }),
            "areaId",
        ),
    ];
    for (input, field) in cases {
        let response = create(input.clone()).await;
        assert_eq!(response.code(), "BAD_USER_INPUT", "{input}");
        assert_eq!(response.field(), Some(field), "{input}");
    }
    let none = app
        .gql_as(
            Some(&sq.resident),
            "{ ideas(authorId: null) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(none.data()["ideas"]["totalCount"], 0);

    let unknown = app
        .mutate(
            Some(&sq.resident),
            "publishIdea",
            json!({ "id": uuid::Uuid::now_v7() }),
            "{ idea { id } }",
        )
        .await;
    assert_eq!(unknown.code(), "NOT_FOUND");
    let anonymous = app
        .mutate(
            None,
            "createIdea",
            json!({ "title": "x", "body": "x", "areaId": area }),
            "{ idea { id } }",
        )
        .await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");
}

#[tokio::test]
async fn parallel_status_changes_land_exactly_once() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let id = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    let attempts = (0..12).map(|i| {
        let token = if i % 2 == 0 {
            &sq.professional
        } else {
            &sq.admin
        };
        app.mutate(
            Some(token),
            "setIdeaStatus",
            json!({ "id": id, "status": "UNDER_REVIEW" }),
            "{ idea { status } }",
        )
    });
    let responses = futures::future::join_all(attempts).await;
    let ok = responses
        .iter()
        .filter(|r| r.body.get("errors").is_none())
        .count();
    assert_eq!(ok, 1, "exactly one change lands");
    assert!(
        responses
            .iter()
            .filter(|r| r.body.get("errors").is_some())
            .all(|r| r.code() == "CONFLICT")
    );
    let history = app.gql(IDEA, json!({ "id": id })).await;
    let entries = history.data()["idea"]["statusHistory"]
        .as_array()
        .map(Vec::len);
    assert_eq!(entries, Some(3));
}

#[tokio::test]
async fn titles_and_names_refuse_direction_overrides_and_bodies_load_no_outside_images() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    // "Sanne \u{202E}nimda" reads as "Sanne admin".
    let registered = app
        .gql(
            "mutation($i: RegisterInput!) { register(input: $i) { token } }",
            json!({ "i": { "email": "sanne@plein.test", "password": plein_tests::PASSWORD,
                           "displayName": "Sanne \u{202E}nimda" } }),
        )
        .await;
    assert_eq!(
        (registered.code(), registered.field()),
        ("BAD_USER_INPUT", Some("displayName"))
    );
    for title in [
        "Bankje \u{202E}gnitsket",
        "Bankje \u{2066}x\u{2069}",
        "Bankje\u{200F}",
    ] {
        let created = app
            .mutate(
                Some(&sq.resident),
                "createIdea",
                json!({ "title": title, "body": "Een idee.", "areaId": sq.neighbourhood }),
                "{ idea { id } }",
            )
            .await;
        assert_eq!(
            (created.code(), created.field()),
            ("BAD_USER_INPUT", Some("title")),
            "{title:?}"
        );
    }
    let created = app
        .mutate(
            Some(&sq.resident),
            "createIdea",
            json!({ "title": "Bankje", "areaId": sq.neighbourhood,
                    "body": "Kijk: <img src=\"https://tracker.example/p.gif\">\n\n![foto](https://tracker.example/foto.jpg)" }),
            "{ idea { bodyHtml } }",
        )
        .await;
    let html = created.data()["createIdea"]["idea"]["bodyHtml"]
        .as_str()
        .expect("html")
        .to_owned();
    assert!(!html.contains("src="), "{html}");
    assert!(
        html.contains(
            r#"<a href="https://tracker.example/foto.jpg" rel="nofollow noopener">foto</a>"#
        ),
        "{html}"
    );
}
