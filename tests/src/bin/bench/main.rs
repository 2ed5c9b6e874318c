//! `bench`: the portal's performance figures as Markdown tables — load on the portal beside the
//! ceiling of a bare axum handler, page weight against budgets, Lighthouse scores, and registry
//! lookups at 100,000 (and with `--scale`, 1,000,000) citizens. Run it through `scripts/bench.sh`, in release.
//!
//! Flags: `--scale` adds the 1,000,000-citizen registry; `--seconds S` measures each cell for S
//! seconds (default 2.5).

mod lighthouse;
mod load;
mod portal;
mod scale;
mod weight;

use load::Budget;
use portal_tests::runtimes;
use std::time::Duration;

struct Options {
    scale: bool,
    seconds: f64,
}

fn options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        scale: false,
        seconds: 2.5,
    };
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        match flag.as_str() {
            "--scale" => options.scale = true,
            "--seconds" => {
                options.seconds = args
                    .next()
                    .and_then(|value| value.parse().ok())
                    .filter(|seconds: &f64| *seconds > 0.0 && *seconds <= 60.0)
                    .ok_or("--seconds needs a number of seconds from 0 to 60")?;
            }
            other => {
                return Err(format!(
                    "unknown flag {other} (known: --scale, --seconds S)"
                ))
            }
        }
    }
    Ok(options)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some(scale::COMMAND) {
        let citizens = args.get(1).and_then(|value| value.parse::<usize>().ok());
        let seconds = args.get(2).and_then(|value| value.parse::<f64>().ok());
        let (Some(citizens), Some(seconds)) = (citizens, seconds) else {
            eprintln!("usage: bench {} CITIZENS SECONDS", scale::COMMAND);
            std::process::exit(2);
        };
        return runtimes::threaded(2).block_on(scale::child(citizens, seconds));
    }
    let options = match options(&args) {
        Ok(options) => options,
        Err(error) => {
            eprintln!("bench: {error}");
            std::process::exit(2);
        }
    };
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
