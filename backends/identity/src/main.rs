//! The identity provider stand-in as its own process (default 127.0.0.1:3102), configured by
//! `IDENTITY_*` variables or the equivalent flags (`identity --help`).

use stand_in_support::process::Process;

#[tokio::main]
async fn main() {
    let config = identity::Config::from_settings(cli::settings::parse());
    let process = Process::begin("identity");
    let running = process.started(identity::start(config).await);
    tracing::info!(issuer = %running.issuer, "identity provider listening");
    process.serve_until_interrupted(running.task).await;
}
