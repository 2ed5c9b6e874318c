//! The gateway's HTML: Vietnamese first with English beside it, plain forms that work without
//! JavaScript, every control labelled, errors gathered in a summary that links to the field.
//! Styles come from one stylesheet so the CSP needs no inline allowance.

use std::fmt::Write;

use axum::{
    http::StatusCode,
    response::{Html, IntoResponse, Response},
};
use domain::{definitions::common::display_vnd, text::Text};

use crate::{
    ledger::{Payment, Status},
    methods::METHODS,
};

pub const STYLESHEET: &str = include_str!("../assets/payment.css");

/// The radio group's name; its first radio's id is where the error summary points.
pub const METHOD_FIELD: &str = "method";

pub fn respond(status: StatusCode, html: String) -> Response {
    (status, Html(html)).into_response()
}

pub use stand_in_support::html::escape;

/// Vietnamese, then the English in its own language span (left out where both read the same).
fn bilingual(text: Text) -> String {
    if text.vi == text.en {
        return escape(text.vi);
    }
    format!(
        r#"{} <span lang="en" class="en">{}</span>"#,
        escape(text.vi),
        escape(text.en)
    )
}

fn layout(title: Text, error: Option<Text>, body: &str) -> String {
    // Screen-reader users hear the title first, so an error must show there too.
    let prefix = if error.is_some() { "Lỗi: " } else { "" };
    let summary = error.map_or_else(String::new, |message| {
        format!(
            r##"<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">{}</h2>
<ul><li><a href="#{METHOD_FIELD}-{}">{}</a></li></ul>
</div>
"##,
            bilingual(Text::new("Có lỗi cần sửa", "There is a problem")),
            METHODS[0].value,
            bilingual(message),
        )
    });
    format!(
        r##"<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{prefix}{title} – Cổng thanh toán (thử nghiệm)</title>
<link rel="stylesheet" href="/assets/payment.css">
</head>
<body>
<a class="skip-link" href="#main">Chuyển đến nội dung chính <span lang="en">Skip to main content</span></a>
<header class="banner">
<p class="brand">Cổng thanh toán quốc gia <span lang="en" class="en">National payment gateway</span></p>
<p class="notice">Môi trường thử nghiệm: không có tiền thật được chuyển. <span lang="en" class="en">Test environment: no real money moves.</span></p>
</header>
<main id="main">
{summary}{body}
</main>
</body>
</html>
"##,
        title = escape(title.vi),
    )
}

