//! Accessibility of every kind of page in Chromium: no WCAG 2.2 A or AA failure that axe-core can
//! find, no sideways scrolling at 320 CSS pixels, and a keyboard path from the skip link to the
//! services with a visible focus. axe-core needs JavaScript on, so the pages are toured with it;
//! the keyboard path is walked with JavaScript on and off, and a service's questions are answered
//! with the keyboard alone.

use domain::catalogue;
use portal_tests::accessibility::{axe_violations, focus_is_visible, overflows_horizontally};
use portal_tests::browser::{with_text, Element};
use portal_tests::eid::{enter_password_at_eid, sign_in_at_eid};
use portal_tests::journeys::{
    choose, choose_containing, continue_on, decision_pdf, declaration_text, pay, press_start_here,
    reference, start_in_browser, verification_address, wait_for_decision,
};
use portal_tests::ui::{en, vi};
use portal_tests::{Browser, Key, Mode, Stack};

/// The narrowest viewport WCAG 1.4.10 asks pages to reflow to.
const NARROW: u64 = 320;

/// The service whose journey is toured: it has radio buttons, a typed number, a file and a fee.
const JOURNEY: &str = "driving-licence";

/// A browser walking the portal, remembering what it changed on the way — the language and who
/// is signed in — so that each page is reached from where the last one left off.
struct Tour<'a> {
    browser: Browser,
    stack: &'a Stack,
    english: bool,
    citizen: Option<String>,
    /// The reference of the application sent on the tour, once it is sent.
    sent: Option<String>,
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
            self.browser.click_button(vi().sign_out);
            // Signing out ends on the home page too, so wait for what only it shows signed out.
            let home = self.stack.url("/");
            self.browser
                .wait_until("the signed-out home page", |browser| {
                    browser.current_url() == home
                        && browser
                            .try_find(&with_text("//header//a", vi().sign_in))
                            .is_some()
                });
        }
    }

    /// Opens a step of the driver's draft application (or its check page), starting the draft
    /// from the service's start page, or resuming it, as a driver who comes back would.
    fn open_journey_step(&mut self, step: &str) {
        let driver = self.stack.personas().driver_expiring.clone();
        self.open_signed_in(&driver, "/account");
        self.open(&format!("/services/{JOURNEY}"));
        press_start_here(&self.browser);
        self.browser.wait_until("the draft application", |browser| {
            browser.current_url().contains("/applications/")
        });
        let resumed = self.browser.current_url();
        let application = &resumed[..resumed.rfind('/').expect("a step in the address")];
        self.browser.goto(&format!("{application}/{step}"));
    }

    /// Opens the sent application's page once it has its decision.
    fn open_decided_application(&mut self) {
        let reference = self
            .sent
            .clone()
            .expect("the application sent earlier on the tour");
        wait_for_decision(&self.browser, self.stack, &reference);
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
        self.browser.find(&with_text("//h1", heading));
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
            tour.expect_heading(vi().home_title);
        }),
        visit("home, a search that finds nothing", |tour| {
            tour.open("/?q=khongcodichvunaynhe");
            tour.browser.wait_until("the empty result", |browser| {
                browser.page_text().contains(vi().no_results)
            });
        }),
        visit("page not found", |tour| {
            tour.open("/khong-co-trang-nay");
            tour.expect_heading(vi().not_found_title);
        }),
        visit("home in English", |tour| {
            tour.open_in_english("/");
            tour.expect_heading(en().home_title);
        }),
    ];
    visits.extend(catalogue::all().map(|service| {
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
            tour.expect_heading(vi().my_account);
        }),
        visit("report a wrong detail, empty", |tour| {
            let citizen = tour.stack.personas().plain_adult.clone();
            tour.open_signed_in(&citizen, "/account/report-error");
            tour.expect_heading(vi().report_title);
        }),
        visit("report a wrong detail, with errors", |tour| {
            let citizen = tour.stack.personas().plain_adult.clone();
            tour.open_signed_in(&citizen, "/account/report-error");
            tour.browser.click_button(vi().report_send);
            wait_for_errors(&tour.browser);
        }),
        visit("report sent", |tour| {
            let citizen = tour.stack.personas().plain_adult.clone();
            tour.open_signed_in(&citizen, "/account/report-error");
            tour.browser.fill(vi().report_details, "Tên đệm là Thị");
            tour.browser.click(&tour.browser.field(vi().full_name));
            tour.browser.click_button(vi().report_send);
            tour.expect_heading(vi().report_sent_title);
        }),
        visit("eID level 2 needed", |tour| {
            let citizen = tour.stack.personas().level1_citizen.clone();
            tour.sign_out();
            tour.open("/services/driving-licence");
            press_start_here(&tour.browser);
            sign_in_at_eid(&mut tour.browser, &citizen);
            press_start_here(&tour.browser);
            tour.citizen = Some(citizen);
            tour.expect_heading(vi().upgrade_title);
        }),
        visit("whom an application is for", |tour| {
            let parent = tour.stack.personas().parent_of_young_child.clone();
            tour.open_signed_in(&parent, "/account");
            tour.open("/services/passport");
            press_start_here(&tour.browser);
            tour.expect_heading(vi().whom_title);
        }),
        visit("whom an application is for, unanswered", |tour| {
            let parent = tour.stack.personas().parent_of_young_child.clone();
            tour.open_signed_in(&parent, "/account");
            tour.open("/services/passport");
            press_start_here(&tour.browser);
            continue_on(&tour.browser);
            wait_for_errors(&tour.browser);
        }),
        visit("a question a parent answers for their child", |tour| {
            let parent = tour.stack.personas().parent_of_young_child.clone();
            tour.open_signed_in(&parent, "/account");
            tour.open("/services/passport");
            press_start_here(&tour.browser);
            choose_containing(&tour.browser, &format!("{}: ", vi().whom_child));
            continue_on(&tour.browser);
            tour.browser
                .wait_until("the banner naming the child", |browser| {
                    browser.page_text().contains(vi().applying_for_child)
                });
        }),
    ]);
    visits.extend(journey_pages());
    visits
}

