//! The pages of an application, the same for every service: a question page per step, the
//! check-your-answers page with its declaration, the confirmation, and the citizen's list and
//! timeline of applications.

use crate::forms::{error_summary, FieldError, Question as FormQuestion};
use crate::strings::{strings, FREE_TEXT_MAX_CHARS};
use domain::definitions::common::{display_date, display_vnd};
use domain::engine::{Context, Definition, Kind, Question, Step};
use domain::text::Lang;
use leptos::prelude::*;
use std::collections::BTreeMap;

/// What a question page shows.
pub struct StepPage<'a> {
    pub action: String,
    pub back: String,
    pub service_name: &'a str,
    pub step: &'static Step,
    /// What the fields hold: the stored answers for display, or what was just posted.
    pub values: &'a BTreeMap<String, String>,
    pub errors: &'a [FieldError],
    pub context: &'a Context,
    /// Registry facts shown read-only on the first step.
    pub prefilled: Vec<(String, String)>,
    pub on_behalf: Option<&'a OnBehalf>,
}

/// An application a parent makes for their child under 14: who applies, and for whom.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OnBehalf {
    pub applicant: String,
    pub child: String,
}

/// Said on every page of a parent's application for their child, so that nobody answers for the
/// wrong person.
fn applying_for_child(lang: Lang, on_behalf: Option<&OnBehalf>) -> Option<AnyView> {
    let text = strings(lang);
    on_behalf.map(|on_behalf| {
        view! {
            <div class="panel">
                <p>{text.applying_for_child} " " <strong>{on_behalf.child.clone()}</strong></p>
            </div>
        }
        .into_any()
    })
}

/// Who applied and for whom, as rows of a summary list.
fn on_behalf_rows(lang: Lang, on_behalf: Option<&OnBehalf>) -> Option<AnyView> {
    let text = strings(lang);
    on_behalf.map(|on_behalf| {
        view! {
            {summary_row(text.submitted_by.to_string(), on_behalf.applicant.clone(), None)}
            {summary_row(text.on_behalf_of.to_string(), on_behalf.child.clone(), None)}
        }
        .into_any()
    })
}

/// Whose registry details a page shows: the citizen's, or their child's.
fn details_heading(lang: Lang, on_behalf: Option<&OnBehalf>) -> &'static str {
    let text = strings(lang);
    if on_behalf.is_some() {
        text.child_details
    } else {
        text.your_details
    }
}

pub fn step_page(lang: Lang, page: StepPage<'_>) -> AnyView {
    let text = strings(lang);
    let prefilled = (!page.prefilled.is_empty()).then(|| {
        let rows = page
            .prefilled
            .iter()
            .map(|(label, value)| summary_row(label.clone(), value.clone(), None))
            .collect_view();
        view! {
            <h2 class="heading-m">{details_heading(lang, page.on_behalf)}</h2>
            <p class="hint">{text.from_registry}</p>
            <dl class="summary-list">{rows}</dl>
            <p><a href="/account/report-error">{text.report_error_link}</a></p>
        }
    });
    // Only a step with a document question needs the multipart encoding.
    let enctype = page
        .step
        .questions
        .iter()
        .any(|question| matches!(question.kind, Kind::Document(_)))
        .then_some("multipart/form-data");
    let questions = page
        .step
        .questions
        .iter()
        .map(|question| field(lang, question, page.values, page.errors, page.context))
        .collect_view();
    view! {
        <p><a class="back-link" href=page.back>{text.back}</a></p>
        {error_summary(lang, page.errors)}
        <span class="caption">{page.service_name.to_string()}</span>
        <h1 class="heading-l">{page.step.title.get(lang)}</h1>
        {applying_for_child(lang, page.on_behalf)}
        {prefilled}
        <form method="post" action=page.action enctype=enctype novalidate>
            {questions}
            <button type="submit" class="button">{text.continue_button}</button>
        </form>
    }
    .into_any()
}

/// The value a field shows for a stored answer (dates as people write them).
pub fn display_value(question: &Question, stored: &str) -> String {
    match question.kind {
        Kind::Date { .. } => display_date(stored, Lang::Vi),
        Kind::Document(_) => domain::engine::documents::shown_name(stored).to_string(),
        _ => stored.to_string(),
    }
}

