//! `portal`: the portal's web server as a process, configured by flags and environment
//! variables (`portal --help` lists them).

use server::config::Config;

#[tokio::main]
async fn main() {
    let config = match Config::from_settings(cli::settings::parse()) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("portal: {message}");
            std::process::exit(2);
        }
    };
    if let Err(error) = server::telemetry::init() {
        eprintln!("portal: {error}");
        std::process::exit(2);
    }
    if let Err(error) = server::run(config).await {
        eprintln!("portal stopped: {error}");
        std::process::exit(1);
    }
}
