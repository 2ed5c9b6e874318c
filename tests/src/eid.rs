//! Signing in at the identity stand-in's pages, as a citizen does: ID number and password, then
//! the one-time code the stand-in shows on screen.

use crate::{Browser, Mode, Stack};
use domain::personal_id::PersonalId;

/// The eID stand-in shows the one-time code on its page, after these words (a test environment
/// has no phone to send it to).
pub const OTP_PREFIX: &str = "Mã OTP (môi trường thử nghiệm): ";

/// Completes the eID pages the browser is on; the password follows the stand-in's documented
/// rule. These fields are the eID's, not the portal's, so they are not counted as typed.
pub fn sign_in_at_eid(browser: &mut Browser, personal_id: &str) {
    let typed_before = browser.typed_fields;
    enter_password_at_eid(browser, personal_id);
    let page = browser.page_text();
    let code: String = page[page.find(OTP_PREFIX).expect("code shown") + OTP_PREFIX.len()..]
        .chars()
        .take(6)
        .collect();
    browser.fill("Mã xác thực (OTP)", &code);
    browser.click_button("Xác nhận");
    browser.typed_fields = typed_before;
}

/// A browser of its own, in `mode`, that opens `path` on the stack, signs in there as `personal_id`
/// and is back on `path`, signed in. It waits for that return before anything else is done, as
/// leaving mid-redirect would lose the session and count as another sign-in.
pub fn signed_in_at(stack: &Stack, mode: Mode, personal_id: &str, path: &str) -> Browser {
    let mut browser = stack.browser_at(mode, path);
    sign_in_at_eid(&mut browser, personal_id);
    browser.wait_until(&format!("{path}, signed in"), |b| {
        b.current_url().ends_with(path)
    });
    browser
}

/// The first of the eID's two pages: ID number and password, leaving the browser on the page that
/// asks for the one-time code.
pub fn enter_password_at_eid(browser: &mut Browser, personal_id: &str) {
    let id = PersonalId::parse(personal_id).expect("a persona's ID");
    browser.fill("Số định danh cá nhân", personal_id);
    browser.fill("Mật khẩu", &identity::accounts::password_for(&id));
    browser.click_button("Đăng nhập");
    browser.wait_until("the one-time code page", |b| {
        b.page_text().contains(OTP_PREFIX)
    });
}
