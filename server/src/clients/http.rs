//! The portal's outgoing HTTP, built one way for the registry, the eID provider, the payment
//! gateway and the agencies. TLS is rustls, trusting the system's certificate store and any CA
//! the operator adds (`PORTAL_TLS_CA_FILE`: a national or private CA the system does not
//! carry). Redirects are never followed: a backend's redirect could send the portal, with its
//! credential, anywhere. Each client has a deadline to connect and one to be answered.

use std::path::Path;
use std::time::Duration;

/// CA certificates trusted beside the system's.
#[derive(Clone, Default)]
pub struct ExtraRoots(Vec<reqwest::Certificate>);

impl std::fmt::Debug for ExtraRoots {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "ExtraRoots({} certificates)", self.0.len())
    }
}

impl ExtraRoots {
    /// The certificates of a PEM file of one or more CA certificates, or what is wrong with it.
    pub fn read(path: &Path) -> Result<Self, String> {
        let pem = std::fs::read(path)
            .map_err(|error| format!("{} cannot be read: {error}", path.display()))?;
        let unusable = || {
            format!(
                "{} must hold one or more PEM certificates (-----BEGIN CERTIFICATE-----)",
                path.display()
            )
        };
        let certificates = reqwest::Certificate::from_pem_bundle(&pem).map_err(|_| unusable())?;
        if certificates.is_empty() {
            return Err(unusable());
        }
        Ok(Self(certificates))
    }
}

/// A client builder with the portal's TLS, no redirects, and these deadlines; the caller may
/// add to it (a pool's idle time) before building.
pub fn builder(roots: &ExtraRoots, connect: Duration, answer: Duration) -> reqwest::ClientBuilder {
    roots.0.iter().cloned().fold(
        reqwest::Client::builder()
            .use_rustls_tls()
            .tls_built_in_native_certs(true)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(connect)
            .timeout(answer),
        reqwest::ClientBuilder::add_root_certificate,
    )
}

/// A client as [`builder`] makes it. Building fails only if the system's certificate store
/// cannot be read at all, which no request could then get past: the portal does not start.
pub fn client(roots: &ExtraRoots, connect: Duration, answer: Duration) -> reqwest::Client {
    builder(roots, connect, answer)
        .build()
        .expect("an HTTP client with the system's trusted certificates")
}
