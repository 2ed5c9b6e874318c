//! The directory of agencies this stand-in hosts, and the routing of an application to the one
//! that decides it: from its service and the applicant's province.
//!
//! An agency's id is ASCII and stable: the kind of office, then `:` and the two-digit province
//! code for an office of one province (`police-residence:01` is Hà Nội's), or the kind alone for
//! a national one (`tax`). The portal stores these ids beside its applications, so they never
//! change once published.

use domain::provinces::{self, Province};
use serde::Serialize;

/// The kinds of office that decide the portal's services.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Office {
    /// The provincial administrative police: residence, identity cards, seals, judicial records.
    PoliceResidence,
    /// The commune's civil-status officer; one office per province stands for its communes until
    /// the portal sends the commune too.
    CommuneJustice,
    /// The provincial traffic police: driving licences, vehicle registration, fines.
    TrafficPolice,
    /// The provincial immigration office, under the national department.
    Immigration,
    /// The tax authority, national.
    Tax,
    /// The provincial land registration office.
    LandRegistration,
    /// A provincial branch of Vietnam Social Security.
    SocialInsurance,
    /// The national exam board of the Ministry of Education.
    ExamBoard,
    /// The provincial employment service centre.
    Employment,
    /// The electricity company, national.
    Electricity,
}

/// Vietnamese and English names.
type Pair = (&'static str, &'static str);

/// How an office appears in the directory: a national body, an office in each province (whose
/// names hold `{}` for the province's), or both, the provincial ones being branches of the
/// national body. Applications go to the province's office wherever there is one.
struct OfficeNames {
    prefix: &'static str,
    national: Option<Pair>,
    provincial: Option<Pair>,
}

impl Office {
    pub const ALL: [Office; 10] = [
        Office::PoliceResidence,
        Office::CommuneJustice,
        Office::TrafficPolice,
        Office::Immigration,
        Office::Tax,
        Office::LandRegistration,
        Office::SocialInsurance,
        Office::ExamBoard,
        Office::Employment,
        Office::Electricity,
    ];

    fn names(self) -> OfficeNames {
        let (prefix, national, provincial): (_, Option<Pair>, Option<Pair>) = match self {
            Office::PoliceResidence => (
                "police-residence",
                None,
                Some((
                    "Phòng Cảnh sát quản lý hành chính về trật tự xã hội, Công an {}",
                    "Administrative Police (residence and identity), {} Police",
                )),
            ),
            Office::CommuneJustice => (
                "commune-justice",
                None,
                Some((
                    "Ủy ban nhân dân cấp xã (tư pháp – hộ tịch), {}",
                    "Commune People's Committee (civil status), {}",
                )),
            ),
            Office::TrafficPolice => (
                "traffic-police",
                None,
                Some((
                    "Phòng Cảnh sát giao thông, Công an {}",
                    "Traffic Police, {} Police",
                )),
            ),
            Office::Immigration => (
                "immigration",
                Some((
                    "Cục Quản lý xuất nhập cảnh, Bộ Công an",
                    "Immigration Department, Ministry of Public Security",
                )),
                Some((
                    "Phòng Quản lý xuất nhập cảnh, Công an {}",
                    "Immigration Office, {} Police",
                )),
            ),
            Office::Tax => (
                "tax",
                Some((
                    "Cơ quan thuế (Bộ Tài chính)",
                    "Tax authority (Ministry of Finance)",
                )),
                None,
            ),
            Office::LandRegistration => (
                "land-registration",
                None,
                Some((
                    "Văn phòng đăng ký đất đai {}",
                    "Land Registration Office, {}",
                )),
            ),
            Office::SocialInsurance => (
                "social-insurance",
                Some(("Bảo hiểm xã hội Việt Nam", "Vietnam Social Security")),
                Some(("Bảo hiểm xã hội {}", "Social Security, {}")),
            ),
            Office::ExamBoard => (
                "exam-board",
                Some((
                    "Bộ Giáo dục và Đào tạo (kỳ thi tốt nghiệp trung học phổ thông)",
                    "Ministry of Education and Training (upper-secondary graduation exam)",
                )),
                None,
            ),
            Office::Employment => (
                "employment",
                None,
                Some((
                    "Trung tâm dịch vụ việc làm {}",
                    "Employment Service Centre, {}",
                )),
            ),
            Office::Electricity => (
                "electricity",
                Some((
                    "Tập đoàn Điện lực Việt Nam (EVN)",
                    "Vietnam Electricity (EVN)",
                )),
                None,
            ),
        };
        OfficeNames {
            prefix,
            national,
            provincial,
        }
    }

    /// The office that decides `service`, or `None` for a slug the portal does not offer.
    ///
    /// Joint services go to the office that opens the case: the commune for the newborn's and
    /// the death's bundles (registration comes first, the others follow from it), Social
    /// Security for hospital fees (the hospital is not an agency of the portal).
    pub fn deciding(service: &str) -> Option<Office> {
        Some(match service {
            "confirm-old-id-number"
            | "id-card"
            | "permanent-residence"
            | "temporary-residence"
            | "temporary-absence"
            | "notify-stay"
            | "official-seal"
            | "special-seal"
            | "judicial-record" => Office::PoliceResidence,
            "birth-registration"
            | "death-registration"
            | "marriage-registration"
            | "newborn"
            | "death-bundle" => Office::CommuneJustice,
            "motorbike-registration" | "traffic-fines" | "driving-licence" => Office::TrafficPolice,
            "passport" => Office::Immigration,
            "tax-registration" => Office::Tax,
            "land-title-change" => Office::LandRegistration,
            "household-health-insurance" | "hospital-fees" => Office::SocialInsurance,
            "exam-registration" => Office::ExamBoard,
            "unemployment-benefit" => Office::Employment,
            "electricity-connection" | "electricity-contract-change" => Office::Electricity,
            _ => return None,
        })
    }
}

