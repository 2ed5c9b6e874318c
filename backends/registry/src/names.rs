//! Word lists the synthetic population is drawn from, weighted roughly like Vietnam's.

/// Surnames with rough shares: Nguyễn alone is carried by about four people in ten.
pub const SURNAMES: [(&str, u32); 16] = [
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 50),
    ("Huỳnh", 35),
    ("Phan", 45),
    ("Vũ", 39),
    ("Võ", 30),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
];

pub const MALE_MIDDLE_NAMES: [&str; 10] = [
    "Văn", "Minh", "Đức", "Quốc", "Hữu", "Thanh", "Công", "Quang", "Gia", "Xuân",
];

pub const FEMALE_MIDDLE_NAMES: [&str; 10] = [
    "Thị", "Ngọc", "Thu", "Thanh", "Phương", "Minh", "Hồng", "Kim", "Bảo", "Mai",
];

pub const MALE_GIVEN_NAMES: [&str; 30] = [
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khang", "Khoa",
    "Kiên", "Long", "Lâm", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thắng",
    "Thành", "Toàn", "Trung", "Tuấn", "Việt", "Vinh",
];

pub const FEMALE_GIVEN_NAMES: [&str; 30] = [
    "Anh", "Chi", "Diệp", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Huyền", "Lan",
    "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Tâm", "Thảo",
    "Thủy", "Trang", "Trinh", "Uyên", "Vân", "Yến",
];

/// Ethnic groups: Kinh is about 85% of the population.
pub const ETHNICITIES: [(&str, u32); 10] = [
    ("Kinh", 853),
    ("Tày", 19),
    ("Thái", 18),
    ("Mường", 15),
    ("Khmer", 13),
    ("Hoa", 8),
    ("Nùng", 11),
    ("H'Mông", 15),
    ("Dao", 9),
    ("Gia Rai", 5),
];

pub const RELIGIONS: [(&str, u32); 6] = [
    ("Không", 860),
    ("Phật giáo", 50),
    ("Công giáo", 60),
    ("Cao Đài", 12),
    ("Phật giáo Hòa Hảo", 10),
    ("Tin Lành", 8),
];

pub const BLOOD_TYPES: [(&str, u32); 4] = [("O", 42), ("A", 21), ("B", 31), ("AB", 6)];

pub const STREETS: [&str; 24] = [
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Quang Trung",
    "Hùng Vương",
    "Lê Duẩn",
    "Phan Chu Trinh",
    "Nguyễn Du",
    "Điện Biên Phủ",
    "Hoàng Diệu",
    "Bà Triệu",
    "Ngô Quyền",
    "Nguyễn Huệ",
    "Pasteur",
    "Lạc Long Quân",
    "Võ Thị Sáu",
    "Trường Chinh",
    "Cách Mạng Tháng Tám",
    "Nguyễn Văn Cừ",
    "Lê Thánh Tông",
    "Tôn Đức Thắng",
    "Phạm Văn Đồng",
];

pub const COMMUNES: [&str; 20] = [
    "Phường Hòa Bình",
    "Phường Tân Tiến",
    "Phường Quang Trung",
    "Phường Thống Nhất",
    "Phường Đông Hải",
    "Phường Bình Minh",
    "Phường Phú Lợi",
    "Phường An Phú",
    "Phường Trung Tâm",
    "Phường Hồng Hà",
    "Xã Tân Lập",
    "Xã Yên Thịnh",
    "Xã Hòa Phú",
    "Xã Đức Thắng",
    "Xã Phước Long",
    "Xã An Bình",
    "Xã Thạnh Mỹ",
    "Xã Tiên Phong",
    "Xã Kim Sơn",
    "Xã Vĩnh Hòa",
];

/// Traffic offences a camera can record, with the fine in VND for a car (Decree 168/2024).
pub const CAMERA_OFFENCES: [(&str, i64); 5] = [
    (
        "Không chấp hành hiệu lệnh của đèn tín hiệu giao thông",
        20_000_000,
    ),
    ("Chạy quá tốc độ quy định từ 10 km/h đến 20 km/h", 6_000_000),
    (
        "Chạy quá tốc độ quy định từ 5 km/h đến dưới 10 km/h",
        1_000_000,
    ),
    ("Dừng, đỗ xe không đúng nơi quy định", 3_000_000),
    ("Đi vào đường cấm, khu vực cấm", 3_000_000),
];

pub const MOTORBIKE_BRANDS: [&str; 5] = [
    "Honda Wave Alpha",
    "Honda Vision",
    "Yamaha Sirius",
    "Honda Air Blade",
    "VinFast Evo200",
];

pub const CAR_BRANDS: [&str; 5] = [
    "Toyota Vios",
    "Hyundai Accent",
    "Kia Morning",
    "Mazda CX-5",
    "VinFast VF 5",
];
