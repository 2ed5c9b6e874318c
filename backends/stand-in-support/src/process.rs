//! A stand-in as its own process: logs to standard error (filtered by `RUST_LOG`, `info` by
//! default, as text or JSON lines by `LOG_FORMAT`), exits with status 2 on unusable settings and 1 when it cannot start or its server
//! fails, and stops with status 0 on SIGINT (Ctrl-C) or SIGTERM.

use std::{fmt::Display, future::Future, io, pin::Pin, process};

use tokio::task::JoinHandle;

/// The running process, named in every message it prints.
pub struct Process {
    name: &'static str,
    stop: Pin<Box<dyn Future<Output = ()> + Send>>,
}

impl Process {
    /// Sets up logging and starts listening for the signals that stop the process; call once, in
    /// `main` before starting anything.
    pub fn begin(name: &'static str) -> Self {
        let process = Self {
            name,
            stop: Box::pin(cli::shutdown::requested()),
        };
        process.settings(cli::logging::init("info"));
        process
    }

    /// The settings, or the reason they are unusable and exit status 2.
    pub fn settings<C, E: Display>(&self, settings: Result<C, E>) -> C {
        settings.unwrap_or_else(|error| self.exit(2, error))
    }

    /// The started service, or why it could not start and exit status 1.
    pub fn started<R, E: Display>(&self, started: Result<R, E>) -> R {
        started.unwrap_or_else(|error| self.exit(1, format_args!("cannot start: {error}")))
    }

    /// Serves until SIGINT or SIGTERM; if the server stops by itself, that is a failure (exit status 1).
    pub async fn serve_until_interrupted(mut self, server: JoinHandle<io::Result<()>>) {
        let mut server = server;
        tokio::select! {
            () = &mut self.stop => server.abort(),
            stopped = &mut server => match stopped {
                Ok(Ok(())) => self.exit(1, "server stopped"),
                Ok(Err(error)) => self.exit(1, format_args!("server stopped: {error}")),
                Err(error) => self.exit(1, format_args!("server task failed: {error}")),
            },
        }
    }

    /// Completes on SIGINT or SIGTERM, for a stand-in that stops its server itself.
    pub async fn interrupted(self) {
        self.stop.await;
    }

    fn exit(&self, status: i32, message: impl Display) -> ! {
        eprintln!("{}: {message}", self.name);
        process::exit(status)
    }
}
