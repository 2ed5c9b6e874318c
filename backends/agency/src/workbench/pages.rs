//! The workbench's HTML: Vietnamese first with the English beside it in its own language span,
//! plain forms that work without JavaScript, every control labelled, errors in a summary that
//! links to the field and next to the field itself. Styles come from one stylesheet, so the CSP
//! allows no inline style or script.

use std::fmt::Write;

use domain::text::Text;
use serde_json::{Map, Value};
use stand_in_support::html::escape;

use super::{cases::Queued, sessions::Session};
use crate::{
    directory,
    store::{cases::Case, Change, Status},
};

pub const STYLESHEET: &str = include_str!("../../assets/workbench.css");
pub const STYLESHEET_PATH: &str = "/workbench/assets/workbench.css";

/// Vietnamese, then the English in its own language span (left out where both read the same).
pub fn bilingual(text: Text) -> String {
    both(text.vi, text.en)
}

fn both(vi: &str, en: &str) -> String {
    if vi == en {
        return escape(vi);
    }
    format!(
        r#"{} <span lang="en" class="en">{}</span>"#,
        escape(vi),
        escape(en)
    )
}

fn agency_name(id: &str) -> String {
    directory::by_id(id).map_or_else(
        || escape(id),
        |agency| both(&agency.name.vi, &agency.name.en),
    )
}

/// Both languages as plain text, where markup cannot go (the page's title).
fn plain(text: Text) -> String {
    if text.vi == text.en {
        text.vi.to_owned()
    } else {
        format!("{} / {}", text.vi, text.en)
    }
}

/// The page around `body`; with an officer, a header naming them by agency and a sign-out form.
pub fn layout(title: Text, officer: Option<&Session>, errors: &[FieldError], body: &str) -> String {
    // Screen-reader users hear the title first, so an error must show there too.
    let prefix = if errors.is_empty() {
        ""
    } else {
        "Lỗi / Error: "
    };
    let header = officer.map_or_else(String::new, |officer| {
        format!(
            r#"<header class="officer"><p>{} {}</p>
<form method="post" action="/workbench/sign-out"><input type="hidden" name="csrf" value="{}"><button type="submit">{}</button></form></header>
"#,
            bilingual(Text::new("Cán bộ của", "Officer of")),
            agency_name(&officer.agency),
            escape(&officer.csrf),
            bilingual(Text::new("Đăng xuất", "Sign out")),
        )
    });
    let summary = if errors.is_empty() {
        String::new()
    } else {
        let items: String = errors
            .iter()
            .map(|error| {
                format!(
                    r##"<li><a href="#{}">{}</a></li>"##,
                    error.field,
                    bilingual(error.message)
                )
            })
            .collect();
        format!(
            r#"<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
<h2 id="error-summary-title">{}</h2>
<ul>{items}</ul>
</div>
"#,
            bilingual(Text::new("Có lỗi cần sửa", "There is a problem"))
        )
    };
    format!(
        r##"<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{prefix}{} – Hệ thống xử lý hồ sơ (thử nghiệm)</title>
<link rel="stylesheet" href="{STYLESHEET_PATH}">
</head>
<body>
<a class="skip-link" href="#main">Chuyển đến nội dung chính <span lang="en">Skip to main content</span></a>
{header}<main id="main">
{summary}<h1>{}</h1>
{body}
</main>
</body>
</html>
"##,
        escape(&plain(title)),
        bilingual(title),
    )
}

/// A page with a message and a link onwards.
pub fn message(
    title: Text,
    text: Text,
    link: Option<(&str, Text)>,
    officer: Option<&Session>,
) -> String {
    let link = link.map_or_else(String::new, |(href, label)| {
        format!(
            r#"<p><a href="{}">{}</a></p>"#,
            escape(href),
            bilingual(label)
        )
    });
    layout(
        title,
        officer,
        &[],
        &format!("<p>{}</p>\n{link}", bilingual(text)),
    )
}

pub fn sign_in() -> String {
    message(
        Text::new("Bàn làm việc của cán bộ", "Officers' workbench"),
        Text::new(
            "Đăng nhập bằng tài khoản định danh điện tử mức độ 2 để xem và xử lý hồ sơ của cơ quan.",
            "Sign in with a level 2 electronic identity to see and handle your agency's cases.",
        ),
        Some((
            "/workbench/sign-in",
            Text::new("Đăng nhập bằng VNeID", "Sign in with VNeID"),
        )),
        None,
    )
}

