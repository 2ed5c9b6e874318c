//! The idle-timeout warning (WCAG 2.2.1) in Chromium, with the portal's idle limit shortened to
//! seconds: with JavaScript, an alert comes before the end and continuing keeps the session past
//! it; left alone, the session ends when the page says so. Without JavaScript, every signed-in
//! page states the limit.

use portal_tests::browser::with_text;
use portal_tests::eid::signed_in_at;
use portal_tests::ui::vi;
use portal_tests::{Browser, Mode, Stack};
use std::time::{Duration, Instant};

const IDLE: Duration = Duration::from_secs(12);
const IDLE_NOTE: &str = "cổng tự đăng xuất sau 12 giây không có thao tác";

fn alert_titled(browser: &Browser, title: &str) -> bool {
    browser
        .try_find(&with_text("//div[@role='alert']//h2", title))
        .is_some()
}

/// What the server makes of the browser's session cookie right now: signed in or not.
fn server_sees_signed_in(stack: &Stack, browser: &Browser) -> bool {
    let token = browser.cookie("portal-session").expect("a session cookie");
    let url = stack.url("/account");
    let status = stack.block_on(async move {
        reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap()
            .get(url)
            .header("cookie", format!("portal-session={token}"))
            .send()
            .await
            .unwrap()
            .status()
    });
    status == 200
}

#[test]
fn signed_in_pages_warn_before_the_idle_timeout_and_continuing_keeps_the_session() {
    let stack = Stack::start_with(|config| config.session_idle = IDLE);
    let citizen = stack.personas().plain_adult.clone();
    for mode in Mode::BOTH {
        let browser = signed_in_at(&stack, mode, &citizen, "/account");
        let signed_in_at = Instant::now();
        assert!(browser.page_text().contains(IDLE_NOTE), "{mode:?}");
        assert!(
            !alert_titled(&browser, vi().session_ending_title),
            "{mode:?}: quiet at first"
        );
        if mode == Mode::NoJavaScript {
            continue;
        }

        browser.wait_until("the timeout warning", |b| {
            alert_titled(b, vi().session_ending_title)
        });
        let warned_after = signed_in_at.elapsed();
        assert!(
            warned_after >= Duration::from_secs(4),
            "half the limit is left when it warns, not sooner: {warned_after:?}"
        );
        let alert = browser.text(&browser.find("//div[@role='alert']"));
        assert!(alert.contains("khoảng 6 giây"), "{alert}");
        browser.find("//div[@role='alert']//form[@method='post'][@action='/auth/extend']/input[@type='hidden'][@name='return_to'][@value='/account']");
        browser.click_button(vi().session_continue);
        browser.wait_until("the account page again, warning gone", |b| {
            b.current_url().ends_with("/account") && !alert_titled(b, vi().session_ending_title)
        });

        // Past the moment the session would have ended without continuing, it is still there.
        std::thread::sleep((IDLE + Duration::from_secs(2)).saturating_sub(signed_in_at.elapsed()));
        assert!(
            server_sees_signed_in(&stack, &browser),
            "continuing kept the session"
        );

        // Left alone, the page says when the session is over, and the server agrees.
        browser.wait_until("the session-ended notice", |b| {
            alert_titled(b, vi().session_ended_title)
        });
        assert!(
            !server_sees_signed_in(&stack, &browser),
            "the session has ended"
        );
    }
}