/// Where an agency's authority runs, as the directory lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    National,
    Province { province: u16 },
}

/// One agency of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Agency {
    pub id: String,
    pub name: Names,
    pub scope: Scope,
    /// The national body a provincial branch belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Names {
    pub vi: String,
    pub en: String,
}

fn provincial_id(prefix: &str, province: u16) -> String {
    format!("{prefix}:{province:02}")
}

fn national(prefix: &str, (vi, en): Pair) -> Agency {
    Agency {
        id: prefix.to_owned(),
        name: Names {
            vi: vi.to_owned(),
            en: en.to_owned(),
        },
        scope: Scope::National,
        parent: None,
    }
}

fn provincial(names: &OfficeNames, (vi, en): Pair, province: Province) -> Agency {
    Agency {
        id: provincial_id(names.prefix, province.code),
        name: Names {
            vi: vi.replace("{}", province.name),
            en: en.replace("{}", province.name),
        },
        scope: Scope::Province {
            province: province.code,
        },
        parent: names.national.map(|_| names.prefix.to_owned()),
    }
}

/// Every agency, national bodies before their provincial offices, provinces in code order.
pub fn all() -> Vec<Agency> {
    let mut agencies = Vec::new();
    for office in Office::ALL {
        let names = office.names();
        if let Some(pair) = names.national {
            agencies.push(national(names.prefix, pair));
        }
        if let Some(pair) = names.provincial {
            agencies.extend(
                provinces::PROVINCES
                    .iter()
                    .map(|province| provincial(&names, pair, *province)),
            );
        }
    }
    agencies
}

/// The agency with this id.
pub fn by_id(id: &str) -> Option<Agency> {
    let (prefix, province) = match id.split_once(':') {
        Some((prefix, code)) => (prefix, Some(code)),
        None => (id, None),
    };
    let names = Office::ALL
        .into_iter()
        .map(Office::names)
        .find(|names| names.prefix == prefix)?;
    match province {
        None => names.national.map(|pair| national(names.prefix, pair)),
        Some(code) => {
            // Only the canonical two-digit spelling names an agency, so each has one id.
            let province = (code.len() == 2)
                .then(|| code.parse().ok())
                .flatten()
                .and_then(provinces::by_code)?;
            let pair = names.provincial?;
            Some(provincial(&names, pair, province))
        }
    }
}

/// Why an application cannot be routed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RouteError {
    UnknownService,
    UnknownProvince,
}

/// The id of the agency that decides `service` for an applicant of `province`.
pub fn route(service: &str, province: u16) -> Result<String, RouteError> {
    let office = Office::deciding(service).ok_or(RouteError::UnknownService)?;
    let province = provinces::by_code(province).ok_or(RouteError::UnknownProvince)?;
    let names = office.names();
    Ok(match names.provincial {
        Some(_) => provincial_id(names.prefix, province.code),
        None => names.prefix.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_registered_service_routes_to_a_listed_agency_in_every_province() {
        let listed: HashSet<String> = all().into_iter().map(|agency| agency.id).collect();
        for definition in domain::definitions::all() {
            let slug = definition.service.slug;
            for province in provinces::PROVINCES {
                let id = route(slug, province.code)
                    .unwrap_or_else(|error| panic!("{slug} in {}: {error:?}", province.code));
                assert!(listed.contains(&id), "{slug} routes to unlisted {id}");
                let agency = by_id(&id).expect(&id);
                if let Scope::Province { province: code } = agency.scope {
                    assert_eq!(code, province.code, "{slug} leaves its province");
                }
            }
        }
    }

    #[test]
    fn ids_are_unique_ascii_and_found_again() {
        let agencies = all();
        let ids: HashSet<&str> = agencies.iter().map(|agency| agency.id.as_str()).collect();
        assert_eq!(ids.len(), agencies.len());
        // Seven kinds of office in each of the 63 provinces, and five national bodies.
        assert_eq!(agencies.len(), 7 * 63 + 5);
        for agency in &agencies {
            assert!(agency.id.is_ascii(), "{}", agency.id);
            assert!(!agency.name.vi.is_empty() && !agency.name.en.is_empty());
            assert_eq!(by_id(&agency.id).as_ref(), Some(agency));
            if let Some(parent) = &agency.parent {
                assert!(ids.contains(parent.as_str()), "{}", agency.id);
            }
        }
        assert_eq!(by_id("police-residence:1"), None);
        assert_eq!(by_id("police-residence"), None);
        assert_eq!(by_id("tax:01"), None);
        assert_eq!(by_id("police-residence:03"), None);
    }

    #[test]
    fn routes_by_province_and_refuses_the_unknown() {
        assert_eq!(route("passport", 79).unwrap(), "immigration:79");
        assert_eq!(route("id-card", 1).unwrap(), "police-residence:01");
        assert_eq!(route("tax-registration", 48).unwrap(), "tax");
        assert_eq!(route("newborn", 1).unwrap(), "commune-justice:01");
        assert_eq!(route("no-such-service", 1), Err(RouteError::UnknownService));
        assert_eq!(route("passport", 3), Err(RouteError::UnknownProvince));
    }
}
