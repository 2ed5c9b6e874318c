//! The vehicle and family services, each walked from its start page to a decision in Chromium
//! with JavaScript on and off: registering a motorbike, paying a camera fine, registering a
//! marriage or a death (alone or as the death bundle), renewing household health insurance and
//! registering for tax. Where a decision writes to the registry, the registry is read to see it.
//! A death registered after the 15 days the law gives is asked about before it is decided.

use portal_tests::journeys::{
    answer_request, choose, choose_containing, continue_on, declare_and_send, give_address, person,
    reference, send_and_decide, spouse_of, start_in_browser, start_service, typed, typed_in_days,
    typed_iso, wait_for_decision, wait_for_status,
};
use portal_tests::ui::vi;
use portal_tests::{Browser, Mode, Stack};
use serde_json::{json, Value};
use server::store::status::Status;
use time::{Date, Duration, Weekday};

fn today() -> Date {
    domain::age::today_in_vietnam()
}

#[test]
fn a_motorbike_is_registered_and_the_fee_follows_the_area_and_price() {
    let stack = Stack::start();
    let personas = stack.personas();
    // Huế (area II) with a petrol motorbike made here; Hà Nội (area I) with an imported electric one.
    let cases = [
        (Mode::JavaScript, personas.plain_adult.clone()),
        (Mode::NoJavaScript, personas.owner_with_unpaid_fines.clone()),
    ];
    for (mode, owner) in cases {
        let mut browser = start_in_browser(&stack, mode, "motorbike-registration", &owner);
        let electric = mode == Mode::NoJavaScript;
        if electric {
            choose(&browser, "Xe máy điện");
        } else {
            choose(&browser, "Mô tô (trên 50 cm³)");
        }
        continue_on(&browser);
        browser.fill("Nhãn hiệu", if electric { "VinFast" } else { "Honda" });
        browser.fill("Số loại", if electric { "Evo200" } else { "Wave Alpha" });
        browser.fill("Màu sơn", "Đỏ đen");
        continue_on(&browser);
        if !electric {
            browser.fill("Dung tích xi lanh (cm³)", "110");
            continue_on(&browser);
        }
        browser.fill("Số khung", "RLHJA3905RY123456");
        browser.fill("Số máy (số động cơ)", "JA39E1234567");
        continue_on(&browser);
        if electric {
            choose(&browser, "Nhập khẩu");
            continue_on(&browser);
            browser.fill("Số tờ khai hải quan", "105123456789");
        } else {
            choose(&browser, "Sản xuất, lắp ráp trong nước");
        }
        continue_on(&browser);
        browser.fill("Số hóa đơn điện tử", "1C26TAA-0001234");
        browser.fill("Ngày hóa đơn", &typed_in_days(-3));
        browser.fill(
            "Giá mua ghi trên hóa đơn (đồng)",
            if electric { "35.000.000" } else { "18.500.000" },
        );
        continue_on(&browser);
        let fee = if electric {
            "2.000.000 đ"
        } else {
            "400.000 đ"
        };
        assert!(browser.page_text().contains(fee), "{mode:?}: fee {fee}");
        declare_and_send(&browser, Some("Vietcombank"));
        let reference = reference(&browser);
        let decision = wait_for_decision(&browser, &stack, &reference);
        assert!(
            decision.contains("Nhận chứng nhận đăng ký xe và biển số tại"),
            "{mode:?}"
        );
        assert!(decision.contains(&format!("KQ-{reference}")), "{mode:?}");
        println!(
            "motorbike registration, {mode:?}: {} fields typed",
            browser.typed_fields
        );
    }
}

