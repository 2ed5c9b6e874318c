//! The 63 province codes used in personal ID numbers. Issued numbers never change, so the codes of
//! provinces merged in 2025 stay valid.

/// A province as coded in personal ID numbers (three digits) and elsewhere (last two digits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Province {
    pub code: u16,
    pub name: &'static str,
}

pub const PROVINCES: [Province; 63] = [
    p(1, "Hà Nội"),
    p(2, "Hà Giang"),
    p(4, "Cao Bằng"),
    p(6, "Bắc Kạn"),
    p(8, "Tuyên Quang"),
    p(10, "Lào Cai"),
    p(11, "Điện Biên"),
    p(12, "Lai Châu"),
    p(14, "Sơn La"),
    p(15, "Yên Bái"),
    p(17, "Hòa Bình"),
    p(19, "Thái Nguyên"),
    p(20, "Lạng Sơn"),
    p(22, "Quảng Ninh"),
    p(24, "Bắc Giang"),
    p(25, "Phú Thọ"),
    p(26, "Vĩnh Phúc"),
    p(27, "Bắc Ninh"),
    p(30, "Hải Dương"),
    p(31, "Hải Phòng"),
    p(33, "Hưng Yên"),
    p(34, "Thái Bình"),
    p(35, "Hà Nam"),
    p(36, "Nam Định"),
    p(37, "Ninh Bình"),
    p(38, "Thanh Hóa"),
    p(40, "Nghệ An"),
    p(42, "Hà Tĩnh"),
    p(44, "Quảng Bình"),
    p(45, "Quảng Trị"),
    p(46, "Thừa Thiên Huế"),
    p(48, "Đà Nẵng"),
    p(49, "Quảng Nam"),
    p(51, "Quảng Ngãi"),
    p(52, "Bình Định"),
    p(54, "Phú Yên"),
    p(56, "Khánh Hòa"),
    p(58, "Ninh Thuận"),
    p(60, "Bình Thuận"),
    p(62, "Kon Tum"),
    p(64, "Gia Lai"),
    p(66, "Đắk Lắk"),
    p(67, "Đắk Nông"),
    p(68, "Lâm Đồng"),
    p(70, "Bình Phước"),
    p(72, "Tây Ninh"),
    p(74, "Bình Dương"),
    p(75, "Đồng Nai"),
    p(77, "Bà Rịa–Vũng Tàu"),
    p(79, "TP Hồ Chí Minh"),
    p(80, "Long An"),
    p(82, "Tiền Giang"),
    p(83, "Bến Tre"),
    p(84, "Trà Vinh"),
    p(86, "Vĩnh Long"),
    p(87, "Đồng Tháp"),
    p(89, "An Giang"),
    p(91, "Kiên Giang"),
    p(92, "Cần Thơ"),
    p(93, "Hậu Giang"),
    p(94, "Sóc Trăng"),
    p(95, "Bạc Liêu"),
    p(96, "Cà Mau"),
];

const fn p(code: u16, name: &'static str) -> Province {
    Province { code, name }
}

pub fn by_code(code: u16) -> Option<Province> {
    PROVINCES
        .iter()
        .copied()
        .find(|province| province.code == code)
}
