//! What the operator relies on: `/healthz` says the process lives, `/readyz`
//! says whether every part it needs answers; a stopping server answers what
//! is in flight and closes kept-alive connections; a database a newer Plein
//! migrated is refused.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use plein_api::{ApiConfig, Draining, MailCheck};
use plein_app::Limit;
use plein_app::operations::{DataFolder, restore};
use plein_mail::{FolderMailer, SmtpMailer};
use plein_storage::entities::ideas;
use plein_tests::TestApp;
use plein_tests::serde_json::{Value, json};
use plein_tests::smtp::free_port;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, JsonValue, QueryFilter,
    Statement,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn get(t: &TestApp, path: &str) -> (u16, Value) {
    let response = t.http.get(t.url(path)).send().await.expect(path);
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

#[tokio::test]
async fn readyz_names_the_part_that_fails_and_healthz_stays_alive() {
    let folder = tempfile::tempdir().expect("tempdir");
    let mailer =
        Arc::new(FolderMailer::new(folder.path(), "Plein <noreply@plein.test>").expect("mailer"));
    let t = TestApp::builder()
        .api(|api| api.mail = Some(MailCheck(mailer)))
        .spawn()
        .await;
    let (status, body) = get(&t, "/readyz").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "ready");
    assert_eq!(body["failing"], plein_tests::serde_json::json!([]));
    assert_eq!(body["mail"]["backend"], "folder");

    // A database migrated by a newer Plein: not ready, though alive.
    t.app
        .db
        .conn
        .execute_unprepared(
            "INSERT INTO seaql_migrations (version, applied_at) \
             VALUES ('m29990101_000001_from_the_future', 0)",
        )
        .await
        .expect("insert");
    let (status, body) = get(&t, "/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(
        body["failing"],
        plein_tests::serde_json::json!(["database"])
    );
    assert_eq!(body["database"]["problem"], "schema newer than this server");
    let (status, body) = get(&t, "/healthz").await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn readyz_fails_when_the_mail_relay_does_not_answer() {
    let nobody = format!("smtp://127.0.0.1:{}", free_port());
    let mailer = Arc::new(SmtpMailer::new(&nobody, "Plein <noreply@plein.test>").expect("mailer"));
    let t = TestApp::builder()
        .api(|api| api.mail = Some(MailCheck(mailer)))
        .spawn()
        .await;
    let (status, body) = get(&t, "/readyz").await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["failing"], plein_tests::serde_json::json!(["mail"]));
    assert_eq!(body["mail"]["ready"], false);
    assert_eq!(body["database"]["ready"], true);
    assert_eq!(body["search"]["ready"], true);
    let (status, _) = get(&t, "/healthz").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_newer_database_is_refused_with_a_clear_message() {
    let t = TestApp::spawn().await;
    let db = plein_storage::connect(&t.database_url, 2)
        .await
        .expect("connect");
    let state = plein_storage::schema_state(&db).await.expect("state");
    assert!(state.is_current(), "{state:?}");
    db.conn
        .execute_unprepared(
            "INSERT INTO seaql_migrations (version, applied_at) \
             VALUES ('m29990101_000001_from_the_future', 0)",
        )
        .await
        .expect("insert");
    let state = plein_storage::schema_state(&db).await.expect("state");
    assert_eq!(state.unknown, vec!["m29990101_000001_from_the_future"]);
    let err = plein_storage::migrate(&db).await.expect_err("refused");
    let message = err.to_string();
    assert!(
        message.contains("newer version of Plein") && message.contains("from_the_future"),
        "{message}"
    );
}

/// One raw HTTP/1.1 request on `stream`, kept alive; answers the status line.
async fn raw_get(stream: &mut tokio::net::TcpStream, path: &str) -> String {
    stream
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: plein\r\n\r\n").as_bytes())
        .await
        .expect("write");
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    // Reads until the headers and the (short) body are in.
    loop {
        let n = stream.read(&mut buf).await.expect("read");
        assert!(n > 0, "closed before answering");
        seen.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&seen);
        if let Some(end) = text.find("\r\n\r\n") {
            let length: usize = text[..end]
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-length: ")
                        .map(|v| v.trim().parse().unwrap_or(0))
                })
                .unwrap_or(0);
            if seen.len() >= end + 4 + length {
                return text.lines().next().unwrap_or_default().to_owned();
            }
        }
    }
}

