//! "More information needed": a passport reported lost more than 48 hours after the loss was
//! noticed is not decided at once. The agency asks why; the applicant is told in their
//! messages, answers on the application's page (in words, with a scanned paper), and the agency
//! then decides. Each step is a line of the timeline. Refused answers say why and keep what was
//! typed; only the applicant may answer, and only from the portal's own pages.

use portal_tests::accessibility::axe_violations;
use portal_tests::citizen::Citizen;
use portal_tests::journeys::{
    choose, continue_on, declare_and_send, reference, start_service, typed_in_days,
    wait_for_decision, wait_for_status,
};
use portal_tests::ui::vi;
use portal_tests::witness::applications;
use portal_tests::{Browser, Mode, Stack};
use reqwest::StatusCode;
use server::store::status::Status;

const REQUEST: &str = "khi báo mất chậm phải giải thích cụ thể lý do";

/// The label of the paper an answer may attach, which is optional.
fn document_label() -> String {
    format!("{}{}", vi().information_document, vi().optional_suffix)
}

/// Applies for a new passport in place of one lost `days_ago`, pays, and waits until the agency
/// asks for more; leaves the browser on the application's page and returns its reference.
fn report_a_late_loss(
    browser: &mut Browser,
    stack: &Stack,
    citizen: &str,
    days_ago: i64,
) -> String {
    start_service(browser, stack, "passport", citizen);
    choose(browser, "Hộ chiếu bị mất");
    continue_on(browser);
    browser.fill("Ngày phát hiện mất", &typed_in_days(-days_ago));
    browser.fill(
        "Nơi bị mất, hoàn cảnh bị mất",
        "Bị mất cùng ba lô khi đi công tác ở vùng lũ",
    );
    continue_on(browser);
    choose(browser, "Dùng ảnh trong hồ sơ căn cước (tôi đồng ý)");
    continue_on(browser);
    choose(browser, "Nhận tại cơ quan giải quyết");
    continue_on(browser);
    declare_and_send(browser, Some("Vietcombank"));
    let reference = reference(browser);
    wait_for_status(
        browser,
        stack,
        &reference,
        &[Status::MoreInformation.label().vi],
    );
    reference
}

/// Clicks "send" and waits for the page that follows: the refusal, or the application's page
/// (the same address as before) showing the answer.
fn send(browser: &Browser) {
    let before = browser.current_url();
    browser.click_button(vi().information_send);
    browser.wait_until("the answer's outcome", |b| {
        let text = b.page_text();
        (b.current_url() != before && text.contains(vi().error_summary_title))
            || text.contains(vi().information_given)
    });
}

