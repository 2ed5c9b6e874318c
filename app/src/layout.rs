//! The document around every page: head, header with the language switch, main landmark, footer.
//! Rendered on the server; the hydration script is added only to pages that have islands, so a
//! page with nothing interactive loads no WebAssembly at all.

use crate::session_timeout::{warning_lead, SessionClock, SessionTimeout};
use crate::strings::strings;
use domain::text::Lang;
use leptos::config::LeptosOptions;
use leptos::hydration::HydrationScripts;
use leptos::nonce::Nonce;
use leptos::prelude::*;

/// Where the build put the stylesheet and the WebAssembly package (content-hashed URLs).
#[derive(Clone, Debug)]
pub struct Assets {
    pub stylesheet_url: String,
    /// `site_pkg_dir` points at the hashed package directory.
    pub leptos_options: LeptosOptions,
}

/// What the document needs to know about the page inside it.
pub struct Page {
    pub lang: Lang,
    pub title: String,
    /// Path and query of the current page, so that switching language comes back to it.
    pub current_path: String,
    /// Whether the page holds islands that need the WebAssembly module.
    pub interactive: bool,
    /// The signed-in citizen's name, for the header.
    pub citizen_name: Option<String>,
    /// For signed-in pages: the idle limit, stated in the footer and warned of before it ends.
    pub session: Option<SessionClock>,
}

/// Renders a complete HTML document.
pub fn render_document(page: Page, assets: &Assets, nonce: &Nonce, body: AnyView) -> String {
    let owner = Owner::new();
    owner.with(|| {
        provide_context(nonce.clone());
        let text = strings(page.lang);
        let other = page.lang.other();
        let switch_href = format!(
            "/language/{}?return_to={}",
            other.tag(),
            percent_encode(&page.current_path)
        );
        let title = format!("{} – {}", page.title, text.portal_name);
        let account_links = match page.citizen_name {
            Some(name) => view! {
                <a class="header__link" href="/account" aria-label=format!("{}: {name}", text.my_account)>
                    {text.account_navigation}
                </a>
                <form method="post" action="/auth/logout">
                    <button type="submit" class="button--link header__link">{text.sign_out}</button>
                </form>
            }
            .into_any(),
            None => view! {
                <a class="header__link" href=format!("/auth/login?return_to={}", percent_encode(&page.current_path))>
                    {text.sign_in}
                </a>
            }
            .into_any(),
        };
        let timeout_warning = page.session.map(|clock| {
            view! {
                <SessionTimeout
                    lang=page.lang
                    seconds_left=clock.seconds_left
                    warning_seconds=warning_lead(clock.idle_seconds)
                    return_to=page.current_path.clone()
                />
            }
        });
        let idle_note = page
            .session
            .map(|clock| view! { <p>{text.idle_note(clock.idle_seconds)}</p> });
        let hydration = page.interactive.then(|| {
            view! { <HydrationScripts options=assets.leptos_options.clone() islands=true /> }
        });
        let document = view! {
            <html lang=page.lang.tag()>
                <head>
                    <meta charset="utf-8" />
                    <meta name="viewport" content="width=device-width, initial-scale=1" />
                    <title>{title}</title>
                    <link rel="stylesheet" href=assets.stylesheet_url.clone() />
                    <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                    {hydration}
                </head>
                <body>
                    <a href="#main" class="skip-link">{text.skip_to_content}</a>
                    {timeout_warning}
                    <header class="header">
                        <div class="container header__inner">
                            <a class="header__name" href="/">{text.portal_name}</a>
                            <nav class="header__nav" aria-label=text.account_navigation>
                                {account_links}
                            </nav>
                            <nav class="header__nav" aria-label=text.language_switch_label>
                                <a
                                    class="header__link"
                                    href=switch_href
                                    hreflang=other.tag()
                                    lang=other.tag()
                                >
                                    {other.endonym()}
                                </a>
                            </nav>
                        </div>
                    </header>
                    <main id="main" class="container main" tabindex="-1">
                        {body}
                    </main>
                    <footer class="footer">
                        <div class="container">
                            <p>{text.portal_tagline()}</p>
                            <p>{text.footer_note}</p>
                            {idle_note}
                        </div>
                    </footer>
                </body>
            </html>
        };
        format!("<!DOCTYPE html>{}", document.to_html())
    })
}

/// Encodes a path for use as a query value: everything but unreserved characters and `/`.
pub fn percent_encode(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                encoded.push(char::from(byte))
            }
            other => encoded.push_str(&format!("%{other:02X}")),
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::percent_encode;

    #[test]
    fn encodes_query_characters_but_keeps_paths_readable() {
        assert_eq!(percent_encode("/services/x"), "/services/x");
        assert_eq!(percent_encode("/?q=lái xe&a"), "/%3Fq%3Dl%C3%A1i%20xe%26a");
    }
}
