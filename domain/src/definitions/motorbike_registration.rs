//! Service 7: registering a motorbike and getting its number plate. The owner's identity and
//! residence come from the registry; the owner describes the vehicle as its papers do (type,
//! make, engine size, frame and engine numbers, origin, purchase invoice). The fee depends on the
//! area of the owner's residence and on the price paid (Circular 60/2023/TT-BTC).

use super::common::{
    adult_applicant, decision_number, display_vnd, vehicles_in_name, ADULT_RESIDENT, DECLARATION,
    IDENTITY, SIGN_IN_LEVEL_2,
};
use super::sources::{PERSON, VEHICLES};
use crate::catalogue::{Agency, LifeEvent, Service};
use crate::engine::{
    Answers, Concerns, Context, Definition, Effects, Kind, Options, OutcomeLine, Prefilled,
    Question, Step,
};
use crate::text::{Lang, Text};

/// Fee areas of Circular 60/2023: area I is Hà Nội and Hồ Chí Minh City, area II the other
/// centrally-run cities, area III everywhere else (the circular also puts provincial cities in
/// area II; the registry gives only the province, so they count as area III here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Area {
    One,
    Two,
    Three,
}

fn area(context: &Context) -> Area {
    let residence = PERSON
        .read(context)
        .and_then(|person| person.permanent_residence);
    match residence.map(|residence| residence.province_code) {
        Some(1 | 79) => Area::One,
        Some(31 | 46 | 48 | 92) => Area::Two,
        _ => Area::Three,
    }
}

/// The fee for a motorbike priced `price` VND in `area`.
fn fee_for(area: Area, price: u64) -> u64 {
    let bracket = match price {
        0..=15_000_000 => 0,
        15_000_001..=40_000_000 => 1,
        _ => 2,
    };
    match area {
        Area::One => [1_000_000, 2_000_000, 4_000_000][bracket],
        Area::Two => [200_000, 400_000, 800_000][bracket],
        Area::Three => 150_000,
    }
}

fn fee_explained(context: &Context, lang: Lang) -> String {
    match area(context) {
        Area::One => format!(
            "{}: {}",
            Text::new("Khu vực I, theo giá xe", "Area I, by price").get(lang),
            [1_000_000, 2_000_000, 4_000_000]
                .map(display_vnd)
                .join(" / ")
        ),
        Area::Two => format!(
            "{}: {}",
            Text::new("Khu vực II, theo giá xe", "Area II, by price").get(lang),
            [200_000, 400_000, 800_000].map(display_vnd).join(" / ")
        ),
        Area::Three => format!(
            "{}: {}",
            Text::new("Khu vực III", "Area III").get(lang),
            display_vnd(150_000)
        ),
    }
}

/// Frame and engine numbers as stamped: 6 to 17 letters and digits.
fn stamped_number(value: &str) -> bool {
    (6..=17).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric())
}

const PREFILLED: [Prefilled; 6] = [
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    IDENTITY[3],
    Prefilled {
        label: Text::new("Xe đang đứng tên bạn", "Vehicles already in your name"),
        value: |context, lang| {
            let plates = vehicles_in_name(context);
            Some(if plates.is_empty() {
                Text::new("Chưa có", "None").get(lang).to_string()
            } else {
                plates.join(", ")
            })
        },
    },
    Prefilled {
        label: Text::new("Lệ phí đăng ký, cấp biển số", "Registration and plate fee"),
        value: |context, lang| Some(fee_explained(context, lang)),
    },
];

