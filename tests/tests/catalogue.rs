//! The catalogue as a citizen meets it in Chromium, with JavaScript on and off: every service on
//! the home page, search, the language switch and the start pages.

use domain::catalogue;
use portal_tests::browser::with_text;
use portal_tests::ui::{en, service, vi};
use portal_tests::{Mode, Stack};

const SERVICE_LINKS: &str = "//ul[@class='service-list']//a";

#[test]
fn home_lists_every_service_and_the_language_switch_is_remembered() {
    let stack = Stack::start();
    for mode in Mode::BOTH {
        let browser = stack.browser_at(mode, "/");
        assert!(browser.title().starts_with(vi().home_title), "{mode:?}");
        let links = browser.find_all(SERVICE_LINKS);
        assert_eq!(links.len(), catalogue::count(), "{mode:?}");
        let page = browser.page_text();
        for service in catalogue::all() {
            assert!(page.contains(service.name.vi), "{mode:?} {}", service.slug);
        }

        browser.click_link("English");
        browser.find(&with_text("//h1", en().home_title));
        let page = browser.page_text();
        for service in catalogue::all() {
            assert!(page.contains(service.name.en), "{mode:?} {}", service.slug);
        }
        // The choice is remembered on the next page.
        let birth = service("birth-registration").name;
        browser.click_link(birth.en);
        browser.find(&with_text("//h1", birth.en));
        browser.find(&with_text("//button", en().start_now));
        browser.click_link("Tiếng Việt");
        browser.find(&with_text("//h1", birth.vi));
    }
}

#[test]
fn search_narrows_the_catalogue_as_you_type_or_on_submit() {
    let stack = Stack::start();
    for mode in Mode::BOTH {
        let mut browser = stack.browser_at(mode, "/");
        let field = browser.field(vi().search_label);
        assert_eq!(browser.accessible_name(&field), vi().search_label);
        browser.fill(vi().search_label, "giay phep lai xe");
        match mode {
            Mode::JavaScript => {
                // Hydrated: the list narrows without leaving the page.
                browser.wait_until("the list to narrow", |b| {
                    b.find_all(SERVICE_LINKS).len() < catalogue::count()
                });
                assert!(!browser.current_url().contains("q="));
            }
            Mode::NoJavaScript => {
                browser.click_button(vi().search_button);
                browser.wait_until("the results page", |b| b.current_url().contains("q="));
            }
        }
        let names: Vec<String> = browser
            .find_all(SERVICE_LINKS)
            .iter()
            .map(|link| browser.text(link))
            .collect();
        assert!(
            names
                .iter()
                .any(|name| name == service("driving-licence").name.vi),
            "{mode:?} {names:?}"
        );
        assert!(
            !names
                .iter()
                .any(|name| name == service("birth-registration").name.vi),
            "{mode:?} {names:?}"
        );
        assert!(browser
            .page_text()
            .contains(&vi().results_count(names.len())));
    }
}

#[test]
fn a_start_page_tells_what_is_needed_and_offers_start_now() {
    let stack = Stack::start();
    for mode in Mode::BOTH {
        let browser = stack.browser_at(mode, "/");
        let licence = service("driving-licence").name.vi;
        browser.click_link(licence);
        browser.find(&with_text("//h1", licence));
        let page = browser.page_text();
        for heading in [
            vi().service_who,
            vi().service_needs,
            vi().service_fee,
            vi().service_time_limit,
            vi().service_agency,
        ] {
            assert!(page.contains(heading), "{mode:?} {heading}");
        }
        assert!(page.contains("135.000 đồng"));
        let start = browser.find(&with_text("//button", vi().start_now));
        assert_eq!(browser.accessible_name(&start), vi().start_now);
    }
}
