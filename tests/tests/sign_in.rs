//! Signing in with the eID stand-in and out again, in Chromium with JavaScript on and off.

use portal_tests::browser::with_text;
use portal_tests::eid::signed_in_at;
use portal_tests::journeys::person;
use portal_tests::ui::vi;
use portal_tests::{Browser, Mode, Stack};

#[test]
fn a_level_2_citizen_signs_in_sees_their_details_and_signs_out() {
    let stack = Stack::start();
    let citizen = stack.personas().plain_adult.clone();
    let expected = person(&stack, "account", &citizen);
    for mode in Mode::BOTH {
        let browser = signed_in_at(&stack, mode, &citizen, "/account");
        browser.find(&with_text("//h1", vi().my_account));
        let page = browser.page_text();
        assert!(
            page.contains(expected["full_name"].as_str().unwrap()),
            "{mode:?}"
        );
        assert!(
            page.contains(expected["permanent_residence"]["full"].as_str().unwrap()),
            "{mode:?}"
        );
        assert!(page.contains(vi().level_2), "{mode:?}");
        assert!(page.contains(vi().report_error_link), "{mode:?}");

        browser.click_button(vi().sign_out);
        browser.wait_until("the home page", |b| b.current_url() == stack.url("/"));
        browser.find(&with_text("//header//a", vi().sign_in));
        // The session is over at the portal and at the eID: the account asks for a password again.
        browser.goto(&stack.url("/account"));
        browser.wait_until("the eID sign-in page", |b| {
            b.current_url().contains("/signin") && b.page_text().contains("Mật khẩu")
        });
    }
}

#[test]
fn a_level_1_citizen_is_told_how_to_upgrade_before_starting_a_service() {
    let stack = Stack::start();
    let citizen = stack.personas().level1_citizen.clone();
    for mode in Mode::BOTH {
        let mut browser = Browser::start(mode);
        portal_tests::journeys::start_now(&mut browser, &stack, "driving-licence", &citizen);
        browser.wait_until("the upgrade page", |b| {
            b.page_text().contains(vi().upgrade_title)
        });
        assert!(
            browser.page_text().contains("mang thẻ căn cước"),
            "{mode:?}"
        );
        // The account itself stays available at level 1.
        browser.goto(&stack.url("/account"));
        browser.find(&with_text("//h1", vi().my_account));
        assert!(browser.page_text().contains(vi().level_1), "{mode:?}");
    }
}

#[test]
fn a_wrong_detail_can_be_reported_and_bad_input_is_explained_and_kept() {
    let stack = Stack::start();
    let citizen = stack.personas().plain_adult.clone();
    for mode in Mode::BOTH {
        let mut browser = signed_in_at(&stack, mode, &citizen, "/account/report-error");
        browser.fill(vi().report_details, "Tên đệm của tôi là Thị");
        browser.click_button(vi().report_send);
        // No detail chosen: the summary says so, links to the field, and the text is kept.
        browser.wait_until("the error summary", |b| {
            b.page_text().contains(vi().error_summary_title)
        });
        assert!(browser.title().starts_with("Lỗi: "), "{mode:?}");
        let link = browser.find("//div[@class='error-summary']//a[@href='#which']");
        assert_eq!(browser.text(&link), vi().report_choose);
        let details = browser.field(vi().report_details);
        assert_eq!(
            browser.property(&details, "value").unwrap_or_default(),
            "Tên đệm của tôi là Thị"
        );
        browser.click(&browser.field(vi().full_name));
        browser.click_button(vi().report_send);
        browser.find(&with_text("//h1", vi().report_sent_title));
    }
}
