//! `bench`: the portal's performance figures as Markdown tables — load on the portal beside the
//! ceiling of a bare axum handler, page weight against budgets, Lighthouse scores, and registry
//! lookups at 100,000 (and with `--scale`, 1,000,000) citizens. Run it through `scripts/bench.sh`, in release.
//!
//! Settings: `--scale` (`BENCH_SCALE`) adds the 1,000,000-citizen registry; `--seconds S`
//! (`BENCH_SECONDS`) measures each cell for S seconds (default 2.5); `bench --help` lists them.

mod lighthouse;
mod load;
mod portal;
mod scale;
mod weight;

use cli::settings::clap::{self, builder::BoolishValueParser, Parser, Subcommand};
use load::Budget;
use portal_tests::runtimes;
use std::time::Duration;

/// What to measure, and for how long.
#[derive(Parser, Debug)]
#[command(
    name = "bench",
    version,
    about = "The portal's performance figures as Markdown tables."
)]
struct Options {
    /// Also measures the registry at 1,000,000 citizens (true, 1, yes or on)
    #[arg(long, env = "BENCH_SCALE", value_parser = BoolishValueParser::new())]
    scale: bool,
    /// Seconds each cell is measured for, more than 0 and at most 60
    #[arg(long, env = "BENCH_SECONDS", default_value_t = 2.5, value_parser = seconds)]
    seconds: f64,
    #[command(subcommand)]
    child: Option<Child>,
}

/// What the bench runs in a child process of its own.
#[derive(Subcommand, Debug)]
enum Child {
    /// One population size of the registry at scale (run by the bench itself).
    #[command(name = scale::COMMAND, hide = true)]
    RegistryAtScale { citizens: usize, seconds: f64 },
}

fn seconds(value: &str) -> Result<f64, String> {
    value
        .parse()
        .ok()
        .filter(|seconds: &f64| *seconds > 0.0 && *seconds <= 60.0)
        .ok_or_else(|| "a number of seconds, more than 0 and at most 60".to_owned())
}

fn main() {
    let options: Options = cli::settings::parse();
    if let Some(Child::RegistryAtScale { citizens, seconds }) = options.child {
        return runtimes::threaded(2).block_on(scale::child(citizens, seconds));
    }
    print_machine();

    // The systems under test and the load generator run on runtimes of their own, as they
    // would in separate processes; both share the machine's cores.
    let systems = runtimes::threaded(2);
    let clients = runtimes::threaded(2);
    let portal = systems.block_on(portal::start());
    let drivers = portal::JOURNEY_CONCURRENCY[1] + 1;
    let citizens = clients.block_on(portal::citizens(&portal, drivers));
    assert!(
        citizens.drivers.len() == drivers,
        "the population holds too few drivers"
    );

    let budget = Budget {
        warm_up: Duration::from_millis(500),
        measure: Duration::from_secs_f64(options.seconds),
        max_operations: 2_000_000,
    };
    let journey = clients.block_on(portal::requests_per_journey(&portal, &citizens.drivers[0]));
    println!("## Load on the portal\n");
    println!(
        "Closed loop over loopback keep-alive connections, {:.1} s per row after a 0.5 s warm-up. \
         A journey is the eID sign-in, every question, the check page and payment at the \
         gateway: {journey} HTTP requests, its row counts journeys; run at c = 1 and 16 only.\n",
        options.seconds
    );
    let rows = clients.block_on(portal::measure(&portal, &citizens, budget));
    portal::print(&rows);
    println!();
    portal::print_targets(&rows);

    println!("\n## Page weight (as served)\n");
    let driver = citizens.drivers.last().expect("a driver");
    let pages = clients.block_on(weight_pages(&portal.url, driver));
    clients.block_on(weight::measure(&portal.url, &pages));
    println!("\n## Lighthouse\n");
    lighthouse::run(&portal.url, &pages);
    drop(portal);

    println!("\n## Registry at scale\n");
    let sizes: &[usize] = if options.scale {
        &[100_000, 1_000_000]
    } else {
        &[100_000]
    };
    scale::run(sizes, options.seconds);
}

/// The pages weighed: two public ones, and a signed-in driver's first question, check page and
/// account page.
async fn weight_pages(portal: &str, driver: &str) -> Vec<weight::Page> {
    let (mut visitor, session) = portal::sign_in(portal, driver).await;
    let question = visitor.url.path().to_string();
    for _ in 0..6 {
        let path = visitor.url.path().to_string();
        if path.ends_with("/check") {
            break;
        }
        visitor
            .submit(&path, &[])
            .await
            .unwrap_or_else(|error| panic!("answering {path}: {error}"));
    }
    let check = visitor.url.path().to_string();
    assert!(check.ends_with("/check"), "the check page, not {check}");
    let page = |name, path: &str, signed_in: bool| weight::Page {
        name,
        path: path.to_string(),
        cookie: signed_in.then(|| session.cookie.clone()),
    };
    vec![
        page("home", "/", false),
        page("start page", portal::START_PAGE, false),
        page("question page", &question, true),
        page("check page", &check, true),
        page("account page", "/account", true),
    ]
}

/// When and on what the figures were taken.
fn print_machine() {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .map_or("unknown CPU", |rest| {
            rest.trim_start_matches([' ', '\t', ':'])
        });
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_gb = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.split_whitespace().next()?.parse::<f64>().ok())
        .map_or("unknown".into(), |kib| {
            format!("{:.1} GB", kib / 1024.0 / 1024.0)
        });
    let cores = std::thread::available_parallelism().map_or(0, |cores| cores.get());
    println!("# Portal benchmarks\n");
    println!(
        "{} (UTC), {cores} cores ({model}), {memory_gb} memory; release build; load generator and \
         systems on the same machine over loopback. Figures from a shared machine vary from run \
         to run.\n",
        time::OffsetDateTime::now_utc().date()
    );
}
