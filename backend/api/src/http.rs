//! The axum router: GraphQL over HTTP at `/graphql`, GraphiQL, `/healthz`, and
//! the web app.

use std::sync::Arc;

use async_graphql::parser::types::{DocumentOperations, OperationType};
use async_graphql::{BatchRequest, BatchResponse, Response as GqlResponse, ServerError};
use axum::body::{Body, to_bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use plein_app::App;
use serde_json::json;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::ApiConfig;
use crate::auth::{self, MaybeSignedIn};
use crate::graphql::{GetRequest, MAX_BATCH, RequestData, build_schema, codes};
use crate::state::ApiState;
use crate::{links, unsubscribe};

/// The policy for everything Plein serves: scripts only from this origin,
/// never inline; styles may be inline (components set style attributes).
/// Images may also come from the map's tile server (see [`page_policy`]).
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
    frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

/// The origin of a tile URL template (`https://service.pdok.nl`), for the
/// policy's `img-src`; `None` for a path on this server. A `{s}` subdomain
/// becomes a wildcard.
fn tile_origin(template: &str) -> Option<String> {
    let (scheme, rest) = template.split_once("://")?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return None;
    }
    Some(format!("{scheme}://{}", host.replace("{s}", "*")))
}

/// [`CONTENT_SECURITY_POLICY`] with the map's tile server allowed for images.
fn page_policy(tiles: &str) -> HeaderValue {
    let policy = match tile_origin(tiles) {
        Some(origin) => CONTENT_SECURITY_POLICY.replace(
            "img-src 'self' data:;",
            &format!("img-src 'self' data: {origin};"),
        ),
        None => CONTENT_SECURITY_POLICY.to_owned(),
    };
    HeaderValue::from_str(&policy)
        .unwrap_or_else(|_| HeaderValue::from_static(CONTENT_SECURITY_POLICY))
}

/// GraphiQL comes with the web app's files: everything from this origin, only
/// its stylesheet embeds fonts as `data:`.
const GRAPHIQL_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; \
    connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; \
    object-src 'none'";

/// What `/graphiql` says while the web app (which carries GraphiQL) is not built.
const GRAPHIQL_UNBUILT: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
    <title>Plein GraphiQL</title></head><body><h1>GraphiQL is not built yet</h1>\
    <p>GraphiQL comes with the web app: build it with <code>npm ci &amp;&amp; npm run build</code> \
    in <code>frontend/</code> (or start Plein with <code>scripts/run</code>). The API answers \
    meanwhile at <a href=\"/graphql\">/graphql</a>.</p></body></html>";

/// The page served at `/` until the web app has been built.
const PLACEHOLDER_PAGE: &str = include_str!("../../../frontend/index.html");

/// The whole HTTP surface of one Plein server.
pub fn router(app: App, config: ApiConfig) -> Router {
    let schema = build_schema(Some(app.clone()), config.introspection);
    let web_dir = config
        .web_dir
        .clone()
        .filter(|dir| dir.join("index.html").is_file());
    let graphiql = config.graphiql;
    let metrics = config.metrics;
    let policy = page_policy(&app.settings.map_tiles);
    let state = ApiState {
        app,
        schema,
        config: Arc::new(config),
    };

    let mut router = Router::new()
        .route("/graphql", get(graphql_get).post(graphql_post))
        .route("/graphql/ws", get(crate::ws::graphql_ws))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/verify-email", get(links::verify_email))
        .route("/confirm-email", get(links::confirm_email))
        .route(
            "/sign-in-link",
            get(links::sign_in_link_page).post(links::sign_in_link),
        )
        .route(
            "/reset-password",
            get(links::reset_password_page).post(links::reset_password),
        )
        .route(
            "/unsubscribe",
            get(unsubscribe::unsubscribe_page).post(unsubscribe::unsubscribe),
        )
        .route("/my-data", get(crate::my_data::download_page))
        .route("/my-data/download", get(crate::my_data::download))
        .route("/calendar/meetings/{file}", get(crate::calendar::meeting))
        .route("/calendar/groups/{file}", get(crate::calendar::group_feed))
        .route("/feeds/areas/{file}", get(crate::atom::area_feed))
        .route("/feeds/ideas/{file}", get(crate::atom::idea_feed))
        .route("/feeds/plans/{file}", get(crate::atom::plan_feed))
        .route("/feeds/search.atom", get(crate::atom::search_feed));
    if graphiql {
        let page = web_dir.as_ref().map(|dir| dir.join("graphiql.html"));
        router = router.route("/graphiql", get(move || graphiql_page(page.clone())));
    }
    if metrics {
        router = router.route("/metrics", get(crate::metrics::metrics_page));
    }
    router = match web_dir {
        Some(dir) => {
            let index = dir.join("index.html");
            router.fallback_service(ServeDir::new(dir).fallback(ServeFile::new(index)))
        }
        None => router.fallback(get(|| async { Html(PLACEHOLDER_PAGE) })),
    };
    router
        .with_state(state)
        // No inline script anywhere; GraphiQL sets its own, looser policy.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            policy,
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(TraceLayer::new_for_http())
        .layer(axum::middleware::from_fn(crate::metrics::count_requests))
}

