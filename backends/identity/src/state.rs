//! Everything the handlers share: settings, the registry, the signing keys and the in-memory
//! records of sign-ins, sessions, codes and tokens. Locks are never held across an await.

use std::{
    ops::Deref,
    sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard},
};

use crate::{
    config::Config,
    directory::CitizenDirectory,
    expiring::ExpiringMap,
    grants::{AccessGrant, CodeGrant},
    interaction::Interaction,
    keys::KeyRing,
    lockout::Lockouts,
    session::Authentication,
};

pub struct Records {
    pub interactions: ExpiringMap<Interaction>,
    pub sessions: ExpiringMap<Authentication>,
    pub codes: ExpiringMap<CodeGrant>,
    pub access_tokens: ExpiringMap<AccessGrant>,
    pub lockouts: Lockouts,
}

pub struct Shared {
    pub config: Config,
    /// The public base URL: `iss` of every token and prefix of every advertised endpoint.
    pub issuer: String,
    pub directory: Arc<dyn CitizenDirectory>,
    keys: RwLock<KeyRing>,
    records: Mutex<Records>,
    /// Cookies get `Secure` when the provider is served over HTTPS.
    pub secure_cookies: bool,
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
    pub fn new(config: Config, issuer: String, directory: Arc<dyn CitizenDirectory>) -> Self {
        let records = Records {
            interactions: ExpiringMap::default(),
            sessions: ExpiringMap::default(),
            codes: ExpiringMap::default(),
            access_tokens: ExpiringMap::default(),
            lockouts: Lockouts::new(config.max_password_failures, config.lockout_duration),
        };
        Self(Arc::new(Shared {
            keys: RwLock::new(KeyRing::new(config.key_seed.clone())),
            records: Mutex::new(records),
            secure_cookies: issuer.starts_with("https://"),
            issuer: issuer.trim_end_matches('/').to_owned(),
            directory,
            config,
        }))
    }

    /// A panic elsewhere leaves the records consistent (every change is a single map call), so a
    /// poisoned lock is taken over rather than failing every later request.
    pub fn records(&self) -> MutexGuard<'_, Records> {
        self.records.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn keys(&self) -> RwLockReadGuard<'_, KeyRing> {
        self.keys.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn rotate_keys(&self) -> String {
        let mut keys = self.keys.write().unwrap_or_else(PoisonError::into_inner);
        keys.rotate();
        keys.current_kid().to_owned()
    }

    pub fn endpoint(&self, path: &str) -> String {
        format!("{}{path}", self.issuer)
    }
}
