//! Lighthouse's performance and accessibility scores for the home page, a start page and a
//! signed-in question page. Lighthouse (pinned in `tools/lighthouse`, installed by
//! `scripts/bench.sh`) drives Debian's Chromium with its default settings: a mid-range phone on a
//! throttled mobile connection.

use crate::weight::Page;
use portal_tests::stack::workspace_root;
use std::process::Command;

/// The pages Lighthouse scores, by the names `weight_pages` gives them.
pub const PAGES: [&str; 3] = ["home", "start page", "question page"];

const CHROMIUM_FLAGS: &str = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --no-first-run --disable-background-networking --disable-component-update --disable-sync";

pub fn run(portal: &str, pages: &[Page]) {
    let cli = workspace_root().join("tools/lighthouse/node_modules/lighthouse/cli/index.js");
    if !cli.exists() {
        println!("Lighthouse is not installed: run `scripts/bench.sh`, which installs it.");
        return;
    }
    println!("| page | performance | accessibility | audits below full marks |");
    println!("| --- | ---: | ---: | --- |");
    for page in pages.iter().filter(|page| PAGES.contains(&page.name)) {
        let mut command = Command::new("node");
        command
            .arg(&cli)
            .arg(format!("{portal}{}", page.path))
            .args([
                "--output=json",
                "--output-path=stdout",
                "--only-categories=performance,accessibility",
                "--quiet",
            ])
            .arg(format!("--chrome-flags={CHROMIUM_FLAGS}"))
            .env("CHROME_PATH", chromium());
        if let Some(cookie) = &page.cookie {
            let cookie = cookie.to_str().expect("an ASCII cookie");
            command.arg(format!(
                "--extra-headers={}",
                serde_json::json!({ "Cookie": cookie })
            ));
        }
        let report = command
            .output()
            .ok()
            .filter(|output| output.status.success())
            .and_then(|output| serde_json::from_slice::<serde_json::Value>(&output.stdout).ok());
        let Some(report) = report else {
            println!("| {} | failed to run | | |", page.name);
            continue;
        };
        let score = |category: &str| {
            report["categories"][category]["score"]
                .as_f64()
                .map_or("—".to_string(), |score| format!("{:.0}", score * 100.0))
        };
        println!(
            "| {} | {} | {} | {} |",
            page.name,
            score("performance"),
            score("accessibility"),
            below_full_marks(&report)
        );
    }
}

fn chromium() -> String {
    std::env::var("CHROME_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

/// The scored audits that lost points, with Lighthouse's estimate where it gives one.
fn below_full_marks(report: &serde_json::Value) -> String {
    let Some(audits) = report["audits"].as_object() else {
        return String::new();
    };
    let mut below: Vec<String> = audits
        .iter()
        .filter(|(_, audit)| audit["score"].as_f64().is_some_and(|score| score < 1.0))
        .filter(|(_, audit)| {
            matches!(
                audit["scoreDisplayMode"].as_str(),
                Some("binary" | "numeric" | "metricSavings")
            )
        })
        .map(|(id, audit)| match audit["displayValue"].as_str() {
            Some(value) if !value.is_empty() => format!("{id} ({value})"),
            _ => id.clone(),
        })
        .collect();
    below.sort();
    if below.is_empty() {
        "none".into()
    } else {
        below.join(", ")
    }
}
