//! The provider's HTML: Vietnamese first with English beside it, plain forms that work without
//! JavaScript, every input labelled and described, errors gathered in a summary that links to the
//! field. Styles come from one stylesheet so the CSP needs no inline allowance.

use std::fmt::Write;

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{Html, IntoResponse, Response},
};
use domain::text::{OwnedText, Text};

/// An error attached to the input whose `id` is `field`.
#[derive(Debug, Clone)]
pub struct FieldError {
    pub field: &'static str,
    pub message: OwnedText,
}

pub const PERSONAL_ID_FIELD: &str = "personal_id";
pub const PASSWORD_FIELD: &str = "password";
pub const OTP_FIELD: &str = "otp";

pub fn respond(status: StatusCode, html: String) -> Response {
    let mut response = (status, Html(html)).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

pub use stand_in_support::html::escape;

fn bilingual(vi: &str, en: &str) -> String {
    format!(
        r#"{} <span lang="en" class="en">{}</span>"#,
        escape(vi),
        escape(en)
    )
}

fn layout(title: Text, errors: &[FieldError], body: &str) -> String {
    // Screen-reader users hear the title first, so an error must show there too.
    let prefix = if errors.is_empty() { "" } else { "Lỗi: " };
    format!(
        r##"<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{prefix}{title_vi} – VNeID (thử nghiệm)</title>
<link rel="stylesheet" href="/assets/identity.css">
</head>
<body>
<a class="skip-link" href="#main">Chuyển đến nội dung chính <span lang="en">Skip to main content</span></a>
<header class="banner">
<p class="brand">Định danh điện tử VNeID <span lang="en" class="en">Electronic identity</span></p>
<p class="notice">Môi trường thử nghiệm: không dùng dữ liệu thật. <span lang="en" class="en">Test environment: no real data.</span></p>
</header>
<main id="main">
{summary}{body}
</main>
</body>
</html>
"##,
        title_vi = escape(title.vi),
        summary = error_summary(errors),
    )
}

fn error_summary(errors: &[FieldError]) -> String {
    if errors.is_empty() {
        return String::new();
    }
    let mut items = String::new();
    for error in errors {
        let _ = write!(
            items,
            r##"<li><a href="#{}">{}</a></li>"##,
            error.field,
            bilingual(&error.message.vi, &error.message.en)
        );
    }
    format!(
        r#"<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">Có lỗi cần sửa <span lang="en" class="en">There is a problem</span></h2>
<ul>{items}</ul>
</div>
"#
    )
}

struct Input<'a> {
    id: &'static str,
    label: Text,
    hint: Text,
    /// Attributes beyond id, name, value and the ARIA ones.
    attributes: &'a str,
    value: &'a str,
}

fn field(input: Input<'_>, errors: &[FieldError]) -> String {
    let id = input.id;
    let error = errors.iter().find(|error| error.field == id);
    let (class, error_html, described_by, invalid) = match error {
        Some(error) => (
            "field field--error",
            format!(
                r#"<p class="field-error" id="{id}-error"><span class="visually-hidden">Lỗi: </span>{}</p>"#,
                bilingual(&error.message.vi, &error.message.en)
            ),
            format!("{id}-hint {id}-error"),
            r#" aria-invalid="true""#,
        ),
        None => ("field", String::new(), format!("{id}-hint"), ""),
    };
    format!(
        r#"<div class="{class}">
<label for="{id}">{label}</label>
<p class="hint" id="{id}-hint">{hint}</p>
{error_html}<input id="{id}" name="{id}" {attributes} value="{value}" aria-describedby="{described_by}"{invalid}>
</div>
"#,
        label = bilingual(input.label.vi, input.label.en),
        hint = bilingual(input.hint.vi, input.hint.en),
        attributes = input.attributes,
        value = escape(input.value),
    )
}

/// A submit button named in Vietnamese alone (its accessible name), the English beside it.
fn button(vi: &str, en: &str, id: &str, class: &str) -> String {
    format!(
        r#"<button type="submit" class="{class}" aria-describedby="{id}-en">{}</button> <span id="{id}-en" lang="en" class="en">{}</span>"#,
        escape(vi),
        escape(en)
    )
}

fn hidden_csrf(csrf_token: &str) -> String {
    format!(
        r#"<input type="hidden" name="csrf_token" value="{}">"#,
        escape(csrf_token)
    )
}

fn cancel_form(csrf_token: &str) -> String {
    format!(
        r#"<form method="post" action="/signin/cancel" class="cancel">
{}
{}
</form>
"#,
        hidden_csrf(csrf_token),
        button(
            "Huỷ và quay lại dịch vụ",
            "Cancel and go back",
            "cancel",
            "secondary"
        )
    )
}

