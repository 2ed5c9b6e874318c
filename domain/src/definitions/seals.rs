//! What the two seal services share: who asks for an organisation's seals, how many, and the fee
//! of one sample certificate per seal.

use super::common::{display_vnd, IDENTITY, PHONE};
use crate::engine::{Answers, Context, Kind, Prefilled, Question, Step};
use crate::text::Text;

/// The fee for one seal-sample certificate: each seal made gets its own.
pub const SEAL_CERTIFICATE_FEE_VND: u64 = 50_000;

/// The organisation a seal is made for, as named on its founding decision.
pub const ORGANISATION_NAME: Question = Question {
    id: "organisation",
    label: Text::new("Tên cơ quan, tổ chức", "Name of the organisation"),
    hint: Some(Text::new(
        "Đúng như trong quyết định thành lập hoặc giấy phép hoạt động",
        "Exactly as in its founding decision or operating licence",
    )),
    kind: Kind::Text { max_chars: 200 },
    optional: false,
};

/// The applicant's position: only the organisation's legal representative may ask for its seals.
pub const REPRESENTATIVE_POSITION: Question = Question {
    id: "position",
    label: Text::new(
        "Chức vụ của bạn trong tổ chức",
        "Your position in the organisation",
    ),
    hint: Some(Text::new(
        "Ví dụ: Chủ tịch, Giám đốc, Hiệu trưởng",
        "For example: Chair, Director, Head teacher",
    )),
    kind: Kind::Text { max_chars: 100 },
    optional: false,
};

/// How many seals of the kind asked for are to be made.
pub const SEAL_COUNT: Question = Question {
    id: "count",
    label: Text::new("Số lượng con dấu", "Number of seals"),
    hint: Some(Text::new(
        "Mỗi con dấu có một giấy chứng nhận mẫu dấu, lệ phí 50.000 đồng mỗi giấy",
        "Each seal gets its own sample certificate, VND 50,000 each",
    )),
    kind: Kind::Number { min: 1, max: 5 },
    optional: false,
};

/// What both seal services show from the registry: the representative, their phone, and the
/// fee per seal.
pub const SEAL_PREFILLED: [Prefilled; 6] = [
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    PHONE,
    Prefilled {
        label: Text::new("Lệ phí", "Fee"),
        value: |_, lang| {
            Some(format!(
                "{} {}",
                display_vnd(SEAL_CERTIFICATE_FEE_VND),
                Text::new("cho mỗi con dấu", "for each seal").get(lang)
            ))
        },
    },
];

/// The last step of both seal services: how many seals, which sets the fee.
pub const SEALS_STEP: Step = Step {
    id: "seals",
    title: Text::new("Số lượng con dấu", "How many seals"),
    questions: &[SEAL_COUNT],
    show_if: None,
    validate: None,
    checks: &[],
};

/// The fee of the seal services: one certificate per seal.
pub fn per_seal_fee(answers: &Answers, _: &Context) -> Option<u64> {
    let count = answers
        .get(SEAL_COUNT.id)
        .and_then(|count| count.parse::<u64>().ok())
        .unwrap_or(1);
    Some(SEAL_CERTIFICATE_FEE_VND * count)
}
