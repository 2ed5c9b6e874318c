//! Where an application stands, from draft to decision: the codes the database keeps and the
//! words citizens read.

use domain::text::Text;

/// An application's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Draft,
    AwaitingPayment,
    Submitted,
    InProgress,
    MoreInformation,
    Decided,
    Rejected,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::AwaitingPayment => "awaiting_payment",
            Self::Submitted => "submitted",
            Self::InProgress => "in_progress",
            Self::MoreInformation => "more_information",
            Self::Decided => "decided",
            Self::Rejected => "rejected",
        }
    }

    pub fn from_code(code: &str) -> Status {
        match code {
            "awaiting_payment" => Self::AwaitingPayment,
            "submitted" => Self::Submitted,
            "in_progress" => Self::InProgress,
            "more_information" => Self::MoreInformation,
            "decided" => Self::Decided,
            "rejected" => Self::Rejected,
            _ => Self::Draft,
        }
    }

    pub fn label(self) -> Text {
        match self {
            Self::Draft => Text::new("Bản nháp", "Draft"),
            Self::AwaitingPayment => Text::new("Chờ thanh toán", "Waiting for payment"),
            Self::Submitted => Text::new("Đã tiếp nhận", "Received"),
            Self::InProgress => Text::new("Đang xử lý", "In progress"),
            Self::MoreInformation => Text::new("Cần bổ sung thông tin", "More information needed"),
            Self::Decided => Text::new("Đã có kết quả", "Decided"),
            Self::Rejected => Text::new("Bị từ chối", "Refused"),
        }
    }

    /// Whether the citizen can still change the answers.
    pub fn is_editable(self) -> bool {
        matches!(self, Self::Draft | Self::AwaitingPayment)
    }
}
