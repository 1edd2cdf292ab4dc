//! Typed columns: a stored status, role or kind that is no value of its type
//! is an error that names the column, never a silent default.

use plein_app::{Actor, AppError};
use plein_tests::TestApp;
use sea_orm::ConnectionTrait;
use serde_json::json;
use uuid::Uuid;

const IDEA: &str = "query($id: ID!) { idea(id: $id) { id status tags } }";
const IDEAS: &str = "{ ideas(first: 10) { edges { node { id status } } } }";

/// Writes `sql` straight into the test's database, past the application.
async fn corrupt(app: &TestApp, sql: &str) {
    app.app
        .db
        .conn
        .execute_unprepared(sql)
        .await
        .expect("raw update");
}

/// The detail an `INTERNAL` answer logs, from the use case itself.
async fn internal_detail(app: &TestApp, id: &str) -> String {
    let id: Uuid = id.parse().expect("uuid");
    match app.app.idea(&Actor::default(), id).await {
        Err(AppError::Internal(detail)) => detail,
        other => panic!("expected an internal error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_unknown_idea_status_answers_internal_and_names_the_column() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let id = app
        .idea(&sq.resident, &sq.neighbourhood, "Bankjes op het plein")
        .await;
    let before = app.gql(IDEA, json!({ "id": id })).await;
    assert_eq!(before.data()["idea"]["status"], "PUBLISHED");

    corrupt(&app, "UPDATE ideas SET status = 'bogus'").await;

    // Not a draft (which would hide it) nor any other default: an error.
    let one = app.gql(IDEA, json!({ "id": id })).await;
    assert_eq!(one.code(), "INTERNAL", "{}", one.body);
    assert!(one.body["data"]["idea"].is_null(), "{}", one.body);
    assert_eq!(one.body["errors"][0]["message"], "internal error");
    let list = app.gql(IDEAS, json!({})).await;
    assert_eq!(list.code(), "INTERNAL", "{}", list.body);

    let detail = internal_detail(&app, &id).await;
    assert!(
        detail.contains("column status")
            && detail.contains("\"bogus\"")
            && detail.contains("IdeaStatus"),
        "{detail}"
    );
}

#[tokio::test]
async fn tags_that_are_no_list_of_strings_answer_internal_and_name_the_column() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let id = app
        .idea(&sq.resident, &sq.neighbourhood, "Bankjes op het plein")
        .await;

    corrupt(&app, r#"UPDATE ideas SET tags = '{"groen": true}'"#).await;

    let one = app.gql(IDEA, json!({ "id": id })).await;
    assert_eq!(one.code(), "INTERNAL", "{}", one.body);
    let detail = internal_detail(&app, &id).await;
    assert!(detail.contains("tags"), "{detail}");
}

#[tokio::test]
async fn an_unknown_role_is_no_resident() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;

    corrupt(
        &app,
        "UPDATE users SET role = 'overlord' WHERE email = 'jan@plein.test'",
    )
    .await;

    // Jan's session can no longer be read as anyone: the request fails
    // instead of going on as a resident.
    let me = app
        .gql_as(Some(&sq.neighbour), "{ me { id role } }", json!({}))
        .await;
    assert_eq!(
        me.status,
        reqwest::StatusCode::INTERNAL_SERVER_ERROR,
        "{}",
        me.body
    );
    assert_eq!(me.code(), "INTERNAL", "{}", me.body);
    let others = app
        .gql_as(Some(&sq.resident), "{ me { role } }", json!({}))
        .await;
    assert_eq!(others.data()["me"]["role"], "RESIDENT");
}