#[test]
fn the_agency_asks_why_a_loss_was_reported_late_and_decides_once_answered() {
    let stack = Stack::start();
    let citizen = stack.personas().plain_adult.clone();
    let files = tempfile::tempdir().unwrap();
    let write = |name: &str, bytes: &[u8]| {
        let path = files.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let disguised = write(
        "xac-nhan.pdf",
        b"a letter, not a PDF, whatever the name says",
    );
    let scan = write(
        "xac-nhan-cong-an.pdf",
        b"%PDF-1.4\n% a scanned police record\n",
    );
    for mode in Mode::BOTH {
        let mut browser = Browser::start(mode);
        let reference = report_a_late_loss(&mut browser, &stack, &citizen, 10);
        let page = browser.page_text();
        assert!(page.contains(REQUEST), "{mode:?}: the request is shown");
        assert!(
            page.contains(&format!(
                "{} — Hộ chiếu được báo mất",
                Status::MoreInformation.label().vi
            )),
            "{mode:?}: and is a line of the timeline"
        );
        assert!(
            !page.contains("Số văn bản kết quả"),
            "{mode:?}: no decision"
        );

        // The applicant is told, and the message leads to the application.
        browser.goto(&stack.url("/account"));
        let message =
            format!("Cơ quan giải quyết cần bạn bổ sung thông tin cho hồ sơ {reference}.");
        browser.click_link(&message);
        browser.wait_until("the application", |b| b.page_text().contains(REQUEST));
        let application = browser.current_url();
        if mode == Mode::JavaScript {
            assert_eq!(axe_violations(&browser), Vec::<String>::new());
        }

        // Nothing typed: refused beside the field.
        send(&browser);
        assert!(browser.title().starts_with("Lỗi: "), "{mode:?}");
        if mode == Mode::JavaScript {
            assert_eq!(axe_violations(&browser), Vec::<String>::new());
        }
        let error = browser.find("//p[@id='answer-error']");
        assert!(
            browser.text(&error).contains(vi().information_missing),
            "{mode:?}"
        );
        // A file that is not what it claims: refused, with the rules, and the answer kept.
        browser.goto(&application);
        let answer = format!("Tôi đi công tác ở vùng lũ, mất liên lạc đến ngày về ({mode:?}).");
        browser.fill(vi().information_answer, &answer);
        browser.upload(&document_label(), &disguised);
        send(&browser);
        let error = browser.text(&browser.find("//p[@id='document-error']"));
        assert!(
            error.contains("Loại tệp không được chấp nhận")
                && error.contains("PDF hoặc JPG hoặc PNG, tối đa 5 MB"),
            "{mode:?}: {error}"
        );
        let kept = browser.field(vi().information_answer);
        assert_eq!(
            browser.property(&kept, "value").unwrap(),
            answer,
            "{mode:?}"
        );

        browser.goto(&application);
        browser.fill(vi().information_answer, &answer);
        browser.upload(&document_label(), &scan);
        send(&browser);
        assert_eq!(browser.current_url(), application, "{mode:?}");
        let answered = browser.page_text();
        assert!(
            answered.contains(vi().information_given)
                && answered.contains(&answer)
                && answered.contains("xac-nhan-cong-an.pdf"),
            "{mode:?}: {answered}"
        );

        let decided = wait_for_decision(&browser, &stack, &reference);
        assert!(decided.contains("Số văn bản kết quả"), "{mode:?}");
        // The timeline, oldest first: asked, answered, decided.
        let at = |line: &str| {
            decided
                .find(line)
                .unwrap_or_else(|| panic!("{mode:?}: no {line:?} in {decided}"))
        };
        assert!(
            at("Hộ chiếu được báo mất sau hơn 48 giờ") < at("Bạn đã gửi thông tin bổ sung")
                && at("Bạn đã gửi thông tin bổ sung") < at("Đã có kết quả giải quyết"),
            "{mode:?}: {decided}"
        );
        println!(
            "more information, {mode:?}: asked, refused twice, answered with a paper, decided"
        );
    }
}

/// A form with a file as a browser sends it (`multipart/form-data`): the answer, and a paper if
/// any; returns the content type and the body.
fn multipart(answer: &str, document: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    const BOUNDARY: &str = "portal-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"answer\"\r\n\r\n{answer}\r\n"
    )
    .into_bytes();
    if let Some((file_name, bytes)) = document {
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"document\"; \
                 filename=\"{file_name}\"\r\nContent-Type: application/pdf\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

#[test]
fn an_answer_is_refused_when_empty_or_too_long_and_taken_only_from_the_applicant() {
    let stack = Stack::start();
    let citizen = stack.personas().plain_adult.clone();
    let mut browser = Browser::start(Mode::JavaScript);
    let asked = report_a_late_loss(&mut browser, &stack, &citizen, 7);
    let application = browser.current_url();
    let id = application.rsplit('/').next().unwrap().to_string();
    let action = format!("{application}/information");
    let cookie = format!(
        "portal-session={}",
        browser.cookie("portal-session").expect("signed in")
    );
    // Posted as the portal's own page does: with its origin.
    let mut own_origin = reqwest::header::HeaderMap::new();
    own_origin.insert(
        reqwest::header::ORIGIN,
        reqwest::header::HeaderValue::from_str(&stack.url("")).unwrap(),
    );
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(own_origin)
        .build()
        .unwrap();
    let post = |(content_type, body): (String, Vec<u8>)| {
        let request = http
            .post(&action)
            .header("cookie", &cookie)
            .header("content-type", content_type)
            .body(body);
        stack.block_on(async {
            let response = request.send().await.unwrap();
            (response.status(), response.text().await.unwrap())
        })
    };

    for empty in ["", "   \n "] {
        let (status, body) = post(multipart(empty, None));
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(body.contains(vi().information_missing));
    }
    let long = "Tôi đi vắng. ".repeat(100);
    assert!(long.trim().chars().count() > 1000);
    let (status, body) = post(multipart(&long, None));
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body.contains(vi().free_text_too_long),
        "the limit is stated"
    );
    assert!(body.contains(long.trim()), "what was typed is kept");

    // A paper over the 5 MB a document may have (a request over the 6 MB the page accepts is cut
    // short with a 413 before it is read: bad_input.rs).
    let mut big_pdf = b"%PDF-1.4\n".to_vec();
    big_pdf.resize(5 * 1024 * 1024 + 1, b' ');
    let (status, body) = post(multipart("Tôi đi vắng.", Some(("lon.pdf", &big_pdf))));
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Tệp quá lớn: PDF hoặc JPG hoặc PNG, tối đa 5 MB"));

    // From another site, another citizen or nobody: refused, whatever the answer.
    let cross_site = stack.block_on(async {
        http.post(&action)
            .header("cookie", &cookie)
            .header("origin", "https://elsewhere.example")
            .header("sec-fetch-site", "cross-site")
            .form(&[("answer", "Tôi đi vắng.")])
            .send()
            .await
            .unwrap()
            .status()
    });
    assert_eq!(cross_site, StatusCode::FORBIDDEN);
    let (other, anonymous) = stack.block_on(async {
        let other = Citizen::signed_in(&stack.url(""), &stack.personas().electricity_holder)
            .await
            .unwrap();
        let path = format!("/applications/{id}/information");
        let form = [("answer", "Tôi trả lời thay.")];
        (
            other.post(&path, &form).await.unwrap(),
            Citizen::anonymous(&stack.url(""))
                .post(&path, &form)
                .await
                .unwrap(),
        )
    });
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert!(anonymous.location().starts_with("/auth/login"));
    let stored = stack.block_on(applications(stack.portal_database()));
    let waiting = stored.iter().find(|stored| stored.id == id).unwrap();
    assert_eq!(
        waiting.status, "more_information",
        "nothing refused moved it"
    );

    // A plain form is enough for words alone; a second send finds it answered.
    for _ in 0..2 {
        let reply = stack.block_on(async {
            http.post(&action)
                .header("cookie", &cookie)
                .form(&[("answer", "Tôi đi công tác xa.")])
                .send()
                .await
                .unwrap()
        });
        assert_eq!(reply.status(), StatusCode::SEE_OTHER);
        assert_eq!(reply.headers()["location"], format!("/applications/{id}"));
    }
    let decided = wait_for_decision(&browser, &stack, &asked);
    assert_eq!(decided.matches("Bạn đã gửi thông tin bổ sung").count(), 1);
}
