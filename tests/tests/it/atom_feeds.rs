//! Atom news feeds: per area (new ideas, plans and budget rounds in it and
//! beneath it), per idea (status changes with reasons, official replies),
//! per plan (official replies, the official response) and for a search.
//! Only what anyone may see is in them, and every feed reads back cleanly
//! with feedparser, a real Atom parser.
//!
//! feedparser comes from `PLEIN_FEEDPARSER` (a Python with feedparser
//! installed, see `scripts/feedparser-venv.sh`). Without it that one test is
//! skipped, unless `PLEIN_TEST_FEEDPARSER=1` (as in CI), in which case that is
//! a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use plein_tests::serde_json::{Value, json};
use plein_tests::{Square, TestApp};

/// Where the test server says it is reached (the default public address).
fn public_url() -> String {
    plein_api::ApiConfig::default().public_url
}

struct Fetched {
    status: u16,
    content_type: String,
    body: String,
}

async fn fetch(app: &TestApp, path: &str) -> Fetched {
    let response = app.http.get(app.url(path)).send().await.expect("GET");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.text().await.expect("body");
    Fetched {
        status,
        content_type,
        body,
    }
}

async fn feed(app: &TestApp, path: &str) -> String {
    let fetched = fetch(app, path).await;
    assert_eq!(fetched.status, 200, "{path}: {}", fetched.body);
    assert_eq!(
        fetched.content_type, "application/atom+xml; charset=utf-8",
        "{path}"
    );
    fetched.body
}

async fn slug(app: &TestApp, area: &str) -> String {
    let response = app
        .gql(
            "query($id: ID) { area(id: $id) { slug } }",
            json!({ "id": area }),
        )
        .await;
    response.data()["area"]["slug"]
        .as_str()
        .expect("slug")
        .to_owned()
}

async fn set_status(app: &TestApp, token: &str, idea: &str, status: &str, reason: Option<&str>) {
    app.mutate(
        Some(token),
        "setIdeaStatus",
        json!({ "id": idea, "status": status, "reason": reason }),
        "{ idea { status } }",
    )
    .await
    .data();
}

async fn hide(app: &TestApp, moderator: &str, kind: &str, id: &str) {
    app.mutate(
        Some(moderator),
        "setHidden",
        json!({ "subjectKind": kind, "subjectId": id, "hidden": true, "reason": "Beledigend." }),
        "{ done }",
    )
    .await
    .data();
}

async fn official_comment(
    app: &TestApp,
    token: &str,
    kind: &str,
    subject: &str,
    body: &str,
) -> String {
    let response = app
        .mutate(
            Some(token),
            "postComment",
            json!({ "subjectKind": kind, "subjectId": subject, "body": body, "official": true }),
            "{ comment { id } }",
        )
        .await;
    response.data()["postComment"]["comment"]["id"]
        .as_str()
        .expect("comment id")
        .to_owned()
}

async fn budget_round(app: &TestApp, sq: &Square, area: &str, title: &str) -> String {
    let now = app.clock_now();
    let day = chrono::Duration::days(1);
    let response = app
        .mutate(
            Some(&sq.professional),
            "createBudgetRound",
            json!({
                "areaId": area,
                "title": title,
                "description": "Wat doen we met het geld?",
                "budget": 1_000_000,
                "ballotKind": "APPROVAL",
                "rule": "GREEDY",
                "submittingAt": now - chrono::Duration::hours(1),
                "assessmentAt": now + day * 10,
                "votingAt": now + day * 20,
                "resultAt": now + day * 30,
                "realisationAt": now + day * 40,
            }),
            "{ round { id } }",
        )
        .await;
    response.data()["createBudgetRound"]["round"]["id"]
        .as_str()
        .expect("round id")
        .to_owned()
}

/// A square with something of every kind, public and not.
struct Content {
    sq: Square,
    idea: String,
    plan: String,
    draft_idea: String,
    hidden_idea: String,
    elsewhere_idea: String,
    draft_plan: String,
    round: String,
}

/// A title that needs escaping in XML.
const TRICKY: &str = "Bankjes & <bomen> bij \"De Molen\"";

