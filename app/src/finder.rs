//! The service finder: a search box over the catalogue. On the server it renders the results for
//! the submitted query (a plain GET form, so it works without JavaScript); once hydrated it filters
//! as the citizen types, with the count announced to screen readers.

use crate::strings::strings;
use domain::search;
use domain::text::Lang;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A life event with its services, in the language of the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinderGroup {
    pub slug: String,
    pub title: String,
    pub services: Vec<FinderEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FinderEntry {
    pub slug: String,
    pub name: String,
    pub summary: String,
}

impl FinderEntry {
    fn matches(&self, query: &str) -> bool {
        search::matches(
            query,
            &search::fold(&format!("{} {}", self.name, self.summary)),
        )
    }
}

#[island]
pub fn ServiceFinder(lang: Lang, query: String, groups: Vec<FinderGroup>) -> impl IntoView {
    let text = strings(lang);
    let (query, set_query) = signal(query);
    let visible = move || {
        let query = query.get();
        groups
            .iter()
            .filter_map(|group| {
                let services: Vec<FinderEntry> = group
                    .services
                    .iter()
                    .filter(|entry| entry.matches(&query))
                    .cloned()
                    .collect();
                (!services.is_empty()).then(|| FinderGroup {
                    services,
                    ..group.clone()
                })
            })
            .collect::<Vec<_>>()
    };
    let results = Memo::new(move |_| visible());
    let count =
        move || results.with(|groups| groups.iter().map(|g| g.services.len()).sum::<usize>());

    view! {
        <div role="search">
            <form method="get" action="/" class="finder">
                <label for="q" class="label">{text.search_label}</label>
                <p id="q-hint" class="hint">{text.search_hint}</p>
                <div class="finder__row">
                    <input
                        id="q"
                        name="q"
                        type="search"
                        class="input"
                        autocomplete="off"
                        aria-describedby="q-hint"
                        prop:value=move || query.get()
                        on:input=move |ev| set_query.set(event_target_value(&ev))
                    />
                    <button type="submit" class="button button--secondary">{text.search_button}</button>
                </div>
            </form>
        </div>
        <p class="finder__count" role="status">{move || text.results_count(count())}</p>
        <Show when=move || count() == 0>
            <p class="finder__empty">{text.no_results}</p>
        </Show>
        {move || {
            results
                .get()
                .into_iter()
                .map(|group| {
                    view! {
                        <section class="life-event" aria-labelledby=format!("event-{}", group.slug)>
                            <h2 id=format!("event-{}", group.slug) class="life-event__title">
                                {group.title}
                            </h2>
                            <ul class="service-list">
                                {group
                                    .services
                                    .into_iter()
                                    .map(|entry| {
                                        view! {
                                            <li class="service-list__item">
                                                <a
                                                    class="service-list__link"
                                                    href=format!("/services/{}", entry.slug)
                                                >
                                                    {entry.name}
                                                </a>
                                                <p class="service-list__summary">{entry.summary}</p>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        </section>
                    }
                })
                .collect_view()
        }}
    }
}
