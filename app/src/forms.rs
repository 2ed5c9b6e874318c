//! Form building blocks in the GOV.UK manner: a label above each field, the hint and the error
//! linked to it with `aria-describedby`, and an error summary at the top whose links move focus
//! to the field.

use crate::strings::strings;
use domain::text::Lang;
use leptos::prelude::*;

/// A message about one field, shown beside it and in the summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

/// The summary at the top of a page whose form was refused; nothing when there are no errors.
pub fn error_summary(lang: Lang, errors: &[FieldError]) -> Option<AnyView> {
    if errors.is_empty() {
        return None;
    }
    let items = errors
        .iter()
        .map(|error| {
            view! {
                <li>
                    <a href=format!("#{}", error.field)>{error.message.clone()}</a>
                </li>
            }
        })
        .collect_view();
    Some(
        view! {
            <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1">
                <h2 id="error-summary-title" class="error-summary__title">{strings(lang).error_summary_title}</h2>
                <ul class="error-summary__list">{items}</ul>
            </div>
        }
        .into_any(),
    )
}

/// The page title, prefixed with "Error: " when the form was refused, so that a screen reader
/// hears it first.
pub fn title(lang: Lang, title: &str, errors: &[FieldError]) -> String {
    if errors.is_empty() {
        title.to_string()
    } else {
        format!("{}: {title}", strings(lang).error_prefix)
    }
}

fn error_for<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a FieldError> {
    errors.iter().find(|error| error.field == field)
}

/// A question with a label, an optional hint, its error and the control itself.
pub struct Question<'a> {
    pub id: &'static str,
    pub label: &'a str,
    pub hint: Option<&'a str>,
    pub errors: &'a [FieldError],
}

