//! The interface's own words in both languages. A struct per language means a missing English
//! string is a compile error, not a blank on the page.

use domain::text::Lang;

pub struct Strings {
    pub portal_name: &'static str,
    pub portal_tagline: &'static str,
    pub skip_to_content: &'static str,
    pub language_switch_label: &'static str,
    pub home_title: &'static str,
    pub home_lead: &'static str,
    pub search_label: &'static str,
    pub search_hint: &'static str,
    pub search_button: &'static str,
    pub no_results: &'static str,
    pub breadcrumb_label: &'static str,
    pub home: &'static str,
    pub service_who: &'static str,
    pub service_needs: &'static str,
    pub service_fee: &'static str,
    pub service_time_limit: &'static str,
    pub service_agency: &'static str,
    pub service_procedure_code: &'static str,
    pub service_for_child: &'static str,
    pub start_now: &'static str,
    pub start_hint: &'static str,
    pub not_found_title: &'static str,
    pub not_found_body: &'static str,
    pub error_title: &'static str,
    pub error_body: &'static str,
    pub error_reference: &'static str,
    pub footer_note: &'static str,
}

impl Strings {
    /// "N services found", announced to screen readers as the search narrows.
    pub fn results_count(&self, count: usize) -> String {
        if std::ptr::eq(self, &EN) {
            match count {
                1 => "1 service found".to_string(),
                n => format!("{n} services found"),
            }
        } else {
            format!("Tìm thấy {count} dịch vụ")
        }
    }
}

pub fn strings(lang: Lang) -> &'static Strings {
    match lang {
        Lang::Vi => &VI,
        Lang::En => &EN,
    }
}

static VI: Strings = Strings {
    portal_name: "Cổng dịch vụ công",
    portal_tagline: "25 dịch vụ công thiết yếu, kết nối cơ sở dữ liệu quốc gia về dân cư",
    skip_to_content: "Bỏ qua để đến nội dung chính",
    language_switch_label: "Chọn ngôn ngữ",
    home_title: "Dịch vụ công trực tuyến",
    home_lead: "Làm thủ tục trực tuyến với tài khoản định danh điện tử VNeID. Những gì Nhà nước đã biết về bạn sẽ được điền sẵn.",
    search_label: "Tìm dịch vụ",
    search_hint: "Ví dụ: khai sinh, giấy phép lái xe, tạm trú",
    search_button: "Tìm kiếm",
    no_results: "Không tìm thấy dịch vụ phù hợp. Hãy thử từ khóa khác.",
    breadcrumb_label: "Đường dẫn",
    home: "Trang chủ",
    service_who: "Ai có thể sử dụng",
    service_needs: "Bạn cần chuẩn bị",
    service_fee: "Lệ phí",
    service_time_limit: "Thời hạn giải quyết",
    service_agency: "Cơ quan giải quyết",
    service_procedure_code: "Mã thủ tục",
    service_for_child: "Cha mẹ có thể làm thay cho con dưới 14 tuổi.",
    start_now: "Bắt đầu ngay",
    start_hint: "Bạn sẽ đăng nhập bằng tài khoản VNeID. Thông tin đã có trong cơ sở dữ liệu dân cư sẽ được điền sẵn.",
    not_found_title: "Không tìm thấy trang",
    not_found_body: "Địa chỉ có thể đã bị gõ sai hoặc trang không còn tồn tại.",
    error_title: "Đã có lỗi ở phía chúng tôi",
    error_body: "Thông tin bạn đã nhập không bị mất. Vui lòng thử lại sau ít phút.",
    error_reference: "Mã tham chiếu",
    footer_note: "Cổng thử nghiệm mã nguồn mở. Dữ liệu dân cư là dữ liệu giả lập.",
};

static EN: Strings = Strings {
    portal_name: "Public Services Portal",
    portal_tagline: "25 essential public services, connected to the national population database",
    skip_to_content: "Skip to main content",
    language_switch_label: "Choose language",
    home_title: "Online public services",
    home_lead: "Apply online with your VNeID electronic identity. What the state already knows about you is filled in for you.",
    search_label: "Find a service",
    search_hint: "For example: birth, driving licence, temporary residence",
    search_button: "Search",
    no_results: "No service matches. Try other words.",
    breadcrumb_label: "Breadcrumb",
    home: "Home",
    service_who: "Who can use this service",
    service_needs: "What you need",
    service_fee: "Fee",
    service_time_limit: "Time limit",
    service_agency: "Responsible agency",
    service_procedure_code: "Procedure code",
    service_for_child: "Parents can apply for a child under 14.",
    start_now: "Start now",
    start_hint: "You will sign in with your VNeID account. What the population database holds is filled in for you.",
    not_found_title: "Page not found",
    not_found_body: "The address may be mistyped, or the page no longer exists.",
    error_title: "Sorry, something went wrong on our side",
    error_body: "Nothing you entered has been lost. Please try again in a few minutes.",
    error_reference: "Reference",
    footer_note: "Open-source test portal. Population data is synthetic.",
};
