//! The organisation, land, work and electricity services (13, 14, 19, 21, 23, 24, 25), each walked
//! from its start page to a decision in Chromium with JavaScript on and off, against the
//! registry, eID and payment stand-ins.

use portal_tests::journeys::{
    choose, choose_containing, continue_on, declare_and_send, reference, scanned_pdf,
    start_in_browser, typed_in_days, wait_for_decision,
};
use portal_tests::ui::{service, vi};
use portal_tests::{Browser, Mode, Stack};
use serde_json::json;
use server::store::status::Status;

const BANK: &str = "Vietcombank";

/// After the confirmation: the application is listed in "Hồ sơ của tôi" under the name of the
/// service `slug` and reaches a decision; returns the decision page's text.
fn listed_and_decided(browser: &Browser, stack: &Stack, slug: &str) -> String {
    let reference = reference(browser);
    browser.goto(&stack.url("/applications"));
    let listing = browser.page_text();
    assert!(listing.contains(vi().applications_title), "{listing}");
    assert!(listing.contains(service(slug).name.vi), "{listing}");
    assert!(listing.contains(&reference), "{listing}");
    let decision = wait_for_decision(browser, stack, &reference);
    assert!(decision.contains(Status::Decided.label().vi), "{decision}");
    decision
}

/// The radio of `question` whose value is `value`, for pages where two questions offer the same
/// labels (two elective subjects).
fn choose_value(browser: &Browser, question: &str, value: &str) {
    let label = browser.find(&format!("//label[@for='{question}-{value}']"));
    browser.click(&label);
}

#[test]
fn an_official_seal_is_registered_and_paid_per_seal() {
    let stack = Stack::start();
    let applicant = stack.personas().plain_adult.clone();
    for mode in Mode::BOTH {
        let mut browser = start_in_browser(&stack, mode, "official-seal", &applicant);
        assert!(
            browser.page_text().contains("50.000 đ cho mỗi con dấu"),
            "{mode:?}"
        );
        browser.fill("Tên cơ quan, tổ chức", "Hội Khuyến học phường Hải Châu");
        choose(&browser, "Hội, quỹ xã hội, quỹ từ thiện");
        continue_on(&browser);
        browser.fill("Số quyết định hoặc giấy phép", "125/QĐ-UBND");
        browser.fill("Cơ quan ban hành", "Ủy ban nhân dân thành phố Đà Nẵng");
        browser.fill("Ngày ban hành", "15/03/2024");
        continue_on(&browser);
        browser.fill("Chức vụ của bạn trong tổ chức", "Chủ tịch");
        continue_on(&browser);
        choose(&browser, "Tổ chức mới thành lập, chưa có con dấu");
        continue_on(&browser);
        browser.fill("Số lượng con dấu", "2");
        continue_on(&browser);
        assert!(
            browser.page_text().contains("100.000 đ"),
            "{mode:?}: two certificates"
        );
        declare_and_send(&browser, Some(BANK));
        let decision = listed_and_decided(&browser, &stack, "official-seal");
        assert!(decision.contains("Số văn bản kết quả"), "{mode:?}");
        println!(
            "official-seal, {mode:?}: 8 answers, {} typed, 5 prefilled",
            browser.typed_fields
        );
    }
}

#[test]
fn a_miniature_seal_smaller_than_the_main_seal_is_registered() {
    let stack = Stack::start();
    let applicant = stack.personas().single_adult.clone();
    for mode in Mode::BOTH {
        let mut browser = start_in_browser(&stack, mode, "special-seal", &applicant);
        browser.fill(
            "Tên cơ quan, tổ chức",
            "Trường Trung học phổ thông Lê Quý Đôn",
        );
        browser.fill("Chức vụ của bạn trong tổ chức", "Hiệu trưởng");
        continue_on(&browser);
        browser.fill("Số giấy chứng nhận đăng ký mẫu con dấu", "0012345/ĐKMD");
        browser.fill("Ngày cấp giấy chứng nhận", "02/09/2019");
        continue_on(&browser);
        choose(&browser, "Dấu thu nhỏ");
        continue_on(&browser);
        browser.fill("Đường kính con dấu chính (mm)", "36");
        browser.fill("Đường kính con dấu mới (mm)", "40");
        continue_on(&browser);
        assert!(
            browser
                .page_text()
                .contains("Con dấu thu nhỏ phải nhỏ hơn con dấu chính"),
            "{mode:?}"
        );
        browser.fill("Đường kính con dấu mới (mm)", "20");
        continue_on(&browser);
        browser.fill(
            "Con dấu dùng để đóng lên giấy tờ gì?",
            "Đóng lên bằng khen và giấy chứng nhận của học sinh",
        );
        continue_on(&browser);
        browser.fill("Số lượng con dấu", "1");
        continue_on(&browser);
        declare_and_send(&browser, Some(BANK));
        listed_and_decided(&browser, &stack, "special-seal");
        println!(
            "special-seal, {mode:?}: 9 answers, {} typed, 5 prefilled",
            browser.typed_fields
        );
    }
}

