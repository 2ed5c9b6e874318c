//! The citizen's own pages: their details from the population database (read-only, with a way to
//! report an error), their household, the children they may act for, and their applications.

use crate::forms::{error_summary, FieldError, Question};
use crate::strings::{strings, Strings, FREE_TEXT_MAX_CHARS};
use domain::catalogue::Service;
use domain::definitions::common::display_date;
use domain::records::{Household, Person, Relative};
use domain::text::Lang;
use leptos::prelude::*;

pub struct AccountPage {
    pub assurance_level: u8,
    /// `None` when the registry could not be reached.
    pub person: Option<Person>,
    pub household: Option<Household>,
    pub children_under_14: Vec<Relative>,
    pub applications: Vec<crate::journey::ListedApplication>,
    /// Requests waiting for the citizen's agreement: their id and what is asked.
    pub tasks: Vec<(String, String)>,
    /// Messages to the citizen: when, what, and where to act.
    pub notifications: Vec<(String, String, String)>,
}

fn sex(text: &Strings, code: &str) -> &'static str {
    match code {
        "female" => text.female,
        _ => text.male,
    }
}

fn row(label: &'static str, value: String) -> impl IntoView {
    view! {
        <div class="summary-list__row">
            <dt>{label}</dt>
            <dd>{value}</dd>
        </div>
    }
}

