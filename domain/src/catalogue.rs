//! The 25 essential online public services of Project 06 (Decision 06/QĐ-TTg, appendix 1) as
//! data: what the home page lists and what each start page tells a citizen before they begin.

use crate::text::Text;

/// Life events group the catalogue the way citizens think of their errand, not by ministry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LifeEvent {
    HavingABaby,
    Driving,
    WhereYouLive,
    Family,
    WorkAndTax,
    LandAndElectricity,
    Documents,
}

impl LifeEvent {
    pub const ALL: [LifeEvent; 7] = [
        Self::HavingABaby,
        Self::Driving,
        Self::WhereYouLive,
        Self::Family,
        Self::WorkAndTax,
        Self::LandAndElectricity,
        Self::Documents,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Self::HavingABaby => "having-a-baby",
            Self::Driving => "driving",
            Self::WhereYouLive => "where-you-live",
            Self::Family => "family",
            Self::WorkAndTax => "work-and-tax",
            Self::LandAndElectricity => "land-and-electricity",
            Self::Documents => "documents",
        }
    }

    pub fn title(self) -> Text {
        match self {
            Self::HavingABaby => Text::new("Sinh con", "Having a baby"),
            Self::Driving => Text::new("Lái xe và phương tiện", "Driving and vehicles"),
            Self::WhereYouLive => Text::new("Nơi cư trú", "Where you live"),
            Self::Family => Text::new("Gia đình", "Family"),
            Self::WorkAndTax => Text::new("Việc làm, học tập và thuế", "Work, study and tax"),
            Self::LandAndElectricity => Text::new("Đất đai và điện", "Land and electricity"),
            Self::Documents => Text::new("Giấy tờ tùy thân", "Identity documents"),
        }
    }
}

/// The agencies responsible today (some moved in 2025).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agency {
    PublicSecurity,
    CommuneJustice,
    SocialInsurance,
    Tax,
    LandOffice,
    Education,
    Employment,
    Electricity,
    /// Bundled services are handled by several agencies through one application.
    Joint(Text),
}

impl Agency {
    pub fn name(self) -> Text {
        match self {
            Self::PublicSecurity => Text::new("Bộ Công an", "Ministry of Public Security"),
            Self::CommuneJustice => Text::new(
                "Ủy ban nhân dân cấp xã (tư pháp – hộ tịch)",
                "Commune People's Committee (civil status)",
            ),
            Self::SocialInsurance => {
                Text::new("Bảo hiểm xã hội Việt Nam", "Vietnam Social Security")
            }
            Self::Tax => Text::new(
                "Cơ quan thuế (Bộ Tài chính)",
                "Tax authority (Ministry of Finance)",
            ),
            Self::LandOffice => Text::new("Văn phòng đăng ký đất đai", "Land registration office"),
            Self::Education => Text::new(
                "Bộ Giáo dục và Đào tạo",
                "Ministry of Education and Training",
            ),
            Self::Employment => Text::new(
                "Trung tâm dịch vụ việc làm (Bộ Nội vụ)",
                "Employment service centre (Ministry of Home Affairs)",
            ),
            Self::Electricity => Text::new(
                "Tập đoàn Điện lực Việt Nam (EVN)",
                "Vietnam Electricity (EVN)",
            ),
            Self::Joint(names) => names,
        }
    }
}

/// One of the 25 services, as described to the citizen before they start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// Position in the appendix of Decision 06/QĐ-TTg.
    pub number: u8,
    /// Stable, language-neutral identifier used in URLs and in the registry's purpose header.
    pub slug: &'static str,
    /// Procedure code on the national portal, where known.
    pub procedure_code: Option<&'static str>,
    pub name: Text,
    pub summary: Text,
    pub life_event: LifeEvent,
    pub agency: Agency,
    pub who_can_use: Text,
    pub what_you_need: &'static [Text],
    pub fee: Text,
    pub time_limit: Text,
}

pub fn by_slug(slug: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|service| service.slug == slug)
}

/// The services of one life event, in appendix order.
pub fn in_life_event(event: LifeEvent) -> impl Iterator<Item = &'static Service> {
    SERVICES
        .iter()
        .filter(move |service| service.life_event == event)
}

