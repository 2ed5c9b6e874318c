//! Identity documents and residence: services 1, 2, 3, 4, 5, 6, 12 and 22, each walked from its start
//! page to a decision in Chromium with JavaScript on and off, against the registry, eID and
//! payment stand-ins.

use portal_tests::journeys::{
    answer_request, choose, choose_containing, continue_on, declare_and_send, give_address,
    holder_of_an_old_id_number, person, reference, scanned_pdf, send_and_decide, start_in_browser,
    typed_in_days, typed_iso, wait_for_decision,
};
use portal_tests::ui::vi;
use portal_tests::{Browser, Mode, Stack};
use serde_json::{json, Value};

fn wait_for_check(browser: &Browser) -> String {
    browser.wait_until("the check page", |b| b.current_url().ends_with("/check"));
    browser.page_text()
}

#[test]
fn an_old_id_number_is_confirmed_without_typing_it() {
    let stack = Stack::start();
    let (citizen, old_number) = holder_of_an_old_id_number(&stack);
    for mode in Mode::BOTH {
        let browser = start_in_browser(&stack, mode, "confirm-old-id-number", &citizen);
        assert!(
            browser.page_text().contains(&old_number),
            "{mode:?}: shown, not asked"
        );
        choose(&browser, "Giao dịch ngân hàng, chứng khoán");
        continue_on(&browser);
        choose(&browser, "Bản điện tử");
        continue_on(&browser);
        let decision = send_and_decide(&browser, &stack, None);
        assert!(decision.contains(&old_number), "{mode:?}");
        assert_eq!(browser.typed_fields, 0, "{mode:?}");
        println!(
            "confirm-old-id-number, {mode:?}: 2 questions, 5 values prefilled, {} typed",
            browser.typed_fields
        );
    }
}

#[test]
fn an_id_card_is_exchanged_free_at_40_and_replaced_for_a_fee_when_lost() {
    let stack = Stack::start();
    // 40 years old: the age exchange is due and free.
    let citizen = stack.personas().plain_adult.clone();
    for mode in Mode::BOTH {
        let mut browser = start_in_browser(&stack, mode, "id-card", &citizen);
        let bank = match mode {
            Mode::JavaScript => {
                choose(
                    &browser,
                    "Đủ tuổi đổi thẻ (14, 25, 40 hoặc 60 tuổi) — miễn phí",
                );
                continue_on(&browser);
                None
            }
            Mode::NoJavaScript => {
                choose(&browser, "Thẻ bị mất");
                continue_on(&browser);
                browser.fill("Ngày phát hiện mất thẻ", &typed_in_days(-3));
                continue_on(&browser);
                Some("Vietcombank")
            }
        };
        choose_containing(&browser, "Gửi qua bưu điện đến nơi thường trú");
        continue_on(&browser);
        let check = wait_for_check(&browser);
        // The fee to pay, if any, follows its heading on the check page.
        let due = check
            .split(vi().fee_to_pay)
            .nth(1)
            .map(|rest| rest.trim_start().starts_with("70.000 đ"));
        assert_eq!(
            due,
            bank.map(|_| true),
            "{mode:?}: the fee follows the reason"
        );
        let decision = send_and_decide(&browser, &stack, bank);
        assert!(
            decision.contains("Số văn bản kết quả"),
            "{mode:?}: {decision}"
        );
        println!(
            "id-card, {mode:?}: {} questions, 5 values prefilled, {} typed",
            if bank.is_some() { 3 } else { 2 },
            browser.typed_fields
        );
    }
}

