//! Headline journey A: exchanging or replacing a driving licence, in Chromium with JavaScript on
//! and off, against the registry, eID and payment stand-ins.

use domain::definitions::driving_licence::LICENCE_NOT_YOURS;
use portal_tests::journeys::{
    active_licence, choose, choose_containing, continue_on, declare_and_send, licences, pay, png,
    press_start, reference, start_in_browser, wait_for_decision,
};
use portal_tests::ui::vi;
use portal_tests::{Browser, Mode, Stack};
use serde_json::json;
use server::store::status::Status;

const SLUG: &str = "driving-licence";

/// The steps a driver takes once signed in: their licence, the portrait, the delivery.
fn choose_licence_portrait_delivery(browser: &Browser, licence_number: &str) {
    choose_containing(browser, licence_number);
    continue_on(browser);
    choose(browser, "Dùng ảnh trong hồ sơ căn cước (tôi đồng ý)");
    continue_on(browser);
    choose_containing(browser, "Gửi qua bưu điện đến nơi thường trú");
    continue_on(browser);
}

#[test]
fn an_expiring_licence_is_renewed_with_nothing_typed() {
    for mode in Mode::BOTH {
        // A fresh registry for each mode: the first run renews the persona's licence.
        let stack = Stack::start();
        let driver = stack.personas().driver_expiring.clone();
        let before = licences(&stack, &driver);
        let old = before
            .iter()
            .find(|licence| licence["validity"] == "expiring_soon" && licence["status"] == "active")
            .expect("an expiring licence")["licence_number"]
            .as_str()
            .unwrap()
            .to_string();
        let browser = start_in_browser(&stack, mode, SLUG, &driver);
        // The verified health check is shown, not asked.
        assert!(browser.page_text().contains("chữ ký số hợp lệ"), "{mode:?}");
        choose_licence_portrait_delivery(&browser, &old);
        assert!(
            browser.page_text().contains("165.000 đ"),
            "{mode:?}: fee and postage"
        );
        declare_and_send(&browser, Some("Vietcombank"));
        let reference = reference(&browser);
        let decision = wait_for_decision(&browser, &stack, &reference);
        assert!(decision.contains("Số giấy phép mới"), "{mode:?}");
        assert_eq!(
            browser.typed_fields, 0,
            "{mode:?}: the driver typed nothing"
        );
        println!(
            "driving licence, {mode:?}: 3 questions answered, {} fields typed, plus payment",
            browser.typed_fields
        );
        assert!(
            !browser.current_url().contains(&driver),
            "{mode:?}: no ID in the URL"
        );
        // Signing out passes through the eID's sign-out with nothing personal in the address,
        // and ends on the portal's home page.
        browser.click_button(vi().sign_out);
        let home = stack.url("/");
        browser.wait_until("the home page, signed out", |b| b.current_url() == home);
        if mode == Mode::JavaScript {
            // Nothing personal is kept in the browser, and no page asked a third party for anything.
            let stored = browser.execute("return localStorage.length + sessionStorage.length");
            assert_eq!(stored, 0, "nothing in browser storage");
            let foreign = browser.execute(
                "return performance.getEntriesByType('resource').map(e => e.name)\
                 .filter(name => !name.startsWith(location.origin))",
            );
            assert_eq!(foreign, serde_json::json!([]), "no third-party requests");
        }

        let after = licences(&stack, &driver);
        let replaced = after
            .iter()
            .find(|licence| licence["licence_number"] == old.as_str())
            .unwrap();
        assert_eq!(replaced["status"], "replaced", "{mode:?}");
        let new_number = replaced["replaced_by"].as_str().unwrap();
        assert!(
            decision.contains(new_number),
            "{mode:?}: the new number is shown"
        );
        let new = after
            .iter()
            .find(|licence| licence["licence_number"] == new_number)
            .unwrap();
        assert_eq!(new["status"], "active");
        assert!(new["classes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|class| class["pre_2025"] == false));
    }
}

#[test]
fn a_missing_health_check_keeps_the_draft_until_the_hospital_sends_one() {
    for (index, mode) in Mode::BOTH.into_iter().enumerate() {
        // A fresh registry for each mode: the first run renews the persona's licence.
        let stack = Stack::start();
        let driver = stack.personas().driver_no_health_check.clone();
        let licence = active_licence(&stack, &driver);
        let browser = start_in_browser(&stack, mode, SLUG, &driver);
        choose_licence_portrait_delivery(&browser, &licence);
        browser.wait_until("the waiting page", |b| {
            b.page_text().contains(vi().waiting_title)
        });
        assert!(
            browser
                .page_text()
                .contains("Chưa có kết quả khám sức khỏe"),
            "{mode:?}"
        );
        assert!(
            browser.page_text().contains("bệnh viện"),
            "{mode:?}: where to get one"
        );

        stack.hospital_sends_health_check(&driver, &format!("KSK-TEST-{index}"), "fit");
        browser.click_button(vi().check_again);
        browser.wait_until("the check page", |b| b.current_url().ends_with("/check"));
        declare_and_send(&browser, Some("Vietcombank"));
        assert_eq!(browser.typed_fields, 0, "{mode:?}: nothing entered again");
        let reference = reference(&browser);
        assert!(wait_for_decision(&browser, &stack, &reference).contains("Số giấy phép mới"));
    }
}

#[test]
fn an_unfit_or_altered_health_check_stops_the_application_with_the_reason() {
    let stack = Stack::start();
    let driver = stack.personas().driver_unfit.clone();
    let licence = active_licence(&stack, &driver);
    let browser = start_in_browser(&stack, Mode::NoJavaScript, SLUG, &driver);
    choose_licence_portrait_delivery(&browser, &licence);
    browser.wait_until("the waiting page", |b| {
        b.page_text().contains("chưa đủ điều kiện sức khỏe")
    });

    // Someone changes the result in the sector database without the hospital's key.
    stack.tamper_health_checks(&driver, "fit");
    browser.click_button(vi().check_again);
    browser.wait_until("the refusal", |b| {
        b.page_text().contains("không xác thực được chữ ký số")
    });
    // It cannot be sent: the declaration and the send button are not offered.
    assert!(browser.try_find("//label[@for='declaration']").is_none());
}

#[test]
fn a_lost_licence_is_reissued_without_asking_why() {
    let stack = Stack::start();
    let driver = stack.personas().driver_lost_licence.clone();
    let lost = licences(&stack, &driver)
        .into_iter()
        .find(|licence| licence["status"] == "lost")
        .expect("a lost licence")["licence_number"]
        .as_str()
        .unwrap()
        .to_string();
    // A car licence is re-issued only with a valid health check, as for an exchange.
    stack.hospital_sends_health_check(&driver, "KSK-LOST-1", "fit");
    for mode in Mode::BOTH {
        let browser = start_in_browser(&stack, mode, SLUG, &driver);
        if mode == Mode::NoJavaScript {
            // The first run already replaced it: nothing left to re-issue but another licence.
            assert!(!browser.page_text().contains(&lost));
            break;
        }
        assert!(browser.page_text().contains("đã báo mất"));
        choose_licence_portrait_delivery(&browser, &lost);
        declare_and_send(&browser, Some("Vietcombank"));
        let reference = reference(&browser);
        assert!(wait_for_decision(&browser, &stack, &reference).contains("Số giấy phép mới"));
        let renewed = licences(&stack, &driver);
        assert!(renewed
            .iter()
            .any(|licence| licence["licence_number"] == lost.as_str()
                && licence["status"] == "replaced"));
    }
}

#[test]
fn someone_elses_licence_number_is_refused_without_saying_whose() {
    let stack = Stack::start();
    let driver = stack.personas().driver_expiring.clone();
    let stranger_licence = licences(&stack, &stack.personas().driver_unfit.clone())[0]
        ["licence_number"]
        .as_str()
        .unwrap()
        .to_string();
    for mode in Mode::BOTH {
        let mut browser = start_in_browser(&stack, mode, SLUG, &driver);
        // The second run resumes the first run's draft, as from another device.
        if !browser.current_url().ends_with("/licence-number") {
            choose(&browser, "Một giấy phép khác, chưa có trong danh sách");
            continue_on(&browser);
        }
        browser.fill("Số giấy phép lái xe", "12345");
        continue_on(&browser);
        assert!(browser.title().starts_with("Lỗi: "), "{mode:?}");
        assert!(
            browser
                .page_text()
                .contains("Số giấy phép lái xe gồm 12 chữ số"),
            "{mode:?}"
        );
        browser.fill("Số giấy phép lái xe", &stranger_licence);
        continue_on(&browser);
        let page = browser.page_text();
        assert!(page.contains(LICENCE_NOT_YOURS.vi), "{mode:?}");
        let stranger_name = stack.registry_read(
            SLUG,
            "/v1/people/get",
            json!({ "personal_id": stack.personas().driver_unfit }),
        )["full_name"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            !page.contains(&stranger_name),
            "{mode:?}: whose licence it is stays private"
        );
        let field = browser.field("Số giấy phép lái xe");
        assert_eq!(
            browser.property(&field, "value").unwrap(),
            stranger_licence,
            "{mode:?}: input kept"
        );
    }
}

#[test]
fn a_declined_payment_loses_nothing_and_can_be_paid_again() {
    for mode in Mode::BOTH {
        // A fresh registry for each mode: the first run renews the persona's licence.
        let stack = Stack::start();
        let driver = stack.personas().driver_expiring.clone();
        let licence = active_licence(&stack, &driver);
        let browser = start_in_browser(&stack, mode, SLUG, &driver);
        choose_licence_portrait_delivery(&browser, &licence);
        browser.wait_until("the check page", |b| b.current_url().ends_with("/check"));
        choose(
            &browser,
            &browser.text(&browser.find("//label[@for='declaration']")),
        );
        browser.click_button(vi().pay_and_submit);
        pay(&browser, "Ngân hàng thử nghiệm (luôn từ chối)");
        browser.wait_until("the payment failure", |b| {
            b.page_text().contains(vi().payment_failed_title)
        });
        assert!(
            browser.page_text().contains(vi().payment_failed_body),
            "{mode:?}"
        );
        browser.click_button(vi().pay_again);
        pay(&browser, "Vietcombank");
        browser.wait_until("the confirmation", |b| {
            b.current_url().ends_with("/confirmation")
        });
        let reference = reference(&browser);
        assert!(
            wait_for_decision(&browser, &stack, &reference).contains("Số giấy phép mới"),
            "{mode:?}"
        );
    }
}

#[test]
fn a_registry_outage_mid_journey_keeps_the_draft_and_delays_the_decision() {
    let stack = Stack::start();
    let driver = stack.personas().driver_expiring.clone();
    let licence = active_licence(&stack, &driver);
    let browser = start_in_browser(&stack, Mode::NoJavaScript, SLUG, &driver);
    choose_containing(&browser, &licence);
    continue_on(&browser);

    stack.registry_outage(true);
    // Resuming reads the registry again: a calm page, not an error.
    press_start(&browser, &stack, SLUG);
    assert!(browser
        .page_text()
        .contains(vi().registry_check_unavailable));
    stack.registry_outage(false);
    // The portal's circuit breaker waits a few seconds before trusting the registry again; the
    // citizen tries again, as the page invites them to.
    browser.wait_until("the portrait question", |b| {
        press_start(b, &stack, SLUG);
        b.page_text().contains("Ảnh in trên giấy phép")
    });
    choose(&browser, "Dùng ảnh trong hồ sơ căn cước (tôi đồng ý)");
    continue_on(&browser);
    choose_containing(&browser, "Gửi qua bưu điện đến nơi thường trú");
    continue_on(&browser);

    stack.registry_outage(true);
    declare_and_send(&browser, Some("Vietcombank"));
    let reference = reference(&browser);
    // Several processing rounds pass while the registry is down: the decision waits.
    std::thread::sleep(std::time::Duration::from_secs(2));
    browser.goto(&stack.url("/applications"));
    assert!(!browser.page_text().contains(Status::Decided.label().vi));
    stack.registry_outage(false);
    let decision = wait_for_decision(&browser, &stack, &reference);
    assert!(decision.contains("Số giấy phép mới"), "{decision}");
    let replaced: Vec<_> = licences(&stack, &driver)
        .into_iter()
        .filter(|l| l["licence_number"] == licence.as_str() && l["status"] == "replaced")
        .collect();
    assert_eq!(replaced.len(), 1, "renewed exactly once");
}

#[test]
fn an_uploaded_photo_is_checked_by_content_and_its_limits_are_stated() {
    let files = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = files.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let disguised = write("anh-the.jpg", b"not a photo at all, whatever the name says");
    let small = write("nho.png", &png(100, 100, 0));
    let huge = write("lon.png", &png(600, 800, 5 * 1024 * 1024 + 10));
    let good = write("anh-the.png", &png(600, 800, 1000));
    for mode in Mode::BOTH {
        let stack = Stack::start();
        let driver = stack.personas().driver_expiring.clone();
        let licence = active_licence(&stack, &driver);
        let browser = start_in_browser(&stack, mode, SLUG, &driver);
        choose_containing(&browser, &licence);
        continue_on(&browser);
        choose(&browser, "Tải lên ảnh của tôi");
        continue_on(&browser);
        browser.wait_until("the photo page", |b| b.current_url().ends_with("/photo"));
        assert!(
            browser
                .page_text()
                .contains("JPG hoặc PNG, tối đa 5 MB, ít nhất 400 × 600 điểm ảnh"),
            "{mode:?}: limits stated up front"
        );

        for (file, message) in [
            (&disguised, "Loại tệp không được chấp nhận"),
            (&small, "Ảnh quá nhỏ"),
            (&huge, "Tệp quá lớn"),
        ] {
            browser.upload("Ảnh chân dung", file);
            continue_on(&browser);
            assert!(browser.title().starts_with("Lỗi: "), "{mode:?} {file:?}");
            let error = browser.find("//p[@id='photo-error']");
            let text = browser.text(&error);
            assert!(
                text.contains(message) && text.contains("tối đa 5 MB"),
                "{mode:?}: {text}"
            );
        }
        browser.upload("Ảnh chân dung", &good);
        continue_on(&browser);
        browser.wait_until("the delivery question", |b| {
            b.current_url().ends_with("/delivery")
        });
        // Going back shows the photo kept, and continuing without a new file keeps it.
        browser.goto(&browser.current_url().replace("/delivery", "/photo"));
        assert!(browser.page_text().contains("anh-the.png"), "{mode:?}");
        continue_on(&browser);
        choose_containing(&browser, "Gửi qua bưu điện đến nơi thường trú");
        continue_on(&browser);
        browser.wait_until("the check page", |b| b.current_url().ends_with("/check"));
        assert!(browser.page_text().contains("anh-the.png"), "{mode:?}");
    }
}