const SIGN_IN_LEVEL_2: Text = Text::new(
    "Tài khoản định danh điện tử mức độ 2 (VNeID)",
    "A level 2 electronic identity account (VNeID)",
);
const ADULT_RESIDENT: Text = Text::new(
    "Công dân Việt Nam từ 14 tuổi có tài khoản định danh điện tử mức độ 2.",
    "Vietnamese citizens aged 14 or over with a level 2 electronic identity account.",
);
const PARENT: Text = Text::new(
    "Cha, mẹ (hoặc người giám hộ) của trẻ, có tài khoản định danh điện tử mức độ 2.",
    "The child's parent (or guardian) with a level 2 electronic identity account.",
);
const FREE: Text = Text::new("Miễn phí", "Free");

pub static SERVICES: [Service; 26] = [
    Service {
        number: 1,
        slug: "confirm-old-id-number",
        procedure_code: Some("2.001178"),
        name: Text::new(
            "Xác nhận số Chứng minh nhân dân khi đã được cấp thẻ Căn cước công dân",
            "Confirm your old ID (CMND) number",
        ),
        summary: Text::new(
            "Nhận giấy xác nhận số CMND 9 số cũ gắn với số định danh cá nhân, để dùng với ngân hàng và giấy tờ cũ.",
            "Get a confirmation that links your old 9-digit ID number to your personal ID, for banks and old papers.",
        ),
        life_event: LifeEvent::Documents,
        agency: Agency::PublicSecurity,
        who_can_use: Text::new(
            "Công dân đã được cấp CMND 9 số và nay có thẻ căn cước.",
            "Citizens who held a 9-digit ID card (CMND) and now hold a chip ID card.",
        ),
        what_you_need: &[SIGN_IN_LEVEL_2],
        fee: FREE,
        time_limit: Text::new("3 ngày làm việc", "3 working days"),
    },
    Service {
        number: 2,
        slug: "id-card",
        procedure_code: None,
        name: Text::new("Cấp lại, đổi thẻ căn cước", "Renew or replace your ID card"),
        summary: Text::new(
            "Đổi thẻ căn cước khi hết hạn, hỏng hoặc thay đổi thông tin; cấp lại khi bị mất.",
            "Exchange an expired, damaged or outdated ID card, or replace a lost one.",
        ),
        life_event: LifeEvent::Documents,
        agency: Agency::PublicSecurity,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Thẻ căn cước hiện tại (nếu còn)", "Your current ID card, if you still have it"),
        ],
        fee: Text::new(
            "Đổi thẻ 50.000 đồng; cấp lại 70.000 đồng",
            "VND 50,000 to exchange; VND 70,000 to replace",
        ),
        time_limit: Text::new("7 ngày làm việc", "7 working days"),
    },
    Service {
        number: 3,
        slug: "permanent-residence",
        procedure_code: None,
        name: Text::new("Đăng ký thường trú", "Register your permanent residence"),
        summary: Text::new(
            "Đăng ký nơi thường trú mới khi chuyển nhà, về ở với gia đình hoặc mua nhà.",
            "Register a new permanent address when you move, join a household or buy a home.",
        ),
        life_event: LifeEvent::WhereYouLive,
        agency: Agency::PublicSecurity,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new(
                "Giấy tờ chứng minh chỗ ở hợp pháp, hoặc sự đồng ý của chủ hộ qua cổng",
                "Proof of a lawful home, or the household head's consent through the portal",
            ),
        ],
        fee: Text::new("10.000 đồng khi nộp trực tuyến", "VND 10,000 online"),
        time_limit: Text::new("7 ngày làm việc", "7 working days"),
    },
    Service {
        number: 4,
        slug: "temporary-residence",
        procedure_code: None,
        name: Text::new("Đăng ký tạm trú", "Register a temporary residence"),
        summary: Text::new(
            "Đăng ký nơi ở tạm thời khi sống ngoài nơi thường trú từ 30 ngày trở lên.",
            "Register where you live when you stay away from your permanent address for 30 days or more.",
        ),
        life_event: LifeEvent::WhereYouLive,
        agency: Agency::PublicSecurity,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new(
                "Sự đồng ý của chủ nhà (xác nhận qua cổng) hoặc hợp đồng thuê nhà",
                "The owner's consent (confirmed through the portal) or a rental contract",
            ),
        ],
        fee: Text::new("7.000 đồng khi nộp trực tuyến", "VND 7,000 online"),
        time_limit: Text::new("3 ngày làm việc", "3 working days"),
    },
    Service {
        number: 5,
        slug: "temporary-absence",
        procedure_code: None,
        name: Text::new("Khai báo tạm vắng", "Declare a temporary absence"),
        summary: Text::new(
            "Báo cho công an xã khi vắng mặt khỏi nơi cư trú trong thời gian dài.",
            "Tell the commune police when you will be away from where you live for a long period.",
        ),
        life_event: LifeEvent::WhereYouLive,
        agency: Agency::PublicSecurity,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[SIGN_IN_LEVEL_2],
        fee: FREE,
        time_limit: Text::new("1 ngày làm việc", "1 working day"),
    },
    Service {
        number: 6,
        slug: "notify-stay",
        procedure_code: None,
        name: Text::new("Thông báo lưu trú", "Notify a guest's stay"),
        summary: Text::new(
            "Chủ nhà, cơ sở lưu trú báo cho công an khi có người đến ở qua đêm.",
            "Hosts and hotels tell the police when someone stays overnight.",
        ),
        life_event: LifeEvent::WhereYouLive,
        agency: Agency::PublicSecurity,
        who_can_use: Text::new(
            "Chủ hộ, người đại diện cơ sở lưu trú.",
            "Household heads and the representatives of places of accommodation.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Số định danh của khách", "Your guest's personal ID number"),
        ],
        fee: FREE,
        time_limit: Text::new("Tiếp nhận ngay", "Received at once"),
    },
    Service {
        number: 7,
        slug: "motorbike-registration",
        procedure_code: None,
        name: Text::new("Đăng ký, cấp biển số mô tô, xe gắn máy", "Register a motorbike and get a number plate"),
        summary: Text::new(
            "Đăng ký xe mô tô, xe gắn máy mới mua và nhận biển số.",
            "Register a motorbike you have bought and receive its number plate.",
        ),
        life_event: LifeEvent::Driving,
        agency: Agency::PublicSecurity,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Số khung, số máy và hóa đơn mua xe", "The frame and engine numbers and the purchase invoice"),
        ],
        fee: Text::new("Từ 150.000 đồng, tùy khu vực", "From VND 150,000, depending on the area"),
        time_limit: Text::new("2 ngày làm việc", "2 working days"),
    },
    Service {
        number: 8,
        slug: "traffic-fines",
        procedure_code: None,
        name: Text::new(
            "Nộp phạt vi phạm hành chính giao thông (phạt nguội)",
            "Pay a camera-detected traffic fine",
        ),
        summary: Text::new(
            "Xem các khoản phạt do camera ghi nhận với xe của bạn và nộp phạt trực tuyến.",
            "See fines recorded by cameras for your vehicles and pay them online.",
        ),
        life_event: LifeEvent::Driving,
        agency: Agency::PublicSecurity,
        who_can_use: Text::new(
            "Chủ phương tiện hoặc người vi phạm có tài khoản mức độ 2.",
            "Vehicle owners or offenders with a level 2 account.",
        ),
        what_you_need: &[SIGN_IN_LEVEL_2],
        fee: Text::new("Số tiền phạt ghi trong quyết định", "The amount set in the penalty decision"),
        time_limit: Text::new("Xác nhận ngay khi thanh toán", "Confirmed as soon as you pay"),
    },
    Service {
        number: 9,
        slug: "birth-registration",
        procedure_code: Some("1.001193"),
        name: Text::new("Đăng ký khai sinh", "Register a birth"),
        summary: Text::new(
            "Đăng ký khai sinh cho con và nhận giấy khai sinh điện tử.",
            "Register your child's birth and receive an electronic birth certificate.",
        ),
        life_event: LifeEvent::HavingABaby,
        agency: Agency::CommuneJustice,
        who_can_use: PARENT,
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Giấy chứng sinh (bệnh viện gửi điện tử)", "The birth notice (sent electronically by the hospital)"),
        ],
        fee: Text::new("Miễn phí khi đăng ký đúng hạn", "Free when registered on time"),
        time_limit: Text::new("Trong ngày làm việc", "The same working day"),
    },
    Service {
        number: 10,
        slug: "death-registration",
        procedure_code: Some("1.000656"),
        name: Text::new("Đăng ký khai tử", "Register a death"),
        summary: Text::new(
            "Đăng ký khai tử cho người thân đã mất.",
            "Register the death of a family member.",
        ),
        life_event: LifeEvent::Family,
        agency: Agency::CommuneJustice,
        who_can_use: Text::new(
            "Vợ, chồng, con, cha, mẹ hoặc người thân của người đã mất.",
            "The spouse, child, parent or a relative of the deceased.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Giấy báo tử hoặc giấy tờ thay thế", "The death notice or an equivalent document"),
        ],
        fee: FREE,
        time_limit: Text::new("Trong ngày làm việc", "The same working day"),
    },
    Service {
        number: 11,
        slug: "marriage-registration",
        procedure_code: Some("1.000894"),
        name: Text::new("Đăng ký kết hôn", "Register a marriage"),
        summary: Text::new(
            "Hai bên nam, nữ đăng ký kết hôn; tình trạng hôn nhân được kiểm tra với cơ sở dữ liệu dân cư.",
            "Register your marriage; both partners' marital status is checked with the population database.",
        ),
        life_event: LifeEvent::Family,
        agency: Agency::CommuneJustice,
        who_can_use: Text::new(
            "Nam từ 20 tuổi, nữ từ 18 tuổi, chưa có vợ hoặc chồng.",
            "Men aged 20 or over and women aged 18 or over who are not married.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Số định danh cá nhân của người kia", "Your partner's personal ID number"),
        ],
        fee: FREE,
        time_limit: Text::new("3 ngày làm việc", "3 working days"),
    },
    Service {
        number: 12,
        slug: "passport",
        procedure_code: None,
        name: Text::new(
            "Cấp, cấp lại, sửa đổi hộ chiếu phổ thông",
            "Apply for, replace or amend an ordinary passport",
        ),
        summary: Text::new(
            "Làm hộ chiếu lần đầu, cấp lại khi hết hạn hoặc bị mất, sửa đổi thông tin.",
            "Get your first passport, replace an expired or lost one, or amend its details.",
        ),
        life_event: LifeEvent::Documents,
        agency: Agency::PublicSecurity,
        who_can_use: Text::new(
            "Công dân Việt Nam; trẻ dưới 14 tuổi do cha mẹ làm thay.",
            "Vietnamese citizens; parents apply for children under 14.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Ảnh chân dung nền trắng", "A portrait photo on a white background"),
        ],
        fee: Text::new(
            "200.000 đồng; cấp lại do mất 400.000 đồng",
            "VND 200,000; VND 400,000 to replace a lost passport",
        ),
        time_limit: Text::new("8 ngày làm việc", "8 working days"),
    },
    Service {
        number: 13,
        slug: "official-seal",
        procedure_code: None,
        name: Text::new(
            "Làm con dấu mới, cấp giấy chứng nhận mẫu dấu",
            "Make a new official seal and register its sample",
        ),
        summary: Text::new(
            "Đăng ký mẫu con dấu mới của cơ quan, tổ chức.",
            "Register the sample of a new official seal for an organisation.",
        ),
        life_event: LifeEvent::WorkAndTax,
        agency: Agency::PublicSecurity,
        who_can_use: Text::new(
            "Người đại diện theo pháp luật của cơ quan, tổ chức.",
            "The legal representative of an organisation.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Quyết định thành lập hoặc giấy phép hoạt động (tệp PDF)", "The founding decision or operating licence (PDF)"),
        ],
        fee: Text::new("50.000 đồng", "VND 50,000"),
        time_limit: Text::new("3 ngày làm việc", "3 working days"),
    },
    Service {
        number: 14,
        slug: "special-seal",
        procedure_code: None,
        name: Text::new("Làm con dấu thu nhỏ, dấu nổi, dấu xi", "Make a miniature, embossed or wax seal"),
        summary: Text::new(
            "Đăng ký con dấu thu nhỏ, dấu nổi hoặc dấu xi của tổ chức.",
            "Register a miniature, embossed or wax seal for an organisation.",
        ),
        life_event: LifeEvent::WorkAndTax,
        agency: Agency::PublicSecurity,
        who_can_use: Text::new(
            "Tổ chức đã có con dấu chính.",
            "Organisations that already have a main seal.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Giấy chứng nhận mẫu dấu hiện có", "The certificate of the existing seal"),
        ],
        fee: Text::new("50.000 đồng", "VND 50,000"),
        time_limit: Text::new("3 ngày làm việc", "3 working days"),
    },
    Service {
        number: 15,
        slug: "newborn",
        procedure_code: Some("2.000986"),
        name: Text::new(
            "Liên thông: khai sinh – thường trú – thẻ BHYT cho trẻ dưới 6 tuổi",
            "Newborn bundle: birth certificate, residence, health insurance",
        ),
        summary: Text::new(
            "Một lần khai, con bạn có giấy khai sinh, số định danh, đăng ký thường trú và thẻ bảo hiểm y tế.",
            "One application gives your baby a birth certificate, a personal ID, a permanent residence and a health-insurance card.",
        ),
        life_event: LifeEvent::HavingABaby,
        agency: Agency::Joint(Text::new(
            "UBND cấp xã, Công an, Bảo hiểm xã hội",
            "Commune People's Committee, Police, Social Security",
        )),
        who_can_use: PARENT,
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Giấy chứng sinh (bệnh viện gửi điện tử)", "The birth notice (sent electronically by the hospital)"),
            Text::new("Tên bạn chọn cho con", "The name you have chosen for your baby"),
        ],
        fee: Text::new("Miễn phí", "Free (the card for children under 6 is state-funded)"),
        time_limit: Text::new(
            "3 ngày làm việc (5 ngày nếu cần xác minh)",
            "3 working days (5 if checks are needed)",
        ),
    },
    Service {
        number: 16,
        slug: "death-bundle",
        procedure_code: Some("1.006714"),
        name: Text::new(
            "Liên thông: khai tử – xóa thường trú – trợ cấp mai táng",
            "Death bundle: death registration, residence removal, funeral allowance",
        ),
        summary: Text::new(
            "Một lần khai: đăng ký khai tử, xóa đăng ký thường trú và đề nghị trợ cấp mai táng.",
            "One application registers a death, removes the permanent residence and claims the funeral allowance.",
        ),
        life_event: LifeEvent::Family,
        agency: Agency::Joint(Text::new(
            "UBND cấp xã, Công an, Bảo hiểm xã hội",
            "Commune People's Committee, Police, Social Security",
        )),
        who_can_use: Text::new(
            "Thân nhân của người đã mất.",
            "A family member of the deceased.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Giấy báo tử", "The death notice"),
            Text::new("Tài khoản ngân hàng nhận trợ cấp", "A bank account for the allowance"),
        ],
        fee: FREE,
        time_limit: Text::new("5 ngày làm việc", "5 working days"),
    },
    Service {
        number: 17,
        slug: "household-health-insurance",
        procedure_code: None,
        name: Text::new(
            "Gia hạn thẻ BHYT theo hộ gia đình (giảm trừ mức đóng)",
            "Renew household health-insurance cards",
        ),
        summary: Text::new(
            "Gia hạn thẻ bảo hiểm y tế cho các thành viên hộ gia đình, được giảm mức đóng từ người thứ hai.",
            "Renew health-insurance cards for your household, with lower premiums from the second member.",
        ),
        life_event: LifeEvent::Family,
        agency: Agency::SocialInsurance,
        who_can_use: Text::new(
            "Thành viên hộ gia đình tham gia BHYT theo hộ.",
            "Members of a household insured as a household.",
        ),
        what_you_need: &[SIGN_IN_LEVEL_2],
        fee: Text::new(
            "Mức đóng theo số người tham gia: người thứ nhất 4,5% mức lương cơ sở, giảm dần từ người thứ hai",
            "Premium by household size: 4.5% of the base salary for the first member, less from the second",
        ),
        time_limit: Text::new("5 ngày làm việc", "5 working days"),
    },
    Service {
        number: 18,
        slug: "tax-registration",
        procedure_code: None,
        name: Text::new(
            "Đăng ký thuế lần đầu, thay đổi thông tin đăng ký thuế",
            "Register for tax or change your tax details",
        ),
        summary: Text::new(
            "Đăng ký mã số thuế cá nhân hoặc cập nhật thông tin đăng ký thuế.",
            "Get a personal tax code or update your tax registration details.",
        ),
        life_event: LifeEvent::WorkAndTax,
        agency: Agency::Tax,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[SIGN_IN_LEVEL_2],
        fee: FREE,
        time_limit: Text::new("3 ngày làm việc", "3 working days"),
    },
    Service {
        number: 19,
        slug: "land-title-change",
        procedure_code: None,
        name: Text::new(
            "Đăng ký biến động quyền sử dụng đất (thay đổi thông tin người được cấp giấy chứng nhận)",
            "Update the holder's details on a land title",
        ),
        summary: Text::new(
            "Cập nhật họ tên, số định danh hoặc địa chỉ của người đứng tên trên giấy chứng nhận quyền sử dụng đất.",
            "Update the name, personal ID or address of the holder shown on a land-use certificate.",
        ),
        life_event: LifeEvent::LandAndElectricity,
        agency: Agency::LandOffice,
        who_can_use: Text::new(
            "Người đứng tên trên giấy chứng nhận.",
            "The holder named on the certificate.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Số phát hành của giấy chứng nhận", "The certificate's serial number"),
        ],
        fee: Text::new("Theo mức của tỉnh, thành phố", "Set by each province"),
        time_limit: Text::new("10 ngày làm việc", "10 working days"),
    },
    Service {
        number: 20,
        slug: "driving-licence",
        procedure_code: None,
        name: Text::new("Cấp đổi, cấp lại giấy phép lái xe", "Exchange or replace a driving licence"),
        summary: Text::new(
            "Đổi giấy phép lái xe sắp hết hạn, hỏng hoặc sai thông tin; cấp lại khi bị mất. Kết quả khám sức khỏe do bệnh viện gửi.",
            "Exchange an expiring, damaged or outdated licence, or replace a lost one. Hospitals send your health check.",
        ),
        life_event: LifeEvent::Driving,
        agency: Agency::PublicSecurity,
        who_can_use: Text::new(
            "Người có giấy phép lái xe do Việt Nam cấp.",
            "Holders of a driving licence issued in Vietnam.",
        ),
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new(
                "Kết quả khám sức khỏe người lái xe còn hạn (trừ hạng A1, A, B1)",
                "A valid driver's health check (except for classes A1, A and B1)",
            ),
            Text::new("Ảnh chân dung, hoặc dùng ảnh trong hồ sơ căn cước", "A portrait photo, or the one on your ID record"),
        ],
        fee: Text::new("135.000 đồng", "VND 135,000"),
        time_limit: Text::new("5 ngày làm việc", "5 working days"),
    },
    Service {
        number: 21,
        slug: "exam-registration",
        procedure_code: None,
        name: Text::new(
            "Đăng ký dự thi tốt nghiệp THPT và xét tuyển đại học, cao đẳng",
            "Register for the school-leaving exam and university admission",
        ),
        summary: Text::new(
            "Đăng ký dự thi tốt nghiệp trung học phổ thông và nguyện vọng xét tuyển.",
            "Register for the upper-secondary graduation exam and your admission choices.",
        ),
        life_event: LifeEvent::WorkAndTax,
        agency: Agency::Education,
        who_can_use: Text::new(
            "Học sinh lớp 12 và thí sinh tự do.",
            "Year 12 pupils and independent candidates.",
        ),
        what_you_need: &[SIGN_IN_LEVEL_2],
        fee: Text::new("Theo quy định của từng trường", "Set by each institution"),
        time_limit: Text::new("Theo lịch thi năm học", "According to the exam calendar"),
    },
    Service {
        number: 22,
        slug: "judicial-record",
        procedure_code: None,
        name: Text::new("Cấp phiếu lý lịch tư pháp", "Get a judicial-record certificate"),
        summary: Text::new(
            "Xin phiếu lý lịch tư pháp để xin việc, du học hoặc làm thủ tục.",
            "Request a judicial-record certificate for a job, studies abroad or another procedure.",
        ),
        life_event: LifeEvent::Documents,
        agency: Agency::PublicSecurity,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[SIGN_IN_LEVEL_2],
        fee: Text::new(
            "200.000 đồng (sinh viên, người có công 100.000 đồng)",
            "VND 200,000 (students and people with meritorious service VND 100,000)",
        ),
        time_limit: Text::new("10 ngày làm việc", "10 working days"),
    },
    Service {
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
    Service {
        number: 24,
        slug: "electricity-connection",
        procedure_code: None,
        name: Text::new("Cấp điện mới từ lưới điện hạ áp", "Get a new low-voltage electricity connection"),
        summary: Text::new(
            "Đề nghị lắp đặt công tơ và cấp điện sinh hoạt mới.",
            "Ask for a meter and a new household electricity supply.",
        ),
        life_event: LifeEvent::LandAndElectricity,
        agency: Agency::Electricity,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Địa chỉ nơi cần cấp điện", "The address to be supplied"),
        ],
        fee: Text::new("Miễn phí đấu nối", "No connection charge"),
        time_limit: Text::new("3 ngày làm việc", "3 working days"),
    },
    Service {
        number: 25,
        slug: "electricity-contract-change",
        procedure_code: None,
        name: Text::new("Thay đổi chủ thể hợp đồng mua bán điện", "Transfer an electricity contract"),
        summary: Text::new(
            "Chuyển hợp đồng mua điện sang tên người khác khi mua nhà hoặc thay đổi chủ hộ.",
            "Move an electricity contract to another person when a home is sold or the household head changes.",
        ),
        life_event: LifeEvent::LandAndElectricity,
        agency: Agency::Electricity,
        who_can_use: ADULT_RESIDENT,
        what_you_need: &[
            SIGN_IN_LEVEL_2,
            Text::new("Mã khách hàng trên hóa đơn tiền điện", "The customer code on the electricity bill"),
        ],
        fee: FREE,
        time_limit: Text::new("3 ngày làm việc", "3 working days"),
    },
    Service {
        number: 26,
        slug: "hospital-fees",
        procedure_code: None,
        name: Text::new(
            "Thanh toán viện phí không dùng tiền mặt",
            "Pay a hospital bill online",
        ),
        summary: Text::new(
            "Xem hóa đơn viện phí bệnh viện gửi cho bạn và con dưới 14 tuổi, phần bảo hiểm y tế chi trả, và thanh toán trực tuyến.",
            "See the bills hospitals sent for you and your children under 14, what the health insurance pays, and pay online.",
        ),
        life_event: LifeEvent::Family,
        agency: Agency::Joint(Text::new(
            "Bệnh viện (cơ sở khám bệnh, chữa bệnh) và Bảo hiểm xã hội Việt Nam",
            "The hospital and Vietnam Social Security",
        )),
        who_can_use: Text::new(
            "Người bệnh, hoặc cha mẹ của người bệnh dưới 14 tuổi, có tài khoản mức độ 2.",
            "Patients, or the parents of patients under 14, with a level 2 account.",
        ),
        what_you_need: &[SIGN_IN_LEVEL_2],
        fee: Text::new(
            "Phần người bệnh phải trả ghi trên hóa đơn",
            "The patient's share shown on the bill",
        ),
        time_limit: Text::new("Xác nhận ngay khi thanh toán", "Confirmed as soon as you pay"),
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn has_the_25_services_in_order_with_unique_slugs() {
        let slugs: HashSet<_> = SERVICES.iter().map(|s| s.slug).collect();
        assert_eq!(slugs.len(), SERVICES.len());
        for (index, service) in SERVICES.iter().enumerate() {
            assert_eq!(usize::from(service.number), index + 1);
            assert!(service
                .slug
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'-'));
            assert_eq!(by_slug(service.slug), Some(service));
        }
    }

    #[test]
    fn every_life_event_has_services_and_every_text_both_languages() {
        for event in LifeEvent::ALL {
            assert!(in_life_event(event).next().is_some(), "{event:?} is empty");
        }
        for service in &SERVICES {
            let texts = [
                service.name,
                service.summary,
                service.who_can_use,
                service.fee,
            ]
            .into_iter()
            .chain(service.what_you_need.iter().copied());
            for text in texts {
                assert!(
                    !text.vi.is_empty() && !text.en.is_empty(),
                    "{}",
                    service.slug
                );
            }
        }
    }
}
