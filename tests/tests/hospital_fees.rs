//! Cashless hospital-fee payment, walked in Chromium with JavaScript on and off: a parent sees the
//! unpaid bills hospitals sent for them and for their child under 14 (one recorded only by the
//! child's insurance card), never their 15-year-old's, pays each through the payment gateway, and
//! the hospital's record is read back marked paid.

use domain::definitions::common::display_vnd;
use portal_tests::journeys::{
    choose_containing, continue_on, declare_and_send, reference, start_now, start_service,
    wait_for_decision,
};
use portal_tests::{Browser, Mode, Stack};
use serde_json::{json, Value};

const SERVICE: &str = "hospital-fees";

#[test]
fn a_parent_pays_their_own_and_their_young_childs_hospital_bills() {
    let stack = Stack::start();
    let personas = stack.personas().clone();
    let parent = personas.parent_of_young_child.clone();
    let bills = || -> Vec<Value> {
        stack
            .registry_read(
                SERVICE,
                "/v1/hospital-bills/list",
                json!({ "personal_id": parent }),
            )
            .as_array()
            .cloned()
            .unwrap()
    };
    let unpaid: Vec<Value> = bills()
        .into_iter()
        .filter(|bill| bill["paid"] == false)
        .collect();
    let patients: Vec<&str> = unpaid
        .iter()
        .map(|bill| bill["patient_id"].as_str().unwrap())
        .collect();
    assert_eq!(
        patients,
        [parent.as_str(), personas.young_child.as_str()],
        "the parent's bill and the child's (recorded by card), newest first"
    );
    let older_child = stack.registry_read(
        SERVICE,
        "/v1/people/get",
        json!({ "personal_id": personas.older_child }),
    );
    let older_name = older_child["full_name"].as_str().unwrap().to_owned();

    for (mode, bill) in Mode::BOTH.into_iter().zip(&unpaid) {
        let mut browser = Browser::start(mode);
        start_service(&mut browser, &stack, SERVICE, &parent);
        let page = browser.page_text();
        assert!(
            !page.contains(&older_name),
            "{mode:?}: a 15-year-old's bill is theirs, not the parent's"
        );
        let amount = |key: &str| display_vnd(bill[key].as_u64().unwrap());
        // Each bill names its patient and hospital and shows what the insurance pays.
        choose_containing(
            &browser,
            &format!(
                "{} — {}",
                bill["patient_name"].as_str().unwrap(),
                bill["hospital"].as_str().unwrap()
            ),
        );
        assert!(
            page.contains(&format!("BHYT chi trả {}", amount("insurance_vnd"))),
            "{mode:?}: the insurance share is shown"
        );
        continue_on(&browser);
        continue_on(&browser); // no email for the receipt: it is optional
        let share = amount("patient_share_vnd");
        assert!(
            browser.page_text().contains(&share),
            "{mode:?}: fee {share}"
        );
        declare_and_send(&browser, Some("Vietcombank"));
        let reference = reference(&browser);
        let decision = wait_for_decision(&browser, &stack, &reference);
        assert!(decision.contains(&share), "{mode:?}: {decision}");
        let record = bills()
            .into_iter()
            .find(|record| record["bill_id"] == bill["bill_id"])
            .unwrap();
        assert_eq!(record["paid"], true, "{mode:?}");
        assert_eq!(record["payment_reference"], reference.as_str(), "{mode:?}");
        assert_eq!(browser.typed_fields, 0, "{mode:?}: nothing typed");
    }
    // Both bills paid: nothing is left to pay.
    let mut browser = Browser::start(Mode::NoJavaScript);
    start_now(&mut browser, &stack, SERVICE, &parent);
    browser.wait_until("the refusal", |b| {
        b.page_text()
            .contains("Không có hóa đơn viện phí nào chưa thanh toán")
    });
}
