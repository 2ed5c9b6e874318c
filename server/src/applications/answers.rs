//! A citizen's answers as people read them: each answered question with its value in words, on
//! the check page of a draft and on the page of a sent application.

use crate::store::applications::Application;
use app::journey::AnswerRow;
use domain::engine::{Definition, Kind};
use domain::text::Lang;

/// Each answered question as the check page and the application page show it.
pub fn answer_rows(
    definition: &'static Definition,
    application: &Application,
    lang: Lang,
) -> Vec<AnswerRow> {
    definition
        .asked_steps(&application.answers, &application.context)
        .into_iter()
        .flat_map(|step| step.questions.iter().map(move |question| (step, question)))
        .filter_map(|(step, question)| {
            let stored = application.answers.get(question.id)?;
            let value = match question.kind {
                Kind::Choice(options) => options
                    .choices(&application.context, lang)
                    .into_iter()
                    .find(|choice| choice.value == stored)
                    .map_or_else(|| stored.to_string(), |choice| choice.label),
                Kind::Choices(options) => options
                    .choices(&application.context, lang)
                    .into_iter()
                    .filter(|choice| application.answers.includes(question.id, &choice.value))
                    .map(|choice| choice.label)
                    .collect::<Vec<_>>()
                    .join("; "),
                Kind::Date { .. } => domain::definitions::common::display_date(stored, lang),
                Kind::Document(_) => domain::engine::documents::shown_name(stored).to_string(),
                _ => stored.to_string(),
            };
            Some(AnswerRow {
                label: question.label.get(lang).to_string(),
                value,
                change_href: format!("/applications/{}/{}", application.id, step.id),
            })
        })
        .collect()
}