fn field(
    lang: Lang,
    question: &'static Question,
    values: &BTreeMap<String, String>,
    errors: &[FieldError],
    context: &Context,
) -> AnyView {
    let text = strings(lang);
    let optional = if question.optional {
        text.optional_suffix
    } else {
        ""
    };
    let label = format!("{}{optional}", question.label.get(lang));
    let hint = question.hint.map(|hint| hint.get(lang));
    let form_question = FormQuestion {
        id: question.id,
        label: &label,
        hint,
        errors,
    };
    let value = values.get(question.id).map(String::as_str).unwrap_or("");
    match question.kind {
        Kind::Choice(options) => {
            let choices = options.choices(context, lang);
            let pairs: Vec<(&str, &str)> = choices
                .iter()
                .map(|choice| (choice.value.as_str(), choice.label.as_str()))
                .collect();
            form_question.radios(&pairs, value)
        }
        Kind::Choices(options) => {
            let choices = options.choices(context, lang);
            let pairs: Vec<(&str, &str)> = choices
                .iter()
                .map(|choice| (choice.value.as_str(), choice.label.as_str()))
                .collect();
            let selected: Vec<&str> = value.split(',').collect();
            form_question.checkboxes(&pairs, &selected)
        }
        Kind::LongText { max_chars } => form_question.textarea(value, max_chars),
        Kind::Document(rules) => {
            let accept: Vec<&str> = rules.accept.iter().map(|kind| kind.extensions()).collect();
            let rules_text = rules.describe();
            form_question.file(
                &accept.join(","),
                rules_text.get(lang),
                value,
                text.uploaded_file,
            )
        }
        Kind::Text { max_chars } => form_question.input("text", value, Some(max_chars), None, None),
        Kind::PersonName { max_chars } => {
            form_question.input("text", value, Some(max_chars), None, Some("off"))
        }
        Kind::Date { .. } => {
            form_question.input("text", value, Some(10), Some("numeric"), Some("off"))
        }
        Kind::Number { .. } => {
            form_question.input("text", value, Some(15), Some("numeric"), Some("off"))
        }
        Kind::PersonalId => {
            form_question.input("text", value, Some(15), Some("numeric"), Some("off"))
        }
        Kind::Code(rules) => form_question.input(
            "text",
            value,
            Some(rules.input_chars),
            rules.numeric.then_some("numeric"),
            Some("off"),
        ),
        Kind::Phone => form_question.input("tel", value, Some(15), Some("tel"), Some("tel")),
        Kind::Email => form_question.input("email", value, Some(254), Some("email"), Some("email")),
    }
}

/// A "Change" link: where it goes, its visible word, and the hidden name of what it changes, so
/// that a screen reader announces "Change full name" rather than a row of "Change".
pub struct ChangeLink {
    pub href: String,
    pub visible: &'static str,
    pub hidden: String,
}

fn summary_row(label: String, value: String, change: Option<ChangeLink>) -> impl IntoView {
    let change = change.map(|link| {
        view! {
            <dd class="summary-list__action">
                <a href=link.href>{link.visible}<span class="visually-hidden">" " {link.hidden}</span></a>
            </dd>
        }
    });
    view! {
        <div class="summary-list__row">
            <dt>{label}</dt>
            <dd>{value}</dd>
            {change}
        </div>
    }
}

/// One answered question on the check page: its label, the answer as shown, and where to change it.
pub struct AnswerRow {
    pub label: String,
    pub value: String,
    pub change_href: String,
}

pub struct CheckPage<'a> {
    pub action: String,
    pub back: String,
    pub service_name: &'a str,
    pub prefilled: Vec<(String, String)>,
    pub answers: Vec<AnswerRow>,
    pub fee_vnd: Option<u64>,
    pub definition: &'static Definition,
    pub errors: &'a [FieldError],
    pub on_behalf: Option<&'a OnBehalf>,
}