pub fn credentials(
    client_name: &str,
    csrf_token: &str,
    typed_id: &str,
    errors: &[FieldError],
) -> String {
    let title = Text::new("Đăng nhập", "Sign in");
    let body = format!(
        r#"<h1>Đăng nhập bằng định danh điện tử <span lang="en" class="en">Sign in with your electronic identity</span></h1>
<p>{client} cần xác minh danh tính của bạn. <span lang="en" class="en">{client} needs to confirm who you are.</span></p>
<form method="post" action="/signin" novalidate>
{csrf}
{id_field}{password_field}<p class="test-note">Môi trường thử nghiệm: mật khẩu là "Vneid@" và 6 chữ số cuối của số định danh. <span lang="en" class="en">Test environment: the password is "Vneid@" followed by the last 6 digits of the ID number.</span></p>
{submit}
</form>
{cancel}"#,
        client = escape(client_name),
        csrf = hidden_csrf(csrf_token),
        id_field = field(
            Input {
                id: PERSONAL_ID_FIELD,
                label: Text::new("Số định danh cá nhân", "Personal ID number"),
                hint: Text::new(
                    "12 chữ số in trên thẻ căn cước.",
                    "The 12 digits printed on your citizen ID card."
                ),
                attributes: r#"type="text" inputmode="numeric" autocomplete="username" spellcheck="false""#,
                value: typed_id,
            },
            errors
        ),
        password_field = field(
            Input {
                id: PASSWORD_FIELD,
                label: Text::new("Mật khẩu", "Password"),
                hint: Text::new(
                    "Mật khẩu tài khoản định danh điện tử.",
                    "The password of your electronic identity account."
                ),
                attributes: r#"type="password" autocomplete="current-password""#,
                value: "",
            },
            errors
        ),
        submit = button("Đăng nhập", "Sign in", "signin", "primary"),
        cancel = cancel_form(csrf_token),
    );
    layout(title, errors, &body)
}

pub fn one_time_code(
    client_name: &str,
    csrf_token: &str,
    otp: &str,
    errors: &[FieldError],
) -> String {
    let title = Text::new("Nhập mã xác thực", "Enter the one-time code");
    let body = format!(
        r#"<h1>Nhập mã xác thực <span lang="en" class="en">Enter the one-time code</span></h1>
<p>Chúng tôi đã gửi mã xác thực gồm 6 chữ số đến điện thoại của bạn để đăng nhập vào {client}. <span lang="en" class="en">We sent a 6-digit code to your phone to sign in to {client}.</span></p>
<p class="otp-demo" role="note">Mã OTP (môi trường thử nghiệm): {otp}</p>
<p class="otp-demo en" lang="en">One-time code (test environment): {otp}</p>
<form method="post" action="/signin/otp" novalidate>
{csrf}
{otp_field}{submit}
</form>
{cancel}"#,
        client = escape(client_name),
        otp = escape(otp),
        csrf = hidden_csrf(csrf_token),
        otp_field = field(
            Input {
                id: OTP_FIELD,
                label: Text::new("Mã xác thực (OTP)", "One-time code (OTP)"),
                hint: Text::new("Gồm 6 chữ số.", "6 digits."),
                attributes: r#"type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6""#,
                value: "",
            },
            errors
        ),
        submit = button("Xác nhận", "Confirm", "confirm", "primary"),
        cancel = cancel_form(csrf_token),
    );
    layout(title, errors, &body)
}

/// A page that ends the journey here: nothing can be sent back to the relying party.
pub fn problem(title: Text, message: &OwnedText) -> String {
    let body = format!(
        r#"<h1>{}</h1>
<p>{}</p>
"#,
        bilingual(title.vi, title.en),
        bilingual(&message.vi, &message.en)
    );
    layout(title, &[], &body)
}

pub fn problem_response(
    status: StatusCode,
    title: Text,
    message: impl Into<OwnedText>,
) -> Response {
    respond(status, problem(title, &message.into()))
}

pub const CANNOT_CONTINUE: Text =
    Text::new("Không thể tiếp tục đăng nhập", "Sign-in cannot continue");

pub fn misconfigured_client() -> Response {
    problem_response(
        StatusCode::BAD_REQUEST,
        CANNOT_CONTINUE,
        Text::new(
            "Dịch vụ chuyển bạn đến đây được cấu hình sai. Hãy quay lại dịch vụ đó.",
            "The service that sent you here is misconfigured. Go back to that service.",
        ),
    )
}

pub fn signed_out() -> Response {
    problem_response(
        StatusCode::OK,
        Text::new("Bạn đã đăng xuất", "You have signed out"),
        Text::new(
            "Phiên đăng nhập định danh điện tử đã kết thúc. Bạn có thể đóng trang này.",
            "Your electronic identity session has ended. You can close this page.",
        ),
    )
}

pub const STYLESHEET: &str = include_str!("../assets/identity.css");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn errors_reach_the_title_the_summary_and_the_field() {
        let errors = [FieldError {
            field: PERSONAL_ID_FIELD,
            message: Text::new("Sai", "Wrong").into(),
        }];
        let html = credentials("Portal", "csrf", "<typed>", &errors);
        assert!(html.contains("<title>Lỗi: Đăng nhập"));
        assert!(html.contains(r##"<a href="#personal_id">Sai"##));
        assert!(html.contains(
            r#"aria-describedby="personal_id-hint personal_id-error" aria-invalid="true""#
        ));
        assert!(html.contains(r#"value="&lt;typed&gt;""#));
        assert!(html.contains(r#"aria-describedby="password-hint">"#));
        assert!(html.contains(r#"<label for="password">"#));
    }
}
