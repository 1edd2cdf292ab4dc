//! A small graphql-ws (graphql-transport-ws) client for subscription tests.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::TestApp;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// One open subscription on its own connection.
pub struct Subscription {
    socket: Socket,
}

impl TestApp {
    /// Opens `/graphql/ws`, authenticates with `token` in `connection_init`,
    /// and starts `query`. Errors in the start come back from `next`.
    pub async fn subscribe(
        &self,
        token: Option<&str>,
        query: &str,
        variables: Value,
    ) -> Subscription {
        let payload = match token {
            Some(token) => json!({ "token": token }),
            None => json!({}),
        };
        self.subscribe_with(&[], payload, query, variables).await
    }

    /// Like `subscribe`, with extra handshake headers (a cookie, an origin)
    /// and a `connection_init` payload of one's own.
    pub async fn subscribe_with(
        &self,
        headers: &[(&'static str, &str)],
        payload: Value,
        query: &str,
        variables: Value,
    ) -> Subscription {
        let url = format!("{}/graphql/ws", self.base.replacen("http", "ws", 1));
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
        let (mut socket, _) = tokio_tungstenite::connect_async(request)
            .await
            .expect("connect websocket");
        send(
            &mut socket,
            json!({ "type": "connection_init", "payload": payload }),
        )
        .await;
        let ack = receive(&mut socket, Duration::from_secs(10))
            .await
            .expect("connection_ack");
        assert_eq!(ack["type"], "connection_ack", "{ack}");
        send(
            &mut socket,
            json!({ "id": "1", "type": "subscribe", "payload": { "query": query, "variables": variables } }),
        )
        .await;
        Subscription { socket }
    }
}

impl Subscription {
    /// The next message for the subscription (`next` or `error`), or `None`
    /// when nothing comes within `wait`.
    pub async fn next(&mut self, wait: Duration) -> Option<Value> {
        loop {
            let message = receive(&mut self.socket, wait).await?;
            match message["type"].as_str() {
                Some("next") | Some("error") | Some("complete") => return Some(message),
                Some("ping") => send(&mut self.socket, json!({ "type": "pong" })).await,
                _ => {}
            }
        }
    }
}

async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .expect("send");
}

async fn receive(socket: &mut Socket, wait: Duration) -> Option<Value> {
    loop {
        let message = tokio::time::timeout(wait, socket.next())
            .await
            .ok()??
            .ok()?;
        if let Message::Text(text) = message {
            return serde_json::from_str(&text).ok();
        }
    }
}
