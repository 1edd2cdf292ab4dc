//! Search on a real Meilisearch when things go wrong: the server killed while
//! residents write, a server too slow to answer, a refused key, and an index
//! a crashed reindex left behind. Each needs a Meilisearch (scripts/meili.sh
//! gives one); without it these say they were skipped.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use plein_tests::meili::{self, MeiliServer, MeiliTestIndex};
use plein_tests::{Square, TestApp};
use serde_json::{Value, json};

const SEARCH: &str = "query($q: String!, $first: Int) {
  search(query: $q, first: $first) { edges { node { ... on Idea { id } } } estimatedTotal }
}";

async fn publish(app: &TestApp, sq: &Square, title: &str) -> String {
    let response = app
        .mutate(
            Some(&sq.resident),
            "createIdea",
            json!({ "title": title, "body": "Voor de buurt.", "areaId": sq.neighbourhood }),
            "{ idea { id } }",
        )
        .await;
    let id = response.data()["createIdea"]["idea"]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    app.mutate(
        Some(&sq.resident),
        "publishIdea",
        json!({ "id": id }),
        "{ idea { id } }",
    )
    .await
    .data();
    id
}

async fn found(app: &TestApp, text: &str) -> BTreeSet<String> {
    let response = app.gql(SEARCH, json!({ "q": text, "first": 50 })).await;
    response.data()["search"]["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .map(|edge| edge["node"]["id"].as_str().expect("id").to_owned())
        .collect()
}

async fn healthz(app: &TestApp) -> Value {
    app.http
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .expect("healthz")
        .json()
        .await
        .expect("json")
}

#[tokio::test]
async fn writes_go_on_while_meilisearch_is_down_and_the_index_converges_after_restart() {
    let Some(mut server) = MeiliServer::start().await else {
        return;
    };
    let index = MeiliTestIndex::open(meili::config(server.url(), server.key.clone())).await;
    let app = TestApp::builder()
        .search(index.dyn_index())
        .keep(index)
        .spawn()
        .await;
    let sq = app.square().await;
    let mut written = BTreeSet::new();
    for n in 0..3 {
        written.insert(publish(&app, &sq, &format!("Plantenbak nummer {n}")).await);
    }
    app.drain_search().await;
    assert_eq!(found(&app, "plantenbak").await, written);

    server.kill();
    for n in 3..8 {
        written.insert(publish(&app, &sq, &format!("Plantenbak nummer {n}")).await);
    }
    assert!(app.drain_search().await > 0, "the jobs were tried");
    let response = app.gql(SEARCH, json!({ "q": "plantenbak" })).await;
    assert_eq!(response.code(), "SEARCH_UNAVAILABLE");
    let health = healthz(&app).await;
    assert_eq!(health["status"], "ok", "{health}");
    assert_eq!(health["search"]["up"], false, "{health}");
    assert_eq!(health["search"]["problem"], "unreachable", "{health}");

    server.resume().await;
    assert_eq!(healthz(&app).await["search"]["up"], true);
    // The retries are due within five seconds of the server's return.
    app.clock.advance(chrono::Duration::seconds(5));
    assert!(app.drain_search().await > 0);
    let pending = plein_storage::jobs::pending(
        &app.app.db.conn,
        <plein_app::search::SearchIndexJob as plein_app::jobs::BackgroundJob>::KIND,
    )
    .await
    .expect("pending");
    assert!(pending.is_empty(), "{pending:?}");

    // Nothing lost: the index holds exactly the published ideas.
    let in_database: BTreeSet<String> =
        plein_storage::ideas::all_after(&app.app.db.conn, None, 100)
            .await
            .expect("ideas")
            .into_iter()
            .map(|idea| idea.id.to_string())
            .collect();
    assert_eq!(in_database, written);
    assert_eq!(found(&app, "plantenbak").await, written);
    let response = app.gql(SEARCH, json!({ "q": "", "first": 50 })).await;
    assert_eq!(response.data()["search"]["estimatedTotal"], 8);
}

/// A server that takes connections and never answers.
async fn silent_server() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn a_meilisearch_too_slow_to_answer_gives_search_unavailable_in_bounded_time() {
    let Some(real) = meili::config_from_env() else {
        return;
    };
    let mut config = meili::config(silent_server().await, real.master_key);
    config.search_timeout = Duration::from_millis(300);
    let index = std::sync::Arc::new(
        plein_search::MeiliIndex::new(&config, &plein_search::Synonyms::dutch()).expect("client"),
    );
    let app = TestApp::builder().search(index).spawn().await;
    let sq = app.square().await;
    let started = Instant::now();
    let response = app.gql(SEARCH, json!({ "q": "plantenbak" })).await;
    assert_eq!(response.code(), "SEARCH_UNAVAILABLE");
    let response = app
        .gql(
            "query($t: String!) { similarIdeas(title: $t) { id } }",
            json!({ "t": "plantenbak" }),
        )
        .await;
    assert_eq!(response.code(), "SEARCH_UNAVAILABLE");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    // The rest of the square answers meanwhile.
    let response = app
        .gql(
            "query($id: ID!) { area(id: $id) { id } }",
            json!({ "id": sq.neighbourhood }),
        )
        .await;
    assert_eq!(response.data()["area"]["id"], sq.neighbourhood);
}

#[tokio::test]
async fn a_refused_key_shows_in_healthz_and_search_answers_search_unavailable() {
    let Some(real) = meili::config_from_env() else {
        return;
    };
    let config = meili::config(real.url, "not-the-key-0123456789".into());
    let index = std::sync::Arc::new(
        plein_search::MeiliIndex::new(&config, &plein_search::Synonyms::dutch()).expect("client"),
    );
    let err = plein_app::search::SearchIndex::ensure_ready(index.as_ref())
        .await
        .expect_err("the key is refused");
    assert!(
        matches!(err, plein_app::search::SearchError::Unauthorized(_)),
        "{err:?}"
    );
    let app = TestApp::builder().search(index).spawn().await;
    let health = healthz(&app).await;
    assert_eq!(health["status"], "ok", "{health}");
    assert_eq!(health["search"]["up"], false, "{health}");
    assert_eq!(health["search"]["problem"], "key refused", "{health}");
    let response = app.gql(SEARCH, json!({ "q": "plantenbak" })).await;
    assert_eq!(response.code(), "SEARCH_UNAVAILABLE");
}

#[tokio::test]
async fn the_next_reindex_cleans_up_what_a_crashed_one_left() {
    let Some(index) = MeiliTestIndex::from_env().await else {
        return;
    };
    let config = meili::config_from_env().expect("set");
    let left_over = format!("{}_rebuild", index.index.index_uid());
    // What a reindex killed halfway leaves: a second index with part of
    // the documents, and some that are no longer in the database.
    let http = reqwest::Client::new();
    let meili = |path: String| {
        http.post(format!("{}{path}", config.url))
            .bearer_auth(&config.master_key)
    };
    let task: Value = meili("/indexes".into())
        .json(&json!({ "uid": left_over, "primaryKey": "id" }))
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("task");
    assert!(task["taskUid"].is_number(), "{task}");
    meili(format!("/indexes/{left_over}/documents"))
        .json(&json!([{ "id": "00000000-0000-0000-0000-000000000bad", "kind": "idea", "title": "Spookidee" }]))
        .send()
        .await
        .expect("documents");

    let app = TestApp::builder()
        .search(index.dyn_index())
        .keep(index)
        .spawn()
        .await;
    let sq = app.square().await;
    let id = publish(&app, &sq, "Plantenbak bij de school").await;
    let count = app
        .app
        .reindex(app.search.as_ref(), |_| {})
        .await
        .expect("reindex");
    assert_eq!(count, 1);
    assert_eq!(found(&app, "plantenbak").await, BTreeSet::from([id]));
    assert!(found(&app, "spookidee").await.is_empty());
    let gone = http
        .get(format!("{}/indexes/{left_over}", config.url))
        .bearer_auth(&config.master_key)
        .send()
        .await
        .expect("get");
    assert_eq!(gone.status(), reqwest::StatusCode::NOT_FOUND);
}

/// An address where nothing listens: connections are refused at once.
async fn closed_port() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    format!("http://{addr}")
}