async fn content(app: &TestApp) -> Content {
    let sq = app.square().await;
    let idea = app.idea(&sq.resident, &sq.neighbourhood, TRICKY).await;
    let plan = app
        .plan(&sq.professional, &sq.district, "Groen plein voor iedereen")
        .await;
    let draft_idea = app
        .draft_idea(&sq.resident, &sq.neighbourhood, "Geheim concept")
        .await;
    let hidden_idea = app
        .idea(&sq.neighbour, &sq.neighbourhood, "Verborgen scheldpartij")
        .await;
    hide(app, &sq.moderator, "IDEA", &hidden_idea).await;
    let other_root = app.area(&sq.admin, "Elders", "MUNICIPALITY", None).await;
    let elsewhere_idea = app.idea(&sq.resident, &other_root, "Ander dorp").await;
    let now = app.clock_now();
    let draft_plan = app
        .mutate(
            Some(&sq.professional),
            "createPlan",
            json!({
                "title": "Plan in concept",
                "description": "Nog niet klaar.",
                "areaId": sq.neighbourhood,
                "feedbackOpensAt": now,
                "feedbackClosesAt": now + chrono::Duration::days(7),
            }),
            "{ plan { id } }",
        )
        .await
        .data()["createPlan"]["plan"]["id"]
        .as_str()
        .expect("plan id")
        .to_owned();
    let round = budget_round(app, &sq, &sq.district, "Buurtbudget Centrum").await;
    Content {
        sq,
        idea,
        plan,
        draft_idea,
        hidden_idea,
        elsewhere_idea,
        draft_plan,
        round,
    }
}

