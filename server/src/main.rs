use server::config::Config;

#[tokio::main]
async fn main() {
    server::telemetry::init();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(message) => {
            eprintln!("configuration error: {message}");
            std::process::exit(2);
        }
    };
    if let Err(error) = server::run(config).await {
        eprintln!("portal stopped: {error}");
        std::process::exit(1);
    }
}