#[test]
fn an_unpaid_camera_fine_is_paid_for_its_exact_amount_and_marked_paid() {
    let stack = Stack::start();
    let owner = stack.personas().owner_with_unpaid_fines.clone();
    let fines = || {
        stack
            .registry_read(
                "traffic-fines",
                "/v1/fines/list",
                json!({ "personal_id": owner }),
            )
            .as_array()
            .cloned()
            .unwrap()
    };
    let unpaid: Vec<Value> = fines()
        .into_iter()
        .filter(|fine| fine["paid"] == false)
        .collect();
    assert_eq!(unpaid.len(), 2, "the persona has two unpaid fines");
    for (mode, fine) in Mode::BOTH.into_iter().zip(&unpaid) {
        let browser = start_in_browser(&stack, mode, "traffic-fines", &owner);
        // Each fine is told by its day and place; its amount is the fee.
        let day = typed_iso(&fine["detected_at"].as_str().unwrap()[..10]);
        choose_containing(
            &browser,
            &format!("lúc {day} — tại {}", fine["place"].as_str().unwrap()),
        );
        continue_on(&browser);
        continue_on(&browser); // no email for the receipt: it is optional
        let amount = domain::definitions::common::display_vnd(fine["amount_vnd"].as_u64().unwrap());
        assert!(
            browser.page_text().contains(&amount),
            "{mode:?}: fee {amount}"
        );
        declare_and_send(&browser, Some("Vietcombank"));
        let reference = reference(&browser);
        let decision = wait_for_decision(&browser, &stack, &reference);
        assert!(decision.contains(&amount), "{mode:?}");
        let paid = fines()
            .into_iter()
            .find(|record| record["fine_id"] == fine["fine_id"])
            .unwrap();
        assert_eq!(paid["paid"], true, "{mode:?}");
        assert_eq!(paid["payment_reference"], reference.as_str(), "{mode:?}");
        assert_eq!(browser.typed_fields, 0, "{mode:?}: nothing typed");
    }
    // Both fines paid: the service says there is nothing left to pay.
    let mut browser = Browser::start(Mode::NoJavaScript);
    portal_tests::journeys::start_now(&mut browser, &stack, "traffic-fines", &owner);
    browser.wait_until("the refusal", |b| {
        b.page_text()
            .contains("Không có khoản phạt nguội nào chưa nộp")
    });
}

/// The first working day at least a week away, for the couple to sign the register.
fn signing_day() -> Date {
    let mut day = today() + Duration::days(7);
    while matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday) {
        day += Duration::days(1);
    }
    day
}

fn name_partner(browser: &mut Browser, partner: &Value) {
    browser.fill(
        "Số định danh cá nhân của người kia",
        partner["personal_id"].as_str().unwrap(),
    );
    browser.fill(
        "Họ, chữ đệm và tên của người kia",
        partner["full_name"].as_str().unwrap(),
    );
    browser.fill(
        "Ngày sinh của người kia",
        &typed_iso(partner["date_of_birth"].as_str().unwrap()),
    );
    continue_on(browser);
}

#[test]
fn a_marriage_is_registered_after_both_parties_are_checked() {
    const SLUG: &str = "marriage-registration";
    let stack = Stack::start();
    let personas = stack.personas();
    // A man applying with his partner, then a woman applying with hers: both single, of age.
    let cases = [
        (
            Mode::JavaScript,
            personas.single_adult.clone(),
            personas.single_partner.clone(),
        ),
        (
            Mode::NoJavaScript,
            personas.mother_unmarried_notice.clone(),
            personas.driver_lost_licence.clone(),
        ),
    ];
    for (mode, applicant, partner_id) in cases {
        let partner = person(&stack, SLUG, &partner_id);
        let mut browser = start_in_browser(&stack, mode, SLUG, &applicant);
        assert!(browser.page_text().contains("Chưa kết hôn"), "{mode:?}");
        name_partner(&mut browser, &partner);
        browser.fill("Ngày hai bên đến ký sổ hộ tịch", &typed(signing_day()));
        continue_on(&browser);
        declare_and_send(&browser, None);
        let reference = reference(&browser);
        // The partner confirms on their own account; nothing is registered before.
        let applicant_name = person(&stack, SLUG, &applicant)["full_name"]
            .as_str()
            .unwrap()
            .to_string();
        let not_yet = || {
            assert_eq!(
                person(&stack, SLUG, &applicant)["marital_status"],
                "single",
                "{mode:?}: married before the partner confirmed"
            )
        };
        answer_request(&stack, mode, &partner_id, &applicant_name, not_yet, true);
        let decision = wait_for_decision(&browser, &stack, &reference);
        assert!(decision.contains("/KH"), "{mode:?}: certificate number");
        let after = person(&stack, SLUG, &applicant);
        assert_eq!(after["marital_status"], "married", "{mode:?}");
        assert_eq!(after["spouse_id"], partner_id.as_str(), "{mode:?}");
        assert_eq!(
            person(&stack, SLUG, &partner_id)["spouse_id"],
            applicant.as_str(),
            "{mode:?}"
        );
    }
}