#[tokio::test]
async fn an_area_feed_holds_the_public_news_in_and_beneath_it() {
    let app = TestApp::spawn().await;
    let c = content(&app).await;
    let slug = slug(&app, &c.sq.municipality).await;
    let xml = feed(&app, &format!("/feeds/areas/{slug}.atom")).await;
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>"));
    assert!(xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    for id in [&c.idea, &c.plan, &c.round] {
        assert!(
            xml.contains(&format!("<id>urn:uuid:{id}</id>")),
            "{id}: {xml}"
        );
    }
    for id in [
        &c.draft_idea,
        &c.hidden_idea,
        &c.elsewhere_idea,
        &c.draft_plan,
    ] {
        assert!(!xml.contains(id.as_str()), "{id} leaked: {xml}");
    }
    assert!(!xml.contains("Geheim concept") && !xml.contains("scheldpartij"));
    // Text is escaped, and the links point at the web app's pages.
    assert!(xml.contains("Bankjes &amp; &lt;bomen&gt; bij &quot;De Molen&quot;"));
    assert!(xml.contains(&format!("{}/ideeen/{}", public_url(), c.idea)));
    assert!(xml.contains(&format!(
        "rel=\"self\" type=\"application/atom+xml\" href=\"{}/feeds/areas/{slug}.atom\"",
        public_url()
    )));
    assert!(xml.contains(&format!(
        "rel=\"alternate\" type=\"text/html\" href=\"{}/gebied/{slug}\"",
        public_url()
    )));

    // By id as well; the neighbourhood's feed has its idea but not the
    // district's plan or round.
    let by_id = feed(&app, &format!("/feeds/areas/{}.atom", c.sq.municipality)).await;
    assert!(by_id.contains(&c.idea));
    let neighbourhood = feed(&app, &format!("/feeds/areas/{}.atom", c.sq.neighbourhood)).await;
    assert!(neighbourhood.contains(&c.idea));
    assert!(!neighbourhood.contains(&c.plan) && !neighbourhood.contains(&c.round));

    for path in [
        "/feeds/areas/nergens.atom",
        "/feeds/areas/nergens.rss",
        "/feeds/areas/.atom",
    ] {
        assert_eq!(fetch(&app, path).await.status, 404, "{path}");
    }
}

#[tokio::test]
async fn an_idea_feed_follows_its_status_and_the_official_replies() {
    let app = TestApp::spawn().await;
    let c = content(&app).await;
    let sq = &c.sq;
    set_status(
        &app,
        &sq.professional,
        &c.idea,
        "UNDER_REVIEW",
        Some("We bekijken het <samen> met de buurt & de wijkagent."),
    )
    .await;
    let official = official_comment(
        &app,
        &sq.professional,
        "IDEA",
        &c.idea,
        "Wij komen **kijken**.",
    )
    .await;
    let hidden_official = official_comment(
        &app,
        &sq.professional,
        "IDEA",
        &c.idea,
        "Per ongeluk geplaatst.",
    )
    .await;
    hide(&app, &sq.moderator, "COMMENT", &hidden_official).await;
    let ordinary = app.comment(&sq.neighbour, "IDEA", &c.idea, None).await;

    let path = format!("/feeds/ideas/{}.atom", c.idea);
    let xml = feed(&app, &path).await;
    assert!(xml.contains("Nieuwe status: In behandeling"), "{xml}");
    assert!(xml.contains("Waarom: We bekijken het &lt;samen&gt; met de buurt &amp; de wijkagent."));
    assert!(xml.contains(&format!("<id>urn:uuid:{official}</id>")));
    assert!(xml.contains("Wij komen &lt;strong&gt;kijken&lt;/strong&gt;."));
    assert!(!xml.contains(&hidden_official) && !xml.contains("Per ongeluk"));
    assert!(!xml.contains(&ordinary) && !xml.contains("Mee eens!"));
    // The same feed twice is the same feed: ids and times are stable.
    assert_eq!(feed(&app, &path).await, xml);

    // Ideas nobody else may see have no feed.
    for id in [&c.draft_idea, &c.hidden_idea] {
        assert_eq!(
            fetch(&app, &format!("/feeds/ideas/{id}.atom")).await.status,
            404
        );
    }
    assert_eq!(fetch(&app, "/feeds/ideas/geen-id.atom").await.status, 404);
}

#[tokio::test]
async fn a_plan_feed_carries_the_official_response() {
    let app = TestApp::spawn().await;
    let c = content(&app).await;
    let sq = &c.sq;
    let official = official_comment(
        &app,
        &sq.professional,
        "PLAN",
        &c.plan,
        "Dank voor uw reacties.",
    )
    .await;
    app.clock.advance(chrono::Duration::days(8));
    app.mutate(
        Some(&sq.professional),
        "respondToPlan",
        json!({ "planId": c.plan, "response": "We planten **twintig** bomen." }),
        "{ plan { id } }",
    )
    .await
    .data();
    let xml = feed(&app, &format!("/feeds/plans/{}.atom", c.plan)).await;
    assert!(xml.contains("Wat we met uw inbreng hebben gedaan"), "{xml}");
    assert!(xml.contains("We planten &lt;strong&gt;twintig&lt;/strong&gt; bomen."));
    assert!(xml.contains(&format!("<id>urn:uuid:{official}</id>")));
    assert_eq!(
        fetch(&app, &format!("/feeds/plans/{}.atom", c.draft_plan))
            .await
            .status,
        404
    );
}

#[tokio::test]
async fn a_search_feed_finds_only_public_items() {
    let app = TestApp::spawn().await;
    let sq = app.square().await;
    let public = app
        .idea(
            &sq.resident,
            &sq.neighbourhood,
            "Watertappunt bij de speeltuin",
        )
        .await;
    let draft = app
        .draft_idea(&sq.resident, &sq.neighbourhood, "Watertappunt in concept")
        .await;
    let hidden = app
        .idea(&sq.neighbour, &sq.neighbourhood, "Watertappunt verborgen")
        .await;
    app.drain_search().await;
    hide(&app, &sq.moderator, "IDEA", &hidden).await;
    app.drain_search().await;
    let xml = feed(&app, "/feeds/search.atom?q=watertappunt").await;
    assert!(xml.contains(&public), "{xml}");
    assert!(!xml.contains(&draft) && !xml.contains(&hidden), "{xml}");
    assert!(xml.contains(&format!("{}/zoeken?q=watertappunt", public_url())));
    let none = fetch(&app, "/feeds/search.atom").await;
    assert_eq!(none.status, 400, "{}", none.body);
    let blank = fetch(&app, "/feeds/search.atom?q=%20").await;
    assert_eq!(blank.status, 400);
}

fn feedparser() -> Option<PathBuf> {
    std::env::var_os("PLEIN_FEEDPARSER")
        .filter(|p| !p.is_empty())
        .map(PathBuf::from)
}

#[tokio::test]
async fn every_feed_reads_back_with_feedparser() {
    let Some(python) = feedparser() else {
        if std::env::var("PLEIN_TEST_FEEDPARSER").as_deref() == Ok("1") {
            panic!(
                "PLEIN_TEST_FEEDPARSER=1 but PLEIN_FEEDPARSER is not set; run \
                 `scripts/feedparser-venv.sh` and export what it prints"
            );
        }
        eprintln!(
            "atom_feeds: feedparser check skipped, PLEIN_FEEDPARSER is not set \
             (see scripts/feedparser-venv.sh)"
        );
        return;
    };
    let app = TestApp::spawn().await;
    let c = content(&app).await;
    let sq = &c.sq;
    set_status(
        &app,
        &sq.professional,
        &c.idea,
        "DECLINED",
        Some("Past niet in het <budget> & plan."),
    )
    .await;
    official_comment(
        &app,
        &sq.professional,
        "IDEA",
        &c.idea,
        "Zie **toelichting**.",
    )
    .await;
    official_comment(
        &app,
        &sq.professional,
        "PLAN",
        &c.plan,
        "Dank <u> & jullie.",
    )
    .await;
    app.clock.advance(chrono::Duration::days(8));
    app.mutate(
        Some(&sq.professional),
        "respondToPlan",
        json!({ "planId": c.plan, "response": "We planten *bomen* & struiken." }),
        "{ plan { id } }",
    )
    .await
    .data();
    app.drain_search().await;
    let slug = slug(&app, &c.sq.municipality).await;
    let paths = [
        format!("/feeds/areas/{slug}.atom"),
        format!("/feeds/areas/{}.atom", c.sq.neighbourhood),
        format!("/feeds/ideas/{}.atom", c.idea),
        format!("/feeds/plans/{}.atom", c.plan),
        "/feeds/search.atom?q=bankjes%20bomen".to_owned(),
        "/feeds/search.atom?q=niets-dat-bestaat".to_owned(),
    ];
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let file = dir.path().join(format!("{i}.atom"));
        std::fs::write(&file, feed(&app, path).await).expect("write feed");
        files.push(file);
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("feedparser/check.py");
    let output = Command::new(&python)
        .arg(&script)
        .args(&files)
        .output()
        .expect("run feedparser");
    assert!(
        output.status.success(),
        "feedparser failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let parsed: Vec<Value> = serde_json::from_slice(&output.stdout).expect("JSON from check.py");
    assert_eq!(parsed.len(), paths.len());
    for (path, feed) in paths.iter().zip(&parsed) {
        assert_eq!(feed["version"], "atom10", "{path}: {feed}");
        assert_eq!(feed["bozo"], false, "{path}: {}", feed["bozo_exception"]);
        for key in ["id", "title", "updated", "author"] {
            assert!(
                feed[key].as_str().is_some_and(|v| !v.is_empty()),
                "{path}: no {key}"
            );
        }
        let rels: Vec<&str> = feed["links"]
            .as_array()
            .expect("links")
            .iter()
            .filter_map(|l| l["rel"].as_str())
            .collect();
        assert!(
            rels.contains(&"self") && rels.contains(&"alternate"),
            "{path}: {rels:?}"
        );
        let mut ids = Vec::new();
        for entry in feed["entries"].as_array().expect("entries") {
            for key in ["id", "title", "link", "updated", "published"] {
                assert!(
                    entry[key].as_str().is_some_and(|v| !v.is_empty()),
                    "{path}: an entry without {key}: {entry}"
                );
            }
            ids.push(entry["id"].as_str().unwrap_or_default().to_owned());
        }
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "{path}: entry ids repeat");
    }
    // The escaped title comes back as written, the idea's status change with
    // its reason, and the plan's response as HTML.
    let area = &parsed[0];
    assert!(
        area["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .any(|e| e["title"] == TRICKY),
        "{area}"
    );
    let idea = &parsed[2];
    assert!(
        idea["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .any(|e| {
                e["title"] == "Nieuwe status: Afgewezen"
                    && e["summary"] == "Waarom: Past niet in het <budget> & plan."
            }),
        "{idea}"
    );
    let plan = &parsed[3];
    assert!(
        plan["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .any(|e| {
                e["content"][0]
                    .as_str()
                    .is_some_and(|html| html.contains("<em>bomen</em> &amp; struiken"))
            }),
        "{plan}"
    );
    let search = &parsed[4];
    assert_eq!(search["entries"][0]["title"], TRICKY, "{search}");
    assert_eq!(parsed[5]["entries"], json!([]));
}
