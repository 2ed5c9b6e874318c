//! Health facilities that examine drivers and deliver babies, and the Ed25519 keys they sign
//! health-check certificates with. Keys derive from the population seed and the facility id, so
//! the registry and a test acting as a hospital agree on them without sharing a key file.

use base64::{engine::general_purpose::STANDARD, Engine};
use ed25519_dalek::SigningKey;
use serde::Serialize;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facility {
    pub id: &'static str,
    pub name: &'static str,
    /// Province code as used in personal ID numbers.
    pub province: u16,
}

pub const FACILITIES: [Facility; 12] = [
    f("BV-01-001", "Bệnh viện Bạch Mai", 1),
    f("BV-01-002", "Bệnh viện Phụ sản Hà Nội", 1),
    f("BV-01-003", "Bệnh viện Giao thông Vận tải", 1),
    f("BV-31-001", "Bệnh viện Hữu nghị Việt Tiệp", 31),
    f("BV-38-001", "Bệnh viện Đa khoa tỉnh Thanh Hóa", 38),
    f("BV-40-001", "Bệnh viện Hữu nghị Đa khoa Nghệ An", 40),
    f("BV-46-001", "Bệnh viện Trung ương Huế", 46),
    f("BV-48-001", "Bệnh viện Đà Nẵng", 48),
    f("BV-79-001", "Bệnh viện Chợ Rẫy", 79),
    f("BV-79-002", "Bệnh viện Từ Dũ", 79),
    f("BV-79-003", "Bệnh viện Nhân dân 115", 79),
    f("BV-92-001", "Bệnh viện Đa khoa Trung ương Cần Thơ", 92),
];

const fn f(id: &'static str, name: &'static str, province: u16) -> Facility {
    Facility { id, name, province }
}

pub fn by_id(id: &str) -> Option<&'static Facility> {
    FACILITIES.iter().find(|facility| facility.id == id)
}

/// The facility nearest to a province: one in the province itself, else a regional hospital.
pub fn serving(province: u16) -> &'static Facility {
    FACILITIES
        .iter()
        .find(|facility| facility.province == province)
        .unwrap_or_else(|| {
            let regional = match province {
                0..=37 => "BV-01-001",
                38..=45 => "BV-40-001",
                46..=67 => "BV-48-001",
                68..=79 => "BV-79-001",
                _ => "BV-92-001",
            };
            by_id(regional).expect("regional hospital is listed")
        })
}

/// The facility's signing key: SHA-256 of `health-facility-key|{seed}|{facility id}`.
pub fn signing_key(seed: u64, facility_id: &str) -> SigningKey {
    let digest = Sha256::digest(format!("health-facility-key|{seed}|{facility_id}"));
    SigningKey::from_bytes(&digest.into())
}

/// What `GET /v1/health-facilities` publishes for each facility.
#[derive(Debug, Clone, Serialize)]
pub struct PublishedFacility {
    pub id: &'static str,
    pub name: &'static str,
    pub province_code: u16,
    /// The 32-byte Ed25519 public key, standard base64 with padding.
    pub public_key: String,
}

pub fn published(seed: u64) -> Vec<PublishedFacility> {
    FACILITIES
        .iter()
        .map(|facility| PublishedFacility {
            id: facility.id,
            name: facility.name,
            province_code: facility.province,
            public_key: STANDARD.encode(signing_key(seed, facility.id).verifying_key().as_bytes()),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_province_is_served_and_keys_depend_on_seed_and_facility() {
        for province in domain::provinces::PROVINCES {
            assert!(by_id(serving(province.code).id).is_some());
        }
        let a = signing_key(1, "BV-79-001").verifying_key();
        assert_eq!(a, signing_key(1, "BV-79-001").verifying_key());
        assert_ne!(a, signing_key(2, "BV-79-001").verifying_key());
        assert_ne!(a, signing_key(1, "BV-79-002").verifying_key());
    }
}
