//! The payment gateway stand-in as its own process (default 127.0.0.1:3103).

use stand_in_support::process::Process;

#[tokio::main]
async fn main() {
    let process = Process::begin("payment");
    let config = process.settings(payment::Config::from_env());
    let running = process.started(payment::start(config).await);
    tracing::info!(url = %running.public_url, "payment gateway listening");
    process.serve_until_interrupted(running.task).await;
}