#[tokio::test]
async fn stopping_answers_requests_in_flight_and_closes_idle_connections() {
    let t = TestApp::spawn().await;
    let draining = Draining::default();
    let api = ApiConfig {
        draining: draining.clone(),
        ..ApiConfig::default()
    };
    let router = plein_api::router(t.app.clone(), api).merge(axum::Router::new().route(
        "/slow",
        axum::routing::get(|| async {
            tokio::time::sleep(Duration::from_millis(800)).await;
            "done"
        }),
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(plein_api::serve(
        listener,
        router,
        draining,
        Duration::from_millis(300),
        async {
            let _ = stopped.await;
        },
    ));
    let base = format!("http://{addr}");

    // A kept-alive connection, idle when the stop comes.
    let mut idle = tokio::net::TcpStream::connect(addr).await.expect("connect");
    assert!(raw_get(&mut idle, "/healthz").await.contains("200"));

    // A slow request in flight when the stop comes.
    let http = reqwest::Client::new();
    let slow = tokio::spawn({
        let http = http.clone();
        let url = format!("{base}/slow");
        async move {
            let response = http.get(url).send().await.expect("answered");
            (
                response.status().as_u16(),
                response.text().await.expect("body"),
            )
        }
    });
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.send(()).expect("stop");
    tokio::time::sleep(Duration::from_millis(50)).await;

    // While draining: still answering, but not ready, and closing.
    let response = reqwest::Client::new()
        .get(format!("{base}/readyz"))
        .send()
        .await
        .expect("readyz while draining");
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(
        response
            .headers()
            .get("connection")
            .map(|v| v.to_str().unwrap_or_default()),
        Some("close")
    );
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["status"], "draining");

    assert_eq!(slow.await.expect("slow"), (200, "done".to_owned()));
    tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("the server stops once drained")
        .expect("task")
        .expect("serve");
    // The idle connection was closed cleanly (end of stream), not left open.
    let mut buf = [0u8; 64];
    let n = tokio::time::timeout(Duration::from_secs(1), idle.read(&mut buf))
        .await
        .expect("closed")
        .unwrap_or(0);
    assert_eq!(n, 0);
}

/// Every row of every table, each as one JSON text, sorted.
async fn dump(db: &impl ConnectionTrait) -> BTreeMap<String, Vec<String>> {
    let backend = db.get_database_backend();
    let tables_sql = match backend {
        DbBackend::Postgres => {
            "SELECT table_name AS name FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    };
    let tables = db
        .query_all_raw(Statement::from_string(backend, tables_sql))
        .await
        .expect("tables");
    let mut dump = BTreeMap::new();
    for row in tables {
        let table: String = row.try_get("", "name").expect("name");
        let rows = JsonValue::find_by_statement(Statement::from_string(
            backend,
            format!("SELECT * FROM \"{table}\""),
        ))
        .all(db)
        .await
        .unwrap_or_else(|e| panic!("{table}: {e}"));
        let mut rows: Vec<String> = rows.iter().map(ToString::to_string).collect();
        rows.sort();
        dump.insert(table, rows);
    }
    dump
}

#[tokio::test]
async fn a_backup_under_write_load_restores_everything_written_before_it() {
    let t = Arc::new(
        TestApp::builder()
            .settings(|s| {
                s.writes_per_user = Limit::new(100_000, Duration::from_secs(600));
                s.writes_per_client = Limit::new(100_000, Duration::from_secs(600));
            })
            .spawn()
            .await,
    );
    let sq = t.square().await;
    let idea = t.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    t.comment(&sq.neighbour, "IDEA", &idea, None).await;
    t.mutate(
        Some(&sq.neighbour),
        "supportIdea",
        json!({ "ideaId": idea }),
        "{ idea { id } }",
    )
    .await
    .data();
    let data = tempfile::tempdir().expect("data folder");
    std::fs::create_dir_all(data.path().join("mail/2026")).expect("mkdir");
    std::fs::write(
        data.path().join("mail/2026/one.eml"),
        "Subject: hallo\r\n\r\nhoi",
    )
    .expect("write");
    std::fs::write(data.path().join("notes.txt"), "bewaren").expect("write");
    std::fs::create_dir_all(data.path().join("search")).expect("mkdir");
    std::fs::write(data.path().join("search/segment"), "index").expect("write");
    let before = dump(&t.app.db.conn).await;

    // A writer keeps drafting ideas while the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let writer = tokio::spawn({
        let (t, stop, acknowledged) = (t.clone(), stop.clone(), acknowledged.clone());
        let (token, area) = (sq.neighbour.clone(), sq.neighbourhood.clone());
        async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                n += 1;
                let id = t
                    .draft_idea(&token, &area, &format!("Idee nummer {n}"))
                    .await;
                acknowledged.lock().expect("lock").push(id);
            }
        }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let acknowledged_before = acknowledged.lock().expect("lock").clone();
    assert!(!acknowledged_before.is_empty(), "the writer writes");
    let backup = tempfile::tempdir().expect("backup folder");
    let folder = DataFolder {
        dir: data.path().to_path_buf(),
        skip: vec![data.path().join("search")],
    };
    let report = t
        .app
        .backup(&t.database_url, &folder, &backup.path().join("b"))
        .await
        .expect("backup");
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::Relaxed);
    writer.await.expect("writer");
    let written = acknowledged.lock().expect("lock").len();
    assert!(
        written > acknowledged_before.len(),
        "the writer wrote during the backup"
    );
    assert_eq!(report.files, 2);

    // A second backup into the same folder is refused.
    assert!(
        t.app
            .backup(&t.database_url, &folder, &backup.path().join("b"))
            .await
            .is_err()
    );

    let (url, _guard) = plein_tests::fresh_database().await;
    let restored_data = tempfile::tempdir().expect("restored data");
    let restored = restore(&backup.path().join("b"), &url, restored_data.path(), false)
        .await
        .expect("restore");
    assert_eq!(restored.files, 2);
    assert_eq!(
        std::fs::read_to_string(restored_data.path().join("mail/2026/one.eml")).expect("mail"),
        "Subject: hallo\r\n\r\nhoi"
    );
    assert_eq!(
        std::fs::read_to_string(restored_data.path().join("notes.txt")).expect("notes"),
        "bewaren"
    );
    assert!(
        !restored_data.path().join("search").exists(),
        "the index is rebuilt, not copied"
    );

    // Not into a place that holds something, unless forced.
    assert!(
        restore(&backup.path().join("b"), &url, restored_data.path(), false)
            .await
            .is_err()
    );

    let db = plein_storage::connect(&url, 2).await.expect("connect");
    assert!(
        plein_storage::schema_state(&db)
            .await
            .expect("schema")
            .is_current()
    );
    let after = dump(&db.conn).await;
    // Rows the writer updates in place (its rate-limit counter, its session).
    let updated_in_place = ["rate_limits", "sessions"];
    for (table, rows) in &before {
        let now = after
            .get(table)
            .unwrap_or_else(|| panic!("{table} restored"));
        if updated_in_place.contains(&table.as_str()) {
            assert!(now.len() >= rows.len(), "{table}");
            continue;
        }
        for row in rows {
            assert!(now.contains(row), "{table}: {row} lost");
        }
    }
    // Every idea acknowledged before the backup began is there; the rest
    // are there whole or not at all.
    let ideas_before = before["ideas"].len();
    let ideas_after = after["ideas"].len();
    assert!(
        ideas_after >= ideas_before + acknowledged_before.len()
            && ideas_after <= ideas_before + written,
        "{ideas_after} ideas: {ideas_before} before, {} acknowledged before the backup, {written} written",
        acknowledged_before.len()
    );
    for id in &acknowledged_before {
        let simple = id.replace('-', "");
        assert!(
            after["ideas"]
                .iter()
                .any(|row| row.contains(id.as_str()) || row.contains(&simple)),
            "idea {id} acknowledged before the backup is missing"
        );
    }
}

