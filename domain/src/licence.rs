//! Driving-licence numbers and classes. Classes changed on 1 January 2025 (Law 36/2024/QH15);
//! older licences keep their printed classes until they are exchanged, when the law maps them.

use crate::text::Text;
use serde::{Deserialize, Serialize};

/// A licence number as printed on the card: 12 digits, the first two being the issuing province.
pub fn is_valid_licence_number(input: &str) -> bool {
    input.len() == 12
        && input.bytes().all(|b| b.is_ascii_digit())
        && crate::provinces::PROVINCES
            .iter()
            .any(|p| input[..2].parse::<u16>() == Ok(p.code % 100))
}

/// Removes the spaces people type between digit groups.
pub fn normalise_licence_number(input: &str) -> String {
    input.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A licence class, as printed either before or since 2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LicenceClass {
    // Since 2025.
    A1,
    A,
    B1,
    B,
    C1,
    C,
    D1,
    D2,
    D,
    BE,
    C1E,
    CE,
    D1E,
    D2E,
    DE,
    // Before 2025 only.
    OldA1,
    OldA2,
    OldA3,
    OldA4,
    OldB1Automatic,
    OldB1,
    OldB2,
    OldC,
    OldD,
    OldE,
    OldFB2,
    OldFC,
    OldFD,
    OldFE,
}

/// What an old class becomes at exchange: the new class and, where the law adds one, a restriction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exchange {
    pub class: Option<LicenceClass>,
    pub restriction: Option<Text>,
}

/// The health-check group a driver must be fit for, as hospitals record it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HealthGroup {
    Car,
    TruckBus,
}

impl HealthGroup {
    /// The code hospitals use (`car`, `truck_bus`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Car => "car",
            Self::TruckBus => "truck_bus",
        }
    }

    /// Whether a check recorded for `group` (a code) covers this group: a truck and bus check
    /// covers cars too.
    pub fn is_covered_by(self, group: &str) -> bool {
        match self {
            Self::Car => matches!(group, "car" | "truck_bus"),
            Self::TruckBus => group == "truck_bus",
        }
    }
}

/// The strictest health check the classes need, or `None` for motorbike classes only.
pub fn required_health_group(classes: &[LicenceClass]) -> Option<HealthGroup> {
    classes
        .iter()
        .filter_map(|class| match class.exchange().class.unwrap_or(*class) {
            LicenceClass::A1 | LicenceClass::A | LicenceClass::B1 => None,
            LicenceClass::B | LicenceClass::C1 | LicenceClass::BE | LicenceClass::C1E => {
                Some(HealthGroup::Car)
            }
            _ => Some(HealthGroup::TruckBus),
        })
        .max()
}

impl LicenceClass {
    pub const CURRENT: [LicenceClass; 15] = [
        Self::A1,
        Self::A,
        Self::B1,
        Self::B,
        Self::C1,
        Self::C,
        Self::D1,
        Self::D2,
        Self::D,
        Self::BE,
        Self::C1E,
        Self::CE,
        Self::D1E,
        Self::D2E,
        Self::DE,
    ];

    pub const PRE_2025: [LicenceClass; 14] = [
        Self::OldA1,
        Self::OldA2,
        Self::OldA3,
        Self::OldA4,
        Self::OldB1Automatic,
        Self::OldB1,
        Self::OldB2,
        Self::OldC,
        Self::OldD,
        Self::OldE,
        Self::OldFB2,
        Self::OldFC,
        Self::OldFD,
        Self::OldFE,
    ];