/// What is being paid, to whom: the facts a citizen checks before paying.
fn order_summary(payment: &Payment, payee: &str) -> String {
    let rows = [
        (Text::new("Đơn vị nhận tiền", "Payee"), escape(payee)),
        (
            Text::new("Nội dung", "Description"),
            escape(&payment.order.description),
        ),
        (
            Text::new("Mã tham chiếu", "Reference"),
            escape(&payment.order.reference),
        ),
        (
            Text::new("Số tiền", "Amount"),
            format!(
                r#"<strong class="amount">{}</strong>"#,
                display_vnd(payment.order.amount_vnd)
            ),
        ),
    ];
    let mut list = String::from(r#"<dl class="order">"#);
    for (term, value) in rows {
        let _ = write!(list, "<dt>{}</dt><dd>{value}</dd>", bilingual(term));
    }
    list.push_str("</dl>\n");
    list
}

/// A submit button named in Vietnamese alone (its accessible name), the English beside it.
fn button(text: Text, id: &str, class: &str) -> String {
    format!(
        r#"<button type="submit" class="{class}" aria-describedby="{id}-en">{}</button> <span id="{id}-en" lang="en" class="en">{}</span>"#,
        escape(text.vi),
        escape(text.en)
    )
}

fn hidden_csrf(payment: &Payment) -> String {
    format!(
        r#"<input type="hidden" name="csrf_token" value="{}">"#,
        escape(&payment.csrf_token)
    )
}

fn method_choice(error: Option<Text>) -> String {
    let (class, described_by, error_html) = match error {
        Some(message) => (
            "field field--error",
            "method-hint method-error",
            format!(
                r#"<p class="field-error" id="method-error"><span class="visually-hidden">Lỗi: </span>{}</p>
"#,
                bilingual(message)
            ),
        ),
        None => ("field", "method-hint", String::new()),
    };
    let mut radios = String::new();
    for method in &METHODS {
        let id = format!("{METHOD_FIELD}-{}", method.value);
        // The label is the Vietnamese name alone (the radio's accessible name, what a person
        // clicks); an English name that differs sits beside it as the radio's description.
        let (described_by, english) = if method.name.vi == method.name.en {
            (String::new(), String::new())
        } else {
            (
                format!(r#" aria-describedby="{id}-en""#),
                format!(
                    r#" <span id="{id}-en" lang="en" class="en">{}</span>"#,
                    escape(method.name.en)
                ),
            )
        };
        let _ = writeln!(
            radios,
            r#"<div class="radio"><input type="radio" id="{id}" name="{METHOD_FIELD}" value="{value}"{described_by}><label for="{id}">{name}</label>{english}</div>"#,
            value = method.value,
            name = escape(method.name.vi),
        );
    }
    format!(
        r#"<div class="{class}">
<fieldset aria-describedby="{described_by}">
<legend>{legend}</legend>
<p class="hint" id="method-hint">{hint}</p>
{error_html}<div class="radios">
{radios}</div>
</fieldset>
</div>
"#,
        legend = bilingual(Text::new(
            "Chọn ngân hàng hoặc ví",
            "Choose a bank or wallet"
        )),
        hint = bilingual(Text::new(
            "Môi trường thử nghiệm: mọi lựa chọn đều thành công, trừ ngân hàng thử nghiệm.",
            "Test environment: every choice succeeds except the test bank.",
        )),
    )
}

/// The checkout page of a pending payment; `error` when the citizen chose nothing.
pub fn checkout(payment: &Payment, payee: &str, error: Option<Text>) -> String {
    let title = Text::new("Thanh toán trực tuyến", "Pay online");
    let id = escape(&payment.id);
    let body = format!(
        r#"<h1>{heading}</h1>
{summary}<form method="post" action="/pay/{id}" novalidate>
{csrf}
{choice}{pay}
</form>
<form method="post" action="/pay/{id}/cancel" class="cancel">
{csrf}
{cancel}
</form>
"#,
        heading = bilingual(title),
        summary = order_summary(payment, payee),
        csrf = hidden_csrf(payment),
        choice = method_choice(error),
        pay = button(Text::new("Thanh toán", "Pay"), "pay", "primary"),
        cancel = button(
            Text::new("Hủy thanh toán", "Cancel payment"),
            "cancel",
            "secondary"
        ),
    );
    layout(title, error, &body)
}

/// The page of a payment that has ended, with the way back to the merchant.
pub fn settled(payment: &Payment, payee: &str, back_url: &str) -> String {
    let (title, message) = match payment.status {
        Status::Paid => (
            Text::new(
                "Khoản này đã được thanh toán",
                "This payment has already been made",
            ),
            Text::new(
                "Bạn không cần và không thể thanh toán lại.",
                "You do not need to pay again, and cannot.",
            ),
        ),
        Status::Failed => (
            Text::new(
                "Thanh toán không thành công",
                "The payment did not go through",
            ),
            Text::new(
                "Ngân hàng đã từ chối giao dịch. Quay lại dịch vụ để thanh toán lại.",
                "The bank declined it. Go back to the service to try again.",
            ),
        ),
        // A pending payment gets the checkout page instead; listed here to keep the match total.
        Status::Cancelled | Status::Pending => (
            Text::new("Bạn đã hủy thanh toán", "You cancelled this payment"),
            Text::new(
                "Không có khoản tiền nào bị trừ. Quay lại dịch vụ để thanh toán lại.",
                "No money was taken. Go back to the service to try again.",
            ),
        ),
    };
    let body = format!(
        r#"<h1>{heading}</h1>
<p>{message}</p>
{summary}<p><a href="{back}">Quay lại {payee}</a> <span lang="en" class="en">Back to {payee}</span></p>
"#,
        heading = bilingual(title),
        message = bilingual(message),
        summary = order_summary(payment, payee),
        back = escape(back_url),
        payee = escape(payee),
    );
    layout(title, None, &body)
}

/// A page that ends the journey here: there is no payment to go back to.
pub fn problem(status: StatusCode, title: Text, message: Text) -> Response {
    let body = format!(
        "<h1>{}</h1>\n<p>{}</p>\n",
        bilingual(title),
        bilingual(message)
    );
    respond(status, layout(title, None, &body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::Order;

    fn payment() -> Payment {
        Payment {
            id: "pay_x".into(),
            merchant: "portal".into(),
            order: Order {
                amount_vnd: 135_000,
                description: "<Lệ phí>".into(),
                reference: "HS-1".into(),
                return_url: url::Url::parse("http://localhost:3000/").unwrap(),
            },
            csrf_token: "tok".into(),
            status: Status::Pending,
            paid_at: None,
            failure_reason: None,
        }
    }

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn checkout_labels_every_radio_and_reports_errors_everywhere() {
        let html = checkout(&payment(), "Cổng", None);
        assert!(html.contains("135.000 đ"));
        assert!(html.contains("&lt;Lệ phí&gt;"));
        for method in &METHODS {
            assert!(html.contains(&format!(
                r#"<label for="method-{}">{}</label>"#,
                method.value, method.name.vi
            )));
            assert!(html.contains(&format!(r#"id="method-{}""#, method.value)));
        }
        assert!(!html.contains("Lỗi"));

        let message = Text::new("Chọn", "Choose");
        let html = checkout(&payment(), "Cổng", Some(message));
        assert!(html.contains("<title>Lỗi: Thanh toán trực tuyến"));
        assert!(html.contains(r##"<a href="#method-vietcombank">Chọn"##));
        assert!(html.contains(r#"aria-describedby="method-hint method-error""#));
    }
}