#[tokio::test]
async fn check_finds_a_broken_counter_and_repair_sets_it_right() {
    let t = TestApp::spawn().await;
    let sq = t.square().await;
    let idea = t.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    t.comment(&sq.neighbour, "IDEA", &idea, None).await;
    t.mutate(
        Some(&sq.neighbour),
        "supportIdea",
        json!({ "ideaId": idea }),
        "{ idea { id } }",
    )
    .await
    .data();
    assert_eq!(t.app.counter_drift().await.expect("check"), vec![]);

    let id: uuid::Uuid = idea.parse().expect("uuid");
    ideas::Entity::update_many()
        .col_expr(ideas::Column::SupportCount, Expr::value(7))
        .col_expr(ideas::Column::CommentCount, Expr::value(0))
        .filter(ideas::Column::Id.eq(id))
        .exec(&t.app.db.conn)
        .await
        .expect("break");
    let mut drift = t.app.counter_drift().await.expect("check");
    drift.sort_by_key(|d| d.counter);
    let found: Vec<(&str, i64, i64)> = drift
        .iter()
        .map(|d| (d.counter, d.stored, d.counted))
        .collect();
    assert_eq!(
        found,
        vec![("ideas.comment_count", 0, 1), ("ideas.support_count", 7, 1)]
    );
    assert!(drift.iter().all(|d| d.id == id));

    assert_eq!(t.app.repair_counters().await.expect("repair"), 2);
    assert_eq!(t.app.counter_drift().await.expect("check"), vec![]);
    let row = ideas::Entity::find_by_id(id)
        .one(&t.app.db.conn)
        .await
        .expect("read")
        .expect("idea");
    assert_eq!((row.support_count, row.comment_count), (1, 1));
}