#[test]
fn joining_a_household_with_the_heads_consent_is_written_to_the_registry() {
    let stack = Stack::start();
    let personas = stack.personas();
    let pairs = [
        (
            Mode::JavaScript,
            personas.single_partner.clone(),
            personas.single_adult.clone(),
        ),
        (
            Mode::NoJavaScript,
            personas.electricity_holder.clone(),
            personas.plain_adult.clone(),
        ),
    ];
    const SLUG: &str = "permanent-residence";
    for (mode, citizen, head) in pairs {
        let head_record = person(&stack, SLUG, &head);
        let mut browser = start_in_browser(&stack, mode, SLUG, &citizen);
        choose(
            &browser,
            "Nhập vào hộ gia đình đã có; chủ hộ đồng ý qua cổng dịch vụ công",
        );
        continue_on(&browser);
        browser.fill("Số định danh cá nhân của chủ hộ", &head);
        browser.fill(
            "Họ và tên chủ hộ",
            head_record["full_name"].as_str().unwrap(),
        );
        browser.fill(
            "Ngày sinh của chủ hộ",
            &typed_iso(head_record["date_of_birth"].as_str().unwrap()),
        );
        continue_on(&browser);
        choose(&browser, "Quan hệ khác (người thân khác, ở nhờ)");
        continue_on(&browser);
        assert!(wait_for_check(&browser).contains("10.000 đ"), "{mode:?}");
        declare_and_send(&browser, Some("Vietcombank"));
        let reference = reference(&browser);
        let citizen_name = person(&stack, SLUG, &citizen)["full_name"]
            .as_str()
            .unwrap()
            .to_string();
        answer_request(&stack, mode, &head, &citizen_name, || {}, true);
        let decision = wait_for_decision(&browser, &stack, &reference);

        let after = person(&stack, SLUG, &citizen);
        assert_eq!(
            after["household_id"], head_record["household_id"],
            "{mode:?}: joined the head's household"
        );
        assert_eq!(after["relation_to_head"], "other", "{mode:?}");
        let household = stack.registry_read(
            SLUG,
            "/v1/households/get",
            json!({ "personal_id": citizen }),
        );
        assert!(
            decision.contains(household["residence_file_number"].as_str().unwrap()),
            "{mode:?}: the residence file number is shown"
        );
        println!("permanent-residence, {mode:?}: 5 answers (basis, head's ID, name and date of birth, relation), 5 values prefilled, head verified against the registry, {} typed", browser.typed_fields);
    }
}

#[test]
fn a_temporary_residence_is_agreed_by_the_owner_or_proved_by_a_contract() {
    let stack = Stack::start();
    let personas = stack.personas();
    const SLUG: &str = "temporary-residence";
    let cases = [
        (
            Mode::JavaScript,
            personas.plain_adult.clone(),
            Some(personas.single_adult.clone()),
        ),
        (Mode::NoJavaScript, personas.single_partner.clone(), None),
    ];
    let scans = tempfile::tempdir().unwrap();
    let contract_scan = scanned_pdf(scans.path(), "hop-dong-thue-nha.pdf");
    for (mode, citizen, owner) in cases {
        let mut browser = start_in_browser(&stack, mode, SLUG, &citizen);
        give_address(
            &mut browser,
            "Hà Nội",
            "Phường Dịch Vọng",
            "Số 8, ngõ 12, phố Trần Thái Tông",
        );
        browser.fill("Tạm trú đến ngày", &typed_in_days(180));
        continue_on(&browser);
        match &owner {
            Some(owner) => {
                let record = person(&stack, SLUG, owner);
                choose(&browser, "Chủ nhà đồng ý qua cổng dịch vụ công");
                continue_on(&browser);
                browser.fill("Số định danh cá nhân của chủ nhà", owner);
                browser.fill("Họ và tên chủ nhà", record["full_name"].as_str().unwrap());
                browser.fill(
                    "Ngày sinh của chủ nhà",
                    &typed_iso(record["date_of_birth"].as_str().unwrap()),
                );
            }
            None => {
                choose(&browser, "Hợp đồng thuê nhà");
                continue_on(&browser);
                browser.fill("Số hợp đồng thuê nhà", "HD-2026/0815");
                browser.upload("Bản chụp hợp đồng thuê nhà", &contract_scan);
            }
        }
        continue_on(&browser);
        let check = wait_for_check(&browser);
        assert!(check.contains("7.000 đ"), "{mode:?}");
        declare_and_send(&browser, Some("Vietcombank"));
        let reference = reference(&browser);
        if let Some(owner) = &owner {
            // Nothing is registered until the owner agrees on their own account.
            let name = person(&stack, SLUG, &citizen)["full_name"]
                .as_str()
                .unwrap()
                .to_string();
            let not_yet = || {
                assert!(
                    person(&stack, SLUG, &citizen)["temporary_residence"].is_null(),
                    "{mode:?}: registered before the owner agreed"
                )
            };
            answer_request(&stack, mode, owner, &name, not_yet, true);
        }
        let decision = wait_for_decision(&browser, &stack, &reference);
        assert!(
            decision.contains("Đã đăng ký tạm trú đến ngày"),
            "{mode:?}: {decision}"
        );
        let record = person(&stack, SLUG, &citizen);
        assert_eq!(
            record["temporary_residence"]["commune"], "Phường Dịch Vọng",
            "{mode:?}: written to the registry: {record}"
        );
        let answers = if owner.is_some() {
            "8 answers (3 address lines, end date, basis, owner's ID, name and date of birth), owner verified against the registry and agreeing on their account"
        } else {
            "7 answers (3 address lines, end date, basis, contract number, contract scan)"
        };
        println!(
            "temporary-residence, {mode:?}: {answers}, 4 values prefilled, {} typed",
            browser.typed_fields
        );
    }
}

