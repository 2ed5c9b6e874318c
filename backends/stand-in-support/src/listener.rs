//! Binding before building: a stand-in binds its port first (port 0 picks a free one, as tests
//! and the local stack do), learns the address, names itself by it, and only then builds its
//! routes and serves them in the background.

use std::{future::Future, io, net::SocketAddr};

use axum::Router;
use tokio::{net::TcpListener, task::JoinHandle};

/// A bound port not yet served.
pub struct Listener {
    inner: TcpListener,
    addr: SocketAddr,
}

pub async fn bind(addr: SocketAddr) -> io::Result<Listener> {
    let inner = TcpListener::bind(addr).await?;
    let addr = inner.local_addr()?;
    Ok(Listener { inner, addr })
}

impl Listener {
    /// The address actually bound.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL the stand-in gives out: the configured one (without a trailing slash), or
    /// `http://{bound address}` when none is configured.
    pub fn public_url(&self, configured: Option<&str>) -> String {
        configured.map_or_else(
            || format!("http://{}", self.addr),
            |url| url.trim_end_matches('/').to_owned(),
        )
    }

    /// Serves `app` until `shutdown` completes (then waits for requests in flight) or the task
    /// is aborted; `std::future::pending()` serves for as long as the task lives.
    pub fn serve(
        self,
        app: Router,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> JoinHandle<io::Result<()>> {
        tokio::spawn(async move {
            axum::serve(self.inner, app)
                .with_graceful_shutdown(shutdown)
                .await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::routing::get;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn serves_on_the_port_it_bound_until_told_to_stop() {
        let listener = bind(SocketAddr::from(([127, 0, 0, 1], 0))).await.unwrap();
        let addr = listener.addr();
        assert_ne!(addr.port(), 0);
        assert_eq!(listener.public_url(None), format!("http://{addr}"));
        assert_eq!(
            listener.public_url(Some("https://pay.example/")),
            "https://pay.example"
        );
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = listener.serve(Router::new().route("/", get(|| async { "hello" })), async {
            let _ = stopped.await;
        });

        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await
            .unwrap();
        let mut reply = String::new();
        stream.read_to_string(&mut reply).await.unwrap();
        assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
        assert!(reply.ends_with("hello"), "{reply}");

        stop.send(()).unwrap();
        task.await.unwrap().unwrap();
        assert!(tokio::net::TcpStream::connect(addr).await.is_err());
    }
}
