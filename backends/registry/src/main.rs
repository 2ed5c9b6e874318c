//! `registry`: serves the population registry stand-in.

use registry::{start, Config};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    let config = match Config::from_env_and_args() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("registry: {error}");
            std::process::exit(2);
        }
    };
    let admin = config.admin;
    let running = match start(config).await {
        Ok(running) => running,
        Err(error) => {
            eprintln!("registry: {error}");
            std::process::exit(1);
        }
    };
    let generated = &running.generated;
    tracing::info!(
        seed = generated.spec.seed,
        citizens = generated.spec.citizens,
        reused = generated.reused,
        seconds = generated.elapsed.as_secs_f64(),
        "population ready"
    );
    tracing::info!(addr = %running.addr, admin, "registry listening");
    if let Err(error) = tokio::signal::ctrl_c().await {
        tracing::error!(%error, "cannot wait for Ctrl-C");
    }
    if let Err(error) = running.stop().await {
        tracing::error!(%error, "registry stopped with an error");
    }
}
