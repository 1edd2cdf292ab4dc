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

/// One sample of a Prometheus text page: its name, labels and value.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

fn is_metric_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
}

fn is_label_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn parse_value(text: &str) -> Option<f64> {
    match text {
        "+Inf" | "Inf" => Some(f64::INFINITY),
        "-Inf" => Some(f64::NEG_INFINITY),
        "NaN" => Some(f64::NAN),
        _ if text
            .chars()
            .all(|c| c.is_ascii_digit() || "+-.eE".contains(c)) =>
        {
            text.parse().ok()
        }
        _ => None,
    }
}

/// `{a="1",b="x\"y"}` and what follows it.
fn parse_labels(text: &str, line: &str) -> (BTreeMap<String, String>, String) {
    let mut labels = BTreeMap::new();
    let mut rest = text.strip_prefix('{').expect("labels open with {");
    loop {
        if let Some(after) = rest.strip_prefix('}') {
            return (labels, after.to_owned());
        }
        let (name, after) = rest
            .split_once("=\"")
            .unwrap_or_else(|| panic!("a label needs =\"…\": {line}"));
        assert!(is_label_name(name), "label name {name:?}: {line}");
        let mut value = String::new();
        let mut chars = after.char_indices();
        let end = loop {
            match chars.next() {
                Some((_, '\\')) => match chars.next() {
                    Some((_, '\\')) => value.push('\\'),
                    Some((_, '"')) => value.push('"'),
                    Some((_, 'n')) => value.push('\n'),
                    other => panic!("bad escape {other:?}: {line}"),
                },
                Some((i, '"')) => break i,
                Some((_, c)) => value.push(c),
                None => panic!("unterminated label value: {line}"),
            }
        };
        assert!(
            labels.insert(name.to_owned(), value).is_none(),
            "label {name} twice: {line}"
        );
        rest = &after[end + 1..];
        if let Some(after) = rest.strip_prefix(',') {
            rest = after;
        } else {
            assert!(rest.starts_with('}'), "labels end with }}: {line}");
        }
    }
}

