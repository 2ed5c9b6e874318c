//! What the handlers share: the settings, the ledger and the injected fault. The ledger's lock is
//! never held across an await.

use std::{
    ops::Deref,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex, MutexGuard, PoisonError,
    },
};

use crate::{config::Config, ledger::Ledger};

pub struct Shared {
    pub config: Config,
    /// Base of the checkout URLs handed to merchants, without a trailing slash.
    pub public_url: String,
    ledger: Mutex<Ledger>,
    outage: AtomicBool,
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
    pub fn new(config: Config, public_url: String) -> Self {
        Self(Arc::new(Shared {
            public_url: public_url.trim_end_matches('/').to_owned(),
            config,
            ledger: Mutex::new(Ledger::default()),
            outage: AtomicBool::new(false),
        }))
    }

    /// Every change to the ledger is one call that cannot panic half-way, so a poisoned lock
    /// still guards consistent data and is taken over.
    pub fn ledger(&self) -> MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn outage(&self) -> bool {
        self.outage.load(Ordering::Relaxed)
    }

    pub fn set_outage(&self, outage: bool) {
        self.outage.store(outage, Ordering::Relaxed);
    }
}
