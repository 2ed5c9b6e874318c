//! The driver's licences as the registry holds them: those that can still be exchanged, the one
//! chosen, how each is offered with the 2025 classes it becomes, and the case its data decides.

use crate::definitions::common::display_date;
use crate::engine::{Answers, Choice, Context, Records, Source};
use crate::licence::LicenceClass;
use crate::text::{Lang, Text};
use serde::Deserialize;

/// A driving licence as the registry holds it. Only its number is needed to offer it; what is
/// missing is shown as such.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(super) struct Licence {
    pub(super) licence_number: String,
    /// `replaced` once exchanged, `lost` once reported lost.
    status: Option<String>,
    /// `expired`, `expiring_soon` or `valid`.
    validity: Option<String>,
    /// `None` for licences with no expiry date.
    pub(super) expires_on: Option<String>,
    #[serde(default)]
    classes: Vec<ClassOnLicence>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct ClassOnLicence {
    code: LicenceClass,
}

impl Licence {
    pub(super) fn classes(&self) -> Vec<LicenceClass> {
        self.classes.iter().map(|class| class.code).collect()
    }

    fn is(&self, status: &str) -> bool {
        self.status.as_deref() == Some(status)
    }
}

/// The applicant's driving licences.
pub(super) const LICENCES: Records<Licence> =
    Records::new(Source::new("licences", "/v1/licences/list"));

/// The choice of a licence the registry does not list, typed in instead.
pub(super) const OTHER_LICENCE: &str = "other";

/// The citizen's licences that can still be exchanged (not already replaced).
fn exchangeable(context: &Context) -> impl Iterator<Item = Licence> {
    LICENCES
        .read(context)
        .into_iter()
        .filter(|licence| !licence.is("replaced"))
}

/// The licence chosen from the registry, when one was.
pub(super) fn chosen(answers: &Answers, context: &Context) -> Option<Licence> {
    let number = answers.get("licence")?;
    exchangeable(context).find(|licence| licence.licence_number == number)
}

pub(super) fn class_labels(licence: &Licence) -> String {
    licence
        .classes()
        .iter()
        .map(|class| class.label())
        .collect::<Vec<_>>()
        .join(", ")
}

fn validity(licence: &Licence, lang: Lang) -> String {
    let status = match (licence.status.as_deref(), licence.validity.as_deref()) {
        (Some("lost"), _) => Text::new("đã báo mất", "reported lost"),
        (_, Some("expired")) => Text::new("đã hết hạn", "expired"),
        (_, Some("expiring_soon")) => Text::new("sắp hết hạn", "expiring soon"),
        _ => Text::new("còn hạn", "valid"),
    };
    let expiry = licence.expires_on.as_deref().map_or_else(
        || {
            Text::new("không thời hạn", "no expiry date")
                .get(lang)
                .to_string()
        },
        |date| {
            format!(
                "{} {}",
                Text::new("hết hạn", "expires").get(lang),
                display_date(date, lang)
            )
        },
    );
    format!("{expiry} — {}", status.get(lang))
}

/// The exchange of old classes for 2025 classes, as the driver will see it on the new card.
fn exchange_summary(licence: &Licence, lang: Lang) -> String {
    licence
        .classes()
        .iter()
        .map(|class| {
            let exchange = class.exchange();
            let new = exchange.class.map_or("—", LicenceClass::label);
            let restriction = exchange
                .restriction
                .map(|restriction| restriction.get(lang));
            match restriction {
                Some(restriction) => format!("{} → {new} ({restriction})", class.label()),
                None => format!("{} → {new}", class.label()),
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub(super) fn licence_choices(context: &Context, lang: Lang) -> Vec<Choice> {
    exchangeable(context)
        .map(|licence| {
            let label = format!(
                "{} — {} {} — {} — {}: {}",
                licence.licence_number,
                Text::new("hạng", "class").get(lang),
                class_labels(&licence),
                validity(&licence, lang),
                Text::new("hạng trên giấy phép mới", "classes on the new licence").get(lang),
                exchange_summary(&licence, lang),
            );
            Choice::new(licence.licence_number, label)
        })
        .chain(std::iter::once(Choice::new(
            OTHER_LICENCE,
            Text::new(
                "Một giấy phép khác, chưa có trong danh sách",
                "Another licence, not in this list",
            )
            .get(lang),
        )))
        .collect()
}

/// Whether the data decides the case, so the driver is not asked why.
pub(super) fn case_from_data(answers: &Answers, context: &Context) -> Option<&'static str> {
    let licence = chosen(answers, context)?;
    if licence.is("lost") {
        Some("lost")
    } else if matches!(
        licence.validity.as_deref(),
        Some("expired" | "expiring_soon")
    ) {
        Some("expiring")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn old_classes_are_shown_with_their_2025_exchange() {
        let mut context = Context::default();
        context.insert(
            LICENCES.source.key,
            json!([{ "licence_number": "790000000001", "status": "active", "validity": "expiring_soon",
                     "expires_on": "2027-01-10", "classes": [{ "code": "OldB2" }] }]),
        );
        let choices = licence_choices(&context, Lang::En);
        assert!(
            choices[0]
                .label
                .ends_with("classes on the new licence: B2 → B"),
            "{}",
            choices[0].label
        );
        assert_eq!(choices.last().unwrap().value, OTHER_LICENCE);
    }
}
