//! Starts the five systems in one process, each on its own loopback port, wired to each other
//! only by URLs and credentials — as they would be in production, where the portal is configured
//! to reach the real registry, eID and payment gateway over the network. The agency stand-in
//! runs beside them, taking the portal's `PORTAL_AGENCY_TOKEN` as the token it expects; the
//! portal hands applications to it only when its configuration names an agency URL (whatever
//! URL: the stand-in's bound one replaces it), so that the in-portal processing the tests rely on
//! stays the default (issue #15). Otherwise the agency runs with its defaults — the development
//! admin token (loopback only) and a 300 ms automatic delay — and only its address, its
//! database file (beside the portal's data) and the registry it writes its decisions to (this
//! stack's, with the registry's credential for agencies) set here: `AGENCY_ADMIN_TOKEN`,
//! `AGENCY_AUTOMATIC_DELAY_MS` and `AGENCY_REGISTRY_*` are not read.

use server::config::Config as PortalConfig;
use std::net::SocketAddr;
use std::path::PathBuf;
use tokio::net::TcpListener;

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

pub struct Options {
    pub portal_addr: SocketAddr,
    pub registry_addr: SocketAddr,
    pub identity_addr: SocketAddr,
    pub payment_addr: SocketAddr,
    /// The origin the browser uses for the portal.
    pub public_url: PublicUrl,
    pub data_dir: PathBuf,
    pub citizens: usize,
    pub seed: u64,
    /// Fault injection on the registry and the payment gateway, key rotation on the identity
    /// provider (tests only).
    pub admin: bool,
    /// The portal's configuration; its registry, identity and payment settings are filled in
    /// here.
    pub portal: PortalConfig,
}

/// The portal's origin as citizens' browsers see it. It is known only once the portal's port is
/// bound (port 0 picks one), and the identity provider and the payment gateway must be told it.
pub enum PublicUrl {
    /// As the portal's configuration says: `PORTAL_PUBLIC_URL`, else `http://localhost:<port>`.
    Configured,
    /// `http://<bound address>`, such as `http://127.0.0.1:<port>`.
    BoundAddress,
}

