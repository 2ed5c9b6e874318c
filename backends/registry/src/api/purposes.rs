//! Purpose binding: every read names the service it is for (`X-Purpose`), and each purpose may
//! read only the resources that service needs. Which purposes a client may state depends on its
//! role. Writes are bound to roles the same way.

use super::clients::{Client, Role};
use super::error::ApiError;
use axum::http::HeaderMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    People,
    Verify,
    Households,
    Relatives,
    ChildrenUnder14,
    Licences,
    HealthChecks,
    BirthNotices,
    InsuranceCards,
    Marriages,
    Vehicles,
    Fines,
    ElectricityContracts,
    HospitalBills,
}

impl Resource {
    pub fn code(self) -> &'static str {
        match self {
            Self::People => "people",
            Self::Verify => "verify",
            Self::Households => "households",
            Self::Relatives => "relatives",
            Self::ChildrenUnder14 => "children_under_14",
            Self::Licences => "licences",
            Self::HealthChecks => "health_checks",
            Self::BirthNotices => "birth_notices",
            Self::InsuranceCards => "insurance_cards",
            Self::Marriages => "marriages",
            Self::Vehicles => "vehicles",
            Self::Fines => "fines",
            Self::ElectricityContracts => "electricity_contracts",
            Self::HospitalBills => "hospital_bills",
        }
    }
}

use Resource::*;

/// Purpose (service code) → resources it may read.
/// One purpose per service, named by the service's slug in the portal's catalogue, plus the
/// citizen's own account and eID sign-in.
pub const PURPOSES: [(&str, &[Resource]); 28] = [
    ("account", &[People, Households, ChildrenUnder14, Verify]),
    ("eid-authentication", &[People, Verify]),
    ("confirm-old-id-number", &[People]),
    (
        "id-card",
        &[People, Households, Relatives, ChildrenUnder14, Verify],
    ),
    (
        "permanent-residence",
        &[People, Households, Relatives, ChildrenUnder14, Verify],
    ),
    (
        "temporary-residence",
        &[People, Households, ChildrenUnder14, Verify],
    ),
    ("temporary-absence", &[People, Households, ChildrenUnder14]),
    ("notify-stay", &[People, Households, Verify]),
    ("motorbike-registration", &[People, Vehicles, Licences]),
    ("traffic-fines", &[People, Vehicles, Fines]),
    ("hospital-fees", &[People, HospitalBills]),
    (
        "birth-registration",
        &[
            People,
            Households,
            Relatives,
            BirthNotices,
            Marriages,
            InsuranceCards,
            Verify,
        ],
    ),
    (
        "death-registration",
        &[
            People,
            Households,
            Relatives,
            Marriages,
            InsuranceCards,
            Verify,
        ],
    ),
    (
        "marriage-registration",
        &[People, Relatives, Marriages, Verify],
    ),
    ("passport", &[People, Relatives, ChildrenUnder14, Verify]),
    ("official-seal", &[People]),
    ("special-seal", &[People]),
    (
        "newborn",
        &[
            People,
            Households,
            Relatives,
            BirthNotices,
            Marriages,
            InsuranceCards,
            Verify,
        ],
    ),
    (
        "death-bundle",
        &[
            People,
            Households,
            Relatives,
            Marriages,
            InsuranceCards,
            Verify,
        ],
    ),
    (
        "household-health-insurance",
        &[People, Households, Relatives, InsuranceCards],
    ),
    ("tax-registration", &[People, Households]),
    ("land-title-change", &[People, Households]),
    ("driving-licence", &[People, Licences, HealthChecks, Verify]),
    ("exam-registration", &[People, Households]),
    ("judicial-record", &[People, Relatives]),
    ("unemployment-benefit", &[People, InsuranceCards]),
    (
        "electricity-connection",
        &[People, Households, ElectricityContracts, Verify],
    ),
    (
        "electricity-contract-change",
        &[People, Households, ElectricityContracts, Verify],
    ),
];

fn role_may_state(role: Role, purpose: &str) -> bool {
    match role {
        Role::Portal => purpose != "eid-authentication",
        Role::Identity => matches!(purpose, "eid-authentication" | "account"),
        Role::Hospital | Role::Agency => false,
    }
}

/// Checks the stated purpose for reading `resource`; returns the purpose for the access log.
pub fn check(client: &Client, headers: &HeaderMap, resource: Resource) -> Result<String, ApiError> {
    let purpose = stated(headers).ok_or_else(|| {
        ApiError::bad_request(
            "purpose_required",
            "state the purpose of the read in the X-Purpose header",
        )
    })?;
    let readable = PURPOSES
        .iter()
        .find(|(code, _)| *code == purpose)
        .map(|(_, resources)| *resources);
    match readable {
        Some(resources)
            if resources.contains(&resource) && role_may_state(client.role, &purpose) =>
        {
            Ok(purpose)
        }
        _ => Err(ApiError::forbidden(
            "purpose_not_allowed",
            format!(
                "the purpose `{purpose}` does not allow this client to read {}",
                resource.code()
            ),
        )),
    }
}

/// The purpose header as sent, if any.
pub fn stated(headers: &HeaderMap) -> Option<String> {
    headers
        .get("x-purpose")
        .and_then(|value| value.to_str().ok())
        .map(str::trim)
        .filter(|purpose| !purpose.is_empty())
        .map(str::to_owned)
}

/// The writes of the API, each allowed to the roles [`Operation::allowed`] names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    RegisterBirth,
    RegisterPermanentResidence,
    RegisterTemporaryResidence,
    IssueInsuranceCard,
    RenewLicence,
    PayFine,
    PayHospitalBill,
    RecordDeath,
    RecordMarriage,
    ReceiveHealthCheck,
    ReceiveBirthNotice,
}

impl Operation {
    pub fn code(self) -> &'static str {
        match self {
            Self::RegisterBirth => "register_birth",
            Self::RegisterPermanentResidence => "register_permanent_residence",
            Self::RegisterTemporaryResidence => "register_temporary_residence",
            Self::IssueInsuranceCard => "issue_insurance_card",
            Self::RenewLicence => "renew_licence",
            Self::PayFine => "pay_fine",
            Self::PayHospitalBill => "pay_hospital_bill",
            Self::RecordDeath => "record_death",
            Self::RecordMarriage => "record_marriage",
            Self::ReceiveHealthCheck => "receive_health_check",
            Self::ReceiveBirthNotice => "receive_birth_notice",
        }
    }

    /// Who may make the write: hospitals send their notices; a decision's outcome is written by
    /// the agency that decides, or by the portal while it decides in the agencies' place.
    fn allowed(self, role: Role) -> bool {
        match self {
            Self::ReceiveHealthCheck | Self::ReceiveBirthNotice => role == Role::Hospital,
            _ => matches!(role, Role::Portal | Role::Agency),
        }
    }

    pub fn check(self, client: &Client) -> Result<(), ApiError> {
        if self.allowed(client.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden(
                "operation_not_allowed",
                format!("this client may not {}", self.code().replace('_', " ")),
            ))
        }
    }
}
