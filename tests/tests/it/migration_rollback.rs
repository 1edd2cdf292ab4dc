//! The latest migrations (moderation, deleted accounts, mandates, bytewise
//! area paths, budget rounds, places, budget project threads) roll back and apply again on both databases, with data in
//! their tables and columns.

use plein_migrations::{Migrator, MigratorTrait};
use plein_tests::TestApp;

#[tokio::test]
async fn the_latest_migrations_roll_back_and_forward() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    app.comment(&sq.neighbour, "IDEA", &idea, None).await;
    // Mandates, and records made under one.
    app.mutate(
        Some(&sq.resident),
        "grantMandate",
        plein_tests::serde_json::json!({ "delegateId": sq.neighbour_id, "actions": ["COMMENT", "SUPPORT"],
            "validUntil": app.clock_now() + chrono::Duration::days(7) }),
        "{ mandate { id } }",
    )
    .await
    .data();
    app.mutate(
        Some(&sq.neighbour),
        "supportIdea",
        plein_tests::serde_json::json!({ "ideaId": idea, "onBehalfOf": sq.resident_id }),
        "{ idea { id } }",
    )
    .await
    .data();
    app.mutate(
        Some(&sq.neighbour),
        "postComment",
        plein_tests::serde_json::json!({ "subjectKind": "IDEA", "subjectId": idea, "body": "Namens Fatima.",
            "onBehalfOf": sq.resident_id }),
        "{ comment { id } }",
    )
    .await
    .data();
    app.drain_notifications().await;
    app.app.unsubscribe_key().await.expect("key");
    let group = app
        .mutate(
            Some(&sq.resident),
            "createGroup",
            plein_tests::serde_json::json!({ "name": "Groen", "purpose": "Meer groen.",
                "areaId": sq.neighbourhood, "visibility": "PUBLIC", "joinPolicy": "OPEN" }),
            "{ group { id } }",
        )
        .await;
    let group = group.data()["createGroup"]["group"]["id"].clone();
    app.mutate(
        Some(&sq.resident),
        "saveTask",
        plein_tests::serde_json::json!({ "groupId": group, "title": "Zaaien" }),
        "{ task { id } }",
    )
    .await
    .data();
    app.mutate(
        Some(&sq.neighbour),
        "report",
        plein_tests::serde_json::json!({ "subjectKind": "IDEA", "subjectId": idea, "reason": "Klopt niet." }),
        "{ report { id } }",
    )
    .await
    .data();
    app.mutate(
        Some(&sq.moderator),
        "setHidden",
        plein_tests::serde_json::json!({ "subjectKind": "IDEA", "subjectId": idea, "hidden": true, "reason": "Klopt niet." }),
        "{ done }",
    )
    .await
    .data();
    app.mutate(
        Some(&sq.neighbour),
        "deleteMyAccount",
        plein_tests::serde_json::json!({ "password": plein_tests::PASSWORD }),
        "{ deleted }",
    )
    .await
    .data();
    let conn = &app.app.db.conn;
    let last = Migrator::migrations().len();
    // Street reports, budget project threads, budget results, places,
    // budget rounds, area paths, mandates, deleted accounts, then moderation.
    Migrator::down(conn, Some(9)).await.expect("roll back");
    assert_eq!(
        Migrator::get_pending_migrations(conn)
            .await
            .expect("pending")
            .len(),
        9
    );
    Migrator::up(conn, None).await.expect("apply again");
    assert_eq!(
        Migrator::get_applied_migrations(conn)
            .await
            .expect("applied")
            .len(),
        last
    );
    // The schema works again: ideas, groups and tasks stay; reports start empty.
    let response = app
        .gql_as(
            Some(&sq.resident),
            "query($id: ID!, $area: ID!) { ideas { totalCount } inArea: ideas(areaId: $area) { nodes { id } } idea(id: $id) { viewerFollows supportCount commentCount groups { id } } groups { totalCount } myTasks { totalCount } me { mandatesGiven { id } } }",
            plein_tests::serde_json::json!({ "id": idea, "area": sq.municipality }),
        )
        .await;
    assert_eq!(response.data()["ideas"]["totalCount"], 1);
    assert_eq!(
        response.data()["inArea"]["nodes"],
        plein_tests::serde_json::json!([{ "id": idea }])
    );
    assert_eq!(response.data()["idea"]["viewerFollows"], true);
    assert_eq!(response.data()["groups"]["totalCount"], 1);
    assert_eq!(response.data()["myTasks"]["totalCount"], 0);
    // Supports and comments made under a mandate stay, as the grantor's; the
    // mandates themselves start empty.
    assert_eq!(response.data()["idea"]["supportCount"], 1);
    assert_eq!(response.data()["idea"]["commentCount"], 2);
    assert_eq!(
        response.data()["me"]["mandatesGiven"],
        plein_tests::serde_json::json!([])
    );
    let queue = app
        .gql_as(
            Some(&sq.moderator),
            "{ moderationQueue { totalCount } }",
            plein_tests::serde_json::json!({}),
        )
        .await;
    assert_eq!(queue.data()["moderationQueue"]["totalCount"], 0);
}
