//! Address suggestions: from a Locatieserver (a local stub here, never the
//! internet), with a bounded wait and `GEOCODER_UNAVAILABLE` when it fails;
//! and the embedded geocoder, from area names and the addresses on what
//! anyone may see.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Query, State};
use axum::routing::get;
use plein_search::Locatieserver;
use plein_tests::TestApp;
use plein_tests::serde_json::{Value, json};

const SUGGEST: &str = "query($q: String!, $first: Int) {
  addressSuggestions(query: $q, first: $first) { label latitude longitude }
}";

type Seen = Arc<Mutex<Vec<BTreeMap<String, String>>>>;

/// The Locatieserver `free` answer for two addresses on the Damrak, and
/// one document without a point (skipped).
fn pdok_answer() -> Value {
    json!({
        "response": {
            "numFound": 3, "start": 0, "maxScore": 18.2, "numFoundExact": true,
            "docs": [
                { "type": "adres", "weergavenaam": "Damrak 1, 1012LG Amsterdam",
                  "id": "adr-1", "score": 18.2, "centroide_ll": "POINT(4.89457 52.37631)" },
                { "type": "adres", "weergavenaam": "Damrak 2, 1012LH Amsterdam",
                  "id": "adr-2", "score": 17.9 },
                { "type": "adres", "weergavenaam": "Damrak 3, 1012LG Amsterdam",
                  "id": "adr-3", "score": 17.5, "centroide_ll": "POINT(4.89461 52.37619)" }
            ]
        }
    })
}

/// A stub Locatieserver on a free port: `/free` answers, `/slow` takes
/// five seconds, `/broken` is a server error, `/garbage` is not JSON.
async fn stub() -> (String, Seen) {
    let seen: Seen = Arc::default();
    let router = axum::Router::new()
        .route(
            "/free",
            get(
                |State(seen): State<Seen>, Query(q): Query<BTreeMap<String, String>>| async move {
                    seen.lock().expect("lock").push(q);
                    axum::Json(pdok_answer())
                },
            ),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                axum::Json(pdok_answer())
            }),
        )
        .route(
            "/broken",
            get(|| async { (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "kapot") }),
        )
        .route("/garbage", get(|| async { "<html>onderhoud</html>" }))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("stub") });
    (format!("http://{addr}"), seen)
}

async fn with_locatieserver(url: &str, timeout: Duration) -> TestApp {
    TestApp::builder()
        .geocoder(Arc::new(Locatieserver::new(url, timeout).expect("client")))
        .spawn()
        .await
}

#[tokio::test]
async fn suggestions_come_from_the_locatieserver() {
    let (base, seen) = stub().await;
    let t = with_locatieserver(&format!("{base}/free"), Duration::from_secs(2)).await;
    let answer = t
        .gql(SUGGEST, json!({ "q": "  damrak   1 ", "first": 3 }))
        .await;
    assert_eq!(
        answer.data()["addressSuggestions"],
        json!([
            { "label": "Damrak 1, 1012LG Amsterdam", "latitude": 52.37631, "longitude": 4.89457 },
            { "label": "Damrak 3, 1012LG Amsterdam", "latitude": 52.37619, "longitude": 4.89461 },
        ])
    );
    let asked = seen.lock().expect("lock").clone();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0]["q"], "damrak 1");
    assert_eq!(asked[0]["fq"], "type:adres");
    assert_eq!(asked[0]["rows"], "3");

    // An empty query asks nobody; limits are checked first.
    let answer = t.gql(SUGGEST, json!({ "q": "   " })).await;
    assert_eq!(answer.data()["addressSuggestions"], json!([]));
    let answer = t.gql(SUGGEST, json!({ "q": "damrak", "first": 0 })).await;
    assert_eq!(answer.code(), "BAD_USER_INPUT");
    assert_eq!(answer.field(), Some("first"));
    let answer = t.gql(SUGGEST, json!({ "q": "d".repeat(201) })).await;
    assert_eq!(answer.code(), "BAD_USER_INPUT");
    assert_eq!(answer.field(), Some("query"));
    assert_eq!(seen.lock().expect("lock").len(), 1);
}

