//! `registry-bench`: how long generation takes, and lookup throughput and latency under
//! concurrency over loopback HTTP.
//!
//! Settings: `--citizens`, `--requests`, `--concurrency`, `--database`, or their
//! `REGISTRY_BENCH_*` variables (`registry-bench --help`).

use cli::settings::clap::{self, Parser};
use registry::{start, Config};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How big a population, and how many lookups from how many tasks.
#[derive(Parser, Debug)]
#[command(
    name = "registry-bench",
    version,
    about = "Times the registry's generation, and its lookups under concurrency over loopback HTTP."
)]
struct Options {
    /// Citizens to generate
    #[arg(long, env = "REGISTRY_BENCH_CITIZENS", default_value_t = 100_000)]
    citizens: usize,
    /// Lookups to make
    #[arg(long, env = "REGISTRY_BENCH_REQUESTS", default_value_t = 20_000)]
    requests: usize,
    /// Lookups in flight at once
    #[arg(long, env = "REGISTRY_BENCH_CONCURRENCY", default_value_t = 32, value_parser = clap::value_parser!(u16).range(1..))]
    concurrency: u16,
    /// The SQLite file, replaced [default: registry-bench.sqlite3 in the temporary directory]
    #[arg(long, env = "REGISTRY_BENCH_DATABASE")]
    database: Option<String>,
}

fn percentile(sorted: &[Duration], share: f64) -> Duration {
    let index = ((sorted.len() as f64 * share).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}

#[tokio::main]
async fn main() {
    let options: Options = cli::settings::parse();
    let database = options.database.unwrap_or_else(|| {
        let file = std::env::temp_dir().join("registry-bench.sqlite3");
        file.display().to_string()
    });
    let concurrency = usize::from(options.concurrency);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", database));
    }
    let config = Config {
        addr: "127.0.0.1:0".parse().expect("loopback address"),
        database: database.clone(),
        citizens: options.citizens,
        ..Config::default()
    };
    let running = match start(config).await {
        Ok(running) => running,
        Err(error) => {
            eprintln!("registry-bench: {error}");
            std::process::exit(1);
        }
    };
    println!(
        "generation: {} citizens in {:.2?}",
        options.citizens, running.generated.elapsed
    );

    let db = registry::Database::open(&database)
        .await
        .expect("database opens");
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT personal_id FROM people ORDER BY personal_id LIMIT 5000")
            .fetch_all(db.pool())
            .await
            .expect("sample of IDs");
    let ids = Arc::new(ids);
    let url = format!("http://{}/v1/people/get", running.addr);
    let client = reqwest::Client::new();
    let per_task = options.requests.div_ceil(concurrency);
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|task| {
            let (ids, url, client) = (ids.clone(), url.clone(), client.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::with_capacity(per_task);
                let mut failures = 0usize;
                for n in 0..per_task {
                    let id = &ids[(task * per_task + n) % ids.len()];
                    let sent = Instant::now();
                    let response = client
                        .post(&url)
                        .bearer_auth("portal-dev-secret")
                        .header("X-Purpose", "account")
                        .json(&serde_json::json!({ "personal_id": id }))
                        .send()
                        .await;
                    match response {
                        Ok(response) if response.status().is_success() => {
                            let _ = response.bytes().await;
                        }
                        _ => failures += 1,
                    }
                    latencies.push(sent.elapsed());
                }
                (latencies, failures)
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(options.requests);
    let mut failures = 0;
    for task in tasks {
        let (task_latencies, task_failures) = task.await.expect("bench task");
        latencies.extend(task_latencies);
        failures += task_failures;
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    println!(
        "lookups: {} requests, {} concurrent, {failures} failed, {:.0} requests/s",
        latencies.len(),
        concurrency,
        latencies.len() as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency: p50 {:.2?}  p99 {:.2?}  p99.9 {:.2?}  max {:.2?}",
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        percentile(&latencies, 0.999),
        latencies.last().copied().unwrap_or_default()
    );
    if let Err(error) = running.stop().await {
        eprintln!("registry-bench: {error}");
    }
}