pub fn account(lang: Lang, page: AccountPage) -> AnyView {
    let text = strings(lang);
    let level = if page.assurance_level >= 2 {
        text.level_2
    } else {
        text.level_1
    };
    let details = match &page.person {
        None => view! { <div class="panel panel--warning" role="status"><p>{text.registry_unavailable}</p></div> }.into_any(),
        Some(person) => {
            let temporary = person.temporary_residence.as_ref().map_or_else(
                || text.not_recorded.to_string(),
                |t| format!("{} ({} {})", t.address.full, text.until, display_date(&t.until, lang)),
            );
            view! {
                <p class="hint">{text.from_registry}</p>
                <dl class="summary-list">
                    {row(text.full_name, person.full_name.clone())}
                    {row(text.personal_id, person.personal_id.clone())}
                    {row(text.date_of_birth, display_date(&person.date_of_birth, lang))}
                    {row(text.sex, sex(text, &person.sex).to_string())}
                    {row(text.place_of_birth, person.place_of_birth.clone())}
                    {row(text.home_town, person.home_town.clone())}
                    {row(text.ethnicity, person.ethnicity.clone())}
                    {row(text.religion, person.religion.clone())}
                    {row(text.nationality, person.nationality.clone())}
                    {row(text.marital_status, person.marital_status.clone())}
                    {row(
                        text.permanent_residence,
                        person.permanent_residence.as_ref().map_or_else(|| text.not_recorded.to_string(), |a| a.full.clone()),
                    )}
                    {row(text.temporary_residence, temporary)}
                </dl>
                <p>
                    <a href="/account/report-error">{text.report_error_link}</a>
                </p>
            }
            .into_any()
        }
    };
    let household = page.household.map(|household| {
        let members = household
            .members
            .into_iter()
            .map(|member| {
                view! {
                    <li>
                        {member.full_name} " — " {display_date(&member.date_of_birth, lang)} " — "
                        {text.relation_to_head} ": " {member.relation_to_head}
                    </li>
                }
            })
            .collect_view();
        view! {
            <h2 class="heading-m">{text.household}</h2>
            <p>{text.household_file} ": " {household.residence_file_number} " — " {household.address.full}</p>
            <ul class="list">{members}</ul>
        }
    });
    let children = if page.children_under_14.is_empty() {
        view! { <p>{text.no_children}</p> }.into_any()
    } else {
        let items = page
            .children_under_14
            .into_iter()
            .map(|child| view! { <li>{child.full_name} " — " {display_date(&child.date_of_birth, lang)}</li> })
            .collect_view();
        view! { <ul class="list">{items}</ul> }.into_any()
    };
    let notifications = (!page.notifications.is_empty()).then(|| {
        let items = page
            .notifications
            .into_iter()
            .map(|(when, subject, link)| {
                view! {
                    <li>
                        <span class="hint">{when}</span>
                        <br />
                        <a href=link>{subject}</a>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="panel panel--success" role="region" aria-labelledby="notifications-title">
                <h2 id="notifications-title" class="heading-m">{text.notifications_title}</h2>
                <ul class="list">{items}</ul>
            </div>
        }
    });
    let tasks = (!page.tasks.is_empty()).then(|| {
        let items = page
            .tasks
            .into_iter()
            .map(|(id, request)| {
                let action = format!("/consents/{id}");
                view! {
                    <li class="task">
                        <p>{request}</p>
                        <form method="post" action=action.clone() class="task__answer">
                            <input type="hidden" name="answer" value="accept" />
                            <button type="submit" class="button">{text.agree}</button>
                        </form>
                        <form method="post" action=action class="task__answer">
                            <input type="hidden" name="answer" value="refuse" />
                            <button type="submit" class="button button--secondary">{text.disagree}</button>
                        </form>
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="panel panel--warning" role="region" aria-labelledby="tasks-title">
                <h2 id="tasks-title" class="heading-m">{text.tasks_title}</h2>
                <ul class="list list--plain">{items}</ul>
            </div>
        }
    });
    view! {
        <h1 class="heading-xl">{text.my_account}</h1>
        {tasks}
        {notifications}
        <dl class="summary-list">{row(text.assurance_level, level.to_string())}</dl>
        <h2 class="heading-m">{text.your_details}</h2>
        {details}
        {household}
        <h2 class="heading-m">{text.children_title}</h2>
        {children}
        <h2 class="heading-m">{text.applications_title}</h2>
        {crate::journey::application_list(lang, page.applications)}
    }
    .into_any()
}

/// What a citizen may say is wrong, with the value the form posts.
pub fn report_options(lang: Lang) -> Vec<(&'static str, &'static str)> {
    let text = strings(lang);
    vec![
        ("name", text.full_name),
        ("date_of_birth", text.date_of_birth),
        ("residence", text.permanent_residence),
        ("household", text.household),
        ("other", text.other_detail),
    ]
}

pub fn report_error(lang: Lang, errors: &[FieldError], which: &str, details: &str) -> AnyView {
    let text = strings(lang);
    let options = report_options(lang);
    let which_question = Question {
        id: "which",
        label: text.report_which,
        hint: None,
        errors,
    };
    let details_question = Question {
        id: "details",
        label: text.report_details,
        hint: Some(text.report_details_hint),
        errors,
    };
    view! {
        {error_summary(lang, errors)}
        <h1 class="heading-xl">{text.report_title}</h1>
        <form method="post" action="/account/report-error" novalidate>
            {which_question.radios(&options, which)}
            {details_question.textarea(details, FREE_TEXT_MAX_CHARS)}
            <button type="submit" class="button">{text.report_send}</button>
        </form>
    }
    .into_any()
}

pub fn report_sent(lang: Lang) -> AnyView {
    let text = strings(lang);
    view! {
        <div class="panel panel--success">
            <h1 class="heading-l">{text.report_sent_title}</h1>
        </div>
        <p>{text.report_sent_body}</p>
        <p><a href="/account">{text.back_to_account}</a></p>
    }
    .into_any()
}

pub fn sign_in_failed(lang: Lang) -> AnyView {
    let text = strings(lang);
    view! {
        <h1 class="heading-xl">{text.sign_in_failed_title}</h1>
        <p>{text.sign_in_failed_body}</p>
        <p><a class="button" href="/auth/login">{text.try_again}</a></p>
    }
    .into_any()
}

pub fn upgrade_needed(lang: Lang) -> AnyView {
    let text = strings(lang);
    view! {
        <h1 class="heading-xl">{text.upgrade_title}</h1>
        <p>{text.upgrade_body}</p>
        <p>{text.upgrade_how}</p>
        <p>{text.upgrade_meanwhile}</p>
        <p><a href="/account">{text.my_account}</a></p>
    }
    .into_any()
}

pub fn service_not_online(lang: Lang, service: &Service) -> AnyView {
    let text = strings(lang);
    view! {
        <h1 class="heading-xl">{service.name.get(lang)}</h1>
        <div class="panel"><p><strong>{text.service_not_online_title}</strong></p><p>{text.service_not_online_body}</p></div>
        <p><a href=format!("/services/{}", service.slug)>{service.name.get(lang)}</a></p>
    }
    .into_any()
}
