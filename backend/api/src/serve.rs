//! Serving with a clean stop. When the stop signal comes, the server drains
//! first: for a short grace it still answers, but every response says
//! `Connection: close` (so clients stop reusing their kept-alive connections)
//! and `/readyz` answers 503 (so a load balancer sends new work elsewhere).
//! Then hyper's graceful shutdown closes the idle connections, answers the
//! requests in flight and the server returns.

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

/// Whether this server is draining before it stops; shared by the router
/// and [`serve`].
#[derive(Debug, Clone, Default)]
pub struct Draining(Arc<AtomicBool>);

impl Draining {
    pub fn is_draining(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    pub fn start(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Adds `Connection: close` to every response while draining.
async fn close_while_draining(draining: Draining, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if draining.is_draining() {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// Serves `router` until `stop` resolves, then drains for `grace` and shuts
/// down gracefully: in-flight requests are answered, idle connections closed.
/// `draining` must be the one the router was built with (`ApiConfig::draining`).
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    draining: Draining,
    grace: Duration,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let flag = draining.clone();
    let router = router.layer(axum::middleware::from_fn(move |request, next| {
        close_while_draining(flag.clone(), request, next)
    }));
    let signal = async move {
        stop.await;
        draining.start();
        tracing::info!(
            grace_ms = grace.as_millis() as u64,
            "stopping: draining connections"
        );
        tokio::time::sleep(grace).await;
    };
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(signal)
    .await
}
