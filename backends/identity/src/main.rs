//! The identity provider stand-in as its own process (default 127.0.0.1:3102).

use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let config = match identity::Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("identity: {error}");
            std::process::exit(2);
        }
    };
    let running = match identity::start(config).await {
        Ok(running) => running,
        Err(error) => {
            eprintln!("identity: cannot listen: {error}");
            std::process::exit(1);
        }
    };
    tracing::info!(issuer = %running.issuer, "identity provider listening");
    match running.task.await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => {
            eprintln!("identity: server stopped: {error}");
            std::process::exit(1);
        }
        Err(error) => {
            eprintln!("identity: server task failed: {error}");
            std::process::exit(1);
        }
    }
}
