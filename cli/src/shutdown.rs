//! When to stop: on SIGINT (Ctrl-C in a terminal) or SIGTERM (what `docker stop`, systemd and
//! Kubernetes send), so that a server finishes the requests in flight instead of being killed.

use tokio::signal::unix::{signal, SignalKind};

/// Completes on the first SIGINT or SIGTERM. A signal that cannot be listened for is logged and
/// left out, so that the process goes on serving rather than stopping at once.
pub async fn requested() {
    let interrupt = listen(SignalKind::interrupt(), "SIGINT");
    let terminate = listen(SignalKind::terminate(), "SIGTERM");
    tokio::select! {
        () = interrupt => tracing::info!("SIGINT received, stopping"),
        () = terminate => tracing::info!("SIGTERM received, stopping"),
    }
}

async fn listen(kind: SignalKind, name: &str) {
    match signal(kind) {
        Ok(mut stream) => {
            stream.recv().await;
        }
        Err(error) => {
            tracing::error!(%error, "cannot listen for {name}");
            std::future::pending::<()>().await;
        }
    }
}