#[test]
fn a_married_partner_or_a_wrong_date_of_birth_is_explained_and_the_input_kept() {
    const SLUG: &str = "marriage-registration";
    let stack = Stack::start();
    let personas = stack.personas();
    let applicant = personas.single_adult.clone();
    let married = person(&stack, SLUG, &personas.elderly_spouse);
    for mode in Mode::BOTH {
        let mut browser = start_in_browser(&stack, mode, SLUG, &applicant);
        name_partner(&mut browser, &married);
        assert!(browser.title().starts_with("Lỗi: "), "{mode:?}");
        let message = browser.find("//p[@id='partner_id-error']");
        assert!(
            browser.text(&message).contains("đang có vợ hoặc chồng"),
            "{mode:?}"
        );
        let field = browser.field("Số định danh cá nhân của người kia");
        assert_eq!(
            browser.property(&field, "value").unwrap(),
            married["personal_id"].as_str().unwrap(),
            "{mode:?}: input kept"
        );

        // The right person with a wrong date of birth is not verified.
        let mut wrong = married.clone();
        wrong["date_of_birth"] = json!("1950-01-01");
        name_partner(&mut browser, &wrong);
        assert!(browser.title().starts_with("Lỗi: "), "{mode:?}");
        assert!(
            browser.try_find("//p[@id='partner_id-error']").is_some(),
            "{mode:?}"
        );
        let field = browser.field("Ngày sinh của người kia");
        assert_eq!(
            browser.property(&field, "value").unwrap(),
            "01/01/1950",
            "{mode:?}"
        );
    }
}

/// The questions of a death registration after the deceased is chosen or named, for a death
/// `days_ago`.
fn describe_death(browser: &mut Browser, days_ago: i64) {
    browser.fill("Ngày mất", &typed_in_days(-days_ago));
    choose(browser, "Tại nhà");
    browser.fill("Nơi mất", "Tại nhà riêng, nơi thường trú");
    continue_on(browser);
    browser.fill("Nguyên nhân mất", "Tuổi già");
    continue_on(browser);
    browser.fill("Số giấy báo tử", "125/GBT");
    browser.fill("Nơi cấp giấy báo tử", "Trạm Y tế xã");
    continue_on(browser);
}

/// Signs in as `applicant`, names the spouse who died `days_ago` (chosen from the relatives, or
/// typed as someone else) and describes the death.
fn register_spouse_death(
    browser: &mut Browser,
    stack: &Stack,
    slug: &str,
    (applicant, deceased, days_ago): (&str, &Value, i64),
    typed_in: bool,
) {
    start_service(browser, stack, slug, applicant);
    let name = deceased["full_name"].as_str().unwrap();
    if typed_in {
        choose(browser, "Một người khác (nhập số định danh)");
        continue_on(browser);
        browser.fill(
            "Số định danh cá nhân của người đã mất",
            deceased["personal_id"].as_str().unwrap(),
        );
        browser.fill("Họ, chữ đệm và tên của người đã mất", name);
        browser.fill(
            "Ngày sinh của người đã mất",
            &typed_iso(deceased["date_of_birth"].as_str().unwrap()),
        );
        choose(browser, "Người thân thích khác");
    } else {
        choose_containing(browser, &format!("{name} (vợ/chồng"));
    }
    continue_on(browser);
    describe_death(browser, days_ago);
}

/// Who registers whose death, in which mode: a widow chooses her husband among her relatives
/// (JavaScript on); a relative names a husband who died, typing him in (off). Returns the mode,
/// the applicant, the deceased and whether they are typed in.
fn spouse_deaths(stack: &Stack, slug: &str) -> [(Mode, String, String, bool); 2] {
    let personas = stack.personas();
    [
        (
            Mode::JavaScript,
            personas.elderly_spouse.clone(),
            personas.elderly_married.clone(),
            false,
        ),
        (
            Mode::NoJavaScript,
            personas.plain_adult.clone(),
            spouse_of(stack, slug, &personas.mother_twins),
            true,
        ),
    ]
}

#[test]
fn a_death_is_registered_and_the_spouse_widowed() {
    const SLUG: &str = "death-registration";
    let stack = Stack::start();
    for (mode, applicant, deceased_id, typed_in) in spouse_deaths(&stack, SLUG) {
        let deceased = person(&stack, SLUG, &deceased_id);
        let spouse = deceased["spouse_id"].as_str().unwrap().to_string();
        let mut browser = Browser::start(mode);
        let death = (applicant.as_str(), &deceased, 2);
        register_spouse_death(&mut browser, &stack, SLUG, death, typed_in);
        let decision = send_and_decide(&browser, &stack, None);
        assert!(
            decision.contains("/KT"),
            "{mode:?}: death certificate number"
        );
        let after = person(&stack, SLUG, &deceased_id);
        assert_eq!(
            after["date_of_death"],
            (today() - Duration::days(2)).to_string(),
            "{mode:?}"
        );
        assert_eq!(
            person(&stack, SLUG, &spouse)["marital_status"],
            "widowed",
            "{mode:?}"
        );
    }
}