pub struct LocalStack {
    pub portal: SocketAddr,
    pub public_url: String,
    pub registry: registry::Running,
    pub identity: identity::RunningIdentity,
    pub payment: payment::Running,
    /// The agencies' case systems, with the development tokens (the portal's and the
    /// operator's) and the operator routes when `admin` is on.
    pub agency: agency::Running,
    /// The portal's settings as completed here, for starting more instances of it (behind one
    /// load balancer, sharing one database).
    pub portal_config: PortalConfig,
    portal_task: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl LocalStack {
    pub fn personas(&self) -> &registry::Personas {
        &self.registry.generated.personas
    }

    pub fn registry_url(&self) -> String {
        format!("http://{}", self.registry.addr)
    }

    /// The payment gateway's base URL (its API and checkout pages).
    pub fn payment_url(&self) -> String {
        self.payment.public_url.clone()
    }

    /// The agency stand-in's base URL (its hand-over API).
    pub fn agency_url(&self) -> String {
        self.agency.public_url.clone()
    }

    /// Waits until the portal stops (it stops on SIGINT or SIGTERM when started by [`run`]),
    /// or until a stand-in whose task the stack holds stops, which leaves the portal without a
    /// system it relies on: the stack then stops too, naming it, rather than serving on broken.
    pub async fn wait(self) -> Result<(), BoxError> {
        let (mut identity, mut payment, mut agency) =
            (self.identity.task, self.payment.task, self.agency.task);
        let (name, stopped) = tokio::select! {
            served = self.portal_task => {
                served??;
                return Ok(());
            }
            stopped = &mut identity => ("identity", stopped),
            stopped = &mut payment => ("payment gateway", stopped),
            stopped = &mut agency => ("agency", stopped),
        };
        match stopped {
            Ok(Err(error)) => Err(format!("the {name} stand-in failed: {error}").into()),
            _ => Err(format!("the {name} stand-in stopped").into()),
        }
    }
}

/// The officers of the local stack's agencies: personas, whose accounts the eID stand-in has at
/// level 2, each of one agency — the main offices of Hà Nội (01) and Hồ Chí Minh City (79) and
/// the national bodies — and the level-1 persona, an officer whom the workbench must refuse.
pub fn officers(personas: &registry::Personas) -> Vec<agency::workbench::Officer> {
    [
        ("police-residence:79", &personas.single_adult),
        ("commune-justice:79", &personas.single_partner),
        ("traffic-police:79", &personas.mother_twins),
        ("social-insurance:79", &personas.driver_expiring),
        ("police-residence:01", &personas.driver_no_health_check),
        ("commune-justice:01", &personas.owner_with_unpaid_fines),
        ("traffic-police:01", &personas.father_with_birth_notice),
        ("social-insurance:01", &personas.mother_with_birth_notice),
        ("immigration", &personas.driver_unfit),
        ("tax", &personas.plain_adult),
        ("electricity", &personas.electricity_holder),
        ("exam-board", &personas.elderly_spouse),
        ("police-residence:92", &personas.level1_citizen),
    ]
    .into_iter()
    .map(|(agency, id)| agency::workbench::Officer {
        personal_id: id.clone(),
        agency: agency.to_owned(),
    })
    .collect()
}

/// [`start_with_agency_at`] with the agency on a free port beside the payment gateway, as tests
/// and benchmarks want it.
pub async fn start(
    options: Options,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<LocalStack, BoxError> {
    let agency_addr = SocketAddr::new(options.payment_addr.ip(), 0);
    start_with_agency_at(options, agency_addr, shutdown).await
}

/// Starts the registry (generating its population if needed), then the identity provider, the
/// payment gateway and the agency at `agency_addr`, then the portal, whose sign-in redirect the
/// provider is told to accept and whose pages the gateway may send citizens back to.
pub async fn start_with_agency_at(
    options: Options,
    agency_addr: SocketAddr,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<LocalStack, BoxError> {
    std::fs::create_dir_all(&options.data_dir)?;
    let registry_config = registry::Config {
        addr: options.registry_addr,
        database: options
            .data_dir
            .join("registry.sqlite3")
            .display()
            .to_string(),
        seed: options.seed,
        citizens: options.citizens,
        admin: options.admin,
        ..registry::Config::default()
    };
    // The agency writes its decisions with the registry's own credential for agencies.
    let agency_registry_token = registry_config
        .clients
        .iter()
        .find(|client| client.role == registry::api::clients::Role::Agency)
        .map(|client| client.secret.clone())
        .ok_or("the registry has no credential for the agencies")?;
    let registry = registry::start(registry_config).await?;
    let registry_url = format!("http://{}", registry.addr);
    tracing::info!(url = %registry_url, citizens = options.citizens, "registry stand-in listening");

    let listener = TcpListener::bind(options.portal_addr).await?;
    let portal_addr = listener.local_addr()?;
    let public_url = match options.public_url {
        PublicUrl::Configured => options.portal.public_url_for(portal_addr),
        PublicUrl::BoundAddress => format!("http://{portal_addr}"),
    };

    // Bound before the eID starts, which must know the workbench's redirect URI.
    let agency_listener = stand_in_support::bind(agency_addr).await?;
    let agency_url = agency_listener.public_url(None);
    let identity = identity::start(identity::Config {
        bind: options.identity_addr,
        registry_url: registry_url.clone(),
        clients: vec![
            identity::Client {
                redirect_uris: vec![format!("{public_url}/auth/callback")],
                post_logout_redirect_uris: vec![format!("{public_url}/")],
                ..identity::Client::portal()
            },
            identity::Client {
                redirect_uris: vec![format!("{agency_url}/workbench/callback")],
                ..identity::Client::agency()
            },
        ],
        admin_enabled: options.admin,
        ..identity::Config::default()
    })
    .await?;
    tracing::info!(issuer = %identity.issuer, "identity stand-in listening");

    let payment = payment::start(payment::Config {
        bind: options.payment_addr,
        merchants: vec![payment::Merchant {
            secret: options.portal.payment_secret.clone(),
            return_url_prefixes: vec![format!("{public_url}/")],
            ..payment::Merchant::portal()
        }],
        admin_enabled: options.admin,
        ..payment::Config::default()
    })
    .await?;
    tracing::info!(url = %payment.public_url, "payment gateway stand-in listening");

    // Its cases are kept beside the portal's data, so a restart of the stack keeps them.
    let agency = agency::start_on(
        agency_listener,
        agency::Config {
            bind: agency_addr,
            database: Some(
                options
                    .data_dir
                    .join("agency.sqlite3")
                    .display()
                    .to_string(),
            ),
            portal_token: options.portal.agency_token.clone(),
            registry_url: registry_url.clone(),
            registry_token: agency_registry_token,
            admin_enabled: options.admin,
            workbench: agency::workbench::WorkbenchConfig {
                oidc_issuer: identity.issuer.clone(),
                officers: officers(&registry.generated.personas),
                ..agency::workbench::WorkbenchConfig::default()
            },
            ..agency::Config::default()
        },
    )
    .await?;
    tracing::info!(url = %agency.public_url, "agency stand-in listening");

    let portal_config = PortalConfig {
        public_url: Some(public_url.clone()),
        registry_url,
        oidc_issuer: identity.issuer.clone(),
        payment_url: payment.public_url.clone(),
        agency_url: options
            .portal
            .agency_url
            .as_ref()
            .map(|_| agency.public_url.clone()),
        ..options.portal
    };
    let limits = portal_config.connection_limits();
    let router = server::prepare(&listener, portal_config.clone()).await?;
    tracing::info!(url = %public_url, "portal listening");
    let portal_task = tokio::spawn(server::serve(listener, router, limits, shutdown));
    Ok(LocalStack {
        portal: portal_addr,
        public_url,
        registry,
        identity,
        payment,
        agency,
        portal_config,
        portal_task,
    })
}
