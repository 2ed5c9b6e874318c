//! Headline journey B: a newborn's birth certificate, personal ID, permanent residence and
//! health-insurance card in one application, in Chromium with JavaScript on and off.

use portal_tests::browser::with_text;
use portal_tests::eid::signed_in_at;
use portal_tests::journeys::{
    answer_request, choose, choose_containing, continue_on, decision_pdf, declare_and_send, person,
    press_start, reference, start_in_browser, start_service, verification_address,
    wait_for_decision,
};
use portal_tests::ui::vi;
use portal_tests::{Browser, Mode, Stack};
use serde_json::{json, Value};
use std::time::Instant;

const SLUG: &str = "newborn";

fn children(stack: &Stack, parent: &str) -> Vec<Value> {
    stack.registry_read(
        SLUG,
        "/v1/people/relatives",
        json!({ "personal_id": parent }),
    )["children"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// Names the baby and sends the application; returns the decision page's text.
fn name_and_send(
    browser: &mut Browser,
    stack: &Stack,
    surname: Option<&str>,
    given: &str,
) -> String {
    browser.wait_until("the name question", |b| {
        b.page_text().contains("Tên của bé")
    });
    match surname {
        Some(surname) => choose(browser, surname),
        None => {
            let first = browser.find("//input[@name='surname']");
            browser.click(&first);
        }
    }
    browser.fill("Tên đệm (không bắt buộc)", "Minh");
    browser.fill("Tên", given);
    continue_on(browser);
    declare_and_send(browser, None);
    let reference = reference(browser);
    wait_for_decision(browser, stack, &reference)
}

#[test]
fn a_parent_registers_the_baby_typing_only_the_name() {
    let stack = Stack::start();
    let personas = stack.personas();
    // Married parents (the father heads the household) and a single mother with no known father.
    let cases = [
        (Mode::JavaScript, personas.mother_with_birth_notice.clone()),
        (Mode::NoJavaScript, personas.mother_unmarried_notice.clone()),
    ];
    for (mode, mother) in cases {
        let before = children(&stack, &mother).len();
        let started = Instant::now();
        let mut browser = start_in_browser(&stack, mode, SLUG, &mother);
        // The birth notice, the parents and the residence are shown, not asked.
        let page = browser.page_text();
        assert!(
            page.contains("Giấy chứng sinh") && page.contains(" g"),
            "{mode:?}"
        );
        let decision = name_and_send(&mut browser, &stack, None, "Ánh Dương");
        let elapsed = started.elapsed();
        assert_eq!(
            browser.typed_fields, 2,
            "{mode:?}: only the middle and given names were typed"
        );
        println!("newborn, {mode:?}: 1 question (the name), {} fields typed, all four outputs in {:.1} s", browser.typed_fields, elapsed.as_secs_f64());

        let after = children(&stack, &mother);
        assert_eq!(
            after.len(),
            before + 1,
            "{mode:?}: exactly one child registered"
        );
        let child = after
            .iter()
            .find(|child| {
                child["full_name"]
                    .as_str()
                    .unwrap()
                    .ends_with("Minh Ánh Dương")
            })
            .unwrap();
        let child_id = child["personal_id"].as_str().unwrap();
        domain::personal_id::PersonalId::parse(child_id).expect("a valid personal ID number");
        assert!(decision.contains(child_id), "{mode:?}: the new ID is shown");
        assert!(
            decision.contains("/KS"),
            "{mode:?}: the birth certificate number is shown"
        );
        let person =
            stack.registry_read(SLUG, "/v1/people/get", json!({ "personal_id": child_id }));
        assert!(
            person["household_id"].is_i64(),
            "{mode:?}: permanent residence registered"
        );
        let cards = stack.registry_read(
            SLUG,
            "/v1/insurance-cards/list",
            json!({ "personal_id": child_id }),
        );
        assert!(
            cards[0]["card_number"].as_str().unwrap().starts_with("TE"),
            "{mode:?}: TE-group card"
        );
        // The child now shows on the parent's account as a child they can act for.
        browser.goto(&stack.url("/account"));
        assert!(
            browser
                .page_text()
                .contains(child["full_name"].as_str().unwrap()),
            "{mode:?}"
        );
    }
}

#[test]
fn twins_get_one_application_each() {
    let stack = Stack::start();
    let mother = stack.personas().mother_twins.clone();
    let mut browser = Browser::start(Mode::NoJavaScript);
    for (index, given) in ["An", "Bình"].into_iter().enumerate() {
        start_service(&mut browser, &stack, SLUG, &mother);
        if index == 0 {
            browser.wait_until("the choice of baby", |b| {
                b.page_text().contains("Hồ sơ này cho bé nào?")
            });
            assert_eq!(browser.find_all("//input[@name='notice']").len(), 2);
            let first = browser.find("//input[@name='notice']");
            browser.click(&first);
            continue_on(&browser);
        }
        // The second baby's notice is the only one left: there is no choice to make.
        name_and_send(&mut browser, &stack, None, given);
    }
    let names: Vec<String> = children(&stack, &mother)
        .iter()
        .map(|child| child["full_name"].as_str().unwrap().to_string())
        .collect();
    assert!(
        names.iter().any(|name| name.ends_with("Minh An"))
            && names.iter().any(|name| name.ends_with("Minh Bình")),
        "{names:?}"
    );
    // Both notices are used: a third application is refused with the reason.
    press_start(&browser, &stack, SLUG);
    assert!(browser
        .page_text()
        .contains("Chưa có giấy chứng sinh nào mang tên bạn"));
}

#[test]
fn a_name_with_invalid_characters_is_explained_and_kept() {
    let stack = Stack::start();
    let mother = stack.personas().mother_head_elsewhere.clone();
    for mode in Mode::BOTH {
        let mut browser = start_in_browser(&stack, mode, SLUG, &mother);
        browser.wait_until("the name question", |b| {
            b.page_text().contains("Tên của bé")
        });
        let first = browser.find("//input[@name='surname']");
        browser.click(&first);
        browser.fill("Tên", "Bé <2>");
        continue_on(&browser);
        assert!(browser.title().starts_with("Lỗi: "), "{mode:?}");
        let message = browser.find("//p[@id='given_name-error']");
        assert!(
            browser.text(&message).contains("chỉ gồm chữ cái"),
            "{mode:?}"
        );
        let field = browser.field("Tên");
        assert_eq!(
            browser.property(&field, "value").unwrap(),
            "Bé <2>",
            "{mode:?}: input kept"
        );
        assert_eq!(browser.accessible_name(&field), "Tên", "{mode:?}");
    }
}

#[test]
fn another_mothers_notice_is_not_visible() {
    let stack = Stack::start();
    let stranger = stack.personas().plain_adult.clone();
    let mut browser = Browser::start(Mode::NoJavaScript);
    portal_tests::journeys::start_now(&mut browser, &stack, SLUG, &stranger);
    browser.wait_until("the refusal", |b| {
        b.page_text()
            .contains("Chưa có giấy chứng sinh nào mang tên bạn")
    });
}

#[test]
fn the_registry_down_during_processing_delays_but_never_duplicates() {
    let stack = Stack::start();
    let mother = stack.personas().mother_unmarried_notice.clone();
    let before = children(&stack, &mother).len();
    let mut browser = Browser::start(Mode::JavaScript);
    name_the_baby_and_send(&mut browser, &stack, &mother, || {
        stack.registry_outage(true)
    });
    let reference = reference(&browser);
    std::thread::sleep(std::time::Duration::from_secs(2));
    stack.registry_outage(false);
    let decision = wait_for_decision(&browser, &stack, &reference);
    assert!(
        decision.contains("Số định danh cá nhân của bé"),
        "{decision}"
    );
    let after = children(&stack, &mother);
    assert_eq!(
        after.len(),
        before + 1,
        "exactly one child, whatever was retried"
    );
}

#[test]
fn a_registry_failing_half_its_calls_during_processing_never_duplicates() {
    let stack = Stack::start();
    let mother = stack.personas().mother_unmarried_notice.clone();
    let before = children(&stack, &mother).len();
    let mut browser = Browser::start(Mode::NoJavaScript);
    let flaky = json!({ "endpoint": "*", "error_rate": 0.5 });
    name_the_baby_and_send(&mut browser, &stack, &mother, || {
        stack.registry_fault(Some(flaky.clone()))
    });
    let reference = reference(&browser);
    // The four writes (birth, ID, residence, insurance card) go through while half the calls
    // fail: retried with the same idempotency keys until each has succeeded once.
    let decision = wait_for_decision(&browser, &stack, &reference);
    stack.registry_fault(None);
    assert!(decision.contains("Số định danh cá nhân của bé"));
    assert_eq!(
        children(&stack, &mother).len(),
        before + 1,
        "exactly one child, whatever was retried"
    );
}

/// Names the baby in the mother's prepared application and, once `fault` is set, sends it.
fn name_the_baby_and_send(
    browser: &mut Browser,
    stack: &Stack,
    mother: &str,
    fault: impl FnOnce(),
) {
    start_service(browser, stack, SLUG, mother);
    browser.wait_until("the name question", |b| {
        b.page_text().contains("Tên của bé")
    });
    choose_containing(browser, "");
    browser.fill("Tên", "Phúc");
    continue_on(browser);
    fault();
    declare_and_send(browser, None);
}

#[test]
fn a_birth_notice_prepares_the_application_before_the_parent_asks() {
    for mode in Mode::BOTH {
        // A fresh registry for each mode: each run uses its notice up.
        let stack = Stack::start();
        prepared_from_the_notice(&stack, mode);
    }
}

fn prepared_from_the_notice(stack: &Stack, mode: Mode) {
    let mother = stack.personas().single_partner.clone();
    let notified = Instant::now();
    stack.hospital_sends_birth_notice(&mother, None);
    let mut browser = signed_in_at(stack, mode, &mother, "/account");
    // The portal follows the registry's feed: the message and the prepared draft appear.
    let account = stack.url("/account");
    browser.wait_until("the message about the birth notice", |b| {
        b.goto(&account);
        b.page_text()
            .contains("Bệnh viện đã gửi giấy chứng sinh của bé")
    });
    browser.click_link(
        "Bệnh viện đã gửi giấy chứng sinh của bé. Hồ sơ khai sinh đã được chuẩn bị sẵn: bạn chỉ cần đặt tên cho bé.",
    );
    let decision = name_and_send(&mut browser, stack, None, "Mai");
    assert!(decision.contains("Số định danh cá nhân của bé"));
    assert_eq!(browser.typed_fields, 2, "only the name was typed");
    println!(
        "newborn, proactive, {mode:?}: birth notice to birth certificate, personal ID, residence and insurance card in {:.1} s",
        notified.elapsed().as_secs_f64()
    );

    // The electronic birth certificate: a PDF whose QR code leads to the verification page.
    let text = decision_pdf(&browser, stack);
    assert!(text.starts_with("%PDF"));
    assert!(text.contains(" re f"), "the QR code is drawn");
    let url = verification_address(&text);
    assert!(url.contains("/verify/HS"));
    browser.goto(&url);
    browser.find(&with_text("//h1", vi().verify_genuine_title));
    let child_id = decision
        .lines()
        .find(|line| line.starts_with("Số định danh cá nhân của bé"))
        .map(|line| {
            line.trim_start_matches("Số định danh cá nhân của bé")
                .trim()
                .to_string()
        })
        .unwrap();
    assert!(
        browser.page_text().contains(&child_id),
        "the verified record shows the child's ID"
    );

    // An altered code is not genuine.
    let altered = format!(
        "{}{}",
        &url[..url.len() - 2],
        if url.ends_with("AA") { "BB" } else { "AA" }
    );
    browser.goto(&altered);
    browser.find(&with_text("//h1", vi().verify_not_genuine_title));
}

#[test]
fn birth_registration_alone_gives_the_certificate_and_id() {
    for mode in Mode::BOTH {
        // A fresh registry for each mode: the first run uses the notice up.
        let stack = Stack::start();
        let father = stack.personas().father_with_birth_notice.clone();
        let mut browser = start_in_browser(&stack, mode, "birth-registration", &father);
        let decision = name_and_send(&mut browser, &stack, None, "Khang");
        assert!(decision.contains("Số giấy khai sinh"), "{mode:?}");
        assert!(
            !decision.contains("Thẻ bảo hiểm y tế"),
            "{mode:?}: no bundle"
        );
        assert_eq!(children(&stack, &father).len(), 1, "{mode:?}");
    }
}

/// The head of the household a newborn joins, when a grandparent heads it.
fn household_head(stack: &Stack, member: &str) -> String {
    stack.registry_read(SLUG, "/v1/households/get", json!({ "personal_id": member }))["head_id"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn the_household_head_agrees_or_refuses_on_their_own_account() {
    for (mode, agrees) in [(Mode::JavaScript, true), (Mode::NoJavaScript, false)] {
        let stack = Stack::start();
        let mother = stack.personas().mother_head_elsewhere.clone();
        let head = household_head(&stack, &mother);
        assert_ne!(head, mother);
        let mut parent = start_in_browser(&stack, mode, SLUG, &mother);
        parent.wait_until("the name question", |b| {
            b.page_text().contains("Tên của bé")
        });
        let first = parent.find("//input[@name='surname']");
        parent.click(&first);
        parent.fill("Tên", "Quang");
        continue_on(&parent);
        declare_and_send(&parent, None);
        let reference = reference(&parent);

        // The head is asked on their own account, and nothing is decided before they answer.
        let mother_name = person(&stack, SLUG, &mother)["full_name"]
            .as_str()
            .unwrap()
            .to_string();
        let nothing_yet = || {
            assert!(
                children(&stack, &mother).is_empty(),
                "{mode:?}: nothing registered before the head answers"
            )
        };
        answer_request(&stack, mode, &head, &mother_name, nothing_yet, agrees);

        let decision = wait_for_decision(&parent, &stack, &reference);
        let child = children(&stack, &mother)
            .into_iter()
            .find(|child| child["full_name"].as_str().unwrap().ends_with("Quang"))
            .expect("the birth is registered either way");
        let person = stack.registry_read(
            SLUG,
            "/v1/people/get",
            json!({ "personal_id": child["personal_id"] }),
        );
        let cards = stack.registry_read(
            SLUG,
            "/v1/insurance-cards/list",
            json!({ "personal_id": child["personal_id"] }),
        );
        assert!(
            cards[0]["card_number"].as_str().unwrap().starts_with("TE"),
            "{mode:?}"
        );
        if agrees {
            assert_eq!(person["relation_to_head"], "grandchild", "{mode:?}");
            assert!(decision.contains("Đã đăng ký cùng hộ"), "{mode:?}");
        } else {
            assert!(
                person["household_id"].is_null(),
                "{mode:?}: no residence without the head's agreement"
            );
            assert!(decision.contains("chủ hộ không đồng ý"), "{mode:?}");
        }
    }
}
