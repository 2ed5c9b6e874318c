//! The documented account rules of the stand-in, so that any registry citizen can sign in without
//! set-up and testers know each person's password and assurance level:
//!
//! - password: `Vneid@` followed by the last six digits of the personal ID number
//!   (079203001234 → `Vneid@001234`);
//! - assurance level 1 when the ID number ends in 0, level 2 otherwise;
//! - only citizens aged 14 or more (Vietnam's date) have an account.

use domain::{age, personal_id::PersonalId};
use time::Date;

use crate::directory::Citizen;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssuranceLevel {
    /// Self-registered in the app: basic features only.
    Basic,
    /// Verified in person with fingerprints: needed for most public services.
    High,
}

impl AssuranceLevel {
    /// The `acr` claim value.
    pub fn acr(self) -> &'static str {
        match self {
            AssuranceLevel::Basic => "urn:vneid:loa:1",
            AssuranceLevel::High => "urn:vneid:loa:2",
        }
    }

    pub const ACR_VALUES: [&'static str; 2] = ["urn:vneid:loa:1", "urn:vneid:loa:2"];
}

pub fn password_for(id: &PersonalId) -> String {
    format!("Vneid@{}", &id.as_str()[6..])
}

pub fn password_matches(id: &PersonalId, typed: &str) -> bool {
    crate::secret::equal(&password_for(id), typed)
}

pub fn assurance_level(id: &PersonalId) -> AssuranceLevel {
    if id.as_str().ends_with('0') {
        AssuranceLevel::Basic
    } else {
        AssuranceLevel::High
    }
}

pub use domain::age::today_in_vietnam;

pub fn has_account(citizen: &Citizen, today: Date) -> bool {
    age::completed_years(citizen.birthdate, today) >= age::OWN_EID_MIN_AGE
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::personal_id::Sex;
    use time::macros::date;

    fn id(text: &str) -> PersonalId {
        PersonalId::parse(text).unwrap()
    }

    #[test]
    fn password_is_the_prefix_and_last_six_digits() {
        assert_eq!(password_for(&id("079203001234")), "Vneid@001234");
        assert!(password_matches(&id("079203001234"), "Vneid@001234"));
        assert!(!password_matches(&id("079203001234"), "Vneid@001235"));
        assert!(!password_matches(&id("079203001234"), "vneid@001234"));
        assert!(!password_matches(&id("079203001234"), ""));
    }

    #[test]
    fn level_follows_the_last_digit() {
        assert_eq!(
            assurance_level(&id("079203001230")).acr(),
            "urn:vneid:loa:1"
        );
        assert_eq!(
            assurance_level(&id("079203001234")).acr(),
            "urn:vneid:loa:2"
        );
    }

    #[test]
    fn accounts_start_at_fourteen() {
        let citizen = |birthdate| Citizen {
            personal_id: PersonalId::compose(79, Sex::Male, 2010, 1),
            full_name: "Nguyễn Văn A".into(),
            birthdate,
            sex: Sex::Male,
        };
        let today = date!(2024 - 06 - 15);
        assert!(has_account(&citizen(date!(2010 - 06 - 15)), today));
        assert!(!has_account(&citizen(date!(2010 - 06 - 16)), today));
    }
}