#[tokio::test]
async fn a_slow_or_failing_geocoder_is_geocoder_unavailable_in_bounded_time() {
    let (base, _) = stub().await;
    let closed = format!("http://127.0.0.1:{}/free", plein_tests::smtp::free_port());
    for url in [
        format!("{base}/slow"),
        format!("{base}/broken"),
        format!("{base}/garbage"),
        closed,
    ] {
        let t = with_locatieserver(&url, Duration::from_millis(300)).await;
        let started = Instant::now();
        let answer = t.gql(SUGGEST, json!({ "q": "damrak" })).await;
        assert_eq!(
            answer.code(),
            "GEOCODER_UNAVAILABLE",
            "{url}: {:?}",
            answer.body
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{url} took {:?}",
            started.elapsed()
        );
        // The detail (the service's address, its status) stays in the log.
        let message = answer.body["errors"][0]["message"]
            .as_str()
            .unwrap_or_default();
        assert!(!message.contains("127.0.0.1"), "{message}");
        assert!(answer.body["data"].is_null(), "{:?}", answer.body);
    }
}

#[tokio::test]
async fn the_embedded_geocoder_answers_from_areas_and_public_addresses() {
    let t = TestApp::spawn().await;
    let s = t.square().await;
    let file = json!({ "type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": { "buurtnaam": "Molenwijk" },
        "geometry": { "type": "Polygon", "coordinates": [[
            [5.0, 52.0], [5.1, 52.0], [5.1, 52.1], [5.0, 52.1], [5.0, 52.0]
        ]]}
    }]})
    .to_string();
    t.mutate(
        Some(&s.admin),
        "importAreaBoundaries",
        json!({ "geojson": file }),
        "{ areas { name } }",
    )
    .await
    .data();
    let idea = |address: &'static str, lat: f64| {
        let (t, token, area) = (&t, s.resident.clone(), s.neighbourhood.clone());
        async move {
            let response = t
                .mutate(
                    Some(&token),
                    "createIdea",
                    json!({
                        "title": format!("Een bankje bij {address}"),
                        "body": "Om even te zitten.",
                        "areaId": area,
                        "location": { "latitude": lat, "longitude": 5.05, "address": address },
                    }),
                    "{ idea { id } }",
                )
                .await;
            response.data()["createIdea"]["idea"]["id"]
                .as_str()
                .expect("id")
                .to_owned()
        }
    };
    let published = idea("Molenstraat 4", 52.04).await;
    t.mutate(
        Some(&s.resident),
        "publishIdea",
        json!({ "id": published }),
        "{ idea { id } }",
    )
    .await
    .data();
    // A draft's address is for its author: not a suggestion to anyone.
    idea("Molenpad 100% geheim", 52.06).await;

    let labels = |answer: &plein_tests::GqlResponse| -> Vec<String> {
        answer.data()["addressSuggestions"]
            .as_array()
            .expect("list")
            .iter()
            .map(|s| s["label"].as_str().expect("label").to_owned())
            .collect()
    };
    let answer = t.gql(SUGGEST, json!({ "q": "MOLEN" })).await;
    assert_eq!(labels(&answer), ["Molenwijk", "Molenstraat 4"]);
    let point = |i: usize| {
        let s = &answer.data()["addressSuggestions"][i];
        (
            s["latitude"].as_f64().expect("latitude"),
            s["longitude"].as_f64().expect("longitude"),
        )
    };
    let near =
        |(a, b): (f64, f64), (c, d): (f64, f64)| (a - c).abs() < 1e-9 && (b - d).abs() < 1e-9;
    assert!(
        near(point(0), (52.05, 5.05)),
        "the area's centre: {:?}",
        point(0)
    );
    assert!(
        near(point(1), (52.04, 5.05)),
        "the idea's point: {:?}",
        point(1)
    );
    let answer = t.gql(SUGGEST, json!({ "q": "straat", "first": 1 })).await;
    assert_eq!(labels(&answer), ["Molenstraat 4"]);
    // LIKE's wildcards are taken literally.
    let answer = t.gql(SUGGEST, json!({ "q": "100%" })).await;
    assert_eq!(labels(&answer), Vec::<String>::new());
    let answer = t.gql(SUGGEST, json!({ "q": "_" })).await;
    assert_eq!(labels(&answer), Vec::<String>::new());
}
