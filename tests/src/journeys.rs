//! Steps every service journey shares, as a citizen takes them: start from the catalogue, sign
//! in, answer, check, declare, pay, and follow the application to its decision.

use crate::browser::with_text;
use crate::eid::{sign_in_at_eid, signed_in_at};
use crate::ui::vi;
use crate::{Browser, Mode, Stack};
use domain::definitions::common::ADDRESS;
use serde_json::{json, Value};
use server::store::status::Status;
use time::{Date, Duration};

/// From the service's start page, "Start now", then the eID sign-in.
pub fn start_service(browser: &mut Browser, stack: &Stack, slug: &str, personal_id: &str) {
    start_now(browser, stack, slug, personal_id);
    browser.wait_until("the first question", |b| {
        b.current_url().contains("/applications/")
    });
}

/// A browser of its own, in `mode`, signed in as `personal_id` and on the first question of the
/// service `slug`.
pub fn start_in_browser(stack: &Stack, mode: Mode, slug: &str, personal_id: &str) -> Browser {
    let mut browser = Browser::start(mode);
    start_service(&mut browser, stack, slug, personal_id);
    browser
}

/// The page asking a parent whom the application is for.
pub fn wait_for_whom(browser: &Browser) {
    browser.wait_until("the question whom it is for", |b| {
        b.page_text().contains(vi().whom_title)
    });
}

/// From the service's start page, "Start now", and the eID sign-in if the browser is not signed in
/// (which comes back to the start page, where the citizen presses the button again).
pub fn start_now(browser: &mut Browser, stack: &Stack, slug: &str, personal_id: &str) {
    press_start(browser, stack, slug);
    if browser.current_url().contains("/auth/")
        || !browser.current_url().starts_with(&stack.url(""))
    {
        sign_in_at_eid(browser, personal_id);
        let start_page = stack.url(&format!("/services/{slug}"));
        browser.wait_until("the start page again", |b| b.current_url() == start_page);
        press_start_here(browser);
    }
}

/// A PNG header of the given size: enough for a check that reads content, not names.
pub fn png(width: u32, height: u32, padding: usize) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    bytes.resize(bytes.len() + padding, 0);
    bytes
}

/// Opens the service's start page and presses "Start now" (starting is a form's POST).
pub fn press_start(browser: &Browser, stack: &Stack, slug: &str) {
    browser.goto(&stack.url(&format!("/services/{slug}")));
    press_start_here(browser);
}

/// Presses "Start now" on the start page shown, and waits for the page it leads to.
pub fn press_start_here(browser: &Browser) {
    let start_page = browser.current_url();
    browser.click_button(vi().start_now);
    browser.wait_until("the page after starting", |b| b.current_url() != start_page);
}

/// Picks a radio button or checkbox by its label, as a person clicks the words.
pub fn choose(browser: &Browser, label: &str) {
    let element = browser.find(&with_text("//label", label));
    browser.click(&element);
}

/// Picks the radio button whose label contains `text` (for long labels built from registry data).
pub fn choose_containing(browser: &Browser, text: &str) {
    let xpath = format!(
        "//label[contains(normalize-space(.), {})]",
        crate::browser::literal(text)
    );
    let element = browser.find(&xpath);
    browser.click(&element);
}

pub fn continue_on(browser: &Browser) {
    let before = browser.current_url();
    browser.click_button(vi().continue_button);
    browser.wait_until("the next page", |b| {
        b.current_url() != before || b.page_text().contains(vi().error_summary_title)
    });
}

/// On the check-your-answers page: confirms the declaration and sends (paying first when there
/// is a fee, with the bank named).
pub fn declare_and_send(browser: &Browser, bank: Option<&str>) {
    browser.wait_until("the check page", |b| b.current_url().ends_with("/check"));
    choose(browser, &declaration_text(browser));
    match bank {
        None => browser.click_button(vi().submit_application),
        Some(bank) => {
            browser.click_button(vi().pay_and_submit);
            pay(browser, bank);
        }
    }
    browser.wait_until("the confirmation", |b| {
        b.current_url().ends_with("/confirmation")
    });
}

