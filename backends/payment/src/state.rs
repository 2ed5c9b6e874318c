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
    pub content_security_policy: String,
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
            content_security_policy: content_security_policy(&config),
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

/// No inline script or style; forms post only here, and browsers also apply `form-action` to the
/// redirect after a post, so the merchants' return origins are listed too.
fn content_security_policy(config: &Config) -> String {
    let mut form_targets = vec!["'self'".to_owned()];
    let prefixes = config
        .merchants
        .iter()
        .flat_map(|merchant| &merchant.return_url_prefixes);
    for prefix in prefixes {
        if let Ok(url) = url::Url::parse(prefix) {
            let origin = url.origin().ascii_serialization();
            if !form_targets.contains(&origin) {
                form_targets.push(origin);
            }
        }
    }
    format!(
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action {}; \
         frame-ancestors 'none'; base-uri 'none'",
        form_targets.join(" ")
    )
}
