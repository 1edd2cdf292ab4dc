//! GraphQL subscriptions over WebSocket (the graphql-ws protocol, and the
//! older subscriptions-transport-ws) at `/graphql/ws`, and on `/graphql` for
//! a WebSocket upgrade.
//!
//! The connection is authenticated by `{ "token": "…" }` in the
//! `connection_init` payload, or else by the session cookie (or bearer
//! header) of the upgrade request.

use std::net::SocketAddr;
use std::sync::Arc;

use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use plein_app::Actor;

use crate::auth;
use crate::graphql::{Loaders, LoadersRef};
use crate::http::ApiState;

pub(crate) async fn graphql_ws(
    State(state): State<ApiState>,
    protocol: GraphQLProtocol,
    headers: HeaderMap,
    connect: Option<axum::Extension<ConnectInfo<SocketAddr>>>,
    upgrade: WebSocketUpgrade,
) -> Response {
    let peer = connect.map(|c| c.0.0);
    let client = auth::client(&headers, peer, &state.config);
    let from_headers = match auth::actor(&state.app, &headers, peer, &state.config).await {
        // Browsers send cookies with a WebSocket handshake from any page; only
        // our own pages may ride on the session cookie.
        Ok((_, auth::Credential::Cookie)) if !crate::auth::same_origin(&headers, &state.config) => {
            Actor::anonymous(client.clone())
        }
        Ok((actor, _)) => actor,
        Err(err) => {
            tracing::error!(error = %err, "resolving the session failed");
            Actor::anonymous(client.clone())
        }
    };
    let schema = state.schema.clone();
    let app = state.app.clone();
    let config = state.config.clone();
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| {
            GraphQLWebSocket::new(socket, schema, protocol)
                .on_connection_init(move |payload| async move {
                    let token = payload
                        .get("token")
                        .and_then(|t| t.as_str())
                        .map(str::to_owned);
                    let actor = match token {
                        Some(token) => {
                            let user = app.authenticate(&token).await.map_err(|err| {
                                tracing::error!(error = %err, "resolving the session failed");
                                async_graphql::Error::new("internal error")
                            })?;
                            if user.is_none() {
                                return Err(async_graphql::Error::new(
                                    "the token is not a live session",
                                ));
                            }
                            Actor { user, client }
                        }
                        None => from_headers,
                    };
                    let mut data = Data::default();
                    data.insert(LoadersRef(Arc::new(Loaders::new(&app, &actor))));
                    data.insert(actor);
                    data.insert((*config).clone());
                    Ok(data)
                })
                .serve()
        })
        .into_response()
}
