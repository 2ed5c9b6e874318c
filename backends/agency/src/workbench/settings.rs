//! The workbench's settings: where officers' browsers reach the agency, the eID provider and the
//! agency's client there, and who the officers are.

use cli::settings::{self, clap};
use stand_in_support::ConfigError;

use super::officers::Officer;

/// The agency's client secret at the eID when none is configured, named like the other
/// development secrets so that nobody takes it for a real one.
pub const DEVELOPMENT_OIDC_SECRET: &str = "agency-oidc-dev-secret";

/// The workbench's part of the agency's settings (`agency --help`).
#[derive(clap::Args, Debug)]
// No argument group: its default name, the struct's, would clash with the agency's `Settings`.
#[group(skip)]
pub struct Settings {
    /// The agency's origin as officers' browsers see it; the eID must have registered
    /// `<origin>/workbench/callback` [default: http://{bound address}]
    #[arg(long, env = "AGENCY_PUBLIC_URL", value_parser = settings::base_url)]
    public_url: Option<String>,
    /// The eID provider officers sign in with
    #[arg(long, env = "AGENCY_OIDC_ISSUER", value_parser = settings::base_url, default_value = "http://127.0.0.1:3102")]
    oidc_issuer: String,
    /// The agency's client id at the eID provider
    #[arg(long, env = "AGENCY_OIDC_CLIENT_ID", default_value = "agency")]
    oidc_client_id: String,
    /// The agency's client secret at the eID provider
    #[arg(long, env = "AGENCY_OIDC_CLIENT_SECRET", default_value = DEVELOPMENT_OIDC_SECRET, hide_env_values = true)]
    oidc_client_secret: String,
    /// Officers, comma-separated `<personal ID number>=<agency id>` (one agency each)
    #[arg(long, env = "AGENCY_OFFICERS", value_parser = settings::list::<Officer>, default_value = "")]
    officers: ::std::vec::Vec<Officer>,
}

#[derive(Debug, Clone)]
pub struct WorkbenchConfig {
    /// `AGENCY_PUBLIC_URL`; `None` means `http://{bound address}`.
    pub public_url: Option<String>,
    pub oidc_issuer: String,
    pub oidc_client_id: String,
    pub oidc_client_secret: String,
    /// `AGENCY_OFFICERS`: written to the officers' table at every start, replacing it.
    pub officers: Vec<Officer>,
}

impl Default for WorkbenchConfig {
    fn default() -> Self {
        Self {
            public_url: None,
            oidc_issuer: "http://127.0.0.1:3102".into(),
            oidc_client_id: "agency".into(),
            oidc_client_secret: DEVELOPMENT_OIDC_SECRET.into(),
            officers: Vec::new(),
        }
    }
}

impl WorkbenchConfig {
    pub fn from_settings(settings: Settings) -> Self {
        Self {
            public_url: settings.public_url,
            oidc_issuer: settings.oidc_issuer,
            oidc_client_id: settings.oidc_client_id,
            oidc_client_secret: settings.oidc_client_secret,
            officers: settings.officers,
        }
    }

    /// Whether officers reach the workbench over https, as they do anywhere but a developer's
    /// machine.
    pub fn is_public(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|url| url.starts_with("https://"))
    }

    /// An officer belongs to exactly one agency: the same ID number twice is refused, even for
    /// the same agency, since the list is then not what its writer thought.
    pub fn validate(&self) -> Result<(), ConfigError> {
        for (at, officer) in self.officers.iter().enumerate() {
            if self.officers[..at]
                .iter()
                .any(|earlier| earlier.personal_id == officer.personal_id)
            {
                return Err(ConfigError::new(
                    "AGENCY_OFFICERS names one personal ID number twice: an officer belongs to \
                     exactly one agency",
                ));
            }
        }
        Ok(())
    }
}
