//! `local-stack`: the portal on http://localhost:3000 with the registry stand-in on port 3101,
//! the identity stand-in on port 3102, the payment gateway stand-in on port 3103 and the agency
//! stand-in on port 3104, until SIGINT or SIGTERM. The portal's own settings apply
//! (`local-stack --help` lists them with the rest); the population is set by `REGISTRY_CITIZENS`
//! and `REGISTRY_SEED`. The stand-ins' own address variables (`REGISTRY_ADDR`, `IDENTITY_BIND`,
//! `PAYMENT_BIND`, `AGENCY_BIND`) move them, so that several stacks can run side by side (the
//! crash-safety test starts one as a child process on free ports).

use std::net::SocketAddr;

use cli::settings::clap::{self, Parser};

/// The portal's settings, and where the stand-ins listen and what population they serve.
#[derive(Parser, Debug)]
#[command(
    name = "local-stack",
    version,
    about = "The portal with the stand-in registry, eID provider, payment gateway and agency, each on its own loopback port."
)]
struct StackSettings {
    #[command(flatten)]
    portal: server::config::Settings,
    /// Where the registry stand-in listens
    #[arg(long, env = "REGISTRY_ADDR", default_value = "127.0.0.1:3101")]
    registry_addr: SocketAddr,
    /// Where the identity stand-in listens
    #[arg(long, env = "IDENTITY_BIND", default_value = "127.0.0.1:3102")]
    identity_bind: SocketAddr,
    /// Where the payment gateway stand-in listens
    #[arg(long, env = "PAYMENT_BIND", default_value = "127.0.0.1:3103")]
    payment_bind: SocketAddr,
    /// Where the agency stand-in listens [default: 127.0.0.1:3104, or a free port when the
    /// payment gateway takes one]
    #[arg(long, env = "AGENCY_BIND")]
    agency_bind: Option<SocketAddr>,
    /// How many synthetic citizens the registry holds
    #[arg(long, env = "REGISTRY_CITIZENS", default_value_t = 100_000)]
    registry_citizens: usize,
    /// Seed of the synthetic population
    #[arg(long, env = "REGISTRY_SEED", default_value_t = 6)]
    registry_seed: u64,
}

#[tokio::main]
async fn main() {
    let settings: StackSettings = cli::settings::parse();
    let portal = match server::config::Config::from_settings(settings.portal) {
        Ok(portal) => portal,
        Err(message) => {
            eprintln!("local-stack: {message}");
            std::process::exit(2);
        }
    };
    if let Err(error) = server::telemetry::init() {
        eprintln!("local-stack: {error}");
        std::process::exit(2);
    }
    // A stack whose gateway takes a free port (several side by side, as the crash-safety test
    // starts them) gives the agency a free port too, unless AGENCY_BIND places it.
    let agency_port = if settings.payment_bind.port() == 0 {
        0
    } else {
        3104
    };
    let agency_addr = settings
        .agency_bind
        .unwrap_or(SocketAddr::new(settings.payment_bind.ip(), agency_port));
    let options = local_stack::Options {
        portal_addr: portal.addr,
        registry_addr: settings.registry_addr,
        identity_addr: settings.identity_bind,
        payment_addr: settings.payment_bind,
        public_url: local_stack::PublicUrl::Configured,
        data_dir: portal.data_dir.clone(),
        citizens: settings.registry_citizens,
        seed: settings.registry_seed,
        admin: false,
        portal,
    };
    if let Err(error) = run(options, agency_addr).await {
        eprintln!("local stack stopped: {error}");
        std::process::exit(1);
    }
}

async fn run(
    options: local_stack::Options,
    agency_addr: SocketAddr,
) -> Result<(), local_stack::BoxError> {
    let stack =
        local_stack::start_with_agency_at(options, agency_addr, cli::shutdown::requested()).await?;
    println!(
        "Portal: {}  (registry {}, eID {}, payment {}, agency {})",
        stack.public_url,
        stack.registry_url(),
        stack.identity.issuer,
        stack.payment_url(),
        stack.agency_url()
    );
    print_personas(stack.personas());
    print_officers(stack.personas(), &stack.agency_url());
    stack.wait().await
}

/// Synthetic citizens set up for the headline journeys, so that a newcomer can sign in at once;
/// the eID stand-in's password is `Vneid@` followed by the ID number's last six digits.
fn print_personas(personas: &registry::Personas) {
    let password = |id: &str| format!("Vneid@{}", &id[id.len().saturating_sub(6)..]);
    println!("Synthetic citizens to sign in with (ID number / password):");
    for (who, id) in [
        (
            "driver, licence expiring, health check on file",
            &personas.driver_expiring,
        ),
        (
            "driver, no health check yet",
            &personas.driver_no_health_check,
        ),
        (
            "mother, baby's birth notice just arrived",
            &personas.mother_with_birth_notice,
        ),
        (
            "car owner with unpaid camera fines",
            &personas.owner_with_unpaid_fines,
        ),
        (
            "parent of children of 4, 9 and 15 (applies for the two under 14)",
            &personas.parent_of_young_child,
        ),
        ("eID level 1 (cannot apply)", &personas.level1_citizen),
    ] {
        println!("  {who}: {id} / {}", password(id));
    }
}

/// The agencies' officers, who sign in to the workbench with the same eID passwords.
fn print_officers(personas: &registry::Personas, agency_url: &str) {
    println!("Officers of the agencies' workbench, {agency_url}/workbench (ID number = agency):");
    for officer in local_stack::officers(personas) {
        println!("  {officer}");
    }
}