#[test]
fn a_death_registered_after_15_days_is_asked_about_then_registered() {
    const SLUG: &str = "death-registration";
    const DAYS_AGO: i64 = 20;
    let stack = Stack::start();
    for (mode, applicant, deceased_id, typed_in) in spouse_deaths(&stack, SLUG) {
        let deceased = person(&stack, SLUG, &deceased_id);
        let mut browser = Browser::start(mode);
        let death = (applicant.as_str(), &deceased, DAYS_AGO);
        register_spouse_death(&mut browser, &stack, SLUG, death, typed_in);
        declare_and_send(&browser, None);
        let reference = reference(&browser);
        wait_for_status(
            &browser,
            &stack,
            &reference,
            &[Status::MoreInformation.label().vi],
        );
        let asked = browser.page_text();
        assert!(
            asked.contains("khi đăng ký chậm, hãy cho biết lý do"),
            "{mode:?}: {asked}"
        );
        assert!(
            browser.try_find("//input[@type='file']").is_none(),
            "{mode:?}: words are asked for, not a paper"
        );
        assert!(
            person(&stack, SLUG, &deceased_id)["date_of_death"].is_null(),
            "{mode:?}: nothing is registered before the answer"
        );
        browser.fill(
            vi().information_answer,
            "Gia đình ở xa, về lo tang lễ xong mới đi đăng ký được.",
        );
        browser.click_button(vi().information_send);
        browser.wait_until("the answer on the application's page", |b| {
            b.page_text().contains(vi().information_given)
        });
        let decision = wait_for_decision(&browser, &stack, &reference);
        assert!(
            decision.contains("/KT"),
            "{mode:?}: death certificate number"
        );
        assert_eq!(
            person(&stack, SLUG, &deceased_id)["date_of_death"],
            (today() - Duration::days(DAYS_AGO)).to_string(),
            "{mode:?}"
        );
    }
}

#[test]
fn the_death_bundle_registers_the_death_removes_the_residence_and_claims_the_allowance() {
    const SLUG: &str = "death-bundle";
    let stack = Stack::start();
    let personas = stack.personas();
    let cases = [
        (
            Mode::JavaScript,
            personas.elderly_spouse.clone(),
            personas.elderly_married.clone(),
            true,
        ),
        (
            Mode::NoJavaScript,
            personas.mother_twins.clone(),
            spouse_of(&stack, SLUG, &personas.mother_twins),
            false,
        ),
    ];
    for (mode, applicant, deceased_id, insured) in cases {
        let deceased = person(&stack, SLUG, &deceased_id);
        let household = || {
            stack.registry_read(
                SLUG,
                "/v1/households/get",
                json!({ "personal_id": applicant }),
            )
        };
        let member = |household: &Value| {
            household["members"]
                .as_array()
                .unwrap()
                .iter()
                .any(|member| member["personal_id"] == deceased_id.as_str())
        };
        assert!(member(&household()), "{mode:?}: lives in the household");
        let mut browser = Browser::start(mode);
        let death = (applicant.as_str(), &deceased, 2);
        register_spouse_death(&mut browser, &stack, SLUG, death, false);
        if insured {
            choose(&browser, "Có");
            continue_on(&browser);
            choose(&browser, "Vietcombank");
            browser.fill("Số tài khoản", "0071 0012 34567");
            browser.fill("Tên chủ tài khoản", "Nguyen Thi Hoa");
        } else {
            choose(&browser, "Không");
        }
        continue_on(&browser);
        let decision = send_and_decide(&browser, &stack, None);
        assert!(decision.contains("/KT"), "{mode:?}");
        if insured {
            assert!(
                decision.contains("23.400.000 đ → VCB ****4567"),
                "{mode:?}: allowance to the masked account"
            );
        }
        assert!(
            !person(&stack, SLUG, &deceased_id)["date_of_death"].is_null(),
            "{mode:?}"
        );
        assert!(
            !member(&household()),
            "{mode:?}: no longer a living member of the household"
        );
    }
}