/// A GraphQL-shaped error answer for requests that never reach execution.
fn request_error(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({ "errors": [{ "message": message, "extensions": { "code": code } }] })),
    )
        .into_response()
}

async fn graphql_post(
    State(state): State<ApiState>,
    asker: MaybeSignedIn,
    request: Request,
) -> Response {
    // JSON only: a cross-site form cannot send it without a CORS preflight,
    // which is what keeps cookie-borne mutations safe from CSRF.
    let is_json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return request_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "BAD_REQUEST",
            "send GraphQL requests as application/json",
        );
    }
    let headers = request.headers().clone();
    let body = match to_bytes(request.into_body(), state.config.max_body_bytes).await {
        Ok(body) => body,
        Err(_) => {
            return request_error(
                StatusCode::PAYLOAD_TOO_LARGE,
                "BAD_REQUEST",
                "the request body is too large",
            );
        }
    };
    let mut batch: BatchRequest = match serde_json::from_slice(&body) {
        Ok(batch) => batch,
        Err(err) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                &format!("the body is not a GraphQL request: {err}"),
            );
        }
    };
    if let BatchRequest::Batch(requests) = &batch
        && requests.len() > MAX_BATCH
    {
        return request_error(
            StatusCode::BAD_REQUEST,
            "BAD_REQUEST",
            &format!("a batch may hold at most {MAX_BATCH} operations"),
        );
    }
    if asker.credential == auth::Credential::Cookie && !auth::same_origin(&headers, &state.config) {
        return request_error(
            StatusCode::FORBIDDEN,
            codes::FORBIDDEN,
            "requests signed in by cookie must come from this site",
        );
    }
    let data = RequestData::new(&state.app, &state.config, asker.actor);
    for request in batch.iter_mut() {
        data.add_to(&mut request.data);
    }
    let response = state.schema.execute_batch(batch).await;
    respond(response)
}

/// `GET /graphql`: a WebSocket upgrade starts a subscription connection (as
/// at `/graphql/ws`, where most clients do not look first); anything else is
/// a query in the query string.
async fn graphql_get(State(state): State<ApiState>, request: Request) -> Response {
    let upgrade = request
        .headers()
        .get(header::UPGRADE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("websocket"));
    if upgrade {
        return axum::handler::Handler::call(crate::ws::graphql_ws, request, state).await;
    }
    axum::handler::Handler::call(graphql_query_string, request, state).await
}

