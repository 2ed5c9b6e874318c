//! Accessibility of every kind of page in Chromium: no WCAG 2.2 A or AA failure that axe-core can
//! find, no sideways scrolling at 320 CSS pixels, and a keyboard path from the skip link to the
//! services with a visible focus. axe-core needs JavaScript on, so the pages are toured with it;
//! the keyboard path is walked with JavaScript on and off.

use domain::catalogue::SERVICES;
use portal_tests::accessibility::{axe_violations, focus_is_visible, overflows_horizontally};
use portal_tests::browser::Element;
use portal_tests::eid::{enter_password_at_eid, sign_in_at_eid};
use portal_tests::{Browser, Key, Mode, Stack};

/// The narrowest viewport WCAG 1.4.10 asks pages to reflow to.
const NARROW: u64 = 320;

/// A browser walking the portal, remembering what it changed on the way — the language and who
/// is signed in — so that each page is reached from where the last one left off.
struct Tour<'a> {
    browser: Browser,
    stack: &'a Stack,
    english: bool,
    citizen: Option<String>,
}

impl Tour<'_> {
    /// Opens a portal page in Vietnamese, as whoever is signed in (if anyone).
    fn open(&mut self, path: &str) {
        self.use_english(false);
        self.browser.goto(&self.stack.url(path));
    }

    fn open_in_english(&mut self, path: &str) {
        self.use_english(true);
        self.browser.goto(&self.stack.url(path));
    }

    /// Opens a page that needs signing in, as this citizen, signing in at the eID if needed.
    fn open_signed_in(&mut self, personal_id: &str, path: &str) {
        if self.citizen.as_deref() != Some(personal_id) {
            self.sign_out();
            self.open(path);
            sign_in_at_eid(&mut self.browser, personal_id);
            self.citizen = Some(personal_id.to_string());
        } else {
            self.open(path);
        }
        let url = self.stack.url(path);
        self.browser
            .wait_until(path, |browser| browser.current_url() == url);
    }

    /// Opens the eID's own sign-in page, where the portal sends a citizen who is not signed in.
    fn open_eid_sign_in(&mut self) {
        self.sign_out();
        self.open("/auth/login?return_to=/account");
        self.browser.wait_until("the eID sign-in page", |browser| {
            browser.page_text().contains("Mật khẩu")
        });
    }

    fn sign_out(&mut self) {
        if self.citizen.take().is_some() {
            self.open("/");
            self.browser.click_button("Đăng xuất");
            // Signing out ends on the home page too, so wait for what only it shows signed out.
            let home = self.stack.url("/");
            self.browser
                .wait_until("the signed-out home page", |browser| {
                    browser.current_url() == home
                        && browser
                            .try_find("//header//a[normalize-space(.)='Đăng nhập']")
                            .is_some()
                });
        }
    }

    fn use_english(&mut self, english: bool) {
        if self.english != english {
            let tag = if english { "en" } else { "vi" };
            self.browser
                .goto(&self.stack.url(&format!("/language/{tag}?return_to=/")));
            self.english = english;
        }
    }

    fn expect_heading(&self, heading: &str) {
        self.browser
            .find(&format!("//h1[normalize-space(.)='{heading}']"));
    }
}

/// A kind of page and how a citizen gets there. Add new kinds of page here.
struct Visit {
    name: String,
    reach: Box<dyn Fn(&mut Tour)>,
}

fn visit(name: impl Into<String>, reach: impl Fn(&mut Tour) + 'static) -> Visit {
    Visit {
        name: name.into(),
        reach: Box::new(reach),
    }
}

