//! The signed-in citizen as a session holds them. Only the session code sees when the session
//! began and which token it hashes.

/// The signed-in citizen, as the identity provider vouched for them.
#[derive(Clone, Debug)]
pub struct Citizen {
    pub personal_id: String,
    pub full_name: String,
    pub birthdate: String,
    /// eID assurance level: 1 (self-registered) or 2 (verified in person).
    pub assurance_level: u8,
    pub(super) created_at: i64,
    pub last_seen_at: i64,
    pub(super) token_hash: String,
}

impl Citizen {
    pub fn may_use_services(&self) -> bool {
        self.assurance_level >= 2
    }

    pub(crate) fn token_hash(&self) -> &str {
        &self.token_hash
    }

    #[cfg(test)]
    pub(crate) fn for_test(token_hash: &str, last_seen_at: i64) -> Self {
        Self {
            personal_id: "001090000001".into(),
            full_name: "Nguyễn Văn An".into(),
            birthdate: "1990-01-01".into(),
            assurance_level: 2,
            created_at: last_seen_at,
            last_seen_at,
            token_hash: token_hash.into(),
        }
    }
}
