//! The essential online public services of Project 06 (Decision 06/QĐ-TTg, appendix 1) as the
//! citizen meets them: the shared vocabulary of a catalogue entry (life events, agencies, what a
//! start page says) and the lookups the home page and start pages use. Each entry is declared by
//! its service's module in [`crate::definitions`], beside the rest of that service; the lookups
//! read the one list of services registered there.

use crate::definitions;
use crate::text::Text;

/// Life events group the catalogue the way citizens think of their errand, not by ministry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LifeEvent {
    HavingABaby,
    Driving,
    WhereYouLive,
    Family,
    WorkAndTax,
    LandAndElectricity,
    Documents,
}

impl LifeEvent {
    pub const ALL: [LifeEvent; 7] = [
        Self::HavingABaby,
        Self::Driving,
        Self::WhereYouLive,
        Self::Family,
        Self::WorkAndTax,
        Self::LandAndElectricity,
        Self::Documents,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Self::HavingABaby => "having-a-baby",
            Self::Driving => "driving",
            Self::WhereYouLive => "where-you-live",
            Self::Family => "family",
            Self::WorkAndTax => "work-and-tax",
            Self::LandAndElectricity => "land-and-electricity",
            Self::Documents => "documents",
        }
    }

    pub fn title(self) -> Text {
        match self {
            Self::HavingABaby => Text::new("Sinh con", "Having a baby"),
            Self::Driving => Text::new("Lái xe và phương tiện", "Driving and vehicles"),
            Self::WhereYouLive => Text::new("Nơi cư trú", "Where you live"),
            Self::Family => Text::new("Gia đình", "Family"),
            Self::WorkAndTax => Text::new("Việc làm, học tập và thuế", "Work, study and tax"),
            Self::LandAndElectricity => Text::new("Đất đai và điện", "Land and electricity"),
            Self::Documents => Text::new("Giấy tờ tùy thân", "Identity documents"),
        }
    }
}

/// The agencies responsible today (some moved in 2025).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agency {
    PublicSecurity,
    CommuneJustice,
    SocialInsurance,
    Tax,
    LandOffice,
    Education,
    Employment,
    Electricity,
    /// Bundled services are handled by several agencies through one application.
    Joint(Text),
}

impl Agency {
    pub fn name(self) -> Text {
        match self {
            Self::PublicSecurity => Text::new("Bộ Công an", "Ministry of Public Security"),
            Self::CommuneJustice => Text::new(
                "Ủy ban nhân dân cấp xã (tư pháp – hộ tịch)",
                "Commune People's Committee (civil status)",
            ),
            Self::SocialInsurance => {
                Text::new("Bảo hiểm xã hội Việt Nam", "Vietnam Social Security")
            }
            Self::Tax => Text::new(
                "Cơ quan thuế (Bộ Tài chính)",
                "Tax authority (Ministry of Finance)",
            ),
            Self::LandOffice => Text::new("Văn phòng đăng ký đất đai", "Land registration office"),
            Self::Education => Text::new(
                "Bộ Giáo dục và Đào tạo",
                "Ministry of Education and Training",
            ),
            Self::Employment => Text::new(
                "Trung tâm dịch vụ việc làm (Bộ Nội vụ)",
                "Employment service centre (Ministry of Home Affairs)",
            ),
            Self::Electricity => Text::new(
                "Tập đoàn Điện lực Việt Nam (EVN)",
                "Vietnam Electricity (EVN)",
            ),
            Self::Joint(names) => names,
        }
    }
}

/// One of the services, as described to the citizen before they start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// Position in the appendix of Decision 06/QĐ-TTg.
    pub number: u8,
    /// Stable, language-neutral identifier used in URLs and in the registry's purpose header.
    pub slug: &'static str,
    /// Procedure code on the national portal, where known.
    pub procedure_code: Option<&'static str>,
    pub name: Text,
    pub summary: Text,
    pub life_event: LifeEvent,
    pub agency: Agency,
    pub who_can_use: Text,
    pub what_you_need: &'static [Text],
    pub fee: Text,
    pub time_limit: Text,
}

/// Every service of the catalogue, in appendix order.
pub fn all() -> impl Iterator<Item = &'static Service> {
    definitions::all()
        .iter()
        .map(|definition| &definition.service)
}

/// How many services the catalogue offers.
pub fn count() -> usize {
    definitions::all().len()
}

pub fn by_slug(slug: &str) -> Option<&'static Service> {
    all().find(|service| service.slug == slug)
}

/// The services of one life event, in appendix order.
pub fn in_life_event(event: LifeEvent) -> impl Iterator<Item = &'static Service> {
    all().filter(move |service| service.life_event == event)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn has_every_service_in_appendix_order_with_unique_slugs() {
        let slugs: HashSet<_> = all().map(|s| s.slug).collect();
        assert_eq!(slugs.len(), count());
        for (index, service) in all().enumerate() {
            assert_eq!(usize::from(service.number), index + 1);
            assert!(service
                .slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'));
            assert_eq!(by_slug(service.slug), Some(service));
        }
    }

    #[test]
    fn every_life_event_has_services_and_every_text_both_languages() {
        for event in LifeEvent::ALL {
            assert!(in_life_event(event).next().is_some(), "{event:?} is empty");
        }
        for service in all() {
            let texts = [
                service.name,
                service.summary,
                service.who_can_use,
                service.fee,
            ]
            .into_iter()
            .chain(service.what_you_need.iter().copied());
            for text in texts {
                assert!(
                    !text.vi.is_empty() && !text.en.is_empty(),
                    "{}",
                    service.slug
                );
            }
        }
    }
}