/// Parses the Prometheus text format (0.0.4) strictly: every line a
/// comment, HELP, TYPE or sample; TYPE before a family's samples, once; a
/// family's samples together; no series twice; counters and histogram parts
/// never negative; histogram buckets with `le`, rising, ending at `+Inf`
/// equal to `_count`.
fn parse_prometheus(page: &str) -> Vec<Sample> {
    assert!(page.ends_with('\n'), "the page ends with a line feed");
    let mut types: BTreeMap<String, String> = BTreeMap::new();
    let mut helps = std::collections::BTreeSet::new();
    let mut finished = std::collections::BTreeSet::<String>::new();
    let mut current: Option<String> = None;
    let mut seen = std::collections::BTreeSet::new();
    let mut samples = Vec::new();
    for line in page.lines() {
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let mut words = comment.trim_start().splitn(3, ' ');
            match (words.next(), words.next(), words.next()) {
                (Some("HELP"), Some(name), Some(_)) => {
                    assert!(is_metric_name(name), "{line}");
                    assert!(helps.insert(name.to_owned()), "HELP twice: {line}");
                }
                (Some("TYPE"), Some(name), Some(kind)) => {
                    assert!(is_metric_name(name), "{line}");
                    assert!(
                        ["counter", "gauge", "histogram", "summary", "untyped"].contains(&kind),
                        "{line}"
                    );
                    assert!(
                        types.insert(name.to_owned(), kind.to_owned()).is_none(),
                        "TYPE twice: {line}"
                    );
                    assert!(
                        !seen.iter().any(|(n, _): &(String, String)| n == name),
                        "TYPE after samples: {line}"
                    );
                }
                _ => {}
            }
            continue;
        }
        let name_end = line.find(['{', ' ']).unwrap_or(line.len());
        let name = &line[..name_end];
        assert!(is_metric_name(name), "metric name {name:?}: {line}");
        let (labels, rest) = if line[name_end..].starts_with('{') {
            parse_labels(&line[name_end..], line)
        } else {
            (BTreeMap::new(), line[name_end..].to_owned())
        };
        let mut fields = rest.split(' ');
        assert_eq!(
            fields.next(),
            Some(""),
            "one space before the value: {line}"
        );
        let value = parse_value(fields.next().unwrap_or_default())
            .unwrap_or_else(|| panic!("value: {line}"));
        if let Some(timestamp) = fields.next() {
            assert!(timestamp.parse::<i64>().is_ok(), "timestamp: {line}");
        }
        assert!(fields.next().is_none(), "trailing text: {line}");

        let family = ["_bucket", "_sum", "_count"]
            .iter()
            .find_map(|suffix| {
                name.strip_suffix(suffix)
                    .filter(|base| types.get(*base).is_some_and(|t| t == "histogram"))
            })
            .unwrap_or(name)
            .to_owned();
        let kind = types
            .get(&family)
            .unwrap_or_else(|| panic!("no TYPE before {line}"));
        if current.as_deref() != Some(&family) {
            if let Some(previous) = current.replace(family.clone()) {
                finished.insert(previous);
            }
            assert!(!finished.contains(&family), "{family} is split up: {line}");
        }
        let series = format!("{labels:?}");
        assert!(
            seen.insert((name.to_owned(), series)),
            "series twice: {line}"
        );
        if kind == "counter" || kind == "histogram" {
            assert!(value >= 0.0, "negative {kind}: {line}");
        }
        if kind == "histogram" && name.ends_with("_bucket") {
            assert!(labels.contains_key("le"), "bucket without le: {line}");
        }
        samples.push(Sample {
            name: name.to_owned(),
            labels,
            value,
        });
    }
    // Histograms: buckets rise and the last, +Inf, is the count.
    for (family, kind) in &types {
        if kind != "histogram" {
            continue;
        }
        let buckets: Vec<&Sample> = samples
            .iter()
            .filter(|s| s.name == format!("{family}_bucket"))
            .collect();
        assert!(!buckets.is_empty(), "{family} has buckets");
        assert!(
            buckets.windows(2).all(|w| w[0].value <= w[1].value
                && parse_value(&w[0].labels["le"]) < parse_value(&w[1].labels["le"])),
            "{family} buckets rise"
        );
        assert_eq!(
            buckets.last().map(|b| b.labels["le"].as_str()),
            Some("+Inf")
        );
        let count = samples
            .iter()
            .find(|s| s.name == format!("{family}_count"))
            .unwrap_or_else(|| panic!("{family}_count"));
        assert_eq!(buckets.last().map(|b| b.value), Some(count.value));
        assert!(
            samples.iter().any(|s| s.name == format!("{family}_sum")),
            "{family}_sum"
        );
    }
    samples
}