pub static DEFINITION: Definition = Definition {
    service: Service {
        number: 7,
        slug: "motorbike-registration",
        procedure_code: None,
        name: Text::new(
            "Đăng ký, cấp biển số mô tô, xe gắn máy",
            "Register a motorbike and get a number plate",
        ),
        summary: Text::new(
            "Đăng ký xe mô tô, xe gắn máy mới mua và nhận biển số.",
            "Register a motorbike you have bought and receive its number plate.",
        ),
        life_event: LifeEvent::Driving,
        agency: Agency::PublicSecurity,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new(
                "Số khung, số máy và hóa đơn mua xe",
                "The frame and engine numbers and the purchase invoice",
            ),
        ],
        fee: Text::new(
            "Từ 150.000 đồng, tùy khu vực",
            "From VND 150,000, depending on the area",
        ),
        time_limit: Text::new("2 ngày làm việc", "2 working days"),
    },
    subjects: crate::engine::APPLICANT_ONLY,
    sources: &[PERSON.source, VEHICLES.source],
    prefilled: &PREFILLED,
    steps: &[
        Step {
            id: "vehicle-type",
            title: Text::new("Loại xe", "Type of vehicle"),
            questions: &[Question {
                id: "vehicle_type",
                label: Text::new("Xe của bạn là loại nào?", "What type of vehicle is it?"),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "motorbike",
                        Text::new("Mô tô (trên 50 cm³)", "Motorbike (over 50 cc)"),
                    ),
                    (
                        "moped",
                        Text::new("Xe gắn máy (đến 50 cm³)", "Moped (50 cc or less)"),
                    ),
                    ("electric", Text::new("Xe máy điện", "Electric motorbike")),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "vehicle",
            title: Text::new("Nhãn hiệu, số loại và màu sơn", "Make, model and colour"),
            questions: &[
                Question {
                    id: "brand",
                    label: Text::new("Nhãn hiệu", "Make"),
                    hint: Some(Text::new(
                        "Ví dụ Honda, Yamaha, VinFast",
                        "For example Honda, Yamaha, VinFast",
                    )),
                    kind: Kind::Text { max_chars: 50 },
                    optional: false,
                },
                Question {
                    id: "model",
                    label: Text::new("Số loại", "Model"),
                    hint: Some(Text::new(
                        "Ví dụ Wave Alpha, Vision, Evo200",
                        "For example Wave Alpha, Vision, Evo200",
                    )),
                    kind: Kind::Text { max_chars: 50 },
                    optional: false,
                },
                Question {
                    id: "colour",
                    label: Text::new("Màu sơn", "Colour"),
                    hint: None,
                    kind: Kind::Text { max_chars: 30 },
                    optional: false,
                },
            ],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "capacity",
            title: Text::new("Dung tích xi lanh", "Engine size"),
            questions: &[Question {
                id: "capacity_cc",
                label: Text::new("Dung tích xi lanh (cm³)", "Engine size (cc)"),
                hint: Some(Text::new(
                    "Ghi trên phiếu kiểm tra chất lượng xuất xưởng",
                    "As on the factory quality certificate",
                )),
                kind: Kind::Number { min: 1, max: 3000 },
                optional: false,
            }],
            show_if: Some(|answers, _| !answers.is("vehicle_type", "electric")),
            validate: Some(|answers, _| {
                let cc = answers
                    .get("capacity_cc")
                    .and_then(|cc| cc.parse::<u32>().ok())
                    .unwrap_or_default();
                match answers.get("vehicle_type") {
                    Some("moped") if cc > 50 => vec![(
                        "capacity_cc",
                        Text::new(
                            "Xe gắn máy có dung tích đến 50 cm³; xe lớn hơn là mô tô",
                            "A moped has 50 cc or less; a larger one is a motorbike",
                        ),
                    )],
                    Some("motorbike") if cc <= 50 => vec![(
                        "capacity_cc",
                        Text::new(
                            "Mô tô có dung tích trên 50 cm³; xe nhỏ hơn là xe gắn máy",
                            "A motorbike has over 50 cc; a smaller one is a moped",
                        ),
                    )],
                    _ => vec![],
                }
            }),
            checks: &[],
        },
        Step {
            id: "numbers",
            title: Text::new("Số khung và số máy", "Frame and engine numbers"),
            questions: &[
                Question {
                    id: "frame_number",
                    label: Text::new("Số khung", "Frame number"),
                    hint: Some(Text::new(
                        "Dập trên khung xe, từ 6 đến 17 chữ cái và chữ số",
                        "Stamped on the frame, 6 to 17 letters and digits",
                    )),
                    kind: Kind::Text { max_chars: 17 },
                    optional: false,
                },
                Question {
                    id: "engine_number",
                    label: Text::new("Số máy (số động cơ)", "Engine (motor) number"),
                    hint: Some(Text::new(
                        "Dập trên động cơ, từ 6 đến 17 chữ cái và chữ số",
                        "Stamped on the engine, 6 to 17 letters and digits",
                    )),
                    kind: Kind::Text { max_chars: 17 },
                    optional: false,
                },
            ],
            show_if: None,
            validate: Some(|answers, _| {
                let mut refusals = Vec::new();
                for field in ["frame_number", "engine_number"] {
                    if answers
                        .get(field)
                        .is_some_and(|number| !stamped_number(number))
                    {
                        refusals.push((
                            field,
                            Text::new("Chỉ gồm chữ cái không dấu và chữ số, từ 6 đến 17 ký tự, không có khoảng trắng", "Only letters and digits, 6 to 17 of them, no spaces"),
                        ));
                    }
                }
                if refusals.is_empty()
                    && answers.get("frame_number").map(str::to_uppercase)
                        == answers.get("engine_number").map(str::to_uppercase)
                {
                    refusals.push((
                        "engine_number",
                        Text::new(
                            "Số máy khác số khung; hãy kiểm tra lại",
                            "The engine number differs from the frame number; check it again",
                        ),
                    ));
                }
                refusals
            }),
            checks: &[],
        },
        Step {
            id: "origin",
            title: Text::new("Nguồn gốc xe", "Where the vehicle comes from"),
            questions: &[Question {
                id: "origin",
                label: Text::new(
                    "Xe sản xuất, lắp ráp trong nước hay nhập khẩu?",
                    "Was it made in Viet Nam or imported?",
                ),
                hint: None,
                kind: Kind::Choice(Options::Fixed(&[
                    (
                        "domestic",
                        Text::new(
                            "Sản xuất, lắp ráp trong nước",
                            "Made or assembled in Viet Nam",
                        ),
                    ),
                    ("imported", Text::new("Nhập khẩu", "Imported")),
                ])),
                optional: false,
            }],
            show_if: None,
            validate: None,
            checks: &[],
        },
        Step {
            id: "customs",
            title: Text::new("Tờ khai hải quan", "Customs declaration"),
            questions: &[Question {
                id: "customs_declaration",
                label: Text::new("Số tờ khai hải quan", "Customs declaration number"),
                hint: Some(Text::new(
                    "12 chữ số, cơ quan hải quan đã gửi dữ liệu điện tử",
                    "12 digits; customs have sent it electronically",
                )),
                kind: Kind::Text { max_chars: 12 },
                optional: false,
            }],
            show_if: Some(|answers, _| answers.is("origin", "imported")),
            validate: Some(|answers, _| {
                let number = answers.get("customs_declaration").unwrap_or_default();
                if number.len() == 12 && number.bytes().all(|b| b.is_ascii_digit()) {
                    vec![]
                } else {
                    vec![(
                        "customs_declaration",
                        Text::new(
                            "Số tờ khai hải quan gồm đúng 12 chữ số",
                            "A customs declaration number has exactly 12 digits",
                        ),
                    )]
                }
            }),
            checks: &[],
        },
        Step {
            id: "invoice",
            title: Text::new("Hóa đơn mua xe", "Purchase invoice"),
            questions: &[
                Question {
                    id: "invoice_number",
                    label: Text::new("Số hóa đơn điện tử", "E-invoice number"),
                    hint: Some(Text::new(
                        "Ký hiệu và số trên hóa đơn của cửa hàng, ví dụ 1C26TAA-0001234",
                        "The series and number on the shop's invoice, for example 1C26TAA-0001234",
                    )),
                    kind: Kind::Text { max_chars: 30 },
                    optional: false,
                },
                Question {
                    id: "invoice_date",
                    label: Text::new("Ngày hóa đơn", "Invoice date"),
                    hint: Some(Text::new("Ví dụ 20/11/2026", "For example 20/11/2026")),
                    kind: Kind::Date {
                        past: true,
                        future: false,
                    },
                    optional: false,
                },
                Question {
                    id: "price",
                    label: Text::new(
                        "Giá mua ghi trên hóa đơn (đồng)",
                        "Price on the invoice (VND)",
                    ),
                    hint: Some(Text::new(
                        "Gồm thuế giá trị gia tăng, ví dụ 18.500.000",
                        "Including VAT, for example 18,500,000",
                    )),
                    kind: Kind::Number {
                        min: 1_000_000,
                        max: 3_000_000_000,
                    },
                    optional: false,
                },
            ],
            show_if: None,
            validate: None,
            checks: &[],
        },
    ],
    fee: |answers: &Answers, context: &Context| {
        let price = answers
            .get("price")
            .and_then(|price| price.parse().ok())
            .unwrap_or_default();
        Some(fee_for(area(context), price))
    },
    eligibility: Some(adult_applicant),
    ready: None,
    consent: None,
    more_information: None,
    concerns: Concerns::Object(|answers, _| {
        answers
            .get("frame_number")
            .map(|typed| format!("vehicle-frame:{}", super::common::compact_upper(typed)))
    }),
    trigger: None,
    declaration: DECLARATION,
    effects: Effects {
        writes: |_| Vec::new(),
        outcome: |submitted, _| {
            let (commune, province) = PERSON
                .read(submitted.context)
                .and_then(|person| person.permanent_residence)
                .map(|residence| (residence.commune, residence.province_name))
                .unwrap_or_default();
            vec![
                decision_number(submitted),
                OutcomeLine {
                    label: Text::new(
                        "Nhận chứng nhận đăng ký xe và biển số tại",
                        "Collect the registration certificate and plate at",
                    ),
                    value: format!("Công an {commune}, {province}"),
                },
            ]
        },
    },
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::samples;
    use serde_json::json;

    fn context(province: u64) -> Context {
        let mut context = Context::default();
        let residence = samples::address(json!({ "province_code": province }));
        context.insert(
            PERSON.source.key,
            samples::person(json!({ "permanent_residence": residence })),
        );
        context
    }

    #[test]
    fn the_fee_follows_the_area_and_the_price() {
        assert_eq!(fee_for(area(&context(1)), 15_000_000), 1_000_000);
        assert_eq!(fee_for(area(&context(79)), 32_000_000), 2_000_000);
        assert_eq!(fee_for(area(&context(79)), 95_000_000), 4_000_000);
        assert_eq!(fee_for(area(&context(48)), 32_000_000), 400_000);
        assert_eq!(fee_for(area(&context(40)), 95_000_000), 150_000);
        let mut answers = Answers::default();
        answers.set("price", "18500000".into());
        assert_eq!((DEFINITION.fee)(&answers, &context(1)), Some(2_000_000));
    }

    #[test]
    fn an_electric_motorbike_has_no_engine_size_and_a_moped_is_at_most_50_cc() {
        let context = context(1);
        let step = DEFINITION.step("capacity").unwrap();
        let mut answers = Answers::default();
        answers.set("vehicle_type", "electric".into());
        assert!(!step.is_asked(&answers, &context));
        answers.set("vehicle_type", "moped".into());
        answers.set("capacity_cc", "110".into());
        assert!(step.is_asked(&answers, &context));
        assert_eq!(
            (step.validate.unwrap())(&answers, &context)[0].0,
            "capacity_cc"
        );
        answers.set("vehicle_type", "motorbike".into());
        assert!((step.validate.unwrap())(&answers, &context).is_empty());
    }

    #[test]
    fn frame_and_engine_numbers_are_stamped_numbers_that_differ() {
        let context = context(1);
        let validate = DEFINITION.step("numbers").unwrap().validate.unwrap();
        let mut answers = Answers::default();
        answers.set("frame_number", "RLHJF1805KY123456".into());
        answers.set("engine_number", "JF18E1234567".into());
        assert!(validate(&answers, &context).is_empty());
        answers.set("engine_number", "rlhjf1805ky123456".into());
        assert_eq!(validate(&answers, &context)[0].0, "engine_number");
        answers.set("frame_number", "RLH JF18".into());
        assert_eq!(validate(&answers, &context)[0].0, "frame_number");
    }
}