pub fn check_page(lang: Lang, page: CheckPage<'_>) -> AnyView {
    let text = strings(lang);
    let prefilled = page
        .prefilled
        .into_iter()
        .map(|(label, value)| summary_row(label, value, None))
        .collect_view();
    let answers = page
        .answers
        .into_iter()
        .map(|row| {
            let change = ChangeLink {
                href: row.change_href,
                visible: text.change,
                hidden: row.label.to_lowercase(),
            };
            summary_row(row.label, row.value, Some(change))
        })
        .collect_view();
    let fee = page.fee_vnd.map(|fee| {
        view! {
            <h2 class="heading-m">{text.fee_to_pay}</h2>
            <p class="lead">{display_vnd(fee)}</p>
        }
    });
    let submit = if page.fee_vnd.is_some() {
        text.pay_and_submit
    } else {
        text.submit_application
    };
    let declaration = FormQuestion {
        id: "declaration",
        label: "",
        hint: None,
        errors: page.errors,
    };
    view! {
        <p><a class="back-link" href=page.back>{text.back}</a></p>
        {error_summary(lang, page.errors)}
        <span class="caption">{page.service_name.to_string()}</span>
        <h1 class="heading-l">{text.check_answers_title}</h1>
        {applying_for_child(lang, page.on_behalf)}
        <h2 class="heading-m">{details_heading(lang, page.on_behalf)}</h2>
        <dl class="summary-list">{on_behalf_rows(lang, page.on_behalf)}{prefilled}</dl>
        <h2 class="heading-m">{text.your_answers}</h2>
        <dl class="summary-list">{answers}</dl>
        {fee}
        <h2 class="heading-m">{text.declaration_title}</h2>
        <form method="post" action=page.action novalidate>
            {declaration.checkbox(page.definition.declaration.get(lang))}
            <button type="submit" class="button">{submit}</button>
        </form>
    }
    .into_any()
}

pub struct ConfirmationPage<'a> {
    pub application_id: &'a str,
    pub reference: &'a str,
    pub time_limit: &'a str,
    pub on_behalf: Option<&'a OnBehalf>,
}

pub fn confirmation(lang: Lang, page: ConfirmationPage<'_>) -> AnyView {
    let text = strings(lang);
    view! {
        <div class="panel panel--success">
            <h1 class="heading-l">{text.confirmation_title}</h1>
            <p>{text.reference_label}</p>
            <p class="reference">{page.reference.to_string()}</p>
        </div>
        {page.on_behalf.map(|_| view! { <dl class="summary-list">{on_behalf_rows(lang, page.on_behalf)}</dl> })}
        <h2 class="heading-m">{text.what_next}</h2>
        <p>{text.what_next_body} " " {page.time_limit.to_string()}</p>
        <p><a href=format!("/applications/{}/receipt.pdf", page.application_id)>{text.receipt_link}</a></p>
        <p><a href=format!("/applications/{}", page.application_id)>{text.view_application}</a></p>
    }
    .into_any()
}

/// A row of the citizen's list of applications.
pub struct ListedApplication {
    pub href: String,
    pub service_name: String,
    pub reference: Option<String>,
    pub status: String,
    pub updated: String,
    /// For drafts: until when they are kept.
    pub expires: Option<String>,
    /// The child's name, when a parent applied for their child.
    pub for_child: Option<String>,
}