#[test]
fn a_land_title_gets_the_holders_current_name_from_the_registry() {
    let stack = Stack::start();
    let holder = stack.personas().single_partner.clone();
    let current = stack.registry_read(
        "land-title-change",
        "/v1/people/get",
        json!({ "personal_id": holder }),
    );
    let current_name = current["full_name"].as_str().unwrap().to_string();
    for mode in Mode::BOTH {
        let mut browser = start_in_browser(&stack, mode, "land-title-change", &holder);
        assert!(
            browser.page_text().contains(&current_name),
            "{mode:?}: shown, not asked"
        );
        browser.fill("Số phát hành giấy chứng nhận", "BX 123456");
        browser.fill("Tờ bản đồ số", "12");
        browser.fill("Thửa đất số", "345");
        continue_on(&browser);
        choose(&browser, "Họ và tên");
        continue_on(&browser);
        browser.fill("Họ và tên ghi trên giấy chứng nhận", "Nguyễn Thị Hồng Cũ");
        continue_on(&browser);
        choose(&browser, "Xác nhận thay đổi trên giấy chứng nhận đã cấp");
        continue_on(&browser);
        choose(&browser, "Nộp tại văn phòng đăng ký đất đai");
        continue_on(&browser);
        assert!(browser.page_text().contains("30.000 đ"), "{mode:?}");
        declare_and_send(&browser, Some(BANK));
        let decision = listed_and_decided(&browser, &stack, "land-title-change");
        assert!(decision.contains("BX 123456"), "{mode:?}");
        assert!(decision.contains(&current_name), "{mode:?}");
        println!(
            "land-title-change, {mode:?}: 7 answers, {} typed, 4 prefilled",
            browser.typed_fields
        );
    }
}

#[test]
fn a_bad_serial_number_is_explained_beside_the_field_and_kept() {
    let stack = Stack::start();
    let holder = stack.personas().single_partner.clone();
    for mode in Mode::BOTH {
        let mut browser = start_in_browser(&stack, mode, "land-title-change", &holder);
        browser.fill("Số phát hành giấy chứng nhận", "12-345");
        browser.fill("Tờ bản đồ số", "12");
        browser.fill("Thửa đất số", "345");
        continue_on(&browser);
        assert!(browser.title().starts_with("Lỗi: "), "{mode:?}");
        let message = "Số phát hành gồm 2 chữ cái và 6 đến 8 chữ số, ví dụ BX 123456";
        let summary_and_field = browser.find_all(&format!(
            "//*[contains(normalize-space(.), {})][not(*)]",
            portal_tests::browser::literal(message)
        ));
        assert!(
            summary_and_field.len() >= 2,
            "{mode:?}: in the summary and beside the field"
        );
        let field = browser.field("Số phát hành giấy chứng nhận");
        assert_eq!(
            browser.property(&field, "value").as_deref(),
            Some("12-345"),
            "{mode:?}"
        );
        assert_eq!(
            browser
                .property(&browser.field("Thửa đất số"), "value")
                .as_deref(),
            Some("345"),
            "{mode:?}: the other answers are kept too"
        );
    }
}

#[test]
fn a_graduate_registers_for_the_exam_and_a_first_choice() {
    let stack = Stack::start();
    let candidate = stack.personas().single_adult.clone();
    for mode in Mode::BOTH {
        let mut browser = start_in_browser(&stack, mode, "exam-registration", &candidate);
        choose(&browser, "Thí sinh đã tốt nghiệp THPT, dự thi để xét tuyển");
        continue_on(&browser);
        choose_value(&browser, "elective_1", "history");
        choose_value(&browser, "elective_2", "history");
        continue_on(&browser);
        assert!(
            browser.page_text().contains("Hãy chọn hai môn khác nhau"),
            "{mode:?}"
        );
        choose_value(&browser, "elective_2", "geography");
        continue_on(&browser);
        choose(&browser, "Hà Nội");
        continue_on(&browser);
        choose(&browser, "Có, đăng ký xét tuyển");
        continue_on(&browser);
        browser.fill("Mã trường", "QHX");
        browser.fill("Mã ngành", "7229010");
        continue_on(&browser);
        declare_and_send(&browser, None);
        listed_and_decided(&browser, &stack, "exam-registration");
        println!(
            "exam-registration, {mode:?}: 7 answers, {} typed, 5 prefilled",
            browser.typed_fields
        );
    }
}

