//! GraphQL subscriptions over WebSocket (the graphql-ws protocol, and the
//! older subscriptions-transport-ws) at `/graphql/ws`, and on `/graphql` for
//! a WebSocket upgrade.
//!
//! The connection is authenticated by `{ "token": "…" }` in the
//! `connection_init` payload, or else by the session cookie (or bearer
//! header) of the upgrade request, by the one rule of `auth`: an unknown
//! token is anonymous; a failed lookup answers the upgrade with a 500, or
//! closes the socket with an error once it is open.

use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use plein_app::Actor;

use crate::auth::{self, MaybeSignedIn, SessionLookupFailed};
use crate::graphql::RequestData;
use crate::state::ApiState;

pub(crate) async fn graphql_ws(
    State(state): State<ApiState>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
    headers: HeaderMap,
    asker: MaybeSignedIn,
) -> Response {
    let client = asker.actor.client.clone();
    // Browsers send cookies with a WebSocket handshake from any page; only
    // our own pages may ride on the session cookie.
    let from_headers = if asker.credential == auth::Credential::Cookie
        && !auth::same_origin(&headers, &state.config)
    {
        Actor::anonymous(client.clone())
    } else {
        asker.actor
    };
    let schema = state.schema.clone();
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| {
            GraphQLWebSocket::new(socket, schema, protocol)
                .on_connection_init(move |payload| async move {
                    let actor = match payload.get("token").and_then(|t| t.as_str()) {
                        Some(token) => auth::actor_for_token(&state.app, Some(token), client)
                            .await
                            .map_err(SessionLookupFailed::logged)?,
                        None => from_headers,
                    };
                    let mut data = Data::default();
                    RequestData::new(&state.app, &state.config, actor).add_to(&mut data);
                    Ok(data)
                })
                .serve()
        })
        .into_response()
}
