//! Stand-in for Vietnam's national population registry and the agency records around it: a
//! deterministic synthetic population in SQLite behind a purpose-bound, audited HTTP JSON API.

pub mod api;
pub mod config;
pub mod db;
pub mod facilities;
pub mod health_check;
mod names;
pub mod population;
mod prng;

pub use api::{router, AppState};
pub use config::{Config, Settings};
pub use db::Database;
pub use population::{generate, generate_as_of, personas, Generated, Personas, Spec};

use std::net::SocketAddr;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// A registry serving on a loopback port.
pub struct Running {
    pub addr: SocketAddr,
    pub generated: Generated,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Running {
    /// Stops accepting connections and waits for in-flight requests.
    pub async fn stop(self) -> std::io::Result<()> {
        let _ = self.shutdown.send(());
        self.task
            .await
            .unwrap_or_else(|error| Err(std::io::Error::other(error)))
    }
}

#[derive(Debug)]
pub enum StartError {
    Database(sqlx::Error),
    Bind(std::io::Error),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Database(error) => write!(f, "registry database: {error}"),
            Self::Bind(error) => write!(f, "registry listener: {error}"),
        }
    }
}

impl std::error::Error for StartError {}

/// Opens the database, generates (or reuses) the population and serves the API on `config.addr`
/// (port 0 picks a free port; see [`Running::addr`]).
pub async fn start(config: Config) -> Result<Running, StartError> {
    let db = Database::open(&config.database)
        .await
        .map_err(StartError::Database)?;
    let spec = Spec {
        seed: config.seed,
        citizens: config.citizens,
        as_of: config.as_of.unwrap_or_else(population::today_in_vietnam),
    };
    let generated = generate_as_of(&db, spec)
        .await
        .map_err(StartError::Database)?;
    let state = AppState::new(db, config.seed, config.clients, config.admin, config.as_of);
    let listener = stand_in_support::bind(config.addr)
        .await
        .map_err(StartError::Bind)?;
    let addr = listener.addr();
    let (shutdown, stopped) = oneshot::channel::<()>();
    let task = listener.serve(router(state), async {
        let _ = stopped.await;
    });
    Ok(Running {
        addr,
        generated,
        shutdown,
        task,
    })
}