fn every_kind_of_page() -> Vec<Visit> {
    let mut visits = vec![
        visit("home", |tour| {
            tour.open("/");
            tour.expect_heading("Dịch vụ công trực tuyến");
        }),
        visit("home, a search that finds nothing", |tour| {
            tour.open("/?q=khongcodichvunaynhe");
            tour.browser.wait_until("the empty result", |browser| {
                browser
                    .page_text()
                    .contains("Không tìm thấy dịch vụ phù hợp")
            });
        }),
        visit("page not found", |tour| {
            tour.open("/khong-co-trang-nay");
            tour.expect_heading("Không tìm thấy trang");
        }),
        visit("home in English", |tour| {
            tour.open_in_english("/");
            tour.expect_heading("Online public services");
        }),
    ];
    visits.extend(SERVICES.iter().map(|service| {
        visit(format!("start page of {}", service.slug), move |tour| {
            tour.open(&format!("/services/{}", service.slug));
            tour.expect_heading(service.name.vi);
        })
    }));
    visits.extend([
        visit("eID sign-in page", |tour| tour.open_eid_sign_in()),
        visit("eID one-time code page", |tour| {
            tour.open_eid_sign_in();
            let citizen = tour.stack.personas().plain_adult.clone();
            enter_password_at_eid(&mut tour.browser, &citizen);
        }),
        visit("account", |tour| {
            let citizen = tour.stack.personas().plain_adult.clone();
            tour.open_signed_in(&citizen, "/account");
            tour.expect_heading("Tài khoản của tôi");
        }),
        visit("report a wrong detail, empty", |tour| {
            let citizen = tour.stack.personas().plain_adult.clone();
            tour.open_signed_in(&citizen, "/account/report-error");
            tour.expect_heading("Báo thông tin không đúng");
        }),
        visit("report a wrong detail, with errors", |tour| {
            let citizen = tour.stack.personas().plain_adult.clone();
            tour.open_signed_in(&citizen, "/account/report-error");
            tour.browser.click_button("Gửi báo cáo");
            tour.browser.wait_until("the error summary", |browser| {
                browser.page_text().contains("Có lỗi cần sửa")
            });
        }),
        visit("report sent", |tour| {
            let citizen = tour.stack.personas().plain_adult.clone();
            tour.open_signed_in(&citizen, "/account/report-error");
            tour.browser
                .fill("Hãy cho biết thông tin đúng", "Tên đệm là Thị");
            tour.browser
                .click(&tour.browser.field("Họ, chữ đệm và tên"));
            tour.browser.click_button("Gửi báo cáo");
            tour.expect_heading("Đã gửi báo cáo");
        }),
        visit("eID level 2 needed", |tour| {
            let citizen = tour.stack.personas().level1_citizen.clone();
            tour.sign_out();
            tour.open("/services/driving-licence/start");
            sign_in_at_eid(&mut tour.browser, &citizen);
            tour.citizen = Some(citizen);
            tour.expect_heading("Cần tài khoản định danh điện tử mức độ 2");
        }),
    ]);
    visits
}

#[test]
fn every_kind_of_page_passes_axe_and_reflows_at_320_px() {
    let stack = Stack::start();
    let visits = every_kind_of_page();
    let mut failures = Vec::new();
    let mut tour = Tour {
        browser: Browser::start(Mode::JavaScript),
        stack: &stack,
        english: false,
        citizen: None,
    };
    for visit in &visits {
        // Shown if reaching a page fails, to say which.
        println!("reaching: {}", visit.name);
        (visit.reach)(&mut tour);
        for violation in axe_violations(&tour.browser) {
            failures.push(format!("{}: {violation}", visit.name));
        }
        if overflows_horizontally(&tour.browser, NARROW) {
            failures.push(format!("{}: scrolls sideways at {NARROW} px", visit.name));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures on {} kinds of page:\n{}",
        failures.len(),
        visits.len(),
        failures.join("\n")
    );
}

#[test]
fn the_keyboard_reaches_main_search_and_services_with_a_visible_focus() {
    let stack = Stack::start();
    for mode in Mode::BOTH {
        let browser = Browser::start(mode);
        browser.goto(&stack.url("/"));

        browser.press(Key::Tab);
        let skip = browser.find("//a[normalize-space(.)='Bỏ qua để đến nội dung chính']");
        assert_eq!(browser.focused(), skip, "{mode:?}: the first Tab");
        assert_focus_is_visible(&browser, mode, "the skip link");

        browser.press(Key::Enter);
        let main = browser.find("//main");
        browser.wait_until("focus on main", |b| b.focused() == main);

        let search = browser.field("Tìm dịch vụ");
        tab_to(&browser, &search, mode, "the search field");
        let first_service = browser.find("(//ul[@class='service-list']//a)[1]");
        tab_to(&browser, &first_service, mode, "the first service");
    }
}

/// Tabs forward until `target` has the focus, within a few presses, and checks the focus shows.
fn tab_to(browser: &Browser, target: &Element, mode: Mode, what: &str) {
    const MOST_PRESSES: usize = 5;
    for _ in 0..MOST_PRESSES {
        browser.press(Key::Tab);
        if browser.focused() == *target {
            assert_focus_is_visible(browser, mode, what);
            return;
        }
    }
    panic!("{mode:?}: {what} is not reached within {MOST_PRESSES} Tabs");
}

fn assert_focus_is_visible(browser: &Browser, mode: Mode, what: &str) {
    assert!(
        focus_is_visible(browser),
        "{mode:?}: {what} has no visible focus"
    );
}