#[test]
fn a_long_absence_is_declared() {
    let stack = Stack::start();
    let citizen = stack.personas().plain_adult.clone();
    for mode in Mode::BOTH {
        let mut browser = start_in_browser(&stack, mode, "temporary-absence", &citizen);
        choose(
            &browser,
            "Đi khỏi xã, phường nơi thường trú từ 12 tháng liên tục trở lên",
        );
        continue_on(&browser);
        browser.fill("Ngày đi", &typed_in_days(7));
        browser.fill("Ngày dự kiến trở về", &typed_in_days(7 + 400));
        continue_on(&browser);
        give_address(
            &mut browser,
            "Hà Nội",
            "Phường Láng",
            "Số 12, ngõ 5, phố Chùa Láng",
        );
        browser.fill("Lý do tạm vắng", "Đi làm việc theo hợp đồng");
        continue_on(&browser);
        let decision = send_and_decide(&browser, &stack, None);
        assert!(
            decision.contains(&typed_in_days(7)),
            "{mode:?}: the period is shown"
        );
        println!("temporary-absence, {mode:?}: 7 answers (case, 2 dates, 3 address lines, reason), 5 values prefilled, {} typed", browser.typed_fields);
    }
}

#[test]
fn a_host_notifies_a_guests_stay() {
    let stack = Stack::start();
    let host = stack.personas().plain_adult.clone();
    let guest = person(
        &stack,
        "notify-stay",
        &stack.personas().single_adult.clone(),
    );
    for mode in Mode::BOTH {
        let mut browser = start_in_browser(&stack, mode, "notify-stay", &host);
        fill_guest(
            &mut browser,
            &guest,
            &typed_iso(guest["date_of_birth"].as_str().unwrap()),
        );
        continue_on(&browser);
        browser.fill("Ngày đến", &typed_in_days(0));
        browser.fill("Ngày đi", &typed_in_days(3));
        continue_on(&browser);
        let decision = send_and_decide(&browser, &stack, None);
        assert!(
            decision.contains(guest["full_name"].as_str().unwrap()),
            "{mode:?}"
        );
        println!("notify-stay, {mode:?}: 5 answers (guest's ID, name, date of birth, 2 dates), 3 values prefilled, guest verified against the registry, {} typed", browser.typed_fields);
    }
}

fn fill_guest(browser: &mut Browser, guest: &Value, date_of_birth: &str) {
    browser.fill(
        "Số định danh cá nhân của khách",
        guest["personal_id"].as_str().unwrap(),
    );
    browser.fill("Họ và tên khách", guest["full_name"].as_str().unwrap());
    browser.fill("Ngày sinh của khách", date_of_birth);
}

#[test]
fn a_first_passport_and_a_lost_one_are_applied_for_with_their_fees() {
    let stack = Stack::start();
    let citizen = stack.personas().driver_expiring.clone();
    for mode in Mode::BOTH {
        let mut browser = start_in_browser(&stack, mode, "passport", &citizen);
        let fee = match mode {
            Mode::JavaScript => {
                choose(&browser, "Cấp hộ chiếu lần đầu");
                continue_on(&browser);
                "200.000 đ"
            }
            Mode::NoJavaScript => {
                choose(&browser, "Hộ chiếu bị mất");
                continue_on(&browser);
                // Noticed yesterday: reported within the 48 hours the law allows (a later report
                // is asked why first, see more_information.rs).
                browser.fill("Ngày phát hiện mất", &typed_in_days(-1));
                browser.fill(
                    "Nơi bị mất, hoàn cảnh bị mất",
                    "Bị mất cùng ví tại sân bay Tân Sơn Nhất",
                );
                continue_on(&browser);
                "400.000 đ"
            }
        };
        choose(&browser, "Dùng ảnh trong hồ sơ căn cước (tôi đồng ý)");
        continue_on(&browser);
        choose(&browser, "Nhận tại cơ quan giải quyết");
        continue_on(&browser);
        assert!(wait_for_check(&browser).contains(fee), "{mode:?}");
        let decision = send_and_decide(&browser, &stack, Some("Vietcombank"));
        assert!(
            decision.contains("Số văn bản kết quả"),
            "{mode:?}: {decision}"
        );
        println!(
            "passport, {mode:?}: fee {fee}, 5 values prefilled, {} typed",
            browser.typed_fields
        );
    }
}

