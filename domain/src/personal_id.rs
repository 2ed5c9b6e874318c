//! The 12-digit personal ID number (số định danh cá nhân). It has no check digit: a form can only
//! check the shape, the province code and the century/sex digit against the date of birth and sex;
//! whether the number exists is the registry's to say.

use crate::provinces;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    Male,
    Female,
}

/// A personal ID number whose shape and province code are valid.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonalId(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonalIdError {
    /// Not exactly 12 digits (spaces are tolerated and removed).
    Shape,
    /// The first three digits are not a province code.
    UnknownProvince,
    /// The fourth digit is not a century/sex code for 1900–2299.
    Century,
    /// The number contradicts the date of birth or sex it is claimed for.
    Mismatch,
}

impl fmt::Display for PersonalIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Shape => "a personal ID number has exactly 12 digits",
            Self::UnknownProvince => "the first three digits are not a province code",
            Self::Century => "the fourth digit is not a valid century and sex code",
            Self::Mismatch => "the number does not match the date of birth or sex",
        })
    }
}

impl std::error::Error for PersonalIdError {}

impl PersonalId {
    /// Parses what a person typed: spaces and dots between digit groups are ignored.
    pub fn parse(input: &str) -> Result<Self, PersonalIdError> {
        let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '.')).collect();
        if digits.len() != 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PersonalIdError::Shape);
        }
        let province: u16 = digits[0..3].parse().expect("three ASCII digits");
        if provinces::by_code(province).is_none() {
            return Err(PersonalIdError::UnknownProvince);
        }
        if digits.as_bytes()[3] > b'7' {
            return Err(PersonalIdError::Century);
        }
        Ok(Self(digits))
    }

    /// Builds the number for a person; `serial` is the six free digits.
    pub fn compose(province: u16, sex: Sex, birth_year: i32, serial: u32) -> Self {
        assert!(
            provinces::by_code(province).is_some(),
            "unknown province {province}"
        );
        assert!(
            (1900..2300).contains(&birth_year),
            "birth year out of range"
        );
        assert!(serial < 1_000_000, "serial has six digits");
        let century = (birth_year / 100 - 19) as u32 * 2 + u32::from(sex == Sex::Female);
        Self(format!(
            "{province:03}{century}{:02}{serial:06}",
            birth_year % 100
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn province_code(&self) -> u16 {
        self.0[0..3].parse().expect("validated digits")
    }

    pub fn sex(&self) -> Sex {
        if (self.0.as_bytes()[3] - b'0').is_multiple_of(2) {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    pub fn birth_year(&self) -> i32 {
        let century = i32::from((self.0.as_bytes()[3] - b'0') / 2);
        let year: i32 = self.0[4..6].parse().expect("validated digits");
        1900 + century * 100 + year
    }

    /// Checks the number against the date of birth and sex it is claimed for.
    pub fn check_holder(&self, birth_year: i32, sex: Sex) -> Result<(), PersonalIdError> {
        if self.birth_year() == birth_year && self.sex() == sex {
            Ok(())
        } else {
            Err(PersonalIdError::Mismatch)
        }
    }

    /// The number with its last six digits hidden, for places where the whole number is not needed.
    pub fn masked(&self) -> String {
        format!("{}******", &self.0[..6])
    }
}

impl TryFrom<String> for PersonalId {
    type Error = PersonalIdError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<PersonalId> for String {
    fn from(id: PersonalId) -> Self {
        id.0
    }
}

impl fmt::Display for PersonalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The old 9-digit ID card number (CMND); some 12-digit ones were issued in 2012–2016.
pub fn is_valid_cmnd(input: &str) -> bool {
    matches!(input.len(), 9 | 12) && input.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_and_reads_back_every_century_and_sex() {
        for (year, sex, digit) in [
            (1985, Sex::Male, '0'),
            (1985, Sex::Female, '1'),
            (2003, Sex::Male, '2'),
            (2024, Sex::Female, '3'),
            (2101, Sex::Male, '4'),
        ] {
            let id = PersonalId::compose(79, sex, year, 42);
            assert_eq!(id.as_str().len(), 12);
            assert_eq!(id.as_str().chars().nth(3), Some(digit));
            assert_eq!(id.birth_year(), year);
            assert_eq!(id.sex(), sex);
            assert_eq!(id.province_code(), 79);
            assert_eq!(PersonalId::parse(id.as_str()), Ok(id));
        }
    }

    #[test]
    fn rejects_bad_shapes_provinces_and_centuries() {
        assert_eq!(PersonalId::parse("12345"), Err(PersonalIdError::Shape));
        assert_eq!(
            PersonalId::parse("07920301234a"),
            Err(PersonalIdError::Shape)
        );
        assert_eq!(
            PersonalId::parse("003203012345"),
            Err(PersonalIdError::UnknownProvince)
        );
        assert_eq!(
            PersonalId::parse("079803012345"),
            Err(PersonalIdError::Century)
        );
        assert!(PersonalId::parse("079 203 012 345").is_ok());
    }

    #[test]
    fn holder_check_catches_wrong_year_or_sex() {
        let id = PersonalId::compose(1, Sex::Female, 1990, 7);
        assert!(id.check_holder(1990, Sex::Female).is_ok());
        assert_eq!(
            id.check_holder(1991, Sex::Female),
            Err(PersonalIdError::Mismatch)
        );
        assert_eq!(
            id.check_holder(1990, Sex::Male),
            Err(PersonalIdError::Mismatch)
        );
    }

    #[test]
    fn masks_the_random_part() {
        assert_eq!(
            PersonalId::compose(1, Sex::Male, 1990, 123456).masked(),
            "001090******"
        );
    }
}
