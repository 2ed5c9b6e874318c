//! The registry at scale: one child process per population size (so that its peak resident memory
//! is the generation's alone) generates the population into a fresh SQLite file, then looks people
//! up over loopback HTTP from 16 tasks; the parent prints one row per size.

use crate::load::{self, millis, Budget};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// The child's command-line word.
pub const COMMAND: &str = "registry-at-scale";
const CONCURRENCY: usize = 16;
const SAMPLE: usize = 5_000;

/// Runs one child per size and prints the table.
pub fn run(sizes: &[usize], seconds: f64) {
    println!("| citizens | generation s | peak RSS MB | lookups/s (c={CONCURRENCY}) | p50 ms | p99 ms | errors |");
    println!("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    let exe = std::env::current_exe().expect("this program's path");
    for citizens in sizes {
        let output = std::process::Command::new(&exe)
            .args([COMMAND, &citizens.to_string(), &seconds.to_string()])
            .output()
            .expect("the child runs");
        let last_line = String::from_utf8_lossy(&output.stdout)
            .lines()
            .last()
            .unwrap_or_default()
            .to_string();
        let Ok(row) = serde_json::from_str::<Value>(&last_line) else {
            println!(
                "| {citizens} | failed: {} | | | | | |",
                String::from_utf8_lossy(&output.stderr).trim()
            );
            continue;
        };
        println!(
            "| {citizens} | {:.1} | {} | {:.0} | {} | {} | {} of {} |",
            row["generation_secs"].as_f64().unwrap_or_default(),
            row["peak_rss_mb"]
                .as_f64()
                .map_or("n/a".into(), |mb| format!("{mb:.0}")),
            row["per_second"].as_f64().unwrap_or_default(),
            row["p50_ms"].as_str().unwrap_or_default(),
            row["p99_ms"].as_str().unwrap_or_default(),
            row["errors"],
            row["lookups"],
        );
    }
}

/// The child: generates `citizens` people, measures lookups for `seconds`, prints a JSON line.
pub async fn child(citizens: usize, seconds: f64) {
    let data = tempfile::tempdir().expect("temporary directory");
    let database = data.path().join("registry.sqlite3").display().to_string();
    let running = registry::start(registry::Config {
        addr: "127.0.0.1:0".parse().expect("loopback"),
        database: database.clone(),
        citizens,
        ..registry::Config::default()
    })
    .await
    .expect("the registry starts");
    let generation = running.generated.elapsed;
    let peak_rss_mb = peak_resident_mb();
    let db = registry::Database::open(&database).await.expect("database");
    let ids: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT personal_id FROM people ORDER BY random() LIMIT {SAMPLE}"
    ))
    .fetch_all(db.pool())
    .await
    .expect("a sample of ID numbers");
    let ids = Arc::new(ids);
    let next = Arc::new(AtomicUsize::new(0));
    let url = format!("http://{}/v1/people/get", running.addr);
    let http = reqwest::Client::new();
    let budget = Budget {
        warm_up: std::time::Duration::from_millis(500),
        measure: std::time::Duration::from_secs_f64(seconds),
        max_operations: 1_000_000,
    };
    let measured = load::run(CONCURRENCY, budget, move |_| {
        let id = &ids[next.fetch_add(1, Ordering::Relaxed) % ids.len()];
        let request = http
            .post(&url)
            .bearer_auth("portal-dev-secret")
            .header("x-purpose", "account")
            .json(&json!({ "personal_id": id }));
        async move {
            match request.send().await {
                Ok(response) => response.status().is_success() && response.bytes().await.is_ok(),
                Err(_) => false,
            }
        }
    })
    .await;
    println!(
        "{}",
        json!({
            "generation_secs": generation.as_secs_f64(),
            "peak_rss_mb": peak_rss_mb,
            "lookups": measured.operations,
            "errors": measured.errors,
            "per_second": measured.per_second(),
            "p50_ms": millis(measured.percentile(0.5)),
            "p99_ms": millis(measured.percentile(0.99)),
        })
    );
}

/// The process's peak resident set so far (`VmHWM`), where Linux tells it.
fn peak_resident_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}
