//! `registry`: serves the population registry stand-in, configured by `REGISTRY_*` variables or
//! the equivalent flags (`registry --help`), until SIGINT or SIGTERM.

use registry::{start, Config};
use stand_in_support::process::Process;

#[tokio::main]
async fn main() {
    let config = Config::from_settings(cli::settings::parse());
    let process = Process::begin("registry");
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
    process.interrupted().await;
    if let Err(error) = running.stop().await {
        tracing::error!(%error, "registry stopped with an error");
    }
}
