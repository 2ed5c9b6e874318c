//! Page bodies. Each takes what the server already looked up and returns a view; none does I/O.

use crate::finder::{FinderEntry, FinderGroup, ServiceFinder};
use crate::strings::strings;
use domain::catalogue::{self, LifeEvent, Service};
use domain::engine::Subject;
use domain::text::Lang;
use leptos::prelude::*;

/// The home page: the catalogue grouped by life event, with the search box.
pub fn home(lang: Lang, query: String) -> AnyView {
    let text = strings(lang);
    let groups = LifeEvent::ALL
        .into_iter()
        .map(|event| FinderGroup {
            slug: event.slug().to_string(),
            title: event.title().get(lang).to_string(),
            services: catalogue::in_life_event(event)
                .map(|service| FinderEntry {
                    slug: service.slug.to_string(),
                    name: service.name.get(lang).to_string(),
                    summary: service.summary.get(lang).to_string(),
                })
                .collect(),
        })
        .collect::<Vec<_>>();
    view! {
        <h1 class="heading-xl">{text.home_title}</h1>
        <p class="lead">{text.home_lead}</p>
        <ServiceFinder lang=lang query=query groups=groups />
    }
    .into_any()
}

/// A service's start page: what it is, who may use it, what to prepare, fee and time limit.
pub fn service_start(lang: Lang, service: &'static Service) -> AnyView {
    let text = strings(lang);
    let needs = service
        .what_you_need
        .iter()
        .map(|need| view! { <li>{need.get(lang)}</li> })
        .collect_view();
    let procedure_code = service.procedure_code.map(|code| {
        view! {
            <dt>{text.service_procedure_code}</dt>
            <dd>{code}</dd>
        }
    });
    let for_child = domain::definitions::by_slug(service.slug)
        .is_some_and(|definition| definition.may_be_for(Subject::ChildUnder14))
        .then(|| view! { <p>{text.service_for_child}</p> });
    view! {
        <nav class="breadcrumbs" aria-label=text.breadcrumb_label>
            <ol>
                <li>
                    <a href="/">{text.home}</a>
                </li>
                <li>{service.life_event.title().get(lang)}</li>
            </ol>
        </nav>
        <h1 class="heading-xl">{service.name.get(lang)}</h1>
        <p class="lead">{service.summary.get(lang)}</p>
        <h2 class="heading-m">{text.service_who}</h2>
        <p>{service.who_can_use.get(lang)}</p>
        {for_child}
        <h2 class="heading-m">{text.service_needs}</h2>
        <ul class="list">{needs}</ul>
        <dl class="facts">
            <dt>{text.service_fee}</dt>
            <dd>{service.fee.get(lang)}</dd>
            <dt>{text.service_time_limit}</dt>
            <dd>{service.time_limit.get(lang)}</dd>
            <dt>{text.service_agency}</dt>
            <dd>{service.agency.name().get(lang)}</dd>
            {procedure_code}
        </dl>
        <p class="hint">{text.start_hint}</p>
        // Starting reads the registry and writes a draft: a form's POST, which another site
        // cannot make a browser send, never a link.
        <form method="post" action=format!("/services/{}/start", service.slug)>
            <button type="submit" class="button button--start">{text.start_now}</button>
        </form>
    }
    .into_any()
}

pub fn not_found(lang: Lang) -> AnyView {
    let text = strings(lang);
    view! {
        <h1 class="heading-xl">{text.not_found_title}</h1>
        <p>{text.not_found_body}</p>
        <p>
            <a href="/">{text.home}</a>
        </p>
    }
    .into_any()
}

pub fn server_error(lang: Lang, request_id: String) -> AnyView {
    let text = strings(lang);
    view! {
        <h1 class="heading-xl">{text.error_title}</h1>
        <p>{text.error_body}</p>
        <p>{text.error_reference}": " <code>{request_id}</code></p>
    }
    .into_any()
}