async fn graphql_query_string(
    State(state): State<ApiState>,
    asker: MaybeSignedIn,
    request: Request,
) -> Response {
    let query = request.uri().query().unwrap_or_default().to_owned();
    let gql_request = match async_graphql::http::parse_query_string(&query) {
        // GraphQL over HTTP names the operation `operationName`;
        // async-graphql reads only `operation_name`.
        Ok(r) if r.operation_name.is_none() => {
            let named =
                axum::extract::Query::<std::collections::HashMap<String, String>>::try_from_uri(
                    request.uri(),
                )
                .ok()
                .and_then(|q| q.0.get("operationName").cloned())
                .filter(|name| !name.is_empty());
            match named {
                Some(name) => r.operation_name(name),
                None => r,
            }
        }
        Ok(r) => r,
        Err(err) => {
            return request_error(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                &format!("the query string is not a GraphQL request: {err}"),
            );
        }
    };
    // GraphQL over HTTP: an operation that is not a query gets 405 over GET.
    if let Some(ty) = selected_operation_type(&gql_request)
        && ty != OperationType::Query
    {
        let mut response = request_error(
            StatusCode::METHOD_NOT_ALLOWED,
            "BAD_REQUEST",
            "only queries may be sent with GET; send mutations and subscriptions with POST",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let operation = gql_request.operation_name.clone();
    let mut gql_request = gql_request.data(GetRequest(operation));
    RequestData::new(&state.app, &state.config, asker.actor).add_to(&mut gql_request.data);
    let response = state.schema.execute(gql_request).await;
    respond(BatchResponse::Single(response))
}

/// The type of the operation a request would run, when its document parses
/// and names one; execution reports every other case.
fn selected_operation_type(request: &async_graphql::Request) -> Option<OperationType> {
    let document = async_graphql::parser::parse_query(&request.query).ok()?;
    match (&document.operations, request.operation_name.as_deref()) {
        (DocumentOperations::Single(op), _) => Some(op.node.ty),
        (DocumentOperations::Multiple(ops), Some(name)) => ops
            .iter()
            .find(|(n, _)| n.as_str() == name)
            .map(|(_, op)| op.node.ty),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.values().next().map(|op| op.node.ty)
        }
        _ => None,
    }
}

fn respond(mut response: BatchResponse) -> Response {
    let headers = response.http_headers();
    match &mut response {
        BatchResponse::Single(single) => default_codes(single),
        BatchResponse::Batch(all) => all.iter_mut().for_each(default_codes),
    }
    let body = match serde_json::to_vec(&response) {
        Ok(body) => body,
        Err(err) => {
            tracing::error!(error = %err, "serialising a response failed");
            return request_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                codes::INTERNAL,
                "internal error",
            );
        }
    };
    let mut http = Response::new(Body::from(body));
    http.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    for (name, value) in headers.iter() {
        http.headers_mut().append(name, value.clone());
    }
    http
}

/// Errors that come from the document itself (syntax, validation, limits)
/// carry no code from a resolver; give them one, so every error has a code.
fn default_codes(response: &mut GqlResponse) {
    for error in &mut response.errors {
        set_default_code(error);
    }
}

fn set_default_code(error: &mut ServerError) {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_none() {
        extensions.set("code", codes::GRAPHQL_VALIDATION_FAILED);
    }
}

