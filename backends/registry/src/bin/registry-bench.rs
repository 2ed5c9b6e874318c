//! `registry-bench`: how long generation takes, and lookup throughput and latency under
//! concurrency over loopback HTTP.
//!
//! Flags: `--citizens N` (100000), `--requests N` (20000), `--concurrency N` (32),
//! `--database PATH` (a file in the temp directory, replaced).

use registry::{start, Config};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Options {
    citizens: usize,
    requests: usize,
    concurrency: usize,
    database: String,
}

fn options() -> Result<Options, String> {
    let mut options = Options {
        citizens: 100_000,
        requests: 20_000,
        concurrency: 32,
        database: std::env::temp_dir()
            .join("registry-bench.sqlite3")
            .display()
            .to_string(),
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let [flag, value] = pair else {
            return Err(format!("{} needs a value", pair[0]));
        };
        let number = || {
            value
                .parse::<usize>()
                .map_err(|_| format!("{flag}: not a number"))
        };
        match flag.as_str() {
            "--citizens" => options.citizens = number()?,
            "--requests" => options.requests = number()?,
            "--concurrency" => options.concurrency = number()?.max(1),
            "--database" => options.database = value.clone(),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(options)
}

fn percentile(sorted: &[Duration], share: f64) -> Duration {
    let index = ((sorted.len() as f64 * share).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[index]
}

#[tokio::main]
async fn main() {
    let options = match options() {
        Ok(options) => options,
        Err(error) => {
            eprintln!("registry-bench: {error}");
            std::process::exit(2);
        }
    };
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", options.database));
    }
    let config = Config {
        addr: "127.0.0.1:0".parse().expect("loopback address"),
        database: options.database.clone(),
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

    let db = registry::Database::open(&options.database)
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
    let per_task = options.requests.div_ceil(options.concurrency);
    let started = Instant::now();
    let tasks: Vec<_> = (0..options.concurrency)
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
        options.concurrency,
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