    /// The label printed on the card.
    pub fn label(self) -> &'static str {
        match self {
            Self::A1 | Self::OldA1 => "A1",
            Self::A => "A",
            Self::B1 | Self::OldB1 => "B1",
            Self::OldB1Automatic => "B1 (số tự động)",
            Self::B => "B",
            Self::C1 => "C1",
            Self::C | Self::OldC => "C",
            Self::D1 => "D1",
            Self::D2 => "D2",
            Self::D | Self::OldD => "D",
            Self::BE => "BE",
            Self::C1E => "C1E",
            Self::CE => "CE",
            Self::D1E => "D1E",
            Self::D2E => "D2E",
            Self::DE => "DE",
            Self::OldA2 => "A2",
            Self::OldA3 => "A3",
            Self::OldA4 => "A4",
            Self::OldB2 => "B2",
            Self::OldE => "E",
            Self::OldFB2 => "FB2",
            Self::OldFC => "FC",
            Self::OldFD => "FD",
            Self::OldFE => "FE",
        }
    }

    pub fn is_pre_2025(self) -> bool {
        Self::PRE_2025.contains(&self)
    }

    /// Years a licence of this class is valid for when issued now; `None` means it never expires.
    pub fn validity_years(self) -> Option<u8> {
        match self.exchange().class.unwrap_or(self) {
            Self::A1 | Self::A | Self::B1 => None,
            Self::B | Self::C1 => Some(10),
            _ => Some(5),
        }
    }

    /// Motorbike classes need no health check at exchange.
    pub fn needs_health_check(self) -> bool {
        !matches!(
            self.exchange().class.unwrap_or(self),
            Self::A1 | Self::A | Self::B1
        )
    }

    /// The 2025 class an old class is exchanged for (Law 36/2024/QH15, art. 89); current classes map
    /// to themselves. A4 becomes a specialised-vehicle certificate, not a licence class.
    pub fn exchange(self) -> Exchange {
        let to = |class, restriction| Exchange {
            class: Some(class),
            restriction,
        };
        match self {
            Self::OldA1 => to(
                Self::A,
                Some(Text::new(
                    "chỉ điều khiển xe mô tô hai bánh dưới 175 cm³ hoặc động cơ điện dưới 14 kW",
                    "two-wheel motorcycles under 175 cm³ or under 14 kW electric only",
                )),
            ),
            Self::OldA2 => to(Self::A, None),
            Self::OldA3 => to(Self::B1, None),
            Self::OldA4 => Exchange {
                class: None,
                restriction: Some(Text::new(
                    "đổi sang chứng chỉ điều khiển xe máy chuyên dùng",
                    "exchanged for a specialised-vehicle operator certificate",
                )),
            },
            Self::OldB1Automatic => to(
                Self::B,
                Some(Text::new(
                    "chỉ điều khiển xe ô tô số tự động",
                    "automatic cars only",
                )),
            ),
            Self::OldB1 | Self::OldB2 => to(Self::B, None),
            Self::OldC => to(Self::C, None),
            Self::OldD => to(Self::D2, None),
            Self::OldE => to(Self::D, None),
            Self::OldFB2 => to(Self::BE, None),
            Self::OldFC => to(Self::CE, None),
            Self::OldFD => to(Self::D2E, None),
            Self::OldFE => to(Self::DE, None),
            current => to(current, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licence_numbers_start_with_a_province() {
        assert!(is_valid_licence_number("790123456789"));
        assert!(
            !is_valid_licence_number("030123456789"),
            "03 is no province"
        );
        assert!(!is_valid_licence_number("79012345678"));
        assert_eq!(normalise_licence_number("79 0123 456 789"), "790123456789");
    }

    #[test]
    fn every_old_class_has_an_exchange_and_current_classes_keep_theirs() {
        for class in LicenceClass::PRE_2025 {
            let exchange = class.exchange();
            assert!(exchange.class.is_some() || exchange.restriction.is_some());
            assert!(exchange.class.is_none_or(|new| !new.is_pre_2025()));
        }
        for class in LicenceClass::CURRENT {
            assert_eq!(class.exchange().class, Some(class));
        }
    }

    #[test]
    fn the_strictest_class_sets_the_health_check_group() {
        assert_eq!(required_health_group(&[LicenceClass::OldA1]), None);
        assert_eq!(
            required_health_group(&[LicenceClass::OldA1, LicenceClass::OldB2]),
            Some(HealthGroup::Car)
        );
        assert_eq!(
            required_health_group(&[LicenceClass::OldB2, LicenceClass::OldE]),
            Some(HealthGroup::TruckBus)
        );
        assert!(HealthGroup::Car.is_covered_by("truck_bus"));
        assert!(!HealthGroup::TruckBus.is_covered_by("car"));
    }

    #[test]
    fn validity_and_health_check_follow_the_mapped_class() {
        assert_eq!(LicenceClass::A1.validity_years(), None);
        assert_eq!(LicenceClass::OldB2.validity_years(), Some(10));
        assert_eq!(LicenceClass::OldE.validity_years(), Some(5));
        assert!(!LicenceClass::OldA2.needs_health_check());
        assert!(LicenceClass::OldB2.needs_health_check());
    }
}
