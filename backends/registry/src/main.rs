//! `registry`: serves the population registry stand-in.

use registry::{start, Config};
use stand_in_support::process::{self, Process};

#[tokio::main]
async fn main() {
    let process = Process::begin("registry");
    let config = process.settings(Config::from_env_and_args());
    let admin = config.admin;
    let running = process.started(start(config).await);
    let generated = &running.generated;
    tracing::info!(
        seed = generated.spec.seed,
        citizens = generated.spec.citizens,
        reused = generated.reused,
        seconds = generated.elapsed.as_secs_f64(),
        "population ready"
    );
    tracing::info!(addr = %running.addr, admin, "registry listening");
    process::interrupted().await;
    if let Err(error) = running.stop().await {
        tracing::error!(%error, "registry stopped with an error");
    }
}