#[test]
fn household_cards_are_renewed_with_the_family_reduction() {
    const SLUG: &str = "household-health-insurance";
    let stack = Stack::start();
    let personas = stack.personas();
    let cases = [
        (Mode::JavaScript, personas.parent_of_young_child.clone()),
        (Mode::NoJavaScript, personas.plain_adult.clone()),
    ];
    for (mode, applicant) in cases {
        let household = stack.registry_read(
            SLUG,
            "/v1/households/get",
            json!({ "personal_id": applicant }),
        );
        let name_of = |id: &str| {
            household["members"]
                .as_array()
                .unwrap()
                .iter()
                .find(|member| member["personal_id"] == id)
                .unwrap()["full_name"]
                .as_str()
                .unwrap()
                .to_string()
        };
        let mut browser = start_in_browser(&stack, mode, SLUG, &applicant);
        let (chosen, fee) = if mode == Mode::JavaScript {
            // Father and the 9-year-old; the 4-year-old has a free card and is not offered.
            let young = name_of(&personas.young_child);
            assert!(!browser.page_text().contains(&young), "{mode:?}");
            let older = household["members"]
                .as_array()
                .unwrap()
                .iter()
                .find(|member| member["relation_to_head"] == "daughter")
                .unwrap()["full_name"]
                .as_str()
                .unwrap()
                .to_string();
            (vec![name_of(&applicant), older], "2.148.120 đ")
        } else {
            (vec![name_of(&applicant)], "1.263.600 đ")
        };
        for name in &chosen {
            choose_containing(&browser, &format!("{name} ("));
        }
        continue_on(&browser);
        if mode == Mode::JavaScript {
            choose(&browser, "Giữ nguyên như thẻ hiện tại");
            continue_on(&browser);
        } else {
            choose(&browser, "Đổi sang cơ sở khác");
            continue_on(&browser);
            browser.fill("Tên cơ sở khám chữa bệnh", "Trạm Y tế phường Thuận Hòa");
            continue_on(&browser);
        }
        assert!(browser.page_text().contains(fee), "{mode:?}: premium {fee}");
        let decision = send_and_decide(&browser, &stack, Some("Vietcombank"));
        for name in &chosen {
            assert!(decision.contains(name.as_str()), "{mode:?}: {name} renewed");
        }
        assert!(
            decision.contains(&format!("31/12/{}", today().year() + 1)),
            "{mode:?}"
        );
    }
}

#[test]
fn tax_registration_registers_a_newcomer_and_updates_a_taxpayer() {
    const SLUG: &str = "tax-registration";
    let stack = Stack::start();
    let personas = stack.personas();
    let adults = [
        &personas.plain_adult,
        &personas.single_adult,
        &personas.single_partner,
        &personas.electricity_holder,
        &personas.driver_expiring,
        &personas.driver_no_health_check,
        &personas.driver_lost_licence,
        &personas.owner_with_unpaid_fines,
        &personas.mother_unmarried_notice,
    ];
    let has_tax_code = |id: &str| !person(&stack, SLUG, id)["tax_code"].is_null();
    let newcomer = adults
        .iter()
        .find(|id| !has_tax_code(id))
        .expect("an adult without a tax code")
        .to_string();
    let taxpayer = adults
        .iter()
        .find(|id| has_tax_code(id))
        .expect("an adult with a tax code")
        .to_string();

    let mut browser = start_in_browser(&stack, Mode::JavaScript, SLUG, &newcomer);
    assert!(browser.page_text().contains("Chưa đăng ký thuế"));
    choose(&browser, "Tiền lương, tiền công");
    continue_on(&browser);
    browser.fill("Mã số thuế của nơi trả thu nhập", "0100109106");
    browser.fill("Tên nơi trả thu nhập", "Công ty TNHH Thương mại An Phú");
    continue_on(&browser);
    choose_containing(&browser, "Nơi thường trú:");
    continue_on(&browser);
    browser.fill("Thư điện tử nhận thông báo thuế", "an.phu@vidu.vn");
    continue_on(&browser);
    declare_and_send(&browser, None);
    let first = reference(&browser);
    let decision = wait_for_decision(&browser, &stack, &first);
    assert!(decision.contains("Mã số thuế của bạn (số định danh cá nhân)"));
    assert!(decision.contains(newcomer.as_str()));

    let mut browser = start_in_browser(&stack, Mode::NoJavaScript, SLUG, &taxpayer);
    choose(&browser, "Địa chỉ nhận thông báo thuế");
    choose(&browser, "Thư điện tử");
    continue_on(&browser);
    choose(&browser, "Một địa chỉ khác");
    continue_on(&browser);
    give_address(&mut browser, "Đà Nẵng", "Phường Hải Châu", "45 Bạch Đằng");
    browser.fill("Thư điện tử nhận thông báo thuế", "thue@vidu.vn");
    continue_on(&browser);
    let check = browser.page_text();
    assert!(
        check.contains("Địa chỉ nhận thông báo thuế; Thư điện tử"),
        "{check}"
    );
    declare_and_send(&browser, None);
    let change = reference(&browser);
    let decision = wait_for_decision(&browser, &stack, &change);
    let tax_code = person(&stack, SLUG, &taxpayer)["tax_code"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(decision.contains("Mã số thuế (không đổi)") && decision.contains(&tax_code));
}
