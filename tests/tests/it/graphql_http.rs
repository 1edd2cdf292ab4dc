//! GraphQL over HTTP: methods, content types, malformed requests, limits, the
//! health check, the published schema, and who is asking over POST, GET and
//! WebSocket alike.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use plein_tests::TestApp;
use plein_tests::serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

async fn post_raw(t: &TestApp, content_type: &str, body: &str) -> (u16, Value) {
    let response = t
        .http
        .post(t.url("/graphql"))
        .header("content-type", content_type)
        .body(body.to_owned())
        .send()
        .await
        .expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

#[tokio::test]
async fn malformed_requests_get_graphql_errors_not_panics() {
    let t = TestApp::spawn().await;
    let (status, body) = post_raw(&t, "application/json", "{ this is not json").await;
    assert_eq!(status, 400);
    assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");

    let (status, body) = post_raw(&t, "application/json", r#"{"query": "{ me { "}"#).await;
    assert_eq!(status, 200);
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
    assert!(body["errors"][0]["locations"].is_array());

    let (_, body) = post_raw(&t, "application/json", r#"{"query": "{ noSuchField }"}"#).await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );

    let (_, body) = post_raw(
        &t,
        "application/json",
        r#"{"query": "query($f: Int) { areas(first: $f) { totalCount } }", "variables": {"f": "many"}}"#,
    )
    .await;
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "GRAPHQL_VALIDATION_FAILED"
    );
}

#[tokio::test]
async fn only_json_is_accepted_so_forms_cannot_forge_mutations() {
    let t = TestApp::spawn().await;
    for content_type in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
    ] {
        let (status, body) = post_raw(
            &t,
            content_type,
            r#"{"query": "mutation { signOut { signedOut } }"}"#,
        )
        .await;
        assert_eq!(status, 415, "{content_type}");
        assert_eq!(body["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    }
    let (status, _) = post_raw(
        &t,
        "application/json; charset=utf-8",
        r#"{"query": "{ me { id } }"}"#,
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn get_runs_queries_but_never_mutations() {
    let t = TestApp::spawn().await;
    let ok: Value = t
        .http
        .get(t.url("/graphql"))
        .query(&[("query", "{ areaTree { name } }")])
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(ok, json!({ "data": { "areaTree": [] } }));

    let refused = t
        .http
        .get(t.url("/graphql"))
        .query(&[("query", "mutation { signOut { signedOut } }")])
        .send()
        .await
        .expect("get");
    assert_eq!(refused.status().as_u16(), 405);
    let refused: Value = refused.json().await.expect("json");
    assert!(refused["data"].is_null());
    assert_eq!(refused["errors"][0]["extensions"]["code"], "BAD_REQUEST");
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .expect("message")
            .contains("POST")
    );
}

#[tokio::test]
async fn depth_alias_and_batch_limits_hold() {
    let t = TestApp::spawn().await;
    let deep = format!(
        "{{ areaTree {} id {} }}",
        "{ children ".repeat(14),
        "}".repeat(14)
    );
    let response = t.gql(&deep, json!({})).await;
    assert_eq!(response.code(), "GRAPHQL_VALIDATION_FAILED");

    let aliases: String = (0..31).map(|n| format!("a{n}: me {{ id }} ")).collect();
    let response = t.gql(&format!("{{ {aliases} }}"), json!({})).await;
    assert_eq!(response.code(), "GRAPHQL_VALIDATION_FAILED");
    assert!(
        response.body["errors"][0]["message"]
            .as_str()
            .expect("message")
            .contains("aliases")
    );
    let aliases: String = (0..30).map(|n| format!("a{n}: me {{ id }} ")).collect();
    t.gql(&format!("{{ {aliases} }}"), json!({})).await.data();

    let batch: Vec<Value> = (0..11)
        .map(|_| json!({ "query": "{ me { id } }" }))
        .collect();
    let response = t
        .http
        .post(t.url("/graphql"))
        .json(&batch)
        .send()
        .await
        .expect("batch");
    assert_eq!(response.status().as_u16(), 400);
    let batch: Vec<Value> = (0..3)
        .map(|_| json!({ "query": "{ areaTree { id } }" }))
        .collect();
    let body: Value = t
        .http
        .post(t.url("/graphql"))
        .json(&batch)
        .send()
        .await
        .expect("batch")
        .json()
        .await
        .expect("json");
    assert_eq!(body.as_array().expect("array").len(), 3);
}

#[tokio::test]
async fn production_settings_hide_introspection_and_graphiql() {
    let open = TestApp::spawn().await;
    let page = open
        .http
        .get(open.url("/graphiql"))
        .send()
        .await
        .expect("graphiql");
    assert_eq!(page.status().as_u16(), 200);
    open.gql("{ __schema { queryType { name } } }", json!({}))
        .await
        .data();

    let closed = TestApp::builder()
        .api(|api| {
            api.graphiql = false;
            api.introspection = false;
        })
        .spawn()
        .await;
    let response = closed
        .gql("{ __schema { queryType { name } } }", json!({}))
        .await;
    assert_eq!(
        response.body["data"]["__schema"],
        json!(null),
        "{}",
        response.body
    );
    let page = closed
        .http
        .get(closed.url("/graphiql"))
        .send()
        .await
        .expect("graphiql");
    // Without GraphiQL the path falls through to the web app, not to GraphiQL.
    let text = page.text().await.expect("text");
    assert!(
        !text.contains("graphiql.min.js"),
        "GraphiQL is still served"
    );
    // No field suggestions that would leak the schema.
    let response = closed.gql("{ mee { id } }", json!({})).await;
    let message = response.body["errors"][0]["message"]
        .as_str()
        .expect("message");
    assert!(!message.contains("Did you mean"), "{message}");
}

#[tokio::test]
async fn the_health_check_reports_the_database() {
    let t = TestApp::spawn().await;
    let response = t.http.get(t.url("/healthz")).send().await.expect("healthz");
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"]["up"], true);
    let backend = body["database"]["backend"].as_str().expect("backend");
    let expected = if std::env::var("TEST_DATABASE_URL").is_ok_and(|v| !v.is_empty()) {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(backend, expected);
}

#[tokio::test]
async fn the_web_page_and_security_headers_are_served() {
    let t = TestApp::spawn().await;
    let response = t.http.get(t.url("/")).send().await.expect("page");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers()["x-frame-options"], "DENY");
    let html = response.text().await.expect("html");
    assert!(html.contains("<html lang=\"nl\">"));
}

#[test]
fn schema_graphql_matches_the_served_schema() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema.graphql");
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    let served = plein_api::schema_sdl();
    assert!(
        on_disk == served,
        "schema.graphql is out of date with the code; run `cargo run -p plein-server -- export-schema` and commit the result"
    );
}

#[tokio::test]
async fn cookie_borne_requests_from_another_site_are_refused() {
    let t = TestApp::spawn().await;
    let (token, _) = t.register("cookie@example.nl", "Cookie").await;
    let cookie = format!("plein_session={token}");
    let send = |origin: Option<&'static str>, use_cookie: bool| {
        let mut request = t
            .http
            .post(t.url("/graphql"))
            .json(&json!({ "query": "mutation { signOut { signedOut } }" }));
        if use_cookie {
            request = request.header("cookie", cookie.clone());
        } else {
            request = request.bearer_auth(&token);
        }
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        request.send()
    };
    let forged = send(Some("https://evil.example"), true)
        .await
        .expect("forged");
    assert_eq!(forged.status().as_u16(), 403);
    let body: Value = forged.json().await.expect("json");
    assert_eq!(body["errors"][0]["extensions"]["code"], "FORBIDDEN");
    // Still signed in: the forged sign-out did nothing.
    let me = t.gql_as(Some(&token), "{ me { id } }", json!({})).await;
    assert!(me.data()["me"].is_object());

    // API clients with a bearer token are not browsers; the origin does not matter.
    let host = t.base.clone();
    let same_site: &'static str = Box::leak(host.into_boxed_str());
    let own = send(Some(same_site), true).await.expect("own");
    assert_eq!(own.status().as_u16(), 200);
    let body: Value = own.json().await.expect("json");
    assert_eq!(body["data"]["signOut"]["signedOut"], true);
}

#[tokio::test]
async fn pages_carry_a_strict_content_security_policy() {
    let t = TestApp::spawn().await;
    let page = t.http.get(t.url("/")).send().await.expect("page");
    let csp = page.headers()["content-security-policy"]
        .to_str()
        .expect("csp")
        .to_owned();
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(!csp.contains("script-src 'self' 'unsafe-inline'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    // Map tiles may come from the configured tile server, nothing else may.
    assert!(
        csp.contains("img-src 'self' data: https://service.pdok.nl;"),
        "{csp}"
    );
    let api = t
        .http
        .post(t.url("/graphql"))
        .json(&json!({ "query": "{ me { id } }" }))
        .send()
        .await
        .expect("api");
    assert!(api.headers().contains_key("content-security-policy"));
}

/// A token of the right shape that names no session: never issued, or
/// signed out, expired or revoked since.
const UNKNOWN_TOKEN: &str = "bm8tc2Vzc2lvbi1oYXMtdGhpcy10b2tlbi1hdC1hbGw";

const LIVE_ON_IDEA: &str =
    "subscription($id: ID!) { commentAdded(subjectKind: IDEA, subjectId: $id) { body } }";

async fn get_as(t: &TestApp, token: &str, query: &str) -> (u16, Value) {
    let response = t
        .http
        .get(t.url("/graphql"))
        .query(&[("query", query)])
        .bearer_auth(token)
        .send()
        .await
        .expect("get");
    let status = response.status().as_u16();
    (status, response.json().await.expect("json"))
}

/// The WebSocket handshake request, with extra headers.
fn ws_request(
    t: &TestApp,
    headers: &[(&'static str, &str)],
) -> tokio_tungstenite::tungstenite::handshake::client::Request {
    let url = format!("{}/graphql/ws", t.base.replacen("http", "ws", 1));
    let mut request = url.into_client_request().expect("request");
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().expect("header"),
    );
    for (name, value) in headers {
        request
            .headers_mut()
            .insert(*name, value.parse().expect("header"));
    }
    request
}

#[tokio::test]
async fn an_unknown_token_is_anonymous_over_post_get_and_websocket() {
    let t = TestApp::spawn().await;
    let sq = t.square().await;
    let idea = t.idea(&sq.resident, &sq.neighbourhood, "Bankjes").await;
    // Only its author may watch a draft, so it shows whom the server saw.
    let draft = t
        .draft_idea(&sq.resident, &sq.neighbourhood, "Concept")
        .await;

    let post = t
        .gql_as(Some(UNKNOWN_TOKEN), "{ me { id } }", json!({}))
        .await;
    assert_eq!(post.status.as_u16(), 200);
    assert_eq!(post.body, json!({ "data": { "me": null } }));
    let post = t
        .gql_as(Some(UNKNOWN_TOKEN), "{ mySessions { id } }", json!({}))
        .await;
    assert_eq!(post.code(), "UNAUTHENTICATED", "{}", post.body);

    let (status, get) = get_as(&t, UNKNOWN_TOKEN, "{ me { id } }").await;
    assert_eq!(status, 200);
    assert_eq!(get, json!({ "data": { "me": null } }));
    let (status, get) = get_as(&t, UNKNOWN_TOKEN, "{ mySessions { id } }").await;
    assert_eq!(status, 200);
    assert_eq!(get["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");

    // Over WebSocket the connection opens (the helper checks the ack) and
    // runs as anyone's would: a public idea's comments arrive...
    let mut live = t
        .subscribe(Some(UNKNOWN_TOKEN), LIVE_ON_IDEA, json!({ "id": idea }))
        .await;
    t.live_subscribers(1).await;
    t.comment(&sq.neighbour, "IDEA", &idea, None).await;
    let message = live.next(Duration::from_secs(10)).await.expect("an event");
    assert_eq!(
        message["payload"]["data"]["commentAdded"]["body"], "Mee eens!",
        "{message}"
    );
    // ...and a draft stays hidden, with the token in `connection_init` or in
    // the handshake's header.
    let bearer = format!("Bearer {UNKNOWN_TOKEN}");
    for mut hidden in [
        t.subscribe(Some(UNKNOWN_TOKEN), LIVE_ON_IDEA, json!({ "id": draft }))
            .await,
        t.subscribe_with(
            &[("authorization", &bearer)],
            json!({}),
            LIVE_ON_IDEA,
            json!({ "id": draft }),
        )
        .await,
    ] {
        let refused = hidden
            .next(Duration::from_secs(10))
            .await
            .expect("an answer");
        assert_eq!(
            refused["payload"]["errors"][0]["extensions"]["code"], "NOT_FOUND",
            "{refused}"
        );
    }
}

#[tokio::test]
async fn a_failing_session_lookup_is_an_error_over_post_get_and_websocket() {
    use sea_orm::ConnectionTrait;
    let t = TestApp::spawn().await;
    // The session store breaks: every lookup of a token fails.
    t.app
        .db
        .conn
        .execute_unprepared("ALTER TABLE sessions RENAME TO sessions_away")
        .await
        .expect("rename");

    // Without a token nothing is looked up.
    let anonymous = t.gql("{ areaTree { name } }", json!({})).await;
    assert_eq!(anonymous.body, json!({ "data": { "areaTree": [] } }));

    // With one, the request fails rather than running as anonymous.
    let internal = json!({ "errors": [{ "message": "internal error", "extensions": { "code": "INTERNAL" } }] });
    let post = t
        .gql_as(Some(UNKNOWN_TOKEN), "{ me { id } }", json!({}))
        .await;
    assert_eq!(post.status.as_u16(), 500);
    assert_eq!(post.body, internal);
    let (status, get) = get_as(&t, UNKNOWN_TOKEN, "{ me { id } }").await;
    assert_eq!(status, 500);
    assert_eq!(get, internal);

    // A token in the handshake's header: the upgrade is refused.
    let bearer = format!("Bearer {UNKNOWN_TOKEN}");
    match tokio_tungstenite::connect_async(ws_request(&t, &[("authorization", &bearer)]))
        .await
        .err()
    {
        Some(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            assert_eq!(response.status().as_u16(), 500);
        }
        other => panic!("the upgrade should answer 500, not {other:?}"),
    }

    // A token in `connection_init`: the socket closes with an error.
    let (mut socket, _) = tokio_tungstenite::connect_async(ws_request(&t, &[]))
        .await
        .expect("connect");
    let init = json!({ "type": "connection_init", "payload": { "token": UNKNOWN_TOKEN } });
    socket
        .send(Message::Text(init.to_string().into()))
        .await
        .expect("send");
    let answer = tokio::time::timeout(Duration::from_secs(10), socket.next())
        .await
        .expect("an answer in time")
        .expect("a message")
        .expect("a frame");
    match answer {
        Message::Close(Some(frame)) => {
            assert_ne!(u16::from(frame.code), 1000, "closed as an error");
            assert_eq!(frame.reason.as_str(), "internal error");
        }
        other => panic!("the socket should close with an error, not {other:?}"),
    }
}