#[test]
fn an_unemployment_claim_shows_the_insurance_number_and_the_months_of_benefit() {
    let stack = Stack::start();
    let worker = stack.personas().plain_adult.clone();
    let cards = stack.registry_read(
        "unemployment-benefit",
        "/v1/insurance-cards/list",
        json!({ "personal_id": worker }),
    );
    let card = cards[0]["card_number"].as_str().unwrap().to_string();
    let social_number = &card[card.len() - 10..];
    let scans = tempfile::tempdir().unwrap();
    let ending_paper = scanned_pdf(scans.path(), "hop-dong-da-het-han.pdf");
    for mode in Mode::BOTH {
        let mut browser = start_in_browser(&stack, mode, "unemployment-benefit", &worker);
        assert!(
            browser.page_text().contains(social_number),
            "{mode:?}: shown, not asked"
        );
        browser.fill("Tên đơn vị sử dụng lao động", "Công ty TNHH May Thành Công");
        choose(&browser, "Xác định thời hạn");
        browser.fill("Ngày chấm dứt hợp đồng", &typed_in_days(-20));
        continue_on(&browser);
        choose(&browser, "Hết hạn hợp đồng");
        browser.upload("Bản chụp giấy tờ chấm dứt hợp đồng", &ending_paper);
        continue_on(&browser);
        browser.fill("Số tháng đã đóng và chưa hưởng", "50");
        continue_on(&browser);
        choose(&browser, "Chuyển khoản vào tài khoản ngân hàng của tôi");
        continue_on(&browser);
        browser.fill("Tên ngân hàng", "Vietcombank");
        browser.fill("Số tài khoản", "0071000123456");
        continue_on(&browser);
        choose(&browser, "Có");
        continue_on(&browser);
        declare_and_send(&browser, None);
        let decision = listed_and_decided(&browser, &stack, "unemployment-benefit");
        assert!(decision.contains("Số tháng hưởng trợ cấp"), "{mode:?}");
        assert!(
            decision.contains("Số tháng hưởng trợ cấp 4")
                || decision.contains("Số tháng hưởng trợ cấp\n4"),
            "{mode:?}: 50 months give 4 months of benefit: {decision}"
        );
        println!(
            "unemployment-benefit, {mode:?}: 10 answers (one a scan), {} typed, 6 prefilled",
            browser.typed_fields
        );
    }
}

#[test]
fn a_new_supply_at_the_permanent_residence_asks_only_use_load_and_phase() {
    let stack = Stack::start();
    let applicant = stack.personas().plain_adult.clone();
    for mode in Mode::BOTH {
        let mut browser = start_in_browser(&stack, mode, "electricity-connection", &applicant);
        choose_containing(&browser, "Nơi thường trú:");
        continue_on(&browser);
        choose(&browser, "Sinh hoạt gia đình");
        continue_on(&browser);
        browser.fill("Tổng công suất thiết bị dự kiến (kW)", "18");
        continue_on(&browser);
        choose(&browser, "Một pha");
        continue_on(&browser);
        assert!(
            browser
                .page_text()
                .contains("Công suất trên 15 kW cần cấp điện 3 pha"),
            "{mode:?}"
        );
        choose(&browser, "Ba pha");
        continue_on(&browser);
        declare_and_send(&browser, None);
        listed_and_decided(&browser, &stack, "electricity-connection");
        println!(
            "electricity-connection, {mode:?}: 4 answers, {} typed, 6 prefilled or checked",
            browser.typed_fields
        );
    }
}

#[test]
fn an_electricity_contract_moves_to_a_verified_new_holder() {
    let stack = Stack::start();
    let holder = stack.personas().electricity_holder.clone();
    let slug = "electricity-contract-change";
    let contracts = stack.registry_read(
        slug,
        "/v1/electricity-contracts/list",
        json!({ "personal_id": holder }),
    );
    let code = contracts[0]["contract_number"]
        .as_str()
        .unwrap()
        .to_string();
    let buyer = stack.registry_read(
        slug,
        "/v1/people/get",
        json!({ "personal_id": stack.personas().plain_adult }),
    );
    let buyer_dob = buyer["date_of_birth"].as_str().unwrap();
    let (year, rest) = buyer_dob.split_once('-').unwrap();
    let (month, day) = rest.split_once('-').unwrap();
    for mode in Mode::BOTH {
        let mut browser = start_in_browser(&stack, mode, slug, &holder);
        choose_containing(&browser, &code);
        continue_on(&browser);
        choose(&browser, "Mua bán, tặng cho nhà");
        continue_on(&browser);
        choose(&browser, "Tôi");
        continue_on(&browser);
        assert!(
            browser
                .page_text()
                .contains("Hợp đồng này đang đứng tên bạn"),
            "{mode:?}"
        );
        choose(&browser, "Người khác, ngoài hộ gia đình tôi");
        continue_on(&browser);
        browser.fill(
            "Số định danh cá nhân của người đứng tên mới",
            buyer["personal_id"].as_str().unwrap(),
        );
        browser.fill(
            "Họ và tên người đứng tên mới",
            buyer["full_name"].as_str().unwrap(),
        );
        browser.fill("Ngày sinh của người đứng tên mới", "01/01/1950");
        continue_on(&browser);
        assert!(
            browser.title().starts_with("Lỗi: "),
            "{mode:?}: the registry disagrees"
        );
        browser.fill(
            "Ngày sinh của người đứng tên mới",
            &format!("{day}/{month}/{year}"),
        );
        continue_on(&browser);
        browser.fill("Chuyển từ ngày", &typed_in_days(7));
        continue_on(&browser);
        declare_and_send(&browser, None);
        listed_and_decided(&browser, &stack, "electricity-contract-change");
        println!(
            "electricity-contract-change, {mode:?}: 7 answers, {} typed, 5 prefilled, 1 verified",
            browser.typed_fields
        );
    }
}