/// The pages of an application, from its first question to the verification of its decision.
/// The last ones follow on from each other, as the citizen takes them: paying needs the checkout
/// the previous page opened, and the application's pages need the payment.
fn journey_pages() -> Vec<Visit> {
    vec![
        visit("a question with radio buttons", |tour| {
            tour.open_journey_step("licence");
            tour.expect_heading("Giấy phép lái xe cần đổi hoặc cấp lại");
        }),
        visit("a question with radio buttons, unanswered", |tour| {
            tour.open_journey_step("licence");
            continue_on(&tour.browser);
            wait_for_errors(&tour.browser);
        }),
        visit("a question with a text field, wrongly answered", |tour| {
            tour.open_journey_step("licence");
            choose(&tour.browser, "Một giấy phép khác, chưa có trong danh sách");
            continue_on(&tour.browser);
            tour.browser.fill("Số giấy phép lái xe", "12345");
            continue_on(&tour.browser);
            wait_for_errors(&tour.browser);
        }),
        visit("a question with a file input", |tour| {
            tour.open_journey_step("licence");
            let own_licence = tour.browser.find("(//label[@class='radio__label'])[1]");
            tour.browser.click(&own_licence);
            continue_on(&tour.browser);
            choose(&tour.browser, "Tải lên ảnh của tôi");
            continue_on(&tour.browser);
            tour.browser.wait_until("the photo page", |browser| {
                browser.try_find("//input[@type='file']").is_some()
            });
        }),
        visit("check your answers", |tour| {
            tour.open_journey_step("portrait");
            choose(&tour.browser, "Dùng ảnh trong hồ sơ căn cước (tôi đồng ý)");
            continue_on(&tour.browser);
            choose_containing(&tour.browser, "Gửi qua bưu điện đến nơi thường trú");
            continue_on(&tour.browser);
            tour.browser.wait_until("the check page", |browser| {
                browser.current_url().ends_with("/check")
            });
        }),
        visit("the payment gateway's checkout", |tour| {
            tour.open_journey_step("check");
            choose(&tour.browser, &declaration_text(&tour.browser));
            tour.browser.click_button(vi().pay_and_submit);
            tour.browser.wait_until("the checkout", |browser| {
                browser
                    .try_find("//label[normalize-space(.)='Vietcombank']")
                    .is_some()
            });
        }),
        visit("confirmation", |tour| {
            pay(&tour.browser, "Vietcombank");
            tour.browser.wait_until("the confirmation", |browser| {
                browser.current_url().ends_with("/confirmation")
            });
            tour.sent = Some(reference(&tour.browser));
        }),
        visit("your applications", |tour| {
            let driver = tour.stack.personas().driver_expiring.clone();
            tour.open_signed_in(&driver, "/applications");
            tour.expect_heading(vi().applications_title);
        }),
        visit("an application with its timeline and decision", |tour| {
            tour.open_decided_application();
        }),
        visit("the decision's verification page", |tour| {
            tour.open_decided_application();
            let address = verification_address(&decision_pdf(&tour.browser, tour.stack));
            tour.browser.goto(&address);
            tour.expect_heading(vi().verify_genuine_title);
        }),
    ]
}

