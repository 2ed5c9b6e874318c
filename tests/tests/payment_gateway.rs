//! The payment gateway's checkout page in Chromium, JavaScript on and off: a citizen pays or is
//! declined by choosing a bank by its label, the browser lands back on the portal with the
//! payment id, and only the gateway's API says how it ended. With JavaScript on, axe-core finds
//! no WCAG A/AA failure and the page reflows at 320 CSS pixels.

use portal_tests::accessibility::{axe_violations, overflows_horizontally};
use portal_tests::journeys::{as_merchant, choose, gateway_payment};
use portal_tests::{Browser, Mode, Stack};
use serde_json::json;

/// Creates a payment as the portal would, returning its id and checkout URL.
fn create_payment(stack: &Stack, key: &str, return_url: &str) -> (String, String) {
    let request = reqwest::Client::new()
        .post(format!("{}/v1/payments", stack.inner.payment_url()))
        .header("idempotency-key", key)
        .json(&json!({
            "amount_vnd": 135_000,
            "description": "Lệ phí cấp đổi giấy phép lái xe",
            "reference": key,
            "return_url": return_url,
        }));
    let created = stack.block_on(as_merchant(request));
    (
        created["payment_id"]
            .as_str()
            .expect("a payment id")
            .to_owned(),
        created["redirect_url"]
            .as_str()
            .expect("a checkout URL")
            .to_owned(),
    )
}

fn payment_status(stack: &Stack, id: &str) -> String {
    let status = stack.block_on(gateway_payment(stack, id));
    status["status"].as_str().unwrap_or_default().to_owned()
}

#[test]
fn a_citizen_pays_or_is_declined_and_returns_to_the_portal() {
    let stack = Stack::start();
    let return_url = stack.url("/");
    for mode in Mode::BOTH {
        let browser = Browser::start(mode);

        let (id, checkout) = create_payment(&stack, &format!("{mode:?}-paid"), &return_url);
        browser.goto(&checkout);
        let page = browser.page_text();
        assert!(page.contains("135.000 đ"), "{mode:?}: {page}");
        assert!(page.contains("Chọn ngân hàng hoặc ví"), "{mode:?}");
        if mode == Mode::JavaScript {
            assert_eq!(axe_violations(&browser), Vec::<String>::new());
            assert!(!overflows_horizontally(&browser, 320));
        }

        // Paying without a choice says what to do, and pays nothing.
        browser.click_button("Thanh toán");
        browser.wait_until("the error summary", |b| {
            b.page_text()
                .contains("Chọn ngân hàng hoặc ví để thanh toán.")
        });
        assert!(browser.title().starts_with("Lỗi: "), "{mode:?}");
        assert_eq!(payment_status(&stack, &id), "pending");

        choose(&browser, "Vietcombank");
        browser.click_button("Thanh toán");
        let back = format!("{return_url}?payment_id={id}");
        browser.wait_until("the portal", |b| b.current_url() == back);
        assert_eq!(payment_status(&stack, &id), "paid", "{mode:?}");
        browser.goto(&checkout);
        assert!(
            browser.page_text().contains("Khoản này đã được thanh toán"),
            "{mode:?}"
        );

        let (id, checkout) = create_payment(&stack, &format!("{mode:?}-declined"), &return_url);
        browser.goto(&checkout);
        choose(&browser, "Ngân hàng thử nghiệm (luôn từ chối)");
        browser.click_button("Thanh toán");
        let back = format!("{return_url}?payment_id={id}");
        browser.wait_until("the portal", |b| b.current_url() == back);
        assert_eq!(payment_status(&stack, &id), "failed", "{mode:?}");

        let (id, checkout) = create_payment(&stack, &format!("{mode:?}-cancelled"), &return_url);
        browser.goto(&checkout);
        browser.click_button("Hủy thanh toán");
        let back = format!("{return_url}?payment_id={id}");
        browser.wait_until("the portal", |b| b.current_url() == back);
        assert_eq!(payment_status(&stack, &id), "cancelled", "{mode:?}");
    }
}