#[test]
fn a_judicial_record_certificate_is_requested_with_extra_copies() {
    let stack = Stack::start();
    let citizen = stack.personas().elderly_married.clone();
    let spouse = person(
        &stack,
        "judicial-record",
        &stack.personas().elderly_spouse.clone(),
    );
    for mode in Mode::BOTH {
        let mut browser = start_in_browser(&stack, mode, "judicial-record", &citizen);
        assert!(
            browser
                .page_text()
                .contains(spouse["full_name"].as_str().unwrap()),
            "{mode:?}: the spouse's name comes from the registry"
        );
        choose_containing(&browser, "Phiếu số 2");
        continue_on(&browser);
        choose(&browser, "Du học");
        continue_on(&browser);
        browser.fill("Số bản phiếu cần cấp", "3");
        continue_on(&browser);
        choose(&browser, "Không");
        continue_on(&browser);
        choose_containing(&browser, "Gửi qua bưu điện đến nơi thường trú");
        continue_on(&browser);
        assert!(
            wait_for_check(&browser).contains("205.000 đ"),
            "{mode:?}: a third copy adds 5.000 đ"
        );
        let decision = send_and_decide(&browser, &stack, Some("Vietcombank"));
        assert!(
            decision.contains("Số văn bản kết quả"),
            "{mode:?}: {decision}"
        );
        println!(
            "judicial-record, {mode:?}: 5 questions, up to 8 values prefilled, {} typed",
            browser.typed_fields
        );
    }
}

#[test]
fn a_guests_details_are_checked_and_kept_when_wrong() {
    let stack = Stack::start();
    let guest = person(
        &stack,
        "notify-stay",
        &stack.personas().single_adult.clone(),
    );
    // One host per mode: each run leaves its draft at the dates, where a host would resume it.
    let hosts = [
        (Mode::JavaScript, stack.personas().plain_adult.clone()),
        (
            Mode::NoJavaScript,
            stack.personas().electricity_holder.clone(),
        ),
    ];
    for (mode, host) in hosts {
        let mut browser = start_in_browser(&stack, mode, "notify-stay", &host);
        browser.fill("Số định danh cá nhân của khách", "12345");
        browser.fill("Họ và tên khách", "Nguyễn Văn An");
        browser.fill("Ngày sinh của khách", "01/01/1990");
        continue_on(&browser);
        assert!(browser.title().starts_with("Lỗi: "), "{mode:?}");
        let message = browser.find("//p[@id='guest_id-error']");
        assert!(
            browser.text(&message).contains("gồm đúng 12 chữ số"),
            "{mode:?}"
        );
        let field = browser.field("Số định danh cá nhân của khách");
        assert_eq!(
            browser.property(&field, "value").unwrap(),
            "12345",
            "{mode:?}: input kept"
        );

        // A real ID number with the wrong date of birth does not pass the registry's check.
        fill_guest(&mut browser, &guest, "01/01/1990");
        continue_on(&browser);
        assert!(browser.title().starts_with("Lỗi: "), "{mode:?}");
        assert!(
            browser
                .page_text()
                .contains("không khớp với cơ sở dữ liệu dân cư"),
            "{mode:?}"
        );
        let field = browser.field("Họ và tên khách");
        assert_eq!(
            browser.property(&field, "value").unwrap(),
            guest["full_name"].as_str().unwrap(),
            "{mode:?}"
        );

        // A month's stay is a temporary residence, and the host is told so.
        fill_guest(
            &mut browser,
            &guest,
            &typed_iso(guest["date_of_birth"].as_str().unwrap()),
        );
        continue_on(&browser);
        browser.fill("Ngày đến", &typed_in_days(0));
        browser.fill("Ngày đi", &typed_in_days(30));
        continue_on(&browser);
        let message = browser.find("//p[@id='until-error']");
        assert!(
            browser.text(&message).contains("phải đăng ký tạm trú"),
            "{mode:?}"
        );
    }
}
