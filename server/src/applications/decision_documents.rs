//! Decision documents to keep, such as a newborn's electronic birth certificate: a PDF whose QR
//! code leads to the portal's verification page. The code carries the reference and an Ed25519
//! signature of the decision as recorded; the page checks the signature against the record, so a
//! copied or altered code is shown as not genuine. No personal data is in the URL.

use crate::applications::receipt::Receipt;
use crate::applications::signatures::{is_genuine, sign};
use crate::jobs::processing::outcome_rows;
use crate::state::AppState;
use crate::store::applications::Application;
use crate::store::status::Status;
use crate::web::rendering::PageContext;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::catalogue::{self, Service};
use domain::definitions::sources::PERSON;
use domain::text::{Lang, Text};
use serde::Deserialize;

pub fn verification_url(state: &AppState, application: &Application) -> Option<String> {
    let signature = sign(&state.document_key, application)?;
    Some(format!(
        "{}/verify/{}?s={signature}",
        state.public_url,
        application.reference.as_deref()?
    ))
}

/// The decided application's document, as a one-page PDF with the QR code.
pub fn document(state: &AppState, application: &Application) -> Option<Vec<u8>> {
    let url = verification_url(state, application)?;
    let code = qrcode::QrCode::new(url.as_bytes()).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let modules = colors
        .chunks(width)
        .map(|row| {
            row.iter()
                .map(|color| *color == qrcode::Color::Dark)
                .collect()
        })
        .collect();
    let service = catalogue::by_slug(&application.service)?;
    let mut lines = vec![
        service.name.both(),
        format!(
            "Ma ho so / Reference: {}",
            application.reference.as_deref()?
        ),
    ];
    lines.extend(
        outcome_rows(application, Lang::Vi)
            .into_iter()
            .zip(outcome_rows(application, Lang::En))
            .map(|((label_vi, value), (label_en, _))| format!("{label_vi} / {label_en}: {value}")),
    );
    lines.push("Kiem tra tinh xac thuc / Verify:".into());
    lines.push(url);
    Some(
        Receipt {
            title: "KET QUA GIAI QUYET THU TUC / DECISION".into(),
            lines,
            qr: Some(modules),
        }
        .render(),
    )
}

#[derive(Deserialize)]
pub struct VerifyQuery {
    s: Option<String>,
}

/// `GET /verify/{reference}?s=…`: anyone holding the document can check it. The page says only
/// what checking a paper needs (what it is, its number, who issued it and when, whether it stands,
/// whose it is with the name masked), never the decision's personal details, and no cache keeps it.
pub async fn verify(
    State(state): State<AppState>,
    page: PageContext,
    Path(reference): Path<String>,
    Query(query): Query<VerifyQuery>,
) -> Response {
    let application = crate::store::applications::find_by_reference(&state.db, &reference)
        .await
        .ok()
        .flatten();
    let genuine = application.as_ref().filter(|application| {
        query
            .s
            .as_deref()
            .is_some_and(|signature| is_genuine(&state.document_key, application, signature))
    });
    let lang = page.lang;
    let text = app::strings::strings(lang);
    let mut response = match genuine.zip(genuine.and_then(|a| catalogue::by_slug(&a.service))) {
        Some((application, service)) => {
            let body = app::journey::verification(
                lang,
                true,
                service.name.get(lang),
                &reference,
                verified_facts(application, service, lang),
            );
            page.page(&state, text.verify_genuine_title, body)
        }
        None => {
            let body = app::journey::verification(lang, false, "", &reference, Vec::new());
            page.page_with_status(
                &state,
                StatusCode::NOT_FOUND,
                text.verify_not_genuine_title,
                body,
            )
        }
    };
    crate::auth::sessions::no_store(response.headers_mut());
    response
}

/// What the verification page shows of a genuine document.
fn verified_facts(
    application: &Application,
    service: &Service,
    lang: Lang,
) -> Vec<(String, String)> {
    let decided = application
        .decided_at
        .map(|at| crate::web::dates::display_time(at, lang, false))
        .unwrap_or_default();
    let standing = if application.status == Status::Decided {
        Text::new("Còn hiệu lực", "Valid")
    } else {
        Text::new("Không còn hiệu lực", "No longer valid")
    };
    let holder = PERSON
        .read(&application.context)
        .map(|person| masked_name(&person.full_name))
        .unwrap_or_default();
    [
        (
            Text::new("Loại giấy tờ", "Document"),
            service.name.get(lang).to_string(),
        ),
        (
            Text::new("Số", "Number"),
            application.reference.clone().unwrap_or_default(),
        ),
        (
            Text::new("Cơ quan cấp", "Issued by"),
            service.agency.name().get(lang).to_string(),
        ),
        (Text::new("Ngày cấp", "Issued on"), decided),
        (
            Text::new("Tình trạng", "Standing"),
            standing.get(lang).to_string(),
        ),
        (Text::new("Người đứng tên", "Holder"), holder),
    ]
    .into_iter()
    .map(|(label, value)| (label.get(lang).to_string(), value))
    .collect()
}

/// A name with only each word's first letter shown ("Nguyễn Văn An" → "N***** V** A*"): enough to
/// tell that a paper belongs to the person showing it, not enough to learn who they are.
fn masked_name(name: &str) -> String {
    name.split_whitespace()
        .map(|word| {
            let mut letters = word.chars();
            let first = letters.next().map(String::from).unwrap_or_default();
            first + &"*".repeat(letters.count())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `GET /applications/{id}/decision.pdf`: the applicant's copy of the decision document.
pub async fn download(
    State(state): State<AppState>,
    page: PageContext,
    Path(id): Path<String>,
) -> Response {
    let application = match crate::auth::ownership::own_application(&state, &page, &id).await {
        Ok(application) => application,
        Err(response) => return response,
    };
    let Some(pdf) = document(&state, &application) else {
        return crate::web::pages::not_found(&state, &page);
    };
    let mut response = pdf.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/pdf"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"decision.pdf\""),
    );
    crate::auth::sessions::no_store(headers);
    response
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_masked_name_keeps_only_each_words_first_letter() {
        assert_eq!(super::masked_name("Nguyễn Văn An"), "N***** V** A*");
        assert_eq!(super::masked_name(""), "");
    }
}
