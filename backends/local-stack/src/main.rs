//! `local-stack`: the portal on http://localhost:3000 with the registry stand-in on port 3101,
//! the identity stand-in on port 3102, the payment gateway stand-in on port 3103 and the agency
//! stand-in on port 3104. The portal's own environment variables apply; the population is set by
//! `REGISTRY_CITIZENS` (default 100,000) and `REGISTRY_SEED` (default 6). The stand-ins' own
//! address variables (`REGISTRY_ADDR`, `IDENTITY_BIND`, `PAYMENT_BIND`, `AGENCY_BIND`) move
//! them, so that several stacks can run side by side (the crash-safety test starts one as a
//! child process on free ports).

use std::net::SocketAddr;

#[tokio::main]
async fn main() {
    server::telemetry::init();
    if let Err(error) = run().await {
        eprintln!("local stack stopped: {error}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), local_stack::BoxError> {
    let portal = server::config::Config::from_env()?;
    let number = |name: &str, default: u64| -> Result<u64, String> {
        std::env::var(name).ok().map_or(Ok(default), |raw| {
            raw.trim()
                .parse()
                .map_err(|_| format!("{name} must be a number"))
        })
    };
    let payment_addr = address("PAYMENT_BIND", 3103)?;
    // A stack whose gateway takes a free port (several side by side, as the crash-safety test
    // starts them) gives the agency a free port too, unless AGENCY_BIND places it.
    let agency_port = if payment_addr.port() == 0 { 0 } else { 3104 };
    let agency_addr = address("AGENCY_BIND", agency_port)?;
    let options = local_stack::Options {
        portal_addr: portal.addr,
        registry_addr: address("REGISTRY_ADDR", 3101)?,
        identity_addr: address("IDENTITY_BIND", 3102)?,
        payment_addr,
        public_url: local_stack::PublicUrl::Configured,
        data_dir: portal.data_dir.clone(),
        citizens: usize::try_from(number("REGISTRY_CITIZENS", 100_000)?)?,
        seed: number("REGISTRY_SEED", 6)?,
        admin: false,
        portal,
    };
    let stack = local_stack::start_with_agency_at(options, agency_addr, shutdown_signal()).await?;
    println!(
        "Portal: {}  (registry {}, eID {}, payment {}, agency {})",
        stack.public_url,
        stack.registry_url(),
        stack.identity.issuer,
        stack.payment_url(),
        stack.agency_url()
    );
    print_personas(stack.personas());
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

/// A stand-in's address from its own variable, or the loopback port it has by default.
fn address(name: &str, default_port: u16) -> Result<SocketAddr, String> {
    std::env::var(name).ok().map_or(
        Ok(SocketAddr::from(([127, 0, 0, 1], default_port))),
        |raw| {
            raw.trim()
                .parse()
                .map_err(|_| format!("{name} must be an address such as 127.0.0.1:{default_port}"))
        },
    )
}

async fn shutdown_signal() {
    let _ = tokio::signal::ctrl_c().await;
}