pub fn application_list(lang: Lang, applications: Vec<ListedApplication>) -> AnyView {
    let text = strings(lang);
    if applications.is_empty() {
        return view! { <p>{text.no_applications}</p> }.into_any();
    }
    let rows = applications
        .into_iter()
        .map(|application| {
            let expires = application
                .expires
                .map(|date| view! { <br /><span class="hint">{text.draft_expires} " " {date}</span> });
            view! {
                <tr>
                    <td>
                        <a href=application.href>{application.service_name}</a>
                        {application.reference.map(|reference| view! { <br /><span>{reference}</span> })}
                        {application.for_child.map(|child| view! { <br /><span class="hint">{text.on_behalf_of} ": " {child}</span> })}
                    </td>
                    <td>{application.status}{expires}</td>
                    <td>{application.updated}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="table">
            <thead>
                <tr>
                    <th scope="col">{text.service_label}</th>
                    <th scope="col">{text.status_label}</th>
                    <th scope="col">{text.updated_label}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}

/// The agency's request for more information on an application, with the answer given or the
/// form to give it.
pub struct InformationRequested {
    pub request: String,
    /// The answer, once given, and the name of the paper sent with it.
    pub answer: Option<(String, Option<String>)>,
    /// While the answer is awaited.
    pub form: Option<AnswerForm>,
}

pub struct AnswerForm {
    pub action: String,
    /// The answer as typed, kept when it is refused.
    pub value: String,
    /// The paper that may be attached: the file picker's `accept` and the rules in words.
    pub document: Option<(String, String)>,
    pub errors: Vec<FieldError>,
}

fn information_requested(lang: Lang, information: InformationRequested) -> AnyView {
    let text = strings(lang);
    if let Some((answer, document)) = information.answer {
        let document =
            document.map(|name| summary_row(text.information_attached.to_string(), name, None));
        return view! {
            <h2 class="heading-m">{text.information_given}</h2>
            <dl class="summary-list">
                {summary_row(text.information_asked.to_string(), information.request, None)}
                {summary_row(text.information_answer.to_string(), answer, None)}
                {document}
            </dl>
        }
        .into_any();
    }
    let form = information.form.map(|form| {
        let answer = FormQuestion {
            id: "answer",
            label: text.information_answer,
            hint: Some(text.information_answer_hint),
            errors: &form.errors,
        };
        let document_label = format!("{}{}", text.information_document, text.optional_suffix);
        let document = form.document.as_ref().map(|(accept, rules)| {
            let question = FormQuestion {
                id: "document",
                label: &document_label,
                hint: None,
                errors: &form.errors,
            };
            question.file(accept, rules, "", text.uploaded_file)
        });
        let enctype = form.document.is_some().then_some("multipart/form-data");
        view! {
            <form method="post" action=form.action.clone() enctype=enctype novalidate>
                {answer.textarea(&form.value, FREE_TEXT_MAX_CHARS)}
                {document}
                <button type="submit" class="button">{text.information_send}</button>
            </form>
        }
    });
    view! {
        <div class="panel panel--warning">
            <h2 class="heading-m">{text.information_title}</h2>
            <p>{information.request}</p>
        </div>
        {form}
    }
    .into_any()
}

pub struct ApplicationPage {
    pub service_name: String,
    pub reference: Option<String>,
    pub status: String,
    /// Where the draft is resumed (a POST: resuming reads the registry again).
    pub continue_href: Option<String>,
    pub timeline: Vec<(String, String)>,
    pub outcome: Vec<(String, String)>,
    pub answers: Vec<(String, String)>,
    pub receipt_href: Option<String>,
    pub decision_href: Option<String>,
    pub on_behalf: Option<OnBehalf>,
    pub information: Option<InformationRequested>,
}

pub fn application(lang: Lang, page: ApplicationPage) -> AnyView {
    let text = strings(lang);
    let timeline = page
        .timeline
        .into_iter()
        .map(|(when, note)| view! { <li><strong>{when}</strong><br />{note}</li> })
        .collect_view();
    let outcome = (!page.outcome.is_empty()).then(|| {
        let rows = page
            .outcome
            .into_iter()
            .map(|(label, value)| summary_row(label, value, None))
            .collect_view();
        view! {
            <h2 class="heading-m">{text.outcome_title}</h2>
            <dl class="summary-list">{rows}</dl>
        }
    });
    let answers = page
        .answers
        .into_iter()
        .map(|(label, value)| summary_row(label, value, None))
        .collect_view();
    let errors = page
        .information
        .as_ref()
        .and_then(|information| information.form.as_ref())
        .map(|form| error_summary(lang, &form.errors));
    let information = page
        .information
        .map(|information| information_requested(lang, information));
    view! {
        {errors}
        <span class="caption">{page.service_name.clone()}</span>
        <h1 class="heading-l">{page.reference.clone().unwrap_or(page.service_name)}</h1>
        <dl class="summary-list">
            {summary_row(text.status_label.to_string(), page.status, None)}
            {on_behalf_rows(lang, page.on_behalf.as_ref())}
        </dl>
        {information}
        {page.continue_href.map(|action| view! {
            <form method="post" action=action>
                <button type="submit" class="button">{text.continue_draft}</button>
            </form>
        })}
        {outcome}
        <h2 class="heading-m">{text.timeline_title}</h2>
        <ol class="timeline">{timeline}</ol>
        <h2 class="heading-m">{text.your_answers}</h2>
        <dl class="summary-list">{answers}</dl>
        {page.receipt_href.map(|href| view! { <p><a href=href>{text.receipt_link}</a></p> })}
        {page.decision_href.map(|href| view! { <p><a href=href>{text.decision_document_link}</a></p> })}
    }
    .into_any()
}

/// The question asked before a draft exists when a parent could apply for a child: for whom.
pub struct WhomPage<'a> {
    pub action: String,
    pub back: String,
    pub service_name: &'a str,
    /// The value each choice posts (`myself`, or a child's ID number) and how it reads.
    pub choices: Vec<(String, String)>,
    pub errors: &'a [FieldError],
}

/// Marks the form that answers "whom is it for", posted to the same address as the start page's
/// button: a citizen who chose nobody is told to choose, not asked again.
pub const WHOM_ASKED: &str = "whom_asked";

pub fn whom_page(lang: Lang, page: WhomPage<'_>) -> AnyView {
    let text = strings(lang);
    let pairs: Vec<(&str, &str)> = page
        .choices
        .iter()
        .map(|(value, label)| (value.as_str(), label.as_str()))
        .collect();
    let question = FormQuestion {
        id: "applying_for",
        label: text.whom_label,
        hint: Some(text.whom_hint),
        errors: page.errors,
    };
    view! {
        <p><a class="back-link" href=page.back>{text.back}</a></p>
        {error_summary(lang, page.errors)}
        <span class="caption">{page.service_name.to_string()}</span>
        <h1 class="heading-l">{text.whom_title}</h1>
        <form method="post" action=page.action novalidate>
            <input type="hidden" name=WHOM_ASKED value="yes"/>
            {question.radios(&pairs, "")}
            <button type="submit" class="button">{text.continue_button}</button>
        </form>
    }
    .into_any()
}

/// A page that says why the citizen cannot go on, and what to do.
pub fn not_possible(lang: Lang, service_name: &str, title: &str, reason: &str) -> AnyView {
    let text = strings(lang);
    view! {
        <span class="caption">{service_name.to_string()}</span>
        <h1 class="heading-l">{title.to_string()}</h1>
        <p>{reason.to_string()}</p>
        <p><a href="/account">{text.my_account}</a></p>
    }
    .into_any()
}

/// A second application about what an open one concerns: why not, and the way to the open one
/// when it is the citizen's own (`link`).
pub fn already_open(lang: Lang, service_name: &str, link: Option<String>) -> AnyView {
    let text = strings(lang);
    let (reason, link) = match link {
        Some(href) => (
            text.already_open_own,
            Some(view! { <p><a href=href>{text.already_open_link}</a></p> }),
        ),
        None => (text.already_open_other, None),
    };
    view! {
        <span class="caption">{service_name.to_string()}</span>
        <h1 class="heading-l">{text.already_open_title}</h1>
        <p>{reason}</p>
        {link}
        <p><a href="/applications">{text.applications_title}</a></p>
    }
    .into_any()
}

/// The payment did not go through: nothing is lost, and the citizen can pay again.
pub fn payment_failed(lang: Lang, application_id: &str) -> AnyView {
    let text = strings(lang);
    view! {
        <h1 class="heading-l">{text.payment_failed_title}</h1>
        <p>{text.payment_failed_body}</p>
        <form method="post" action=format!("/applications/{application_id}/submit")>
            <input type="hidden" name="declaration" value="yes" />
            <button type="submit" class="button">{text.pay_again}</button>
        </form>
        <p><a href=format!("/applications/{application_id}")>{text.view_application}</a></p>
    }
    .into_any()
}

pub fn applications_page(lang: Lang, applications: Vec<ListedApplication>) -> AnyView {
    let text = strings(lang);
    view! {
        <h1 class="heading-xl">{text.applications_title}</h1>
        {application_list(lang, applications)}
    }
    .into_any()
}

/// A complete draft that cannot be sent yet: why, and a way to check again once the registry has
/// what is missing. The answers stay saved.
pub fn waiting(lang: Lang, service_name: &str, reason: &str, application_id: &str) -> AnyView {
    let text = strings(lang);
    view! {
        <span class="caption">{service_name.to_string()}</span>
        <h1 class="heading-l">{text.waiting_title}</h1>
        <div class="panel panel--warning"><p>{reason.to_string()}</p></div>
        <p>{text.waiting_saved}</p>
        <form method="post" action=format!("/applications/{application_id}/refresh")>
            <button type="submit" class="button">{text.check_again}</button>
        </form>
    }
    .into_any()
}

/// The verification page of a decision document's QR code.
pub fn verification(
    lang: Lang,
    genuine: bool,
    service_name: &str,
    reference: &str,
    lines: Vec<(String, String)>,
) -> AnyView {
    let text = strings(lang);
    if !genuine {
        return view! {
            <h1 class="heading-l">{text.verify_not_genuine_title}</h1>
            <div class="panel panel--warning"><p>{text.verify_not_genuine_body}</p></div>
        }
        .into_any();
    }
    let rows = lines
        .into_iter()
        .map(|(label, value)| summary_row(label, value, None))
        .collect_view();
    view! {
        <div class="panel panel--success">
            <h1 class="heading-l">{text.verify_genuine_title}</h1>
            <p>{service_name.to_string()} " — " {reference.to_string()}</p>
        </div>
        <dl class="summary-list">{rows}</dl>
    }
    .into_any()
}
