//! When to stop: on SIGINT (Ctrl-C in a terminal) or SIGTERM (what `docker stop`, systemd and
//! Kubernetes send), so that a server finishes the requests in flight instead of being killed.

use std::future::Future;

use tokio::signal::unix::{signal, Signal, SignalKind};

/// Listens for SIGINT and SIGTERM from this call on, and completes on the first. Call it before
/// starting: a signal that arrives while the process is still starting then stops it once
/// started, instead of killing it by the default action. Needs a Tokio runtime. A signal that
/// cannot be listened for is logged and left out, so that the process goes on serving rather
/// than stopping at once.
pub fn requested() -> impl Future<Output = ()> + Send + 'static {
    let interrupt = listen(SignalKind::interrupt(), "SIGINT");
    let terminate = listen(SignalKind::terminate(), "SIGTERM");
    async move {
        tokio::select! {
            () = received(interrupt) => tracing::info!("SIGINT received, stopping"),
            () = received(terminate) => tracing::info!("SIGTERM received, stopping"),
        }
    }
}

fn listen(kind: SignalKind, name: &str) -> Option<Signal> {
    signal(kind)
        .inspect_err(|error| tracing::error!(%error, "cannot listen for {name}"))
        .ok()
}

async fn received(signal: Option<Signal>) {
    match signal {
        Some(mut signal) => {
            signal.recv().await;
        }
        None => std::future::pending().await,
    }
}
