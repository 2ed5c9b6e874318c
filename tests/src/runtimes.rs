//! Tokio runtimes for tests written as plain blocking code: the stack's own, and the ones a test
//! drives its HTTP clients on, kept apart so that clients never take the portal's threads.

use tokio::runtime::{Builder, Runtime};

/// A runtime with `workers` threads of its own.
pub fn threaded(workers: usize) -> Runtime {
    Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
        .expect("a runtime")
}

/// A runtime on the calling thread, for clients that take turns.
pub fn on_this_thread() -> Runtime {
    Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}
