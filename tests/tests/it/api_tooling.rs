//! What GraphQL tooling needs from the API: the standard introspection query,
//! limits that say their bound, GET per GraphQL over HTTP, subscriptions on
//! `/graphql`, and a GraphiQL page that loads nothing from elsewhere.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use plein_tests::TestApp;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// graphql-js 16's `getIntrospectionQuery` with descriptions, specifiedByURL,
/// isRepeatable, the schema description and input value deprecation: what
/// GraphiQL, graphql-codegen, Apollo, Insomnia and Postman send.
const STANDARD_INTROSPECTION: &str = include_str!("fixtures/introspection_query.graphql");

fn message(body: &Value) -> &str {
    body["errors"][0]["message"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn the_standard_introspection_query_reads_the_schema() {
    let t = TestApp::spawn().await;
    let response = t.gql(STANDARD_INTROSPECTION, json!({})).await;
    let schema = &response.data()["__schema"];
    assert_eq!(schema["queryType"]["name"], "Query");
    assert_eq!(schema["mutationType"]["name"], "Mutation");
    assert_eq!(schema["subscriptionType"]["name"], "Subscription");
    let types = schema["types"].as_array().expect("types");
    assert!(types.iter().any(|t| t["name"] == "Idea"), "no Idea type");
    assert!(
        schema["directives"]
            .as_array()
            .is_some_and(|d| !d.is_empty())
    );

    // Over GET too, as tools that cache introspection send it.
    let body: Value = t
        .http
        .get(t.url("/graphql"))
        .query(&[("query", STANDARD_INTROSPECTION)])
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(
        body["data"]["__schema"]["queryType"]["name"], "Query",
        "{body}"
    );
}

#[tokio::test]
async fn introspection_has_a_depth_limit_of_its_own() {
    let t = TestApp::spawn().await;
    let nested = format!(
        "{{ __schema {{ types {{ {} name {} }} }} }}",
        "ofType { ".repeat(20),
        "}".repeat(20)
    );
    let response = t.gql(&nested, json!({})).await;
    assert_eq!(response.code(), "GRAPHQL_VALIDATION_FAILED");
    assert_eq!(
        message(&response.body),
        "the introspection query is nested 23 deep; the limit is 20"
    );
    // Introspection beside ordinary fields does not lift their limit.
    let deep = format!(
        "{{ __schema {{ queryType {{ name }} }} areaTree {{ {} id {} }} }}",
        "children { ".repeat(11),
        "}".repeat(11)
    );
    let response = t.gql(&deep, json!({})).await;
    assert_eq!(
        message(&response.body),
        "the query is nested 13 deep; the limit is 12"
    );
}

#[tokio::test]
async fn depth_and_complexity_errors_say_the_limit() {
    let t = TestApp::spawn().await;
    let at_limit = format!(
        "{{ areaTree {{ {} id {} }} }}",
        "children { ".repeat(10),
        "}".repeat(10)
    );
    t.gql(&at_limit, json!({})).await.data();
    let too_deep = format!(
        "{{ areaTree {{ {} id {} }} }}",
        "children { ".repeat(11),
        "}".repeat(11)
    );
    let response = t.gql(&too_deep, json!({})).await;
    assert_eq!(response.code(), "GRAPHQL_VALIDATION_FAILED");
    assert_eq!(
        message(&response.body),
        "the query is nested 13 deep; the limit is 12"
    );
    // Fragments count where they are spread.
    let spread = format!(
        "{{ areaTree {{ ...Deep }} }} fragment Deep on Area {{ {} id {} }}",
        "children { ".repeat(11),
        "}".repeat(11)
    );
    let response = t.gql(&spread, json!({})).await;
    assert_eq!(
        message(&response.body),
        "the query is nested 13 deep; the limit is 12"
    );

    let costly = "{ areaTree { descendants(first: 50) { edges { node { \
        descendants(first: 50) { edges { node { id } } } } } } } }";
    let response = t.gql(costly, json!({})).await;
    assert_eq!(response.code(), "GRAPHQL_VALIDATION_FAILED");
    let text = message(&response.body);
    assert!(
        text.starts_with("the query's complexity is ") && text.ends_with("; the limit is 2000"),
        "{text}"
    );
}

#[tokio::test]
async fn a_mutation_over_get_gets_405_with_allow_post() {
    let t = TestApp::spawn().await;
    let response = t
        .http
        .get(t.url("/graphql"))
        .query(&[("query", "mutation { signOut { signedOut } }")])
        .send()
        .await
        .expect("get");
    assert_eq!(response.status().as_u16(), 405);
    assert_eq!(response.headers()["allow"], "POST");
    let body: Value = response.json().await.expect("json");
    assert!(body["data"].is_null());
    assert!(message(&body).contains("POST"), "{body}");

    // The operation chosen by name decides.
    let document = "query Q { areaTree { id } } mutation M { signOut { signedOut } }";
    let chosen = |name: &'static str| {
        t.http
            .get(t.url("/graphql"))
            .query(&[("query", document), ("operationName", name)])
            .send()
    };
    assert_eq!(chosen("M").await.expect("get").status().as_u16(), 405);
    let query = chosen("Q").await.expect("get");
    assert_eq!(query.status().as_u16(), 200);
    let body: Value = query.json().await.expect("json");
    assert_eq!(body, json!({ "data": { "areaTree": [] } }));
}

/// Opens a graphql-transport-ws connection at `path` and runs one
/// `connection_init`; the acknowledgement, if one comes.
async fn ws_handshake(t: &TestApp, path: &str) -> Option<Value> {
    let url = format!("{}{path}", t.base.replacen("http", "ws", 1));
    let mut request = url.into_client_request().expect("request");
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().expect("header"),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("the upgrade is accepted");
    socket
        .send(Message::Text(
            json!({ "type": "connection_init", "payload": {} })
                .to_string()
                .into(),
        ))
        .await
        .expect("send");
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .ok()??
            .ok()?;
        if let Message::Text(text) = message {
            return serde_json::from_str(&text).ok();
        }
    }
}

