//! Plans: the feedback window, questions and answers, ideas taken up (shown
//! on both sides) and the official response.

use plein_tests::{TestApp, serde_json::json};

const PLAN: &str = "query($id: ID!) { plan(id: $id) {
    title status feedbackOpen ideaCount commentCount officialResponse officialResponseHtml
    ideas { title plans { title } }
    questions { id prompt answerCount viewerAnswer { body } }
} }";

#[tokio::test]
async fn a_plan_takes_feedback_only_while_its_window_is_open() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let plan = app
        .plan(&sq.professional, &sq.district, "Groen plein")
        .await;
    let data = app
        .gql_as(Some(&sq.resident), PLAN, json!({ "id": plan }))
        .await;
    let question = data.data()["plan"]["questions"][0]["id"]
        .as_str()
        .expect("question")
        .to_owned();
    assert_eq!(data.data()["plan"]["feedbackOpen"], true);

    app.comment(&sq.resident, "PLAN", &plan, None).await;
    let answer = app
        .mutate(
            Some(&sq.resident),
            "answerPlanQuestion",
            json!({ "questionId": question, "body": "Meer bomen graag" }),
            "{ answer { body author { displayName } } }",
        )
        .await;
    assert_eq!(
        answer.data()["answerPlanQuestion"]["answer"]["author"]["displayName"],
        "Fatima"
    );
    app.mutate(
        Some(&sq.resident),
        "answerPlanQuestion",
        json!({ "questionId": question, "body": "Meer bomen en bankjes" }),
        "{ answer { body } }",
    )
    .await
    .data();
    let data = app
        .gql_as(Some(&sq.resident), PLAN, json!({ "id": plan }))
        .await;
    assert_eq!(data.data()["plan"]["questions"][0]["answerCount"], 1);
    assert_eq!(
        data.data()["plan"]["questions"][0]["viewerAnswer"]["body"],
        "Meer bomen en bankjes"
    );
    assert_eq!(data.data()["plan"]["commentCount"], 1);

    // Answers as a list are for professionals and admins.
    let answers = "query($id: ID!) { plan(id: $id) { questions { answers { totalCount edges { node { body } } } } } }";
    let denied = app
        .gql_as(Some(&sq.neighbour), answers, json!({ "id": plan }))
        .await;
    assert_eq!(denied.code(), "FORBIDDEN");
    let seen = app
        .gql_as(Some(&sq.professional), answers, json!({ "id": plan }))
        .await;
    assert_eq!(
        seen.data()["plan"]["questions"][0]["answers"]["totalCount"],
        1
    );

    // The official response waits for the window to close.
    let early = app
        .mutate(
            Some(&sq.professional),
            "respondToPlan",
            json!({ "planId": plan, "response": "We planten bomen." }),
            "{ plan { id } }",
        )
        .await;
    assert_eq!(early.code(), "CONFLICT");

    app.clock.advance(chrono::Duration::days(8));
    let late = app
        .mutate(
            Some(&sq.neighbour),
            "postComment",
            json!({ "subjectKind": "PLAN", "subjectId": plan, "body": "Te laat?" }),
            "{ comment { id } }",
        )
        .await;
    assert_eq!(late.code(), "CONFLICT");
    assert_eq!(late.field(), Some("subjectId"));
    let message = late.body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(message.contains("feedback window"), "{message}");
    let late_answer = app
        .mutate(
            Some(&sq.neighbour),
            "answerPlanQuestion",
            json!({ "questionId": question, "body": "Te laat" }),
            "{ answer { id } }",
        )
        .await;
    assert_eq!(late_answer.code(), "CONFLICT");

    let responded = app
        .mutate(
            Some(&sq.professional),
            "respondToPlan",
            json!({ "planId": plan, "response": "We planten **twintig** bomen." }),
            "{ plan { officialResponse officialResponseHtml feedbackOpen } }",
        )
        .await;
    let plan_data = &responded.data()["respondToPlan"]["plan"];
    assert_eq!(plan_data["feedbackOpen"], false);
    assert_eq!(
        plan_data["officialResponseHtml"],
        "<p>We planten <strong>twintig</strong> bomen.</p>\n"
    );
    let not_author = app
        .mutate(
            Some(&sq.neighbour),
            "respondToPlan",
            json!({ "planId": plan, "response": "Nee" }),
            "{ plan { id } }",
        )
        .await;
    assert_eq!(not_author.code(), "FORBIDDEN");
    let no_write = app.gql(PLAN, json!({ "id": plan })).await;
    assert_eq!(no_write.data()["plan"]["commentCount"], 1);
}

