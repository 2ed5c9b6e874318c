//! The payment gateway stand-in as its own process (default 127.0.0.1:3103).

use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let config = match payment::Config::from_env() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("payment: {error}");
            std::process::exit(2);
        }
    };
    let running = match payment::start(config).await {
        Ok(running) => running,
        Err(error) => {
            eprintln!("payment: cannot start: {error}");
            std::process::exit(1);
        }
    };
    tracing::info!(url = %running.public_url, "payment gateway listening");
    match running.task.await {
        Ok(Ok(())) => {}
        Ok(Err(error)) => {
            eprintln!("payment: server stopped: {error}");
            std::process::exit(1);
        }
        Err(error) => {
            eprintln!("payment: server task failed: {error}");
            std::process::exit(1);
        }
    }
}
