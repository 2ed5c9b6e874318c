//! Drivers' health checks: hospitals sign each one, the portal verifies the signature, and only
//! the latest verified check decides whether the driver may drive the licence's classes.

use crate::definitions::common::display_date;
use crate::engine::{Context, Records, SignedRecords, Source};
use crate::licence::HealthGroup;
use crate::text::{Lang, Text};
use serde::Deserialize;

/// A driver's health check as the hospital signed it, with the flag the portal adds once it has
/// checked the signature. Every field is read leniently, as a check missing one is still shown.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub(super) struct HealthCheck {
    facility_name: String,
    examined_on: String,
    /// The health standard examined for, covering some licence classes.
    class_group: String,
    /// `fit` when the driver may drive.
    result: String,
    valid_until: String,
    /// Set by the portal under [`crate::engine::SIGNATURE_VALID`]; `None` for a check not verified yet.
    signature_valid: Option<bool>,
}

impl HealthCheck {
    fn is_fit(&self) -> bool {
        self.result == "fit"
    }
}

/// Drivers' health checks, sent by hospitals and signed with each facility's Ed25519 key, whose
/// public keys the registry publishes; a check counts only once its signature is verified.
pub(super) const HEALTH_CHECKS: Records<HealthCheck> = Records::new(Source {
    key: "health_checks",
    endpoint: "/v1/health-checks/list",
    signed: Some(SignedRecords {
        keys: "/v1/health-facilities",
        signer: "facility_id",
        prefix: "health-check/v1",
        fields: &[
            "certificate_id",
            "facility_id",
            "personal_id",
            "examined_on",
            "class_group",
            "result",
            "valid_until",
        ],
        signature: "signature",
    }),
});

/// The latest verified health check, if any.
fn latest_verified(context: &Context) -> Option<HealthCheck> {
    HEALTH_CHECKS
        .read(context)
        .into_iter()
        .filter(|check| check.signature_valid == Some(true))
        .max_by(|one, other| one.examined_on.cmp(&other.examined_on))
}

/// Whether the latest verified check lets the driver drive licences of `group`; the refusal says
/// what to do when it does not.
pub(super) fn ready(group: HealthGroup, context: &Context) -> Result<(), Text> {
    let today = context.get("today").as_str().unwrap_or_default();
    let checks = HEALTH_CHECKS.read(context);
    if checks
        .iter()
        .any(|check| check.signature_valid == Some(false))
        && latest_verified(context).is_none()
    {
        return Err(Text::new(
            "Kết quả khám sức khỏe của bạn không xác thực được chữ ký số của cơ sở y tế nên không thể sử dụng. Hãy liên hệ cơ sở đã khám để gửi lại kết quả.",
            "Your health-check result does not carry a valid digital signature of the health facility, so it cannot be used. Ask the facility that examined you to send it again.",
        ));
    }
    let Some(latest) = latest_verified(context) else {
        return Err(Text::new(
            "Chưa có kết quả khám sức khỏe người lái xe của bạn. Hãy khám tại một bệnh viện hoặc trung tâm y tế đủ điều kiện khám sức khỏe lái xe; cơ sở sẽ gửi kết quả điện tử về hệ thống, thường ngay trong ngày.",
            "There is no driver's health check for you yet. Have one at a hospital or health centre licensed for drivers' health checks; it sends the result electronically, usually the same day.",
        ));
    };
    if !latest.is_fit() {
        return Err(Text::new(
            "Kết quả khám sức khỏe gần nhất kết luận bạn chưa đủ điều kiện sức khỏe để lái xe hạng này. Bạn có thể khám lại khi đủ điều kiện; kết quả mới sẽ được dùng ngay.",
            "Your latest health check found you not fit to drive this class. You can be examined again when you are; the new result will be used at once.",
        ));
    }
    if latest.valid_until.as_str() < today {
        return Err(Text::new(
            "Kết quả khám sức khỏe của bạn đã hết hạn. Hãy khám lại tại một cơ sở y tế đủ điều kiện.",
            "Your health check has expired. Have a new one at a licensed health facility.",
        ));
    }
    if !group.is_covered_by(&latest.class_group) {
        return Err(Text::new(
            "Kết quả khám sức khỏe của bạn không áp dụng cho hạng giấy phép này (xe tải, xe khách cần khám theo tiêu chuẩn riêng).",
            "Your health check does not cover this licence's classes (trucks and buses need their own standard).",
        ));
    }
    Ok(())
}

/// The latest verified check, as shown among the facts the driver is not asked.
pub(super) fn latest_shown(context: &Context, lang: Lang) -> Option<String> {
    let check = latest_verified(context)?;
    let result = if check.is_fit() {
        Text::new("đủ điều kiện", "fit")
    } else {
        Text::new("chưa đủ điều kiện", "not fit")
    };
    Some(format!(
        "{} — {} — {} ({} {}) — {}",
        check.facility_name,
        display_date(&check.examined_on, lang),
        result.get(lang),
        Text::new("hiệu lực đến", "valid until").get(lang),
        display_date(&check.valid_until, lang),
        Text::new("chữ ký số hợp lệ", "digital signature verified").get(lang),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_health_check_is_verified_on_the_text_hospitals_sign() {
        let record = json!({
            "certificate_id": "KSK-1", "facility_id": "bv-cho-ray", "personal_id": "079203001234",
            "examined_on": "2026-10-01", "class_group": "car", "result": "fit", "valid_until": "2027-10-01",
        });
        let signed = HEALTH_CHECKS.source.signed.unwrap();
        assert_eq!(
            signed.signed_text(&record).unwrap(),
            "health-check/v1|KSK-1|bv-cho-ray|079203001234|2026-10-01|car|fit|2027-10-01"
        );
        assert_eq!(
            signed.signed_text(&json!({ "certificate_id": "KSK-1" })),
            None
        );
    }
}