#[tokio::test]
async fn plans_take_up_ideas_and_both_sides_show_it() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let plan = app
        .plan(&sq.professional, &sq.district, "Groen plein")
        .await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bomen").await;
    let draft = app
        .draft_idea(&sq.resident, &sq.neighbourhood, "Geheim")
        .await;
    for _ in 0..2 {
        app.mutate(
            Some(&sq.professional),
            "linkIdeaToPlan",
            json!({ "planId": plan, "ideaId": idea }),
            "{ plan { ideaCount } }",
        )
        .await
        .data();
    }
    let hidden = app
        .mutate(
            Some(&sq.professional),
            "linkIdeaToPlan",
            json!({ "planId": plan, "ideaId": draft }),
            "{ plan { ideaCount } }",
        )
        .await;
    assert_eq!(hidden.code(), "BAD_USER_INPUT");
    assert_eq!(hidden.field(), Some("ideaId"));
    let data = app.gql(PLAN, json!({ "id": plan })).await;
    assert_eq!(data.data()["plan"]["ideaCount"], 1);
    assert_eq!(
        data.data()["plan"]["ideas"],
        json!([{ "title": "Bomen", "plans": [{ "title": "Groen plein" }] }])
    );
    app.mutate(
        Some(&sq.professional),
        "unlinkIdeaFromPlan",
        json!({ "planId": plan, "ideaId": idea }),
        "{ plan { ideaCount } }",
    )
    .await
    .data();
    let idea_side = app
        .gql(
            "query($id: ID!) { idea(id: $id) { plans { title } } }",
            json!({ "id": idea }),
        )
        .await;
    assert_eq!(idea_side.data()["idea"]["plans"], json!([]));
}

#[tokio::test]
async fn plan_statuses_move_forward_and_drafts_stay_private() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let now = app.clock_now();
    let created = app
        .mutate(
            Some(&sq.professional),
            "createPlan",
            json!({ "title": "Concept", "description": "Nog niet klaar", "areaId": sq.district,
                    "feedbackOpensAt": now, "feedbackClosesAt": now + chrono::Duration::days(3) }),
            "{ plan { id status } }",
        )
        .await;
    let plan = created.data()["createPlan"]["plan"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    assert!(app.gql(PLAN, json!({ "id": plan })).await.data()["plan"].is_null());
    let comment = app
        .mutate(
            Some(&sq.resident),
            "postComment",
            json!({ "subjectKind": "PLAN", "subjectId": plan, "body": "Hallo" }),
            "{ comment { id } }",
        )
        .await;
    assert_eq!(comment.code(), "NOT_FOUND");
    let set = |status: &'static str| {
        let app = &app;
        let plan = plan.clone();
        let token = sq.professional.clone();
        async move {
            app.mutate(
                Some(&token),
                "setPlanStatus",
                json!({ "id": plan, "status": status }),
                "{ plan { status } }",
            )
            .await
        }
    };
    set("DECIDED").await.data();
    assert_eq!(set("CONSULTING").await.code(), "CONFLICT");
    set("CANCELLED").await.data();
    assert_eq!(set("DONE").await.code(), "CONFLICT");

    let bad_window = app
        .mutate(
            Some(&sq.professional),
            "createPlan",
            json!({ "title": "Plan", "description": "x", "areaId": sq.district,
                    "feedbackOpensAt": now, "feedbackClosesAt": now }),
            "{ plan { id } }",
        )
        .await;
    assert_eq!(bad_window.code(), "BAD_USER_INPUT");
    assert_eq!(bad_window.field(), Some("feedbackClosesAt"));
    let too_many = app
        .mutate(
            Some(&sq.professional),
            "createPlan",
            json!({ "title": "Plan", "description": "x", "areaId": sq.district,
                    "feedbackOpensAt": now, "feedbackClosesAt": now + chrono::Duration::days(1),
                    "questions": (0..11).map(|i| format!("Vraag {i}")).collect::<Vec<_>>() }),
            "{ plan { id } }",
        )
        .await;
    assert_eq!(too_many.field(), Some("questions"));
    let listed = app
        .gql_as(Some(&sq.admin), "{ plans { totalCount } }", json!({}))
        .await;
    assert_eq!(
        listed.data()["plans"]["totalCount"],
        1,
        "nothing half written"
    );
}
