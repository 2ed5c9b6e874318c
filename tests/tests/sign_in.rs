//! Signing in with the eID stand-in and out again, in Chromium with JavaScript on and off.

use portal_tests::eid::sign_in_at_eid;
use portal_tests::{Browser, Mode, Stack};
use serde_json::{json, Value};

/// What the registry holds about a citizen, read directly with the portal's own credential.
fn registry_person(stack: &Stack, personal_id: &str) -> Value {
    stack.block_on(async {
        reqwest::Client::new()
            .post(format!("{}/v1/people/get", stack.inner.registry_url()))
            .bearer_auth("portal-dev-secret")
            .header("x-purpose", "account")
            .json(&json!({ "personal_id": personal_id }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    })
}

#[test]
fn a_level_2_citizen_signs_in_sees_their_details_and_signs_out() {
    let stack = Stack::start();
    let citizen = stack.personas().plain_adult.clone();
    let expected = registry_person(&stack, &citizen);
    for mode in Mode::BOTH {
        let mut browser = Browser::start(mode);
        browser.goto(&stack.url("/account"));
        sign_in_at_eid(&mut browser, &citizen);
        browser.wait_until("the account page", |b| {
            b.current_url().ends_with("/account")
        });
        browser.find("//h1[normalize-space(.)='Tài khoản của tôi']");
        let page = browser.page_text();
        assert!(
            page.contains(expected["full_name"].as_str().unwrap()),
            "{mode:?}"
        );
        assert!(
            page.contains(expected["permanent_residence"]["full"].as_str().unwrap()),
            "{mode:?}"
        );
        assert!(page.contains("Mức độ 2"), "{mode:?}");
        assert!(page.contains("Báo thông tin không đúng"), "{mode:?}");

        browser.click_button("Đăng xuất");
        browser.wait_until("the home page", |b| b.current_url() == stack.url("/"));
        browser.find("//header//a[normalize-space(.)='Đăng nhập']");
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
            b.page_text()
                .contains("Cần tài khoản định danh điện tử mức độ 2")
        });
        assert!(
            browser.page_text().contains("mang thẻ căn cước"),
            "{mode:?}"
        );
        // The account itself stays available at level 1.
        browser.goto(&stack.url("/account"));
        browser.find("//h1[normalize-space(.)='Tài khoản của tôi']");
        assert!(browser.page_text().contains("Mức độ 1"), "{mode:?}");
    }
}

#[test]
fn a_wrong_detail_can_be_reported_and_bad_input_is_explained_and_kept() {
    let stack = Stack::start();
    let citizen = stack.personas().plain_adult.clone();
    for mode in Mode::BOTH {
        let mut browser = Browser::start(mode);
        browser.goto(&stack.url("/account/report-error"));
        sign_in_at_eid(&mut browser, &citizen);
        browser.wait_until("the report form", |b| {
            b.current_url().ends_with("/account/report-error")
        });
        browser.fill("Hãy cho biết thông tin đúng", "Tên đệm của tôi là Thị");
        browser.click_button("Gửi báo cáo");
        // No detail chosen: the summary says so, links to the field, and the text is kept.
        browser.wait_until("the error summary", |b| {
            b.page_text().contains("Có lỗi cần sửa")
        });
        assert!(browser.title().starts_with("Lỗi: "), "{mode:?}");
        let link = browser.find("//div[@class='error-summary']//a[@href='#which']");
        assert_eq!(browser.text(&link), "Hãy chọn thông tin không đúng");
        let details = browser.field("Hãy cho biết thông tin đúng");
        assert_eq!(
            browser.property(&details, "value").unwrap_or_default(),
            "Tên đệm của tôi là Thị"
        );
        browser.click(&browser.field("Họ, chữ đệm và tên"));
        browser.click_button("Gửi báo cáo");
        browser.find("//h1[normalize-space(.)='Đã gửi báo cáo']");
    }
}
