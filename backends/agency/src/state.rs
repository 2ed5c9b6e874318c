//! What the handlers and the automatic worker share: the settings, the database, the registry
//! the decisions are written to, and the bell that wakes the worker when a case arrives or a
//! mode changes.

use std::{ops::Deref, sync::Arc};

use tokio::sync::Notify;

use crate::{config::Config, registry::Registry, store::Database};

pub struct Shared {
    pub config: Config,
    pub db: Database,
    pub registry: Registry,
    wake: Notify,
}

#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

impl AppState {
    pub fn new(config: Config, db: Database) -> Self {
        Self(Arc::new(Shared {
            registry: Registry::new(&config.registry_url, &config.registry_token),
            config,
            db,
            wake: Notify::new(),
        }))
    }

    /// Tells the worker that its schedule may have changed. A ring while it is busy is kept
    /// for its next wait, so none is lost.
    pub fn wake_worker(&self) {
        self.wake.notify_one();
    }

    pub async fn woken(&self) {
        self.wake.notified().await;
    }
}