/// On the check page: declares, sends (paying with `bank` when there is a fee) and follows the
/// application to its decision; returns the decision page's text.
pub fn send_and_decide(browser: &Browser, stack: &Stack, bank: Option<&str>) -> String {
    declare_and_send(browser, bank);
    let reference = reference(browser);
    wait_for_decision(browser, stack, &reference)
}

/// Someone an application needs the agreement of (a home's owner, a household head) signs in on
/// their own browser, finds the request on their account, checks it names `about`, runs
/// `meanwhile` (a test's check that nothing was decided yet), and agrees or refuses.
pub fn answer_request(
    stack: &Stack,
    mode: Mode,
    personal_id: &str,
    about: &str,
    meanwhile: impl FnOnce(),
    agrees: bool,
) {
    let browser = signed_in_at(stack, mode, personal_id, "/account");
    let account = stack.url("/account");
    browser.wait_until("the request", |b| {
        b.goto(&account);
        b.page_text().contains(vi().tasks_title)
    });
    assert!(
        browser.page_text().contains(about),
        "{mode:?}: the request names {about}"
    );
    meanwhile();
    browser.click_button(if agrees { vi().agree } else { vi().disagree });
    browser.wait_until("the request answered", |b| {
        !b.page_text().contains(vi().tasks_title)
    });
}

/// Answers the address questions every residence and tax form shares, and continues.
pub fn give_address(browser: &mut Browser, province: &str, commune: &str, street: &str) {
    choose(browser, province);
    let [_, commune_question, street_question] = &ADDRESS;
    browser.fill(commune_question.label.vi, commune);
    browser.fill(street_question.label.vi, street);
    continue_on(browser);
}

/// A small but well-formed PDF named `name` in `dir`, as the scan a citizen uploads.
pub fn scanned_pdf(dir: &std::path::Path, name: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(
        &path,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    )
    .expect("the scan is written");
    path
}

/// The declaration's own words, read from the page (each service has its own).
pub fn declaration_text(browser: &Browser) -> String {
    let label = browser.find("//label[@for='declaration']");
    browser.text(&label)
}

/// At the payment gateway: picks the bank and pays.
pub fn pay(browser: &Browser, bank: &str) {
    browser.wait_until("the payment page", |b| b.page_text().contains("Thanh toán"));
    choose(browser, bank);
    browser.click_button("Thanh toán");
}

/// The reference number shown on the confirmation page.
pub fn reference(browser: &Browser) -> String {
    let element = browser.find("//p[@class='reference']");
    browser.text(&element)
}

/// Opens the application from "Your applications" and waits (reloading, as a person would) until
/// it has a decision; returns the page text.
pub fn wait_for_decision(browser: &Browser, stack: &Stack, reference: &str) -> String {
    wait_for_status(
        browser,
        stack,
        reference,
        &[Status::Decided.label().vi, Status::Rejected.label().vi],
    )
}

/// Opens the application from "Your applications" and waits (reloading) until its page shows one
/// of `statuses`; returns the page text.
pub fn wait_for_status(
    browser: &Browser,
    stack: &Stack,
    reference: &str,
    statuses: &[&str],
) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        browser.goto(&stack.url("/applications"));
        open_listed(browser, reference);
        let text = browser.page_text();
        if statuses.iter().any(|status| text.contains(status)) {
            return text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{reference} never showed {statuses:?}: {text}"
        );
        std::thread::sleep(std::time::Duration::from_millis(300));
    }
}

/// The decision PDF of the application the browser shows, as text (see [`download`]).
pub fn decision_pdf(browser: &Browser, stack: &Stack) -> String {
    download(browser, stack, "decision.pdf")
}

/// The receipt PDF of the application the browser shows, as text (see [`download`]).
pub fn receipt_pdf(browser: &Browser, stack: &Stack) -> String {
    download(browser, stack, "receipt.pdf")
}

/// A PDF of the application the browser shows, fetched with the browser's session as the
/// citizen's download would be; returned as text, for its drawing commands and strings.
fn download(browser: &Browser, stack: &Stack, file: &str) -> String {
    let application = browser.current_url();
    let session = browser.cookie("portal-session").expect("signed in");
    let pdf = stack.block_on(async {
        reqwest::Client::new()
            .get(format!("{application}/{file}"))
            .header("cookie", format!("portal-session={session}"))
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap()
    });
    String::from_utf8_lossy(&pdf).into_owned()
}