#[tokio::test]
async fn subscriptions_are_served_on_graphql_and_graphql_ws() {
    let t = TestApp::spawn().await;
    for path in ["/graphql", "/graphql/ws"] {
        let ack = ws_handshake(&t, path).await.expect("an answer");
        assert_eq!(ack["type"], "connection_ack", "{path}: {ack}");
    }
    // A plain GET still runs a query.
    let body: Value = t
        .http
        .get(t.url("/graphql"))
        .query(&[("query", "{ areaTree { id } }")])
        .send()
        .await
        .expect("get")
        .json()
        .await
        .expect("json");
    assert_eq!(body, json!({ "data": { "areaTree": [] } }));
}

fn assert_self_only(page: &reqwest::Response) {
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .expect("csp");
    assert!(policy.contains("script-src 'self';"), "{policy}");
    assert!(!policy.contains("http"), "{policy}");
    assert!(!policy.contains("unsafe-eval"), "{policy}");
    assert!(
        !policy.contains("script-src 'self' 'unsafe-inline'"),
        "{policy}"
    );
}

#[tokio::test]
async fn graphiql_comes_from_the_server_with_a_self_only_policy() {
    // A built web app: the page GraphiQL's build writes, with its assets.
    let web = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(web.path().join("assets")).expect("assets");
    std::fs::write(
        web.path().join("index.html"),
        "<!doctype html><title>Plein</title>",
    )
    .expect("index");
    std::fs::write(
        web.path().join("graphiql.html"),
        "<!doctype html><title>Plein GraphiQL</title>\
         <script type=\"module\" src=\"/assets/graphiql-1.js\"></script><div id=\"graphiql\"></div>",
    )
    .expect("graphiql");
    std::fs::write(web.path().join("assets/graphiql-1.js"), "console.log(1)").expect("js");
    let dir = web.path().to_owned();
    let t = TestApp::builder()
        .api(|api| api.web_dir = Some(dir))
        .spawn()
        .await;
    let page = t.http.get(t.url("/graphiql")).send().await.expect("page");
    assert_eq!(page.status().as_u16(), 200);
    assert_self_only(&page);
    let html = page.text().await.expect("html");
    assert!(html.contains("/assets/graphiql-1.js"), "{html}");
    assert!(!html.contains("https://"), "{html}");
    let script = t
        .http
        .get(t.url("/assets/graphiql-1.js"))
        .send()
        .await
        .expect("asset");
    assert_eq!(script.status().as_u16(), 200);

    // Not built yet: a page that says so, still nothing from elsewhere.
    let unbuilt = TestApp::spawn().await;
    let page = unbuilt
        .http
        .get(unbuilt.url("/graphiql"))
        .send()
        .await
        .expect("page");
    assert_self_only(&page);
    let html = page.text().await.expect("html");
    assert!(html.contains("npm run build"), "{html}");
    assert!(
        !html.contains("https://") && !html.contains("unpkg"),
        "{html}"
    );
}

/// The page the web app's build writes for GraphiQL, when it has been built:
/// its scripts and styles are the build's own files.
#[test]
fn the_built_graphiql_page_names_no_outside_file() {
    let page =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/dist/graphiql.html");
    let Ok(html) = std::fs::read_to_string(&page) else {
        return;
    };
    assert!(html.contains("src=\"/assets/"), "{html}");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "{html}"
    );
}

/// The README promises one `input` per mutation: none takes bare arguments.
#[tokio::test]
async fn every_mutation_takes_one_input_or_nothing() {
    let t = TestApp::spawn().await;
    let response = t
        .gql(
            "{ __schema { mutationType { fields { name args { name } } } } }",
            json!({}),
        )
        .await;
    let fields = response.data()["__schema"]["mutationType"]["fields"]
        .as_array()
        .expect("fields")
        .clone();
    let bare: Vec<String> = fields
        .iter()
        .filter(|field| {
            let args = field["args"].as_array().expect("args");
            !(args.is_empty() || (args.len() == 1 && args[0]["name"] == "input"))
        })
        .map(|field| field["name"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert!(bare.is_empty(), "mutations with bare arguments: {bare:?}");
}

/// A wrong password is UNAUTHENTICATED, never a field error on the input.
#[tokio::test]
async fn a_wrong_password_answers_unauthenticated() {
    let t = TestApp::spawn().await;
    t.register("wachtwoord@example.nl", "Wachtwoord").await;
    let response = t
        .gql(
            "mutation($i: SignInInput!) { signIn(input: $i) { token } }",
            json!({ "i": { "email": "wachtwoord@example.nl", "password": "not the password" } }),
        )
        .await;
    assert_eq!(response.code(), "UNAUTHENTICATED", "{}", response.body);
    // An unknown address answers the same.
    let unknown = t
        .gql(
            "mutation($i: SignInInput!) { signIn(input: $i) { token } }",
            json!({ "i": { "email": "niemand@example.nl", "password": "not the password" } }),
        )
        .await;
    assert_eq!(unknown.body["errors"], response.body["errors"]);
}
