//! The load generator: a fixed number of tokio tasks, each repeating one operation back to back
//! (a closed loop, as many requests in flight as tasks) until a time budget or a request cap runs
//! out, recording every operation's latency and whether it failed.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Bounds of one measured cell; a short warm-up opens the keep-alive connections first.
#[derive(Clone, Copy)]
pub struct Budget {
    pub warm_up: Duration,
    pub measure: Duration,
    pub max_operations: usize,
}

pub struct Measurement {
    pub operations: usize,
    pub errors: usize,
    pub elapsed: Duration,
    /// Sorted, fastest first.
    latencies: Vec<Duration>,
}

impl Measurement {
    pub fn per_second(&self) -> f64 {
        self.operations as f64 / self.elapsed.as_secs_f64()
    }

    /// The latency under which `share` of the operations finished (nearest rank).
    pub fn percentile(&self, share: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let rank = (self.latencies.len() as f64 * share).ceil() as usize;
        self.latencies[rank.clamp(1, self.latencies.len()) - 1]
    }
}

/// Runs `operation(task)` from `concurrency` tasks; it answers whether the operation succeeded.
pub async fn run<F, Fut>(concurrency: usize, budget: Budget, operation: F) -> Measurement
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send,
{
    let operation = Arc::new(operation);
    if !budget.warm_up.is_zero() {
        let warm_up = Budget {
            measure: budget.warm_up,
            warm_up: Duration::ZERO,
            ..budget
        };
        measure(concurrency, warm_up, operation.clone()).await;
    }
    measure(concurrency, budget, operation).await
}

async fn measure<F, Fut>(concurrency: usize, budget: Budget, operation: Arc<F>) -> Measurement
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send,
{
    let issued = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + budget.measure;
    let tasks: Vec<_> = (0..concurrency)
        .map(|task| {
            let (operation, issued) = (operation.clone(), issued.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                let mut errors = 0;
                while Instant::now() < deadline
                    && issued.fetch_add(1, Ordering::Relaxed) < budget.max_operations
                {
                    let sent = Instant::now();
                    if !operation(task).await {
                        errors += 1;
                    }
                    latencies.push(sent.elapsed());
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    for task in tasks {
        let (task_latencies, task_errors) = task.await.expect("a load task panicked");
        latencies.extend(task_latencies);
        errors += task_errors;
    }
    let elapsed = started.elapsed();
    latencies.sort_unstable();
    Measurement {
        operations: latencies.len(),
        errors,
        elapsed,
        latencies,
    }
}

/// A latency in milliseconds with a precision that suits its size.
pub fn millis(duration: Duration) -> String {
    let ms = duration.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2}")
    } else if ms < 100.0 {
        format!("{ms:.1}")
    } else {
        format!("{ms:.0}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn counts_failures_and_orders_latencies() {
        let budget = Budget {
            warm_up: Duration::ZERO,
            measure: Duration::from_secs(5),
            max_operations: 100,
        };
        let calls = Arc::new(AtomicUsize::new(0));
        let measured = run(4, budget, move |task| {
            let call = calls.fetch_add(1, Ordering::Relaxed);
            async move {
                tokio::time::sleep(Duration::from_millis(1 + task as u64)).await;
                !call.is_multiple_of(4)
            }
        })
        .await;
        assert_eq!(measured.operations, 100);
        assert_eq!(measured.errors, 25);
        assert!(measured.percentile(0.5) <= measured.percentile(0.99));
        assert!(measured.percentile(0.01) >= Duration::from_millis(1));
    }
}
