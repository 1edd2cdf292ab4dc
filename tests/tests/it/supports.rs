//! Supports: one per person, idempotent, exact under parallel requests, and
//! the area threshold that puts an idea under review.

use plein_tests::{TestApp, serde_json::json};
use sea_orm::{ConnectionTrait, Statement};

const SUPPORT: &str = "mutation($input: SupportIdeaInput!) { supportIdea(input: $input) { idea { supportCount viewerHasSupported } } }";
const COUNT: &str = "query($id: ID!) { idea(id: $id) { supportCount status } }";

/// Many residents register from one address in these tests.
async fn spawn() -> TestApp {
    TestApp::builder()
        .settings(|s| {
            s.register_per_client =
                plein_app::Limit::new(1_000, std::time::Duration::from_secs(3600))
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

#[tokio::test]
async fn parallel_supports_from_many_people_and_from_one_are_counted_exactly() {
    let app = spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;

    let mut tokens = Vec::new();
    for i in 0..60 {
        tokens.push(
            app.register(&format!("buur{i}@plein.test"), &format!("Buur {i}"))
                .await
                .0,
        );
    }
    let many = tokens
        .iter()
        .map(|token| app.gql_as(Some(token), SUPPORT, json!({ "input": { "ideaId": idea } })));
    for response in futures::future::join_all(many).await {
        response.data();
    }
    // One person, sixty times at once: still one support.
    let same = (0..60).map(|_| {
        app.gql_as(
            Some(&sq.neighbour),
            SUPPORT,
            json!({ "input": { "ideaId": idea } }),
        )
    });
    for response in futures::future::join_all(same).await {
        assert_eq!(
            response.data()["supportIdea"]["idea"]["viewerHasSupported"],
            true
        );
    }
    let count = app.gql(COUNT, json!({ "id": idea })).await;
    assert_eq!(count.data()["idea"]["supportCount"], 61);
    assert_eq!(rows(&app, "SELECT COUNT(*) FROM supports").await, 61);

    // Unsupporting in parallel is exact and idempotent too.
    let undo = tokens.iter().take(30).flat_map(|token| {
        let input = json!({ "input": { "ideaId": idea } });
        [
            app.gql_as(Some(token), "mutation($input: UnsupportIdeaInput!) { unsupportIdea(input: $input) { idea { id } } }", input.clone()),
            app.gql_as(Some(token), "mutation($input: UnsupportIdeaInput!) { unsupportIdea(input: $input) { idea { id } } }", input),
        ]
    });
    for response in futures::future::join_all(undo).await {
        response.data();
    }
    let count = app.gql(COUNT, json!({ "id": idea })).await;
    assert_eq!(count.data()["idea"]["supportCount"], 31);
    assert_eq!(rows(&app, "SELECT COUNT(*) FROM supports").await, 31);
}

#[tokio::test]
async fn the_threshold_is_inherited_and_crossed_exactly_once() {
    let app = spawn().await;
    let sq = app.square().await;
    // Set on the district; the idea lives in a neighbourhood beneath it.
    let set = app
        .mutate(
            Some(&sq.admin),
            "setAreaSupportThreshold",
            json!({ "areaId": sq.district, "threshold": 5 }),
            "{ area { supportThreshold } }",
        )
        .await;
    assert_eq!(
        set.data()["setAreaSupportThreshold"]["area"]["supportThreshold"],
        5
    );
    let inherited = app
        .gql(
            "query($id: ID!) { area(id: $id) { supportThreshold effectiveSupportThreshold } }",
            json!({ "id": sq.neighbourhood }),
        )
        .await;
    assert_eq!(
        inherited.data()["area"],
        json!({ "supportThreshold": null, "effectiveSupportThreshold": 5 })
    );
    let forbidden = app
        .mutate(
            Some(&sq.professional),
            "setAreaSupportThreshold",
            json!({ "areaId": sq.district, "threshold": 1 }),
            "{ area { id } }",
        )
        .await;
    assert_eq!(forbidden.code(), "FORBIDDEN");

    // The professional works in the district; the event names them.
    app.mutate(
        Some(&sq.professional),
        "updateProfile",
        json!({ "homeAreaId": sq.district }),
        "{ user { id } }",
    )
    .await
    .data();
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    let mut tokens = Vec::new();
    for i in 0..12 {
        tokens.push(
            app.register(&format!("buur{i}@plein.test"), &format!("Buur {i}"))
                .await
                .0,
        );
    }
    let all = tokens
        .iter()
        .map(|token| app.gql_as(Some(token), SUPPORT, json!({ "input": { "ideaId": idea } })));
    for response in futures::future::join_all(all).await {
        response.data();
    }
    let after = app
        .gql(
            "query($id: ID!) { idea(id: $id) { supportCount status statusHistory { from to reason actor { id } } } }",
            json!({ "id": idea }),
        )
        .await;
    let idea_data = &after.data()["idea"];
    assert_eq!(idea_data["supportCount"], 12);
    assert_eq!(idea_data["status"], "UNDER_REVIEW");
    let history = idea_data["statusHistory"].as_array().expect("history");
    assert_eq!(history.len(), 3, "{history:?}");
    assert_eq!(
        history[2],
        json!({ "from": "PUBLISHED", "to": "UNDER_REVIEW", "reason": "5 supports reached", "actor": null })
    );
    assert_eq!(
        rows(
            &app,
            "SELECT COUNT(*) FROM jobs WHERE kind = 'idea.threshold_reached'"
        )
        .await,
        1
    );
}

#[tokio::test]
async fn supports_need_a_visible_supportable_idea_and_a_signed_in_person() {
    let app = spawn().await;
    let sq = app.square().await;
    let draft = app
        .draft_idea(&sq.resident, &sq.neighbourhood, "Concept")
        .await;
    let anonymous = app
        .gql(SUPPORT, json!({ "input": { "ideaId": draft } }))
        .await;
    assert_eq!(anonymous.code(), "UNAUTHENTICATED");
    let hidden = app
        .gql_as(
            Some(&sq.neighbour),
            SUPPORT,
            json!({ "input": { "ideaId": draft } }),
        )
        .await;
    assert_eq!(hidden.code(), "NOT_FOUND");
    let own_draft = app
        .gql_as(
            Some(&sq.resident),
            SUPPORT,
            json!({ "input": { "ideaId": draft } }),
        )
        .await;
    assert_eq!(own_draft.code(), "CONFLICT");
    let bad = app
        .gql_as(
            Some(&sq.resident),
            SUPPORT,
            json!({ "input": { "ideaId": "nope" } }),
        )
        .await;
    assert_eq!(bad.code(), "BAD_USER_INPUT");
    assert_eq!(bad.field(), Some("ideaId"));
    assert_eq!(rows(&app, "SELECT COUNT(*) FROM supports").await, 0);
}

#[tokio::test]
async fn the_database_itself_refuses_a_second_support() {
    use plein_storage::entities::supports;
    use sea_orm::{ActiveValue::Set, EntityTrait};

    let app = spawn().await;
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    let row = || supports::ActiveModel {
        idea_id: Set(idea.parse().expect("uuid")),
        user_id: Set(sq.neighbour_id.parse().expect("uuid")),
        created_at: Set(chrono::Utc::now()),
        acted_by: Set(None),
        mandate_id: Set(None),
    };
    supports::Entity::insert(row())
        .exec_without_returning(&app.app.db.conn)
        .await
        .expect("first support");
    let err = supports::Entity::insert(row())
        .exec_without_returning(&app.app.db.conn)
        .await
        .expect_err("second support");
    assert!(matches!(
        plein_storage::StorageError::from(err),
        plein_storage::StorageError::Unique(plein_storage::Constraint::SupportIdeaUser)
    ));
}
