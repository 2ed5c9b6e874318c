//! The agency stand-in as its own process (default 127.0.0.1:3104), configured by `AGENCY_*`
//! variables or the equivalent flags (`agency --help`).

use stand_in_support::process::Process;

#[tokio::main]
async fn main() {
    let settings = cli::settings::parse();
    let process = Process::begin("agency");
    let config = process.settings(agency::Config::from_settings(settings));
    if config.uses_development_token() {
        tracing::warn!(
            "AGENCY_PORTAL_TOKEN, AGENCY_ADMIN_TOKEN or AGENCY_REGISTRY_TOKEN is not set: a development token is in use"
        );
    }
    let running = process.started(agency::start(config).await);
    tracing::info!(url = %running.public_url, "agency stand-in listening");
    process.serve_until_interrupted(running.task).await;
}