fn wait_for_errors(browser: &Browser) {
    browser.wait_until("the error summary", |browser| {
        browser.page_text().contains(vi().error_summary_title)
    });
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
        sent: None,
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
        let browser = stack.browser_at(mode, "/");

        browser.press(Key::Tab);
        let skip = browser.find(&with_text("//a", vi().skip_to_content));
        assert_eq!(browser.focused(), skip, "{mode:?}: the first Tab");
        assert_focus_is_visible(&browser, mode, "the skip link");

        browser.press(Key::Enter);
        let main = browser.find("//main");
        browser.wait_until("focus on main", |b| b.focused() == main);

        let search = browser.field(vi().search_label);
        tab_to(&browser, &search, mode, "the search field");
        let first_service = browser.find("(//ul[@class='service-list']//a)[1]");
        tab_to(&browser, &first_service, mode, "the first service");
    }
}

#[test]
fn the_driving_licence_questions_are_answered_with_the_keyboard_alone() {
    let stack = Stack::start();
    let driver = stack.personas().driver_expiring.clone();
    let browser = start_in_browser(&stack, Mode::JavaScript, JOURNEY, &driver);
    // The driver's own licence is listed first.
    let own_licence = "(//input[@type='radio'])[1]".to_string();
    for option in [
        own_licence,
        radio_labelled("Dùng ảnh trong hồ sơ căn cước (tôi đồng ý)"),
        radio_labelled("Gửi qua bưu điện đến nơi thường trú"),
    ] {
        answer_with_keys(&browser, &option);
    }
    browser.wait_until("the check page", |b| b.current_url().ends_with("/check"));
}

/// The radio button whose label starts with `label`.
fn radio_labelled(label: &str) -> String {
    format!(
        "//input[@type='radio'][@id=//label[starts-with(normalize-space(.), {})]/@for]",
        portal_tests::browser::literal(label)
    )
}

/// Answers the page's question by keyboard: Tab into the radio group, arrow down to the option
/// (at `xpath`), Space to choose it, Tab to "Tiếp tục" and Enter; each focus must show.
fn answer_with_keys(browser: &Browser, xpath: &str) {
    let mode = Mode::JavaScript;
    let option = browser.find(xpath);
    let radios = browser.find_all("//input[@type='radio']");
    tab_until(browser, mode, "the question's options", 20, |focused| {
        radios.contains(focused)
    });
    for _ in 0..radios.len() {
        if browser.focused() == option {
            break;
        }
        browser.press(Key::ArrowDown);
    }
    assert_eq!(browser.focused(), option, "the arrows reach {xpath}");
    assert_focus_is_visible(browser, mode, xpath);
    browser.press(Key::Space);
    assert_eq!(
        browser.execute("return document.activeElement.checked"),
        serde_json::json!(true),
        "{xpath} is chosen"
    );
    let next = browser.find(&with_text("//button", vi().continue_button));
    tab_until(browser, mode, vi().continue_button, 5, |focused| {
        *focused == next
    });
    let before = browser.current_url();
    browser.press(Key::Enter);
    browser.wait_until("the next page", |b| b.current_url() != before);
}

/// Tabs forward until `target` has the focus, within a few presses, and checks the focus shows.
fn tab_to(browser: &Browser, target: &Element, mode: Mode, what: &str) {
    tab_until(browser, mode, what, 5, |focused| focused == target);
}

/// Tabs forward until the focused element passes `reached`, within `most_presses`, and checks
/// the focus shows.
fn tab_until(
    browser: &Browser,
    mode: Mode,
    what: &str,
    most_presses: usize,
    reached: impl Fn(&Element) -> bool,
) {
    for _ in 0..most_presses {
        browser.press(Key::Tab);
        if reached(&browser.focused()) {
            assert_focus_is_visible(browser, mode, what);
            return;
        }
    }
    panic!("{mode:?}: {what} is not reached within {most_presses} Tabs");
}

fn assert_focus_is_visible(browser: &Browser, mode: Mode, what: &str) {
    assert!(
        focus_is_visible(browser),
        "{mode:?}: {what} has no visible focus"
    );
}
