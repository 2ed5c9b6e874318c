//! Page weight as served: each page's HTML and every stylesheet, script and WebAssembly module it
//! references, fetched raw, with `Accept-Encoding: gzip` and with `Accept-Encoding: br`, against
//! the budgets; and whether a page loads code only when it holds an island.

use crate::portal::yes_no;
use reqwest::header::{HeaderValue, ACCEPT_ENCODING, CONTENT_ENCODING, COOKIE};

const ENCODINGS: [&str; 3] = ["identity", "gzip", "br"];

/// Brotli budgets in bytes per kind of asset.
const BUDGETS: [(Kind, usize); 3] = [
    (Kind::Css, 12 * 1024),
    (Kind::Js, 8 * 1024),
    (Kind::Wasm, 80 * 1024),
];

#[derive(Clone, Copy, PartialEq, Debug)]
enum Kind {
    Css,
    Js,
    Wasm,
}

impl Kind {
    fn of(path: &str) -> Option<Kind> {
        match path.rsplit('.').next()? {
            "css" => Some(Kind::Css),
            "js" => Some(Kind::Js),
            "wasm" => Some(Kind::Wasm),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Css => "CSS",
            Kind::Js => "JS glue",
            Kind::Wasm => "WASM",
        }
    }
}

/// Sizes as transferred: raw, gzip, brotli.
struct Sizes([usize; 3]);

pub struct Page {
    pub name: &'static str,
    pub path: String,
    pub cookie: Option<HeaderValue>,
}

pub async fn measure(portal: &str, pages: &[Page]) {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("HTTP client");
    let mut assets: Vec<(String, Kind)> = Vec::new();
    println!("| page | HTML raw | gzip | br | CSS br | JS glue br | WASM br | islands | code only with islands |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: | :---: |");
    for page in pages {
        let url = format!("{portal}{}", page.path);
        let (html, sizes) = fetch(&http, &url, page.cookie.as_ref()).await;
        let referenced = references(&html);
        let mut per_kind = [0usize; 3];
        for (path, kind) in &referenced {
            let (_, asset) = fetch(&http, &format!("{portal}{path}"), None).await;
            per_kind[kind_index(*kind)] += asset.0[2];
            if !assets.iter().any(|(known, _)| known == path) {
                assets.push((path.clone(), *kind));
            }
        }
        let islands = html.contains("<leptos-island");
        let loads_code = referenced
            .iter()
            .any(|(_, kind)| matches!(kind, Kind::Js | Kind::Wasm));
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            page.name,
            kb(sizes.0[0]),
            kb(sizes.0[1]),
            kb(sizes.0[2]),
            kb(per_kind[0]),
            kb(per_kind[1]),
            kb(per_kind[2]),
            if islands { "yes" } else { "no" },
            yes_no(loads_code == islands),
        );
    }
    println!();
    println!("| asset | raw | gzip | br | budget (br) | within |");
    println!("| --- | ---: | ---: | ---: | ---: | :---: |");
    for (path, kind) in &assets {
        let (_, sizes) = fetch(&http, &format!("{portal}{path}"), None).await;
        let budget = BUDGETS
            .iter()
            .find(|(budgeted, _)| budgeted == kind)
            .map_or(usize::MAX, |(_, bytes)| *bytes);
        println!(
            "| {} `{path}` | {} | {} | {} | {} | {} |",
            kind.name(),
            kb(sizes.0[0]),
            kb(sizes.0[1]),
            kb(sizes.0[2]),
            kb(budget),
            yes_no(sizes.0[2] <= budget),
        );
    }
}

fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Css => 0,
        Kind::Js => 1,
        Kind::Wasm => 2,
    }
}

/// The body as text (from the raw fetch) and its size in each encoding; an encoding the server
/// did not apply is reported as the raw size, as that is what a browser would receive.
async fn fetch(http: &reqwest::Client, url: &str, cookie: Option<&HeaderValue>) -> (String, Sizes) {
    let mut sizes = [0; 3];
    let mut text = String::new();
    for (index, encoding) in ENCODINGS.into_iter().enumerate() {
        let mut request = http.get(url).header(ACCEPT_ENCODING, encoding);
        if let Some(cookie) = cookie {
            request = request.header(COOKIE, cookie.clone());
        }
        let response = request.send().await.expect("the portal answers");
        assert!(
            response.status().is_success(),
            "{url}: {}",
            response.status()
        );
        let applied = response
            .headers()
            .get(CONTENT_ENCODING)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("identity")
            .to_string();
        let body = response.bytes().await.expect("a body");
        assert!(
            applied == encoding || applied == "identity",
            "{url}: asked for {encoding}, got {applied}"
        );
        sizes[index] = body.len();
        if index == 0 {
            text = String::from_utf8_lossy(&body).into_owned();
        }
    }
    (text, Sizes(sizes))
}

/// Local stylesheets, scripts and WebAssembly modules named anywhere in the page (attributes and
/// the inline hydration script alike), without duplicates.
fn references(html: &str) -> Vec<(String, Kind)> {
    let mut found: Vec<(String, Kind)> = Vec::new();
    for quote in ['"', '\''] {
        for (index, piece) in html.split(quote).enumerate() {
            // Odd pieces are the insides of quotes.
            if index % 2 == 0 || !piece.starts_with('/') || piece.contains(char::is_whitespace) {
                continue;
            }
            let path = piece.split(['?', '#']).next().unwrap_or(piece);
            if let Some(kind) = Kind::of(path) {
                if !found.iter().any(|(known, _)| known == path) {
                    found.push((path.to_string(), kind));
                }
            }
        }
    }
    found
}

fn kb(bytes: usize) -> String {
    if bytes == usize::MAX {
        "—".into()
    } else if bytes == 0 {
        "0".into()
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_local_asset_once_in_attributes_and_scripts() {
        let html = r#"<link rel="stylesheet" href="/portal.abc.css"><link rel="modulepreload" href="/pkg/portal.1.js">
            <script type="module">import('/pkg/portal.1.js').then(m => m.default({module_or_path: '/pkg/portal.1.wasm'}))</script>
            <a href="https://example.org/x.css">x</a><p class="a.js">t</p>"#;
        assert_eq!(
            references(html),
            vec![
                ("/portal.abc.css".to_string(), Kind::Css),
                ("/pkg/portal.1.js".to_string(), Kind::Js),
                ("/pkg/portal.1.wasm".to_string(), Kind::Wasm),
            ]
        );
    }
}