impl Question<'_> {
    fn described_by(&self) -> Option<String> {
        let hint = self.hint.map(|_| format!("{}-hint", self.id));
        let error = error_for(self.errors, self.id).map(|_| format!("{}-error", self.id));
        let ids: Vec<String> = hint.into_iter().chain(error).collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }

    fn parts(&self) -> (Option<AnyView>, Option<AnyView>, &'static str) {
        let hint = self.hint.map(|hint| {
            view! { <p id=format!("{}-hint", self.id) class="hint">{hint.to_string()}</p> }
                .into_any()
        });
        let error = error_for(self.errors, self.id).map(|error| {
            view! {
                <p id=format!("{}-error", self.id) class="field-error">{error.message.clone()}</p>
            }
            .into_any()
        });
        let class = if error.is_some() {
            "field field--error"
        } else {
            "field"
        };
        (hint, error, class)
    }

    /// A one-line input. `inputmode` brings up the right keyboard on phones; `autocomplete` lets
    /// the browser fill what it knows (or stops it where that would be wrong).
    pub fn input(
        &self,
        input_type: &'static str,
        value: &str,
        max_chars: Option<usize>,
        inputmode: Option<&'static str>,
        autocomplete: Option<&'static str>,
    ) -> AnyView {
        let (hint, error, class) = self.parts();
        let invalid = error.is_some().then_some("true");
        let input_class = if error.is_some() {
            "input input--error"
        } else {
            "input"
        };
        view! {
            <div class=class>
                <label class="label" for=self.id>{self.label.to_string()}</label>
                {hint}
                {error}
                <input
                    id=self.id
                    name=self.id
                    type=input_type
                    class=input_class
                    value=value.to_string()
                    maxlength=max_chars.map(|max| max.to_string())
                    inputmode=inputmode
                    autocomplete=autocomplete
                    spellcheck=(input_type == "email").then_some("false")
                    aria-describedby=self.described_by()
                    aria-invalid=invalid
                />
            </div>
        }
        .into_any()
    }

    /// A file picker whose hint states the rules; a file already uploaded is named, and kept
    /// unless another is chosen.
    pub fn file(&self, accept: &str, rules: &str, current: &str, uploaded_label: &str) -> AnyView {
        let (hint, error, class) = self.parts();
        let invalid = error.is_some().then_some("true");
        let current = (!current.is_empty()).then(|| {
            view! { <p class="hint" id=format!("{}-current", self.id)>{uploaded_label.to_string()} ": " <strong>{current.to_string()}</strong></p> }
        });
        let rules_id = format!("{}-rules", self.id);
        let described = [self.described_by(), Some(rules_id.clone())]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        view! {
            <div class=class>
                <label class="label" for=self.id>{self.label.to_string()}</label>
                {hint}
                <p class="hint" id=rules_id>{rules.to_string()}</p>
                {current}
                {error}
                <input
                    id=self.id
                    name=self.id
                    type="file"
                    class="file-input"
                    accept=accept.to_string()
                    aria-describedby=described
                    aria-invalid=invalid
                />
            </div>
        }
        .into_any()
    }

    /// A single checkbox whose label is `statement` (for a declaration the citizen confirms).
    pub fn checkbox(&self, statement: &str) -> AnyView {
        let (_, error, class) = self.parts();
        view! {
            <div class=class>
                {error}
                <div class="checkbox">
                    <input
                        type="checkbox"
                        class="checkbox__input"
                        id=self.id
                        name=self.id
                        value="yes"
                        aria-describedby=self.described_by()
                    />
                    <label class="checkbox__label" for=self.id>{statement.to_string()}</label>
                </div>
            </div>
        }
        .into_any()
    }

    pub fn textarea(&self, value: &str, max_chars: usize) -> AnyView {
        let (hint, error, class) = self.parts();
        let invalid = error.is_some().then_some("true");
        view! {
            <div class=class>
                <label class="label" for=self.id>{self.label.to_string()}</label>
                {hint}
                {error}
                <textarea
                    id=self.id
                    name=self.id
                    class="input textarea"
                    rows="5"
                    maxlength=max_chars.to_string()
                    aria-describedby=self.described_by()
                    aria-invalid=invalid
                >
                    // Leptos writes a textarea's text as it is (like a script's), so a typed
                    // `</textarea>` would end it and what follows would become markup: escaped
                    // here, and the browser shows the text exactly as typed.
                    {escape_text(value)}
                </textarea>
            </div>
        }
        .into_any()
    }

    /// Checkboxes in a fieldset whose legend is the question, for questions that take several
    /// answers; `selected` holds the chosen values.
    pub fn checkboxes(&self, options: &[(&str, &str)], selected: &[&str]) -> AnyView {
        self.choices("checkbox", options, |value| selected.contains(&value))
    }

    /// Radio buttons in a fieldset whose legend is the question.
    pub fn radios(&self, options: &[(&str, &str)], selected: &str) -> AnyView {
        self.choices("radio", options, |value| value == selected)
    }

    /// A fieldset of radio buttons or checkboxes (`kind`), the legend being the question.
    fn choices(
        &self,
        kind: &'static str,
        options: &[(&str, &str)],
        checked: impl Fn(&str) -> bool,
    ) -> AnyView {
        let (hint, error, class) = self.parts();
        let inputs = options
            .iter()
            .enumerate()
            .map(|(index, (value, label))| {
                // The first input carries the question's id so that the summary link lands on it.
                let id = if index == 0 {
                    self.id.to_string()
                } else {
                    format!("{}-{value}", self.id)
                };
                view! {
                    <div class=kind>
                        <input
                            type=kind
                            class=format!("{kind}__input")
                            id=id.clone()
                            name=self.id
                            value=value.to_string()
                            checked=checked(value)
                        />
                        <label class=format!("{kind}__label") for=id>{label.to_string()}</label>
                    </div>
                }
            })
            .collect_view();
        view! {
            <div class=class>
                <fieldset class="fieldset" aria-describedby=self.described_by()>
                    <legend class="fieldset__legend">{self.label.to_string()}</legend>
                    {hint}
                    {error}
                    {inputs}
                </fieldset>
            </div>
        }
        .into_any()
    }
}

/// Text made safe inside an element whose content the renderer does not escape.
fn escape_text(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
