//! The payment gateway stand-in as its own process (default 127.0.0.1:3103), configured by
//! `PAYMENT_*` variables or the equivalent flags (`payment --help`).

use stand_in_support::process::Process;

#[tokio::main]
async fn main() {
    let settings = cli::settings::parse();
    let process = Process::begin("payment");
    let config = process.settings(payment::Config::from_settings(settings));
    let running = process.started(payment::start(config).await);
    tracing::info!(url = %running.public_url, "payment gateway listening");
    process.serve_until_interrupted(running.task).await;
}