async fn graphiql_page(page: Option<std::path::PathBuf>) -> Response {
    let html = match page {
        Some(page) => match tokio::fs::read_to_string(&page).await {
            Ok(html) => html,
            Err(err) => {
                tracing::warn!(error = %err, path = %page.display(), "GraphiQL's page is missing");
                GRAPHIQL_UNBUILT.to_owned()
            }
        },
        None => GRAPHIQL_UNBUILT.to_owned(),
    };
    (
        [
            (header::CONTENT_SECURITY_POLICY, GRAPHIQL_POLICY),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        Html(html),
    )
        .into_response()
}

async fn healthz(State(state): State<ApiState>) -> Response {
    let database = state.app.db.ping().await;
    let status = if database {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let search = match &state.app.search {
        Some(index) => match index.check().await {
            Ok(()) => json!({ "backend": index.name(), "up": true }),
            // A short public word (such as "key refused"); the detail is logged.
            Err(err) => {
                tracing::warn!(engine = index.name(), error = %err, "search health check failed");
                json!({ "backend": index.name(), "up": false, "problem": err.problem() })
            }
        },
        None => json!(null),
    };
    // Search being down degrades the square but does not stop it: writes
    // still succeed and the index catches up, so only the database decides.
    let body = json!({
        "status": if database { "ok" } else { "unavailable" },
        "database": {
            "backend": format!("{:?}", state.app.db.backend()).to_lowercase(),
            "up": database,
        },
        "search": search,
    });
    (status, Json(body)).into_response()
}

/// Readiness, for a load balancer: this server can do all its work. The
/// database answers with the schema this build expects, the search index
/// answers, and the mail relay answers. Unlike `/healthz` (alive), any part
/// down answers 503; the body says which part and why, in a short word (the
/// detail is logged).
async fn readyz(State(state): State<ApiState>) -> Response {
    let database = match database_ready(&state).await {
        Ok(()) => json!({ "ready": true }),
        Err(problem) => json!({ "ready": false, "problem": problem }),
    };
    let search = match &state.app.search {
        Some(index) => match index.check().await {
            Ok(()) => json!({ "backend": index.name(), "ready": true }),
            Err(err) => {
                tracing::warn!(engine = index.name(), error = %err, "search readiness check failed");
                json!({ "backend": index.name(), "ready": false, "problem": err.problem() })
            }
        },
        None => json!({ "ready": true, "backend": null }),
    };
    let mail = match &state.config.mail {
        Some(crate::MailCheck(mailer)) => match mailer.check().await {
            Ok(()) => json!({ "backend": mailer.name(), "ready": true }),
            Err(err) => {
                tracing::warn!(mailer = mailer.name(), error = %err, "mail readiness check failed");
                json!({ "backend": mailer.name(), "ready": false, "problem": "unreachable" })
            }
        },
        None => json!({ "ready": true, "backend": null }),
    };
    let draining = state.config.draining.is_draining();
    let ready = !draining
        && [&database, &search, &mail]
            .iter()
            .all(|part| part["ready"] == true);
    let failing: Vec<&str> = [
        ("database", &database),
        ("search", &search),
        ("mail", &mail),
    ]
    .into_iter()
    .filter(|(_, part)| part["ready"] != true)
    .map(|(name, _)| name)
    .collect();
    let body = json!({
        "status": if ready { "ready" } else if draining { "draining" } else { "unavailable" },
        "failing": failing,
        "database": database,
        "search": search,
        "mail": mail,
    });
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body)).into_response()
}

/// The database answers and its schema is the one this build expects.
async fn database_ready(state: &ApiState) -> Result<(), &'static str> {
    let db = &state.app.db;
    if !db.ping().await {
        return Err("unreachable");
    }
    match state.app.schema_state().await {
        Ok(schema) if schema.unknown.is_empty() && schema.pending.is_empty() => Ok(()),
        Ok(schema) if !schema.unknown.is_empty() => Err("schema newer than this server"),
        Ok(_) => Err("migrations pending"),
        Err(err) => {
            tracing::warn!(error = %err, "reading the schema state failed");
            Err("unreachable")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{page_policy, tile_origin};

    #[test]
    fn the_tile_server_may_serve_images() {
        assert_eq!(
            tile_origin(plein_app::DEFAULT_MAP_TILES).as_deref(),
            Some("https://service.pdok.nl")
        );
        assert_eq!(
            tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png").as_deref(),
            Some("https://*.tile.example.org")
        );
        assert_eq!(
            tile_origin("http://127.0.0.1:9000/{z}/{x}/{y}.png").as_deref(),
            Some("http://127.0.0.1:9000")
        );
        assert_eq!(tile_origin("/tiles/{z}/{x}/{y}.png"), None);
        let policy = page_policy("https://tile.openstreetmap.org/{z}/{x}/{y}.png");
        let policy = policy.to_str().expect("ascii");
        assert!(
            policy.contains("img-src 'self' data: https://tile.openstreetmap.org;"),
            "{policy}"
        );
        assert!(policy.contains("script-src 'self';"), "{policy}");
    }
}
