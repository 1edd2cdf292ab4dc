//! How the Meilisearch adapter talks HTTP. The SDK's own client sends every
//! request body as a stream read through a fresh, zero-filled 8 MiB buffer,
//! which cost a search more than Meilisearch's own work; this one serialises
//! the body once and sends it with its length, over one pool of kept-alive
//! connections for the life of the adapter.

use std::time::Duration;

use async_trait::async_trait;
use meili_reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, USER_AGENT};
use meilisearch_sdk::errors::Error;
use meilisearch_sdk::request::{HttpClient, Method, parse_response};
use meilisearch_sdk::reqwest::{ReqwestClient, qualified_version};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Idle connections are kept this long for the next request.
const IDLE: Duration = Duration::from_secs(90);

#[derive(Clone)]
pub(crate) struct MeiliHttp {
    client: meili_reqwest::Client,
    /// For the SDK's streamed uploads, which the adapter does not use.
    streaming: ReqwestClient,
}

impl MeiliHttp {
    pub(crate) fn new(api_key: Option<&str>) -> Result<Self, Error> {
        let mut headers = HeaderMap::new();
        headers.insert(
            USER_AGENT,
            HeaderValue::from_str(&qualified_version()).map_err(|e| Error::Other(Box::new(e)))?,
        );
        if let Some(key) = api_key {
            let mut value = HeaderValue::from_str(&format!("Bearer {key}"))
                .map_err(|e| Error::Other(Box::new(e)))?;
            value.set_sensitive(true);
            headers.insert(AUTHORIZATION, value);
        }
        let client = meili_reqwest::Client::builder()
            .default_headers(headers)
            .pool_idle_timeout(IDLE)
            .tcp_nodelay(true)
            .build()?;
        Ok(Self {
            client,
            streaming: ReqwestClient::new(api_key)?,
        })
    }
}

fn verb<Q, B>(method: &Method<Q, B>) -> meili_reqwest::Method {
    match method {
        Method::Get { .. } => meili_reqwest::Method::GET,
        Method::Delete { .. } => meili_reqwest::Method::DELETE,
        Method::Post { .. } => meili_reqwest::Method::POST,
        Method::Put { .. } => meili_reqwest::Method::PUT,
        Method::Patch { .. } => meili_reqwest::Method::PATCH,
    }
}

#[async_trait]
impl HttpClient for MeiliHttp {
    async fn request<Query, Body, Output>(
        &self,
        url: &str,
        method: Method<Query, Body>,
        expected_status_code: u16,
    ) -> Result<Output, Error>
    where
        Query: Serialize + Send + Sync,
        Body: Serialize + Send + Sync,
        Output: DeserializeOwned + 'static + Send,
    {
        let query = yaup::to_string(method.query())?;
        let url = if query.is_empty() {
            url.to_owned()
        } else {
            format!("{url}{query}")
        };
        let mut request = self.client.request(verb(&method), &url);
        if let Some(body) = method.body() {
            let body = serde_json::to_vec(body).map_err(Error::ParseError)?;
            request = request.header(CONTENT_TYPE, "application/json").body(body);
        }
        let response = request.send().await?;
        let status = response.status().as_u16();
        let body = response.bytes().await?;
        let body = if body.is_empty() {
            "null".into()
        } else {
            String::from_utf8_lossy(&body)
        };
        parse_response(status, expected_status_code, &body, url)
    }

    async fn stream_request<
        Query: Serialize + Send + Sync,
        Body: futures::io::AsyncRead + Send + Sync + 'static,
        Output: DeserializeOwned + 'static,
    >(
        &self,
        url: &str,
        method: Method<Query, Body>,
        content_type: &str,
        expected_status_code: u16,
    ) -> Result<Output, Error> {
        self.streaming
            .stream_request(url, method, content_type, expected_status_code)
            .await
    }

    fn is_tokio(&self) -> bool {
        true
    }
}
