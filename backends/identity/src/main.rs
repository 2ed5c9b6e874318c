//! The identity provider stand-in as its own process (default 127.0.0.1:3102).

use stand_in_support::process::Process;

#[tokio::main]
async fn main() {
    let process = Process::begin("identity");
    let config = process.settings(identity::Config::from_env());
    let running = process.started(identity::start(config).await);
    tracing::info!(issuer = %running.issuer, "identity provider listening");
    process.serve_until_interrupted(running.task).await;
}
