//! A load balancer without sticky sessions: every HTTP request goes to the next portal instance in
//! turn, whatever connection or cookie it came with, so a citizen's consecutive requests are served
//! by different instances and only what they share (the database) can carry a session or a draft.

use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::net::TcpListener;

/// Larger than any body the portal accepts, so the portal's own limits are what a test meets.
const MAX_BODY_BYTES: usize = 64 * 1024 * 1024;

pub struct Balancer {
    upstreams: Vec<SocketAddr>,
    next: AtomicUsize,
    served: Vec<AtomicUsize>,
    http: reqwest::Client,
}

impl Balancer {
    /// Starts balancing `listener`'s requests over `upstreams`.
    pub fn start(listener: TcpListener, upstreams: Vec<SocketAddr>) -> Arc<Balancer> {
        let balancer = Arc::new(Balancer {
            served: upstreams.iter().map(|_| AtomicUsize::new(0)).collect(),
            upstreams,
            next: AtomicUsize::new(0),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("HTTP client"),
        });
        let app = axum::Router::new()
            .fallback(forward)
            .with_state(balancer.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        balancer
    }

    /// How many requests each instance has served, in the order given to `start`.
    pub fn served(&self) -> Vec<usize> {
        self.served
            .iter()
            .map(|count| count.load(Ordering::SeqCst))
            .collect()
    }
}

/// Headers that describe one hop's connection, not the request, so they are not passed on.
fn is_hop_by_hop(name: &HeaderName) -> bool {
    matches!(
        name.as_str(),
        "connection" | "keep-alive" | "transfer-encoding" | "host" | "content-length"
    )
}

async fn forward(State(balancer): State<Arc<Balancer>>, request: Request) -> Response {
    let turn = balancer.next.fetch_add(1, Ordering::SeqCst) % balancer.upstreams.len();
    balancer.served[turn].fetch_add(1, Ordering::SeqCst);
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, MAX_BODY_BYTES).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let path = parts.uri.path_and_query().map_or("/", |path| path.as_str());
    let mut upstream = balancer.http.request(
        parts.method,
        format!("http://{}{path}", balancer.upstreams[turn]),
    );
    for (name, value) in parts
        .headers
        .iter()
        .filter(|(name, _)| !is_hop_by_hop(name))
    {
        upstream = upstream.header(name, value);
    }
    let reply = match upstream.body(body).send().await {
        Ok(reply) => reply,
        Err(_) => return StatusCode::BAD_GATEWAY.into_response(),
    };
    let mut response = Response::builder().status(reply.status());
    for (name, value) in reply
        .headers()
        .iter()
        .filter(|(name, _)| !is_hop_by_hop(name))
    {
        response = response.header(name, value);
    }
    let body = reply.bytes().await.unwrap_or_default();
    response
        .body(Body::from(body))
        .unwrap_or_else(|_| StatusCode::BAD_GATEWAY.into_response())
}