#[tokio::test]
async fn a_search_error_leaves_the_rest_of_the_query_its_data() {
    const MIXED: &str = "query($q: String!, $id: ID!) {
      area(id: $id) { id }
      search(query: $q) { estimatedTotal }
      similarIdeas(title: $q) { id }
    }";
    // No Meilisearch needed: one that is down and one that never answers.
    for (what, url) in [
        ("down", closed_port().await),
        ("slow", silent_server().await),
    ] {
        let mut config = meili::config(url, "a-key-nobody-checks-0123".into());
        config.search_timeout = Duration::from_millis(300);
        let index = std::sync::Arc::new(
            plein_search::MeiliIndex::new(&config, &plein_search::Synonyms::dutch())
                .expect("client"),
        );
        let app = TestApp::builder().search(index).spawn().await;
        let sq = app.square().await;
        let response = app
            .gql(MIXED, json!({ "q": "plantenbak", "id": sq.neighbourhood }))
            .await;
        assert_eq!(response.code(), "SEARCH_UNAVAILABLE", "{what}");
        let data = &response.body["data"];
        assert_eq!(data["area"]["id"], sq.neighbourhood, "{what}: {data}");
        assert!(data["search"].is_null(), "{what}: {data}");
        assert!(data["similarIdeas"].is_null(), "{what}: {data}");
        let errors = response.body["errors"].as_array().expect("errors");
        assert_eq!(errors.len(), 2, "{what}: {errors:?}");
    }
}