/// The value of the one sample `name` with these labels (and maybe others).
fn figure(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> f64 {
    let found: Vec<&Sample> = samples
        .iter()
        .filter(|s| {
            s.name == name
                && labels
                    .iter()
                    .all(|(k, v)| s.labels.get(*k).map(String::as_str) == Some(*v))
        })
        .collect();
    assert_eq!(found.len(), 1, "one {name} {labels:?}: {found:?}");
    found[0].value
}

async fn scrape(t: &TestApp) -> Vec<Sample> {
    let response = t.http.get(t.url("/metrics")).send().await.expect("metrics");
    assert_eq!(response.status().as_u16(), 200);
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    parse_prometheus(&response.text().await.expect("body"))
}

#[test]
fn the_prometheus_parser_refuses_what_is_not_the_format() {
    let good =
        "# HELP a_total A.\n# TYPE a_total counter\na_total{x=\"1\"} 3\na_total{x=\"q\\\"\"} 4\n";
    assert_eq!(parse_prometheus(good).len(), 2);
    for bad in [
        "a_total 3\n",                                                // no TYPE
        "# TYPE a counter\na 3",                                      // no final newline
        "# TYPE a counter\na three\n",                                // not a number
        "# TYPE a counter\na{x=1} 3\n",                               // unquoted
        "# TYPE a counter\na 3\na 4\n",                               // series twice
        "# TYPE a counter\n# TYPE b gauge\na 1\nb 1\na{x=\"2\"} 1\n", // split family
        "# TYPE a counter\na -1\n",                                   // negative counter
        "# TYPE 1a gauge\n1a 1\n",                                    // bad name
        "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_sum 1\nh_count 1\n",
    ] {
        assert!(
            std::panic::catch_unwind(|| parse_prometheus(bad)).is_err(),
            "accepted {bad:?}"
        );
    }
}

#[tokio::test]
async fn metrics_are_prometheus_text_and_move_with_requests_jobs_and_searches() {
    let t = TestApp::builder()
        .api(|api| api.metrics = true)
        .spawn()
        .await;
    let before = scrape(&t).await;
    for name in [
        "plein_http_requests_total",
        "plein_http_requests_in_flight",
        "plein_http_request_duration_seconds_bucket",
        "plein_sql_statements_total",
        "plein_database_up",
        "plein_database_connections",
        "plein_outbox_oldest_due_seconds",
        "plein_search_up",
        "plein_search_queries_total",
        "plein_search_query_seconds_total",
    ] {
        assert!(before.iter().any(|s| s.name == name), "{name} is missing");
    }
    assert_eq!(figure(&before, "plein_database_up", &[]), 1.0);
    assert_eq!(
        figure(&before, "plein_search_up", &[("engine", "embedded")]),
        1.0
    );

    // Requests that answer, and one that fails.
    for _ in 0..3 {
        assert_eq!(get(&t, "/healthz").await.0, 200);
    }
    let refused = t
        .http
        .post(t.url("/graphql"))
        .header("content-type", "text/plain")
        .body("{ __typename }")
        .send()
        .await
        .expect("post");
    assert!(refused.status().is_client_error(), "{}", refused.status());

    // A write queues an outbox job for the search index.
    let sq = t.square().await;
    t.idea(&sq.resident, &sq.neighbourhood, "Bankjes bij de vijver")
        .await;
    let queued = scrape(&t).await;
    // A kind with nothing left undone has no series.
    let due = |samples: &[Sample]| {
        samples
            .iter()
            .filter(|s| {
                s.name == "plein_outbox_jobs"
                    && s.labels["kind"] == "search.index"
                    && s.labels["state"] == "due"
            })
            .map(|s| s.value)
            .sum::<f64>()
    };
    assert!(due(&queued) >= 1.0, "the search job is due");
    for (class, at_least) in [("2xx", 3.0), ("4xx", 1.0)] {
        let moved = figure(&queued, "plein_http_requests_total", &[("status", class)])
            - figure(&before, "plein_http_requests_total", &[("status", class)]);
        assert!(moved >= at_least, "{class} moved by {moved}");
    }
    assert!(
        figure(&queued, "plein_http_request_duration_seconds_count", &[])
            > figure(&before, "plein_http_request_duration_seconds_count", &[])
    );
    assert!(
        figure(&queued, "plein_sql_statements_total", &[])
            > figure(&before, "plein_sql_statements_total", &[])
    );

    // The worker runs it; then a search finds the idea.
    assert!(t.drain_search().await >= 1);
    let drained = scrape(&t).await;
    assert_eq!(due(&drained), 0.0, "the search job ran");
    let answer = t
        .gql(
            "query($q: String!) { search(query: $q) { edges { node { __typename } } } }",
            json!({ "q": "vijver" }),
        )
        .await;
    assert_eq!(
        answer.data()["search"]["edges"].as_array().map(Vec::len),
        Some(1)
    );
    let searched = scrape(&t).await;
    let answered = |samples: &[Sample]| {
        figure(
            samples,
            "plein_search_queries_total",
            &[("outcome", "answered")],
        )
    };
    assert_eq!(answered(&searched) - answered(&drained), 1.0);
    assert_eq!(
        figure(
            &searched,
            "plein_search_queries_total",
            &[("outcome", "failed")]
        ),
        0.0
    );
    assert!(
        figure(&searched, "plein_search_query_seconds_total", &[])
            > figure(&before, "plein_search_query_seconds_total", &[])
    );
}

/// The `plein` binary: `PLEIN_BIN`, else the debug build next to this test
/// binary, brought up to date first (a no-op when it is).
fn plein_binary() -> std::path::PathBuf {
    if let Some(bin) = std::env::var_os("PLEIN_BIN").filter(|b| !b.is_empty()) {
        return bin.into();
    }
    let built = std::process::Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--locked", "-p", "plein-server"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("cargo build");
    assert!(built.success(), "building plein failed");
    // target/debug/deps/it-… → target/debug/plein
    let exe = std::env::current_exe().expect("test binary");
    let dir = exe
        .parent()
        .and_then(std::path::Path::parent)
        .expect("target dir");
    dir.join("plein")
}

/// Runs `plein` with these variables and nothing of the test's own
/// configuration (database, search, mail).
fn plein_command(data: &std::path::Path, vars: &[(&str, &str)]) -> std::process::Command {
    let mut command = std::process::Command::new(plein_binary());
    for name in [
        "DATABASE_URL",
        "MEILI_URL",
        "MEILI_MASTER_KEY",
        "SMTP_URL",
        "RUST_LOG",
        "PLEIN_LOG_FORMAT",
    ] {
        command.env_remove(name);
    }
    command
        .env("PLEIN_DATA_DIR", data)
        .env("PLEIN_WEB_DIR", data.join("no-web-app"))
        .envs(vars.iter().copied())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    command
}

/// Each line of `output` as a JSON log object, checked for the fields a
/// log collector relies on.
fn json_log_lines(output: &str) -> Vec<plein_tests::serde_json::Map<String, Value>> {
    output
        .lines()
        .map(|line| {
            let value: Value = plein_tests::serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not one JSON object ({e}): {line}"));
            let object = value
                .as_object()
                .unwrap_or_else(|| panic!("not an object: {line}"))
                .clone();
            let timestamp = object["timestamp"].as_str().unwrap_or_default();
            assert!(
                chrono::DateTime::parse_from_rfc3339(timestamp).is_ok(),
                "timestamp: {line}"
            );
            assert!(
                ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"]
                    .contains(&object["level"].as_str().unwrap_or_default()),
                "level: {line}"
            );
            assert!(
                !object["target"].as_str().unwrap_or_default().is_empty(),
                "target: {line}"
            );
            assert!(
                object
                    .keys()
                    .any(|k| !["timestamp", "level", "target"].contains(&k.as_str())),
                "a message or fields: {line}"
            );
            object
        })
        .collect()
}

#[tokio::test]
async fn json_logs_are_one_object_per_line_from_start_to_stop() {
    let data = tempfile::tempdir().expect("data folder");
    let port = free_port();
    let listen = format!("127.0.0.1:{port}");
    let mut child = plein_command(
        data.path(),
        &[
            ("PLEIN_LOG_FORMAT", "json"),
            // Debug from every crate, so the requests are logged too.
            ("RUST_LOG", "debug"),
            ("PLEIN_LISTEN", &listen),
            ("PLEIN_DRAIN_MS", "100"),
        ],
    )
    .spawn()
    .expect("start plein");
    // Read both streams while the server runs: debug logs from every crate
    // fill a pipe's buffer long before the server is up, and a full pipe
    // would stop it.
    let drain = |stream: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut stream) = stream {
                std::io::Read::read_to_end(&mut stream, &mut bytes).expect("read output");
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|s| Box::new(s) as _));
    let stderr = drain(child.stderr.take().map(|s| Box::new(s) as _));
    let base = format!("http://{listen}");
    let http = reqwest::Client::new();
    let started = std::time::Instant::now();
    loop {
        if let Ok(response) = http.get(format!("{base}/healthz")).send().await
            && response.status().is_success()
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "plein did not start"
        );
        if let Some(status) = child.try_wait().expect("wait") {
            panic!("plein exited: {status}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let answer = http
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .expect("graphql");
    assert_eq!(answer.status().as_u16(), 200);
    let refused = http
        .post(format!("{base}/graphql"))
        .header("content-type", "text/plain")
        .body("{ __typename }")
        .send()
        .await
        .expect("graphql");
    assert!(refused.status().is_client_error());
    let stopped = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(stopped.success());
    let status = tokio::task::spawn_blocking(move || child.wait())
        .await
        .expect("join")
        .expect("wait");
    assert!(status.success(), "{status:?}");
    let stderr = stderr.join().expect("stderr");
    let stderr = String::from_utf8_lossy(&stderr);
    assert!(
        stderr.trim().is_empty(),
        "nothing on standard error: {stderr}"
    );
    let stdout = String::from_utf8(stdout.join().expect("stdout")).expect("UTF-8");
    let lines = json_log_lines(&stdout);
    let message = |line: &plein_tests::serde_json::Map<String, Value>| {
        line.get("message")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let listening = lines
        .iter()
        .find(|l| message(l) == "Plein is listening")
        .expect("the start is logged");
    assert_eq!(listening["address"], json!(listen), "fields are top-level");
    assert_eq!(listening["level"], "INFO");
    assert!(
        lines.iter().any(|l| l["target"]
            .as_str()
            .is_some_and(|t| t.starts_with("tower_http"))),
        "requests are logged"
    );
    assert!(
        lines.iter().any(|l| message(l) == "Plein stopped"),
        "the stop is logged"
    );

    // A server that cannot start says why in the same format.
    let failed = plein_command(
        data.path(),
        &[("PLEIN_LOG_FORMAT", "json"), ("PLEIN_LISTEN", "nowhere")],
    )
    .output()
    .expect("run plein");
    assert!(!failed.status.success());
    assert!(failed.stderr.is_empty(), "{:?}", failed.stderr);
    let lines = json_log_lines(&String::from_utf8(failed.stdout).expect("UTF-8"));
    let error = lines.last().expect("a line");
    assert_eq!(error["level"], "ERROR");
    assert!(
        error["error"]
            .as_str()
            .is_some_and(|e| e.contains("PLEIN_LISTEN")),
        "{error:?}"
    );
}

#[tokio::test]
async fn migrate_dry_run_lists_and_changes_nothing_and_a_newer_database_stops_the_server() {
    let data = tempfile::tempdir().expect("data folder");
    let run = |args: &[&str]| {
        let output = plein_command(data.path(), &[])
            .args(args)
            .output()
            .expect("run plein");
        (
            output.status.success(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let migrations: Vec<String> = {
        use plein_migrations::MigratorTrait;
        plein_migrations::Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .collect()
    };

    let (ok, out, err) = run(&["migrate", "--dry-run"]);
    assert!(ok, "{err}");
    let listed: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.contains("would run"))
        .skip(1)
        .map(str::trim)
        .collect();
    assert_eq!(listed, migrations, "{out}");
    // Nothing ran: a second dry run lists the same.
    assert_eq!(run(&["migrate", "--dry-run"]).1, out);

    let (ok, _, err) = run(&["migrate"]);
    assert!(ok, "{err}");
    let (ok, out, _) = run(&["migrate", "--dry-run"]);
    assert!(ok);
    assert!(out.contains("no migration would run"), "{out}");

    // A migration this binary does not know: it refuses to serve, and says why.
    let url = format!(
        "sqlite://{}?mode=rwc",
        data.path().join("plein.db").display()
    );
    let db = plein_storage::connect(&url, 1).await.expect("connect");
    db.conn
        .execute_unprepared(
            "INSERT INTO seaql_migrations (version, applied_at) \
             VALUES ('m29990101_000001_from_the_future', 0)",
        )
        .await
        .expect("insert");
    db.conn.close().await.expect("close");
    let listen = format!("127.0.0.1:{}", free_port());
    let output = plein_command(data.path(), &[("PLEIN_LISTEN", &listen)])
        .arg("serve")
        .output()
        .expect("run plein");
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("newer version of Plein") && err.contains("from_the_future"),
        "{err}"
    );
    let (ok, _, err) = run(&["migrate", "--dry-run"]);
    assert!(!ok && err.contains("from_the_future"), "{err}");
}

/// Tells when it holds a job, then works on it a while.
struct Held {
    started: tokio::sync::Notify,
}

#[async_trait::async_trait]
impl plein_app::jobs::JobHandler for Held {
    fn kind(&self) -> &'static str {
        "test.held"
    }

    async fn run(
        &self,
        jobs: &[plein_app::jobs::Job],
    ) -> Vec<Result<(), plein_app::jobs::JobError>> {
        self.started.notify_one();
        tokio::time::sleep(Duration::from_millis(400)).await;
        jobs.iter().map(|_| Ok(())).collect()
    }
}

#[tokio::test]
async fn a_stopping_worker_finishes_and_records_the_job_it_holds() {
    let t = TestApp::spawn().await;
    let id = plein_storage::jobs::enqueue(&t.app.db.conn, "test.held", json!({}), t.clock_now())
        .await
        .expect("enqueue");
    let handler = Arc::new(Held {
        started: tokio::sync::Notify::new(),
    });
    let worker = plein_app::jobs::Worker::new(
        t.app.clone(),
        vec![handler.clone()],
        plein_app::jobs::WorkerSettings::default(),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(async move {
        worker
            .run_until(async {
                let _ = stopped.await;
            })
            .await;
    });
    handler.started.notified().await;
    stop.send(()).expect("stop");
    tokio::time::timeout(Duration::from_secs(5), running)
        .await
        .expect("the worker stops")
        .expect("worker");
    let job = plein_app::jobs::job(&t.app, id)
        .await
        .expect("job")
        .expect("exists");
    assert!(job.done_at.is_some(), "the job it held was recorded done");
    assert_eq!(job.attempts, 1);
}
