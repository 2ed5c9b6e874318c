//! Service 23: claiming unemployment benefit. The social-insurance number is the last ten digits
//! of the health-insurance card the registry holds, so it is shown, not asked; a pensioner (HT
//! card) cannot claim and is told so before starting. The worker names the job that ended, when
//! and how (within the three months the law allows; an unlawful resignation is not covered) with a
//! scan of the paper that ended the contract, the
//! months contributed (at least 12), and how the benefit is paid. The decision states how many
//! months of benefit the contributions give.

use super::common::{
    adult_applicant, decision_number, free, parse_date, DECLARATION, FREE, IDENTITY, PHONE,
    SCANNED_PAPER, SIGN_IN_LEVEL_2, YES_NO,
};
use super::sources::{INSURANCE_CARDS, PERSON};
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Concerns, Context, Definition, Effects, Kind, Options, OutcomeLine, Prefilled,
    Question, Step,
};
use crate::records::InsuranceCard;
use crate::text::Text;
use time::Date;

type Refusals = Vec<(&'static str, Text)>;

/// The law's time limit to claim, counted from the day the contract ended.
const CLAIM_WITHIN_MONTHS: u8 = 3;
const MINIMUM_MONTHS: u32 = 12;

/// The applicant's current insurance card, whose number carries the social-insurance number.
fn card(context: &Context) -> Option<InsuranceCard> {
    INSURANCE_CARDS
        .read(context)
        .into_iter()
        .max_by(|one, other| one.valid_to.cmp(&other.valid_to))
}

fn social_insurance_number(context: &Context) -> Option<String> {
    let number = card(context)?.card_number;
    number
        .get(number.len().checked_sub(10)?..)
        .map(str::to_string)
}

fn eligibility(context: &Context) -> Result<(), Text> {
    adult_applicant(context)?;
    match card(context) {
        None => Err(Text::new(
            "Không tìm thấy mã số bảo hiểm xã hội của bạn. Hãy đề nghị đơn vị đã sử dụng lao động chốt sổ bảo hiểm xã hội rồi thử lại.",
            "Your social-insurance number was not found. Ask your last employer to close your social-insurance record, then try again.",
        )),
        Some(card) if card.group_code == "HT" => Err(Text::new(
            "Bạn đang hưởng lương hưu nên không thuộc đối tượng hưởng trợ cấp thất nghiệp.",
            "You receive a retirement pension, so you cannot claim unemployment benefit.",
        )),
        Some(_) => Ok(()),
    }
}

/// `date` moved back by `months`, on the same day of the month or the month's last day.
fn months_before(date: Date, months: u8) -> Date {
    let mut month = date.month();
    let mut year = date.year();
    for _ in 0..months {
        month = month.previous();
        if month == time::Month::December {
            year -= 1;
        }
    }
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(date)
}

fn job_checks(answers: &Answers, context: &Context) -> Refusals {
    let ended = answers.get("ended_on").and_then(parse_date);
    let today = context.get("today").as_str().and_then(parse_date);
    match (ended, today) {
        (Some(ended), Some(today)) if ended < months_before(today, CLAIM_WITHIN_MONTHS) => vec![(
            "ended_on",
            Text::new(
                "Hồ sơ phải nộp trong 3 tháng kể từ ngày chấm dứt hợp đồng; quá thời hạn này, thời gian đóng được bảo lưu cho lần sau",
                "Claims must be made within 3 months of the contract's end; after that the contributions are kept for a later claim",
            ),
        )],
        _ => vec![],
    }
}

fn ending_checks(answers: &Answers, _: &Context) -> Refusals {
    if answers.is("ending", "quit_unlawfully") {
        vec![(
            "ending",
            Text::new(
                "Người lao động đơn phương chấm dứt hợp đồng trái pháp luật không được hưởng trợ cấp thất nghiệp",
                "A worker who ended the contract unlawfully cannot claim unemployment benefit",
            ),
        )]
    } else {
        vec![]
    }
}

fn months_paid(answers: &Answers) -> Option<u32> {
    answers.get("months").and_then(|months| months.parse().ok())
}

fn contribution_checks(answers: &Answers, _: &Context) -> Refusals {
    match months_paid(answers) {
        Some(months) if months < MINIMUM_MONTHS => vec![(
            "months",
            Text::new(
                "Cần đóng bảo hiểm thất nghiệp từ đủ 12 tháng trở lên trước khi nghỉ việc",
                "You need at least 12 months of unemployment-insurance contributions",
            ),
        )],
        _ => vec![],
    }
}

fn account_checks(answers: &Answers, _: &Context) -> Refusals {
    let account = answers.get("account").unwrap_or_default();
    if (6..=19).contains(&account.len()) && account.bytes().all(|b| b.is_ascii_digit()) {
        vec![]
    } else {
        vec![(
            "account",
            Text::new(
                "Số tài khoản gồm 6 đến 19 chữ số",
                "An account number has 6 to 19 digits",
            ),
        )]
    }
}

/// Three months of benefit for 12 to 36 months of contributions, one more for each further 12,
/// at most 12.
fn benefit_months(contributed: u32) -> u32 {
    if contributed < MINIMUM_MONTHS {
        return 0;
    }
    (3 + contributed.saturating_sub(36) / 12).min(12)
}

const PREFILLED: [Prefilled; 6] = [
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    PHONE,
    Prefilled {
        label: Text::new("Mã số bảo hiểm xã hội", "Social-insurance number"),
        value: |context, _| social_insurance_number(context),
    },
];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 23,
        slug: "unemployment-benefit",
        procedure_code: None,
        name: Text::new("Giải quyết hưởng trợ cấp thất nghiệp", "Claim unemployment benefit"),
        summary: Text::new(
            "Đề nghị hưởng trợ cấp thất nghiệp sau khi chấm dứt hợp đồng lao động.",
            "Claim unemployment benefit after your employment contract has ended.",
        ),
        life_event: LifeEvent::WorkAndTax,
        agency: Agency::Employment,
        who_can_use: Text::new(
            "Người lao động đã đóng bảo hiểm thất nghiệp từ 12 tháng trở lên.",
            "Workers who have paid unemployment insurance for 12 months or more.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Quyết định thôi việc (tệp PDF)", "The termination decision (PDF)"),
        ],
        fee: FREE,
        time_limit: Text::new("20 ngày", "20 days"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source, INSURANCE_CARDS.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "job",
            title: Text::new("Công việc đã nghỉ", "The job that ended"),
            questions: &[
                Question {
                    id: "employer",
                    label: Text::new("Tên đơn vị sử dụng lao động", "Employer's name"),
                    hint: None,
                    kind: Kind::Text { max_chars: 200 },
                    optional: false,
                },
                Question {
                    id: "contract",
                    label: Text::new("Loại hợp đồng lao động", "Kind of employment contract"),
                    hint: None,
                    kind: Kind::Choice(Options::Fixed(&[
                        ("indefinite", Text::new("Không xác định thời hạn", "Indefinite term")),
                        ("fixed", Text::new("Xác định thời hạn", "Fixed term")),
                        ("seasonal", Text::new("Theo mùa vụ hoặc một công việc từ 1 đến 12 tháng", "Seasonal or for one job of 1 to 12 months")),
                    ])),
                    optional: false,
                },
                Question {
                    id: "ended_on",
                    label: Text::new("Ngày chấm dứt hợp đồng", "Date the contract ended"),
                    hint: Some(Text::new("Ghi trong quyết định thôi việc", "As in the termination decision")),
                    kind: Kind::Date { past: true, future: false },
                    optional: false,
                },
            ],
            show_if: None,
            validate: Some(job_checks),
            checks: &[],
        },
        Step {
            id: "ending",
            title: Text::new("Lý do chấm dứt hợp đồng", "How the contract ended"),
            questions: &[
                Question {
                    id: "ending",
                    label: Text::new("Hợp đồng chấm dứt vì", "The contract ended because"),
                    hint: None,
                    kind: Kind::Choice(Options::Fixed(&[
                        ("expired", Text::new("Hết hạn hợp đồng", "It reached its end date")),
                        ("agreement", Text::new("Hai bên thỏa thuận chấm dứt", "Both sides agreed to end it")),
                        ("employer", Text::new("Người sử dụng lao động chấm dứt hoặc cho thôi việc", "The employer ended it or made me redundant")),
                        ("quit_lawfully", Text::new("Tôi nghỉ việc đúng quy định (báo trước đủ thời hạn)", "I resigned lawfully, with due notice")),
                        ("quit_unlawfully", Text::new("Tôi tự ý nghỉ việc không đúng quy định", "I left without following the rules")),
                    ])),
                    optional: false,
                },
                // Decree 28/2015, art. 16: the claim comes with a copy of the paper that ended
                // the contract; the employment service checks it against the reason given.
                Question {
                    id: "ending_paper",
                    label: Text::new(
                        "Bản chụp giấy tờ chấm dứt hợp đồng",
                        "A scan of the paper that ended the contract",
                    ),
                    hint: Some(Text::new(
                        "Quyết định thôi việc, thông báo hoặc thỏa thuận chấm dứt hợp đồng, hoặc hợp đồng đã hết hạn",
                        "The dismissal decision, the notice or agreement ending the contract, or the expired contract",
                    )),
                    kind: Kind::Document(SCANNED_PAPER),
                    optional: false,
                },
            ],
            show_if: None,
            validate: Some(ending_checks),
            checks: &[],
        },
        Step {
            id: "contributions",
            title: Text::new("Thời gian đóng bảo hiểm thất nghiệp", "Unemployment-insurance contributions"),
            questions: &[Question {
                id: "months",
                label: Text::new("Số tháng đã đóng và chưa hưởng", "Months contributed and not yet used"),
                hint: Some(Text::new(
                    "Ghi trên sổ bảo hiểm xã hội; cần ít nhất 12 tháng trong 24 tháng trước khi nghỉ việc",
                    "As in your social-insurance record; at least 12 months in the 24 before the job ended",
                )),
                kind: Kind::Number { min: 0, max: 480 },
                optional: false,
            }],
            show_if: None,
            validate: Some(contribution_checks),
            checks: &[],
        },
        Step {
            id: "payout",
            title: Text::new("Nhận trợ cấp", "Receiving the benefit"),
            questions: &[Question {
                id: "payment",
                label: Text::new("Bạn muốn nhận trợ cấp như thế nào?", "How do you want to be paid?"),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    ("bank", Text::new("Chuyển khoản vào tài khoản ngân hàng của tôi", "Into my bank account")),
                    ("post_office", Text::new("Nhận tiền mặt tại bưu điện", "In cash at the post office")),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "bank",
            title: Text::new("Tài khoản ngân hàng", "Bank account"),
            questions: &[
                Question {
                    id: "bank",
                    label: Text::new("Tên ngân hàng", "Bank"),
                    hint: None,
                    kind: Kind::Text { max_chars: 100 },
                    optional: false,
                },
                Question {
                    id: "account",
                    label: Text::new("Số tài khoản", "Account number"),
                    hint: Some(Text::new("Tài khoản đứng tên bạn", "An account in your name")),
                    kind: Kind::Text { max_chars: 19 },
                    optional: false,
                },
            ],
            show_if: Some(|answers, _| answers.is("payment", "bank")),
            validate: Some(account_checks),
            checks: &[],
        },
        Step {
            id: "job-search",
            title: Text::new("Tìm việc làm mới", "Finding a new job"),
            questions: &[Question {
                id: "job_advice",
                label: Text::new("Bạn có cần tư vấn, giới thiệu việc làm không?", "Do you want advice and job referrals?"),
                hint: Some(Text::new(
                    "Người hưởng trợ cấp thông báo tìm việc hằng tháng với trung tâm dịch vụ việc làm",
                    "People receiving the benefit report their job search to the employment centre every month",
                )),
                kind: Kind::Choice(YES_NO),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
    ],
    fee: free,
    eligibility: Some(eligibility),
    ready: None,
    consent: None,
    more_information: None,
    concerns: Concerns::Subject,
    trigger: None,
    declaration: DECLARATION,
    effects: Effects {
        writes: |_| Vec::new(),
        outcome: |submitted, _| {
            let months = months_paid(submitted.answers).map_or(0, benefit_months);
            vec![
                decision_number(submitted),
                OutcomeLine {
                    label: Text::new("Số tháng hưởng trợ cấp", "Months of benefit"),
                    value: months.to_string(),
                },
            ]
        },
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definitions::common::answers;
    use crate::records::samples;
    use serde_json::json;
    use time::macros::date;

    fn context(group: &str) -> Context {
        let mut context = Context::default();
        context.insert("today", json!("2026-05-31"));
        context.insert(
            PERSON.source.key,
            samples::person(json!({ "date_of_birth": "1985-01-01" })),
        );
        context.insert(
            INSURANCE_CARDS.source.key,
            json!([{ "card_number": format!("{group}4797912345678"), "group_code": group, "valid_to": "2026-12-31" }]),
        );
        context
    }

    #[test]
    fn the_social_insurance_number_comes_from_the_card_and_pensioners_cannot_claim() {
        assert_eq!(
            social_insurance_number(&context("DN")).as_deref(),
            Some("7912345678")
        );
        assert!(eligibility(&context("DN")).is_ok());
        assert!(eligibility(&context("HT"))
            .unwrap_err()
            .en
            .contains("pension"));
        let mut none = context("DN");
        none.insert(INSURANCE_CARDS.source.key, json!([]));
        assert!(eligibility(&none).unwrap_err().en.contains("not found"));
    }

    #[test]
    fn claims_come_within_three_months_after_at_least_a_year_of_contributions() {
        assert_eq!(
            months_before(date!(2026 - 05 - 31), 3),
            date!(2026 - 02 - 28)
        );
        assert_eq!(
            months_before(date!(2026 - 02 - 15), 3),
            date!(2025 - 11 - 15)
        );
        let context = context("DN");
        assert!(job_checks(&answers(&[("ended_on", "2026-02-28")]), &context).is_empty());
        assert_eq!(
            job_checks(&answers(&[("ended_on", "2026-02-27")]), &context).len(),
            1
        );
        assert_eq!(
            contribution_checks(&answers(&[("months", "11")]), &context).len(),
            1
        );
        assert_eq!(
            ending_checks(&answers(&[("ending", "quit_unlawfully")]), &context).len(),
            1
        );
        assert_eq!(
            account_checks(&answers(&[("account", "0123 456")]), &context).len(),
            1
        );
    }

    #[test]
    fn benefit_lasts_three_months_plus_one_per_further_year_up_to_twelve() {
        assert_eq!(benefit_months(11), 0);
        assert_eq!(benefit_months(12), 3);
        assert_eq!(benefit_months(36), 3);
        assert_eq!(benefit_months(48), 4);
        assert_eq!(benefit_months(59), 4);
        assert_eq!(benefit_months(144), 12);
        assert_eq!(benefit_months(400), 12);
    }
}