pub fn status(status: Status) -> Text {
    match status {
        Status::Received => Text::new("Đã tiếp nhận", "Received"),
        Status::InReview => Text::new("Đang xem xét", "In review"),
        Status::MoreInformationNeeded => {
            Text::new("Chờ công dân bổ sung", "Waiting for more information")
        }
        Status::Approved => Text::new("Đã phê duyệt", "Approved"),
        Status::Refused => Text::new("Đã từ chối", "Refused"),
    }
}

fn status_named(stored: &str) -> String {
    [
        Status::Received,
        Status::InReview,
        Status::MoreInformationNeeded,
        Status::Approved,
        Status::Refused,
    ]
    .into_iter()
    .find(|status| status.as_str() == stored)
    .map_or_else(|| escape(stored), |status| bilingual(self::status(status)))
}

fn service_name(slug: &str) -> String {
    domain::definitions::by_slug(slug).map_or_else(
        || escape(slug),
        |definition| bilingual(definition.service.name),
    )
}

/// The deadline, and in words (not colour alone) whether it has passed.
fn deadline(deadline: Option<&str>, today: &str) -> String {
    match deadline {
        None => bilingual(Text::new("Không có hạn", "No deadline")),
        Some(date) if date < today => format!(
            r#"{} <strong class="overdue">{}</strong>"#,
            escape(date),
            bilingual(Text::new("Quá hạn", "Overdue"))
        ),
        Some(date) => escape(date),
    }
}

/// The queue's columns.
const COLUMNS: [Text; 5] = [
    Text::new("Hạn xử lý", "Deadline"),
    Text::new("Mã hồ sơ", "Reference"),
    Text::new("Dịch vụ", "Service"),
    Text::new("Trạng thái", "Status"),
    Text::new("Tiếp nhận lúc", "Received at"),
];