/// The verification address a decision PDF prints under its QR code.
pub fn verification_address(pdf: &str) -> String {
    let start = pdf.find("(http").expect("the verification address") + 1;
    let end = start + pdf[start..].find(") Tj").expect("the address's end");
    pdf[start..end].to_string()
}

/// Opens the application with this reference from "Your applications": its own row's link, as
/// several applications of one service share the link's words. Returns once its page is shown,
/// so that the list's statuses are never read as the application's.
fn open_listed(browser: &Browser, reference: &str) {
    let xpath = format!(
        "//tr[td//span[normalize-space(.)={}]]//a",
        crate::browser::literal(reference)
    );
    let link = browser.find(&xpath);
    browser.click(&link);
    browser.wait_until("the application's page", |b| {
        !b.current_url().ends_with("/applications") && b.page_text().contains(reference)
    });
}

/// A citizen's registry record, read under the service's purpose as the agency would.
pub fn person(stack: &Stack, purpose: &str, personal_id: &str) -> Value {
    stack.registry_read(
        purpose,
        "/v1/people/get",
        json!({ "personal_id": personal_id }),
    )
}

/// The personal ID number of a citizen's spouse, from the registry.
pub fn spouse_of(stack: &Stack, purpose: &str, personal_id: &str) -> String {
    person(stack, purpose, personal_id)["spouse_id"]
        .as_str()
        .expect("a spouse in the registry")
        .to_string()
}

/// A date as people type it: 27/11/2026.
pub fn typed(date: Date) -> String {
    format!(
        "{:02}/{:02}/{}",
        date.day(),
        date.month() as u8,
        date.year()
    )
}

/// A registry date as people type it: 1986-05-01 → 01/05/1986.
pub fn typed_iso(iso: &str) -> String {
    let mut parts = iso.splitn(3, '-');
    let (year, month, day) = (
        parts.next().unwrap(),
        parts.next().unwrap(),
        parts.next().unwrap(),
    );
    format!("{day}/{month}/{year}")
}

/// The date `days` from today in Vietnam, as people type it.
pub fn typed_in_days(days: i64) -> String {
    typed(domain::age::today_in_vietnam() + Duration::days(days))
}

/// The driving licences the registry holds for `personal_id`.
pub fn licences(stack: &Stack, personal_id: &str) -> Vec<Value> {
    stack
        .registry_read(
            "driving-licence",
            "/v1/licences/list",
            json!({ "personal_id": personal_id }),
        )
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The number of the driver's licence in force (not lost, not replaced).
pub fn active_licence(stack: &Stack, driver: &str) -> String {
    licences(stack, driver)
        .into_iter()
        .find(|licence| licence["status"] == "active")
        .expect("an active licence")["licence_number"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A persona the registry knows an old 9-digit ID card (CMND) number for, and that number.
pub fn holder_of_an_old_id_number(stack: &Stack) -> (String, String) {
    let personas = stack.personas();
    [
        &personas.plain_adult,
        &personas.electricity_holder,
        &personas.owner_with_unpaid_fines,
        &personas.elderly_married,
        &personas.driver_expiring,
    ]
    .into_iter()
    .find_map(|id| {
        let number = person(stack, "confirm-old-id-number", id)["old_id_number"]
            .as_str()?
            .to_string();
        Some((id.clone(), number))
    })
    .expect("a persona who held a CMND")
}

/// The gateway's own record of a payment, as the portal (its merchant) reads it.
pub async fn gateway_payment(stack: &Stack, payment_id: &str) -> Value {
    let client = reqwest::Client::new();
    let url = format!("{}/v1/payments/{payment_id}", stack.inner.payment_url());
    as_merchant(client.get(url)).await
}

/// Sends `request` to the payment gateway with the credential the local stack registers for the
/// portal, its merchant, and reads the JSON answer.
pub async fn as_merchant(request: reqwest::RequestBuilder) -> Value {
    request
        .bearer_auth(MERCHANT_SECRET)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The merchant credential the local stack registers for the portal.
const MERCHANT_SECRET: &str = "portal-pay-secret";
