//! Per-person and per-address limits on content writes, shared through the
//! database like the sign-in limits.

use std::time::Duration;

use plein_app::Limit;
use plein_tests::{TestApp, serde_json::json};
use sea_orm::{ConnectionTrait, Statement};

const CREATE: &str =
    "mutation($input: CreateIdeaInput!) { createIdea(input: $input) { idea { id } } }";
const SUPPORT: &str =
    "mutation($input: SupportIdeaInput!) { supportIdea(input: $input) { idea { supportCount } } }";

async fn count(t: &TestApp, sql: String) -> i64 {
    let backend = t.app.db.backend();
    t.app
        .db
        .conn
        .query_one_raw(Statement::from_string(backend, sql))
        .await
        .expect("query")
        .expect("row")
        .try_get_by_index::<i64>(0)
        .expect("count")
}

async fn idea_count(t: &TestApp) -> i64 {
    count(t, "SELECT COUNT(*) FROM ideas".to_owned()).await
}

fn idea_input(area: &str, n: usize) -> plein_tests::serde_json::Value {
    json!({ "input": { "areaId": area, "title": format!("Bankje nummer {n}"), "body": "Een bankje bij de speeltuin." } })
}

#[tokio::test]
async fn writes_are_limited_per_person_with_retry_after() {
    let t = TestApp::builder()
        .settings(|s| s.writes_per_user = Limit::new(3, Duration::from_secs(600)))
        .spawn()
        .await;
    let admin = t.admin().await;
    let area = t.area(&admin, "Molenwijk", "NEIGHBOURHOOD", None).await;
    let (fatima, _) = t.register("fatima@plein.test", "Fatima").await;
    let (jan, _) = t.register("jan@plein.test", "Jan").await;

    for n in 0..3 {
        t.gql_as(Some(&fatima), CREATE, idea_input(&area, n))
            .await
            .data();
    }
    let refused = t.gql_as(Some(&fatima), CREATE, idea_input(&area, 3)).await;
    assert_eq!(refused.code(), "RATE_LIMITED");
    let retry = refused.body["errors"][0]["extensions"]["retryAfter"]
        .as_u64()
        .expect("retryAfter");
    assert!((1..=600).contains(&retry), "{retry}");
    // Nothing was written by the refused request.
    assert_eq!(idea_count(&t).await, 3);

    // Other kinds of writes count against the same limit…
    let support = t
        .gql_as(
            Some(&fatima),
            SUPPORT,
            json!({ "input": { "ideaId": "00000000-0000-0000-0000-000000000000" } }),
        )
        .await;
    assert_eq!(support.code(), "RATE_LIMITED");

    // …another person is not affected…
    t.gql_as(Some(&jan), CREATE, idea_input(&area, 10))
        .await
        .data();

    // …and after the window the person can write again.
    t.clock.advance(chrono::Duration::minutes(11));
    t.gql_as(Some(&fatima), CREATE, idea_input(&area, 4))
        .await
        .data();

    // The counters of the window that ended are dropped; the new ones stay.
    let buckets = || count(&t, "SELECT COUNT(*) FROM rate_limits".to_owned());
    let before = buckets().await;
    let dropped = t.app.purge_rate_limits().await.expect("purge");
    assert!(dropped > 0);
    assert_eq!(buckets().await, before - dropped as i64);
    assert!(buckets().await > 0, "the live window's counters stay");
    assert_eq!(t.app.purge_rate_limits().await.expect("purge"), 0);
    // Fatima's count in this window goes on from where it was.
    t.gql_as(Some(&fatima), CREATE, idea_input(&area, 5))
        .await
        .data();
    t.gql_as(Some(&fatima), CREATE, idea_input(&area, 6))
        .await
        .data();
    let full = t.gql_as(Some(&fatima), CREATE, idea_input(&area, 7)).await;
    assert_eq!(full.code(), "RATE_LIMITED");
}

#[tokio::test]
async fn writes_are_limited_per_client_address() {
    let t = TestApp::builder()
        .settings(|s| s.writes_per_client = Limit::new(4, Duration::from_secs(600)))
        .spawn()
        .await;
    let admin = t.admin().await;
    let area = t.area(&admin, "Molenwijk", "NEIGHBOURHOOD", None).await;
    let (fatima, _) = t.register("fatima@plein.test", "Fatima").await;
    let (jan, _) = t.register("jan@plein.test", "Jan").await;
    for n in 0..2 {
        t.gql_as(Some(&fatima), CREATE, idea_input(&area, n))
            .await
            .data();
        t.gql_as(Some(&jan), CREATE, idea_input(&area, 10 + n))
            .await
            .data();
    }
    // Four writes from this address: the next one, by anyone, waits.
    let refused = t.gql_as(Some(&jan), CREATE, idea_input(&area, 20)).await;
    assert_eq!(refused.code(), "RATE_LIMITED");
    assert!(refused.body["errors"][0]["extensions"]["retryAfter"].is_u64());
}

#[tokio::test]
async fn comments_follows_and_publishing_count_as_writes() {
    let t = TestApp::builder()
        .settings(|s| s.writes_per_user = Limit::new(3, Duration::from_secs(600)))
        .spawn()
        .await;
    let admin = t.admin().await;
    let area = t.area(&admin, "Molenwijk", "NEIGHBOURHOOD", None).await;
    let (fatima, _) = t.register("fatima@plein.test", "Fatima").await;
    // create + publish: two writes.
    let idea = t.idea(&fatima, &area, "Een bankje").await;
    // A comment: the third.
    t.gql_as(
        Some(&fatima),
        "mutation($input: PostCommentInput!) { postComment(input: $input) { comment { id } } }",
        json!({ "input": { "subjectKind": "IDEA", "subjectId": idea, "body": "Graag!" } }),
    )
    .await
    .data();
    // Following is the fourth: refused.
    let follow = t
        .gql_as(
            Some(&fatima),
            "mutation($input: FollowInput!) { follow(input: $input) { subjectId } }",
            json!({ "input": { "subjectKind": "IDEA", "subjectId": idea } }),
        )
        .await;
    assert_eq!(follow.code(), "RATE_LIMITED", "{:?}", follow.body);
}