/// A stored RFC 3339 time as officers read it, in Vietnam's time, with the exact value kept for
/// machines in `datetime`.
fn moment(at: &str) -> String {
    use time::{
        format_description::well_known::Rfc3339, macros::format_description, macros::offset,
    };
    let shown = time::OffsetDateTime::parse(at, &Rfc3339)
        .ok()
        .and_then(|moment| {
            let local = moment.to_offset(offset!(+7));
            local
                .format(format_description!("[year]-[month]-[day] [hour]:[minute]"))
                .ok()
        });
    match shown {
        Some(shown) => format!(r#"<time datetime="{}">{shown}</time>"#, escape(at)),
        None => escape(at),
    }
}

pub fn queue(officer: &Session, cases: &[Queued], today: &str) -> String {
    let mut body = String::new();
    if cases.is_empty() {
        let _ = write!(
            body,
            "<p>{}</p>",
            bilingual(Text::new(
                "Không có hồ sơ đang chờ xử lý.",
                "No cases are waiting."
            ))
        );
    } else {
        let head: String = COLUMNS
            .iter()
            .map(|column| format!(r#"<th scope="col">{}</th>"#, bilingual(*column)))
            .collect();
        let _ = write!(
            body,
            r#"<table>
<caption>{}</caption>
<thead><tr>{head}</tr></thead>
<tbody>
"#,
            bilingual(Text::new(
                "Hồ sơ đang xử lý, hạn gần nhất trước",
                "Open cases, nearest deadline first"
            )),
        );
        for case in cases {
            let reference = escape(&case.reference);
            let cells = [
                deadline(case.deadline.as_deref(), today),
                format!(r#"<a href="/workbench/cases/{reference}">{reference}</a>"#),
                service_name(&case.service),
                status_named(&case.status),
                moment(&case.received_at),
            ];
            body.push_str("<tr>");
            for (column, cell) in COLUMNS.iter().zip(cells) {
                // At 320 px the rows are stacked and the head is hidden: each cell names its
                // column itself (the stylesheet shows `data-label` before it).
                let label = escape(&plain(*column));
                let _ = write!(body, r#"<td data-label="{label}">{cell}</td>"#);
            }
            body.push_str("</tr>\n");
        }
        body.push_str("</tbody>\n</table>");
    }
    layout(
        Text::new("Hồ sơ cần xử lý", "Cases to handle"),
        Some(officer),
        &[],
        &body,
    )
}

/// A field the officer must correct, and what to do.
pub struct FieldError {
    pub field: &'static str,
    pub message: Text,
}

/// What the officer typed, kept when a form is refused.
#[derive(Default)]
pub struct Typed {
    pub reason_vi: String,
    pub reason_en: String,
    pub request_vi: String,
    pub request_en: String,
    pub document: bool,
}

fn row(label: &str, value: &str) -> String {
    format!("<div><dt>{label}</dt><dd>{value}</dd></div>\n")
}

/// A value as the officer reads it: text as it is, a yes or no in words, anything else as JSON.
fn value(value: &Value) -> String {
    match value {
        Value::String(text) => escape(text),
        Value::Bool(true) => bilingual(Text::new("Có", "Yes")),
        Value::Bool(false) => bilingual(Text::new("Không", "No")),
        Value::Null => "—".into(),
        other => escape(&other.to_string()),
    }
}

/// The question's label in the service's definition, or its id where the definition has none.
fn question_label(service: &str, id: &str) -> String {
    domain::definitions::by_slug(service)
        .and_then(|definition| {
            definition
                .steps
                .iter()
                .flat_map(|step| step.questions)
                .find(|question| question.id == id)
        })
        .map_or_else(|| escape(id), |question| bilingual(question.label))
}

/// The registry's facts, a row each, nested records named by their path (`person.full_name`).
fn fact_rows(rows: &mut String, prefix: &str, facts: &Map<String, Value>) {
    for (key, fact) in facts {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match fact {
            Value::Object(inner) => fact_rows(rows, &path, inner),
            _ => rows.push_str(&row(&escape(&path), &value(fact))),
        }
    }
}

fn section(title: Text, content: &str) -> String {
    format!("<h2>{}</h2>\n{content}\n", bilingual(title))
}

fn list_of(rows: String) -> String {
    if rows.is_empty() {
        format!("<p>{}</p>", bilingual(Text::new("Không có.", "None.")))
    } else {
        format!("<dl>\n{rows}</dl>")
    }
}

fn change_line(change: &Change) -> String {
    let mut line = format!(
        "<li>{} {}",
        moment(&change.at),
        bilingual(status(change.status))
    );
    for key in ["request", "reason"] {
        if let Some(text) = change.detail.get(key) {
            let vi = text["vi"].as_str().unwrap_or_default();
            let en = text["en"].as_str().unwrap_or_default();
            let _ = write!(line, ": <q>{}</q>", both(vi, en));
        }
    }
    if let Some(number) = change
        .detail
        .get("result")
        .and_then(|r| r["number"].as_str())
    {
        let _ = write!(line, ": {}", escape(number));
    }
    line.push_str("</li>\n");
    line
}

/// A textarea with its label, hint, and error (linked by `aria-describedby`).
fn textarea(
    id: &'static str,
    label: Text,
    hint: Option<Text>,
    value: &str,
    errors: &[FieldError],
) -> String {
    let error = errors.iter().find(|error| error.field == id);
    let mut described = Vec::new();
    let hint = hint.map_or_else(String::new, |hint| {
        described.push(format!("{id}-hint"));
        format!(r#"<p class="hint" id="{id}-hint">{}</p>"#, bilingual(hint))
    });
    let message = error.map_or_else(String::new, |error| {
        described.push(format!("{id}-error"));
        format!(
            r#"<p class="error" id="{id}-error">{}</p>"#,
            bilingual(error.message)
        )
    });
    let describedby = if described.is_empty() {
        String::new()
    } else {
        format!(r#" aria-describedby="{}""#, described.join(" "))
    };
    let invalid = if error.is_some() {
        r#" aria-invalid="true""#
    } else {
        ""
    };
    format!(
        r#"<div class="field"><label for="{id}">{}</label>{hint}{message}<textarea id="{id}" name="{id}" rows="4"{describedby}{invalid}>{}</textarea></div>
"#,
        bilingual(label),
        escape(value)
    )
}

fn hidden(officer: &Session, case: &Case) -> String {
    format!(
        r#"<input type="hidden" name="csrf" value="{}"><input type="hidden" name="from" value="{}"><input type="hidden" name="round" value="{}">"#,
        escape(&officer.csrf),
        case.status.as_str(),
        case.round
    )
}

fn forms(officer: &Session, case: &Case, typed: &Typed, errors: &[FieldError]) -> String {
    let action = |name: &str| format!("/workbench/cases/{}/{name}", escape(&case.reference));
    let open = matches!(case.status, Status::Received | Status::InReview);
    let mut html = String::new();
    if open {
        let _ = write!(
            html,
            r#"<form method="post" action="{}" class="action">
<h3>{}</h3>
<p>{}</p>
{}<button type="submit">{}</button>
</form>
"#,
            action("approve"),
            bilingual(Text::new("Phê duyệt", "Approve")),
            bilingual(Text::new(
                "Cấp kết quả với số hồ sơ của cơ quan; công dân được báo ngay.",
                "Issues the result under the agency's number; the citizen is told at once."
            )),
            hidden(officer, case),
            bilingual(Text::new("Phê duyệt hồ sơ", "Approve the application")),
        );
        let _ = write!(
            html,
            r#"<form method="post" action="{}" class="action">
<h3>{}</h3>
{}{}<div class="field"><input type="checkbox" id="document" name="document" value="yes"{}> <label for="document">{}</label></div>
{}<button type="submit">{}</button>
</form>
"#,
            action("ask"),
            bilingual(Text::new("Yêu cầu bổ sung", "Ask for more information")),
            textarea(
                "request_vi",
                Text::new("Nội dung yêu cầu (tiếng Việt)", "What to ask (Vietnamese)"),
                Some(Text::new(
                    "Công dân đọc nội dung này.",
                    "The citizen reads this."
                )),
                &typed.request_vi,
                errors
            ),
            textarea(
                "request_en",
                Text::new(
                    "Nội dung bằng tiếng Anh (không bắt buộc)",
                    "In English (optional)"
                ),
                Some(Text::new(
                    "Để trống thì công dân đọc tiếng Anh thấy bản tiếng Việt.",
                    "Left empty, citizens reading English see the Vietnamese."
                )),
                &typed.request_en,
                errors
            ),
            if typed.document { " checked" } else { "" },
            bilingual(Text::new("Yêu cầu nộp giấy tờ", "Ask for a document")),
            hidden(officer, case),
            bilingual(Text::new("Gửi yêu cầu bổ sung", "Send the request")),
        );
    }
    if open || case.status == Status::MoreInformationNeeded {
        let _ = write!(
            html,
            r#"<form method="post" action="{}" class="action">
<h3>{}</h3>
{}{}{}<button type="submit">{}</button>
</form>
"#,
            action("refuse"),
            bilingual(Text::new("Từ chối", "Refuse")),
            textarea(
                "reason_vi",
                Text::new(
                    "Lý do từ chối (tiếng Việt)",
                    "Reason for refusing (Vietnamese)"
                ),
                Some(Text::new(
                    "Công dân đọc lý do này.",
                    "The citizen reads this reason."
                )),
                &typed.reason_vi,
                errors
            ),
            textarea(
                "reason_en",
                Text::new(
                    "Lý do bằng tiếng Anh (không bắt buộc)",
                    "In English (optional)"
                ),
                Some(Text::new(
                    "Để trống thì công dân đọc tiếng Anh thấy bản tiếng Việt.",
                    "Left empty, citizens reading English see the Vietnamese."
                )),
                &typed.reason_en,
                errors
            ),
            hidden(officer, case),
            bilingual(Text::new("Từ chối hồ sơ", "Refuse the application")),
        );
    }
    if html.is_empty() {
        html = format!(
            "<p>{}</p>",
            bilingual(Text::new(
                "Hồ sơ đã có quyết định hoặc đang chờ công dân bổ sung.",
                "The case is decided, or waiting for the citizen."
            ))
        );
    }
    html
}

pub fn case(
    officer: &Session,
    case: &Case,
    hand_over: &Map<String, Value>,
    replies: &[Value],
    today: &str,
    typed: &Typed,
    errors: &[FieldError],
) -> String {
    let field = |key: &str| hand_over.get(key).map(value).unwrap_or_default();
    let mut summary = String::new();
    summary.push_str(&row(
        &bilingual(Text::new("Mã hồ sơ", "Reference")),
        &escape(&case.reference),
    ));
    summary.push_str(&row(
        &bilingual(Text::new("Dịch vụ", "Service")),
        &service_name(&case.service),
    ));
    summary.push_str(&row(
        &bilingual(Text::new("Trạng thái", "Status")),
        &bilingual(status(case.status)),
    ));
    summary.push_str(&row(
        &bilingual(Text::new("Tiếp nhận lúc", "Received at")),
        &escape(&case.received_at),
    ));
    summary.push_str(&row(
        &bilingual(Text::new("Hạn xử lý", "Deadline")),
        &deadline(case.deadline.as_deref(), today),
    ));
    summary.push_str(&row(
        &bilingual(Text::new(
            "Người nộp (số định danh)",
            "Applicant (ID number)",
        )),
        &field("applicant_id"),
    ));
    summary.push_str(&row(
        &bilingual(Text::new(
            "Người được giải quyết (số định danh)",
            "Subject (ID number)",
        )),
        &field("subject_id"),
    ));
    if let Some(acting) = hand_over.get("acting_for").and_then(Value::as_object) {
        let who = format!(
            "{} ({})",
            acting.get("applicant_name").map(value).unwrap_or_default(),
            acting.get("relation").map(value).unwrap_or_default()
        );
        summary.push_str(&row(
            &bilingual(Text::new("Nộp thay bởi", "Applied for by")),
            &who,
        ));
    }

    let object = |key: &str| hand_over.get(key).and_then(Value::as_object);
    let answers: String = object("answers")
        .into_iter()
        .flatten()
        .map(|(id, answer)| row(&question_label(&case.service, id), &value(answer)))
        .collect();
    let mut facts = String::new();
    if let Some(known) = object("facts") {
        fact_rows(&mut facts, "", known);
    }
    let payment = object("payment").map_or_else(String::new, |payment| {
        let mut rows = row(
            &bilingual(Text::new("Số tiền (đồng)", "Amount (đồng)")),
            &payment.get("amount").map(value).unwrap_or_default(),
        );
        rows.push_str(&row(
            &bilingual(Text::new("Mã giao dịch", "Payment id")),
            &payment.get("payment_id").map(value).unwrap_or_default(),
        ));
        rows.push_str(&row(
            &bilingual(Text::new("Thanh toán lúc", "Paid at")),
            &payment.get("paid_at").map(value).unwrap_or_default(),
        ));
        rows
    });
    let documents: String = hand_over
        .get("documents")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|document| {
            format!(
                "<li>{} ({}; {} {}; SHA-256 <code>{}</code>)</li>\n",
                document.get("name").map(value).unwrap_or_default(),
                document.get("media_type").map(value).unwrap_or_default(),
                bilingual(Text::new("câu hỏi", "question")),
                question_label(
                    &case.service,
                    document["question"].as_str().unwrap_or_default()
                ),
                document.get("sha256").map(value).unwrap_or_default(),
            )
        })
        .collect();
    let documents = if documents.is_empty() {
        format!("<p>{}</p>", bilingual(Text::new("Không có.", "None.")))
    } else {
        format!("<ul>\n{documents}</ul>")
    };
    let history: String = case.history.iter().map(change_line).collect();
    let replies: String = replies
        .iter()
        .map(|reply| {
            let files: Vec<String> = reply["documents"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|document| document.get("name").map(value).unwrap_or_default())
                .collect();
            let label = format!(
                "{} {}",
                bilingual(Text::new("Lần", "Round")),
                reply.get("round").map(value).unwrap_or_default()
            );
            let mut text = reply.get("text").map(value).unwrap_or_default();
            if !files.is_empty() {
                let _ = write!(
                    text,
                    " ({}: {})",
                    bilingual(Text::new("giấy tờ", "documents")),
                    files.join(", ")
                );
            }
            row(&label, &text)
        })
        .collect();

    let body = [
        format!("<dl>\n{summary}</dl>"),
        section(Text::new("Câu trả lời", "Answers"), &list_of(answers)),
        section(
            Text::new(
                "Dữ liệu từ cơ sở dữ liệu quốc gia",
                "Facts from the registry",
            ),
            &list_of(facts),
        ),
        section(Text::new("Thanh toán", "Payment"), &list_of(payment)),
        section(
            Text::new("Giấy tờ đã tải lên", "Uploaded documents"),
            &documents,
        ),
        section(
            Text::new("Công dân bổ sung", "The citizen's answers"),
            &list_of(replies),
        ),
        section(
            Text::new("Quá trình xử lý", "History"),
            &format!("<ol>\n{history}</ol>"),
        ),
        section(
            Text::new("Xử lý hồ sơ", "Handle the case"),
            &forms(officer, case, typed, errors),
        ),
        format!(
            r#"<p><a href="/workbench">{}</a></p>"#,
            bilingual(Text::new("Về danh sách hồ sơ", "Back to the queue"))
        ),
    ]
    .concat();
    layout(Text::new("Hồ sơ", "Case"), Some(officer), errors, &body)
}
