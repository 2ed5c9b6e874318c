//! Integrity under attack, over real HTTP against the whole stack (and in Chromium where a person
//! would see it): answers changed after the payment began, forged document answers, slow clients,
//! starting by a link, the public verification page, what is kept and for how long, and a second
//! application about what an open one concerns.

use domain::definitions::common::display_vnd;
use portal_tests::citizen::{hidden, Citizen, Reply};
use portal_tests::journeys::{
    active_licence, choose_containing, continue_on, gateway_payment, holder_of_an_old_id_number,
    png, start_in_browser,
};
use portal_tests::ui::vi;
use portal_tests::witness::{all_documents, applications, documents_of};
use portal_tests::{Browser, Mode, Stack};
use reqwest::StatusCode;
use serde_json::json;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// The unpaid fines of the car owner's vehicles, dearest last: (fine id, amount).
fn unpaid_fines(stack: &Stack, owner: &str) -> Vec<(String, u64)> {
    let fines = stack.registry_read(
        "traffic-fines",
        "/v1/fines/list",
        json!({ "personal_id": owner }),
    );
    let mut unpaid: Vec<(String, u64)> = fines
        .as_array()
        .unwrap()
        .iter()
        .filter(|fine| fine["paid"] == false)
        .map(|fine| {
            (
                fine["fine_id"].as_str().unwrap().to_string(),
                fine["amount_vnd"].as_u64().unwrap(),
            )
        })
        .collect();
    unpaid.sort_by_key(|(_, amount)| *amount);
    assert_eq!(unpaid.len(), 2, "the persona has two unpaid fines");
    assert!(
        unpaid[0].1 < unpaid[1].1,
        "of different amounts: {unpaid:?}"
    );
    unpaid
}

fn fine_is_paid(stack: &Stack, owner: &str, fine: &str) -> bool {
    let fines = stack.registry_read(
        "traffic-fines",
        "/v1/fines/list",
        json!({ "personal_id": owner }),
    );
    fines
        .as_array()
        .unwrap()
        .iter()
        .any(|listed| listed["fine_id"] == fine && listed["paid"] == true)
}

/// A level-2 adult with nothing under way, signed in: the client and their ID number.
async fn plain_adult_signed_in(stack: &Stack) -> (Citizen, String) {
    let citizen_id = stack.personas().plain_adult.clone();
    let citizen = Citizen::signed_in(&stack.url(""), &citizen_id)
        .await
        .unwrap();
    (citizen, citizen_id)
}

fn payment_id_of(checkout: &str) -> String {
    checkout.rsplit('/').next().unwrap().to_string()
}

/// Pays at the gateway's checkout page as the citizen would, with a bank that accepts; `None`
/// when the page offers no payment (settled or cancelled).
async fn pay_at_gateway(citizen: &Citizen, checkout: &str) -> Option<Reply> {
    let page = citizen.get(checkout).await.unwrap();
    let token = hidden(&page.body, "csrf_token").ok()?;
    let paid = citizen
        .post(
            checkout,
            &[("csrf_token", &token), ("method", "vietcombank")],
        )
        .await
        .unwrap();
    Some(paid)
}

/// The owner chooses `fine`, leaves the e-mail empty, declares, and is sent to the gateway:
/// the application's id and the checkout address.
async fn declare_fine(citizen: &Citizen, fine: &str) -> (String, String) {
    let (id, first) = citizen.start_service("traffic-fines").await.unwrap();
    assert!(first.ends_with("/fine"), "{first}");
    let chose = citizen.post(&first, &[("fine", fine)]).await.unwrap();
    assert_eq!(chose.status, StatusCode::SEE_OTHER);
    let receipt = citizen
        .post(
            &format!("/applications/{id}/receipt"),
            &[("receipt_email", "")],
        )
        .await
        .unwrap();
    assert_eq!(receipt.location(), format!("/applications/{id}/check"));
    let sent = citizen
        .post(
            &format!("/applications/{id}/submit"),
            &[("declaration", "yes")],
        )
        .await
        .unwrap();
    assert_eq!(sent.status, StatusCode::SEE_OTHER);
    assert!(sent.location().contains("/pay/"), "{sent:?}");
    (id, sent.location().to_string())
}

#[test]
fn answers_changed_after_payment_began_cancel_the_payment() {
    let stack = Stack::start();
    let owner = stack.personas().owner_with_unpaid_fines.clone();
    let fines = unpaid_fines(&stack, &owner);
    let ((cheap, cheap_amount), (dear, dear_amount)) = (fines[0].clone(), fines[1].clone());
    stack.block_on(async {
        let citizen = Citizen::signed_in(&stack.url(""), &owner).await.unwrap();
        let (id, checkout) = declare_fine(&citizen, &cheap).await;
        let first_payment = payment_id_of(&checkout);
        assert_eq!(
            gateway_payment(&stack, &first_payment).await["amount_vnd"],
            cheap_amount
        );

        // At the gateway, the citizen posts the dearer fine to the same step.
        let changed = citizen
            .post(&format!("/applications/{id}/fine"), &[("fine", &dear)])
            .await
            .unwrap();
        assert_eq!(changed.status, StatusCode::SEE_OTHER);
        assert_eq!(
            changed.location(),
            format!("/applications/{id}/check"),
            "declare again"
        );
        assert_eq!(
            gateway_payment(&stack, &first_payment).await["status"],
            "cancelled"
        );

        // The old payment can no longer be paid, and its return completes nothing.
        let paid_late = pay_at_gateway(&citizen, &checkout).await;
        assert!(paid_late.is_none(), "{paid_late:?}");
        assert_eq!(
            gateway_payment(&stack, &first_payment).await["status"],
            "cancelled"
        );
        let returned = citizen
            .get(&format!(
                "/applications/{id}/payment?payment_id={first_payment}"
            ))
            .await
            .unwrap();
        assert_eq!(returned.status, StatusCode::PAYMENT_REQUIRED);
        let stored = applications(stack.portal_database()).await;
        let draft = stored.iter().find(|a| a.id == id).unwrap();
        assert_eq!(draft.status, "draft");
        assert!(draft.reference.is_none());

        // Declared again, the payment asked is the dearer fine's, and paying it pays that fine.
        let again = citizen
            .post(
                &format!("/applications/{id}/submit"),
                &[("declaration", "yes")],
            )
            .await
            .unwrap();
        let second_payment = payment_id_of(again.location());
        assert_ne!(second_payment, first_payment);
        assert_eq!(
            gateway_payment(&stack, &second_payment).await["amount_vnd"],
            dear_amount
        );
        let back = pay_at_gateway(&citizen, again.location()).await.unwrap();
        let landed = citizen.get(back.location()).await.unwrap();
        assert_eq!(
            landed.location(),
            format!("/applications/{id}/confirmation")
        );
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    while !fine_is_paid(&stack, &owner, &dear) {
        assert!(
            Instant::now() < deadline,
            "the dearer fine is paid once decided"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(
        !fine_is_paid(&stack, &owner, &cheap),
        "the cheaper fine was never paid"
    );
}

#[test]
fn a_payment_made_before_the_change_completes_the_answers_it_paid_for() {
    let stack = Stack::start();
    let owner = stack.personas().owner_with_unpaid_fines.clone();
    let fines = unpaid_fines(&stack, &owner);
    let (cheap, dear) = (fines[0].0.clone(), fines[1].0.clone());
    let id = stack.block_on(async {
        let citizen = Citizen::signed_in(&stack.url(""), &owner).await.unwrap();
        let (id, checkout) = declare_fine(&citizen, &cheap).await;
        // Paid in one tab; in another, the answer changes before the return is seen.
        let paid = pay_at_gateway(&citizen, &checkout).await.unwrap();
        assert!(paid.status.is_redirection(), "{paid:?}");
        let changed = citizen
            .post(&format!("/applications/{id}/fine"), &[("fine", &dear)])
            .await
            .unwrap();
        let landed = citizen.get(changed.location()).await.unwrap();
        assert_eq!(
            landed.location(),
            format!("/applications/{id}/confirmation")
        );
        id
    });
    let stored = stack.block_on(applications(stack.portal_database()));
    let sent = stored.iter().find(|a| a.id == id).unwrap();
    assert!(
        sent.answers.contains(&cheap) && !sent.answers.contains(&dear),
        "{}",
        sent.answers
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while !fine_is_paid(&stack, &owner, &cheap) {
        assert!(Instant::now() < deadline, "the fine paid for is paid");
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(!fine_is_paid(&stack, &owner, &dear));
}

#[test]
fn changing_the_fine_at_the_gateway_in_the_browser_cancels_the_payment() {
    let stack = Stack::start();
    let owner = stack.personas().owner_with_unpaid_fines.clone();
    let fines = unpaid_fines(&stack, &owner);
    let (cheap, dear) = (fines[0].0.clone(), fines[1].0.clone());
    for mode in Mode::BOTH {
        // The second mode resumes the first one's draft, so both go to the fine's step by name.
        let browser = start_in_browser(&stack, mode, "traffic-fines", &owner);
        let started = browser.current_url();
        let fine_step = format!("{}/fine", &started[..started.rfind('/').unwrap()]);
        browser.goto(&fine_step);
        choose_containing(&browser, &display_vnd(fines[0].1));
        continue_on(&browser);
        // The receipt's e-mail, unless the resumed draft has it answered already.
        if !browser.current_url().ends_with("/check") {
            continue_on(&browser);
        }
        declare_and_send_to_gateway(&browser);
        let checkout = browser.current_url();
        // Back in the portal, the citizen picks the dearer fine instead.
        browser.goto(&fine_step);
        choose_containing(&browser, &display_vnd(fines[1].1));
        continue_on(&browser);
        assert!(
            browser.current_url().ends_with("/check"),
            "{mode:?}: declare again"
        );
        assert_eq!(
            stack.block_on(gateway_payment(&stack, &payment_id_of(&checkout)))["status"],
            "cancelled"
        );
        browser.goto(&checkout);
        assert!(
            !browser.page_text().contains("Chọn ngân hàng hoặc ví"),
            "{mode:?}: the old payment cannot be paid"
        );
        assert!(!fine_is_paid(&stack, &owner, &cheap));
        assert!(!fine_is_paid(&stack, &owner, &dear));
    }
}

/// On the check page: the declaration, then "pay", which leads to the gateway.
fn declare_and_send_to_gateway(browser: &Browser) {
    browser.wait_until("the check page", |b| b.current_url().ends_with("/check"));
    let declaration = portal_tests::journeys::declaration_text(browser);
    portal_tests::journeys::choose(browser, &declaration);
    browser.click_button(vi().pay_and_submit);
    browser.wait_until("the gateway", |b| b.current_url().contains("/pay/"));
}

#[test]
fn a_document_answer_must_name_an_upload_of_this_application() {
    let stack = Stack::start();
    let driver = stack.personas().driver_expiring.clone();
    let licence = active_licence(&stack, &driver);
    stack.block_on(async {
        let citizen = Citizen::signed_in(&stack.url(""), &driver).await.unwrap();
        let (id, base) = citizen.renewal_up_to_the_photo(&licence).await.unwrap();
        // Typed values where a file belongs: a path, and something shaped like a stored upload.
        for forged in [
            "../../etc/passwd/not-a-photo.exe",
            "AAAAAAAAAAAAAAAAAAAAAA/anh.png",
        ] {
            let reply = citizen
                .post(&format!("{base}/photo"), &[("photo", forged)])
                .await
                .unwrap();
            assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{forged}");
            assert!(
                !reply.body.contains(forged),
                "{forged} is not echoed as an answer"
            );
        }
        let stored = applications(stack.portal_database()).await;
        let draft = stored.iter().find(|a| a.id == id).unwrap();
        assert!(!draft.answers.contains("passwd") && !draft.answers.contains("AAAAAAAA"));
        assert!(documents_of(stack.portal_database(), &id).await.is_empty());

        // A real file is stored for this application and question, and named by the answer.
        let uploaded = citizen
            .post_file(
                &format!("{base}/photo"),
                &[("photo", "forged")],
                ("photo", "anh.png", &png(600, 800, 10)),
            )
            .await
            .unwrap();
        assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
        let documents = documents_of(stack.portal_database(), &id).await;
        assert_eq!(documents.len(), 1);
        assert_eq!(documents[0].1, "photo");
        let stored = applications(stack.portal_database()).await;
        let draft = stored.iter().find(|a| a.id == id).unwrap();
        assert!(
            draft
                .answers
                .contains(&format!("{}/anh.png", documents[0].0)),
            "{}",
            draft.answers
        );
    });
}

#[test]
fn uploads_are_stored_only_for_an_accepted_page_and_within_the_quota() {
    let stack = Stack::start_with(|config| config.upload_quota_bytes = 1024 * 1024);
    let driver = stack.personas().driver_expiring.clone();
    let licence = active_licence(&stack, &driver);
    stack.block_on(async {
        let citizen = Citizen::signed_in(&stack.url(""), &driver).await.unwrap();
        let (id, first) = citizen.start_service("driving-licence").await.unwrap();
        let base = first.rsplit_once('/').unwrap().0.to_string();
        citizen
            .post(&first, &[("licence", &licence)])
            .await
            .unwrap();
        // "Take a photo at the office" with delivery by post is refused (it needs collecting at
        // the office) only on the delivery page; here the portrait page itself is refused when
        // nothing is chosen, and a file sent with it is not kept.
        let refused = citizen
            .post_file(
                &format!("{base}/portrait"),
                &[],
                ("photo", "anh.png", &png(600, 800, 10)),
            )
            .await
            .unwrap();
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            all_documents(stack.portal_database()).await.0,
            0,
            "nothing stored"
        );

        citizen
            .post(&format!("{base}/portrait"), &[("portrait", "upload")])
            .await
            .unwrap();
        let photo = png(600, 800, 600 * 1024);
        let first_upload = citizen
            .post_file(&format!("{base}/photo"), &[], ("photo", "anh.png", &photo))
            .await
            .unwrap();
        assert_eq!(first_upload.status, StatusCode::SEE_OTHER);
        // A second 600 KB photo would take the citizen past the 1 MB quota: refused, the limit
        // stated, the first photo kept.
        let over = citizen
            .post_file(&format!("{base}/photo"), &[], ("photo", "anh2.png", &photo))
            .await
            .unwrap();
        assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(over.body.contains("giới hạn 1 MB"), "{}", over.body);
        let documents = documents_of(stack.portal_database(), &id).await;
        assert_eq!(documents.len(), 1, "{documents:?}");
    });
}

#[test]
fn expired_drafts_and_their_uploads_are_deleted() {
    let stack = Stack::start_with(|config| {
        config.draft_lifetime = Duration::from_secs(3);
        config.retention_interval = Duration::from_secs(1);
    });
    let driver = stack.personas().driver_expiring.clone();
    let licence = active_licence(&stack, &driver);
    let (id, document) = stack.block_on(async {
        let citizen = Citizen::signed_in(&stack.url(""), &driver).await.unwrap();
        let (id, first) = citizen.start_service("driving-licence").await.unwrap();
        let base = first.rsplit_once('/').unwrap().0.to_string();
        // Saved every second for five seconds: the expiry counts from the last change, so the
        // draft outlives its three-second lifetime while it is worked on.
        for _ in 0..5 {
            let saved = citizen
                .post(&first, &[("licence", &licence)])
                .await
                .unwrap();
            assert_eq!(saved.status, StatusCode::SEE_OTHER, "{saved:?}");
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        citizen
            .post(&format!("{base}/portrait"), &[("portrait", "upload")])
            .await
            .unwrap();
        citizen
            .post_file(
                &format!("{base}/photo"),
                &[],
                ("photo", "anh.png", &png(600, 800, 10)),
            )
            .await
            .unwrap();
        let documents = documents_of(stack.portal_database(), &id).await;
        assert_eq!(documents.len(), 1, "still there after five seconds of work");
        (id, documents[0].0.clone())
    });
    let file = stack.data_dir().join("documents").join(&document);
    assert!(file.exists());
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let stored = stack.block_on(applications(stack.portal_database()));
        if stored.iter().all(|a| a.id != id) {
            break;
        }
        assert!(Instant::now() < deadline, "the expired draft is deleted");
        std::thread::sleep(Duration::from_millis(300));
    }
    assert!(stack
        .block_on(documents_of(stack.portal_database(), &id))
        .is_empty());
    assert!(!file.exists(), "the upload's bytes are deleted too");
}

#[test]
fn a_dribbling_client_is_cut_off_while_others_are_served() {
    let stack = Stack::start_with(|config| {
        config.header_timeout = Duration::from_secs(2);
        config.max_connections = 4;
    });
    let address = stack.inner.portal;
    // One header line a second, for up to 20 seconds.
    let dribbler = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(address).unwrap();
        let started = Instant::now();
        stream
            .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
            .unwrap();
        for n in 0..20 {
            std::thread::sleep(Duration::from_secs(1));
            if stream
                .write_all(format!("X-Slow-{n}: 1\r\n").as_bytes())
                .is_err()
            {
                break;
            }
            let mut probe = [0u8; 1];
            stream
                .set_read_timeout(Some(Duration::from_millis(10)))
                .unwrap();
            if matches!(stream.read(&mut probe), Ok(0)) {
                break;
            }
        }
        started.elapsed()
    });
    // Meanwhile a citizen's page is served.
    std::thread::sleep(Duration::from_millis(500));
    let page = stack.block_on(async { reqwest::get(stack.url("/")).await.unwrap().status() });
    assert_eq!(page, StatusCode::OK);
    let held = dribbler.join().unwrap();
    assert!(held < Duration::from_secs(8), "cut off after {held:?}");

    // Connections past the cap wait; idle ones are closed at the deadline, and the waiting
    // citizen is then served.
    let idle: Vec<TcpStream> = (0..4)
        .map(|_| TcpStream::connect(address).unwrap())
        .collect();
    let page = stack.block_on(async {
        reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .build()
            .unwrap()
            .get(stack.url("/"))
            .send()
            .await
            .map(|response| response.status())
    });
    assert_eq!(page.unwrap(), StatusCode::OK);
    drop(idle);
}

#[test]
fn starting_a_service_is_a_post_and_a_link_starts_nothing() {
    let stack = Stack::start();
    stack.block_on(async {
        let (citizen, citizen_id) = plain_adult_signed_in(&stack).await;
        let before =
            portal_tests::witness::registry_reads_about(stack.data_dir(), &citizen_id).await;
        let link = citizen.get("/services/passport/start").await.unwrap();
        assert_eq!(link.status, StatusCode::SEE_OTHER);
        assert_eq!(
            link.location(),
            "/services/passport",
            "to the start page's button"
        );
        let after =
            portal_tests::witness::registry_reads_about(stack.data_dir(), &citizen_id).await;
        assert_eq!(before, after, "nothing read from the registry");
        assert!(applications(stack.portal_database())
            .await
            .iter()
            .all(|a| a.applicant_id != citizen_id));
        let started = citizen.post("/services/passport/start", &[]).await.unwrap();
        assert!(
            started.location().starts_with("/applications/"),
            "{started:?}"
        );
    });
}

#[test]
fn the_public_verification_page_shows_only_what_verification_needs() {
    let stack = Stack::start();
    let host_id = stack.personas().plain_adult.clone();
    let (reference, id) = stack.block_on(async {
        let adults = portal_tests::witness::adults_with_households(stack.data_dir(), 50).await;
        let host = adults.iter().find(|a| a.personal_id == host_id).cloned();
        let guest = adults
            .iter()
            .find(|a| {
                host.as_ref().is_none_or(|h| h.household != a.household) && a.personal_id != host_id
            })
            .unwrap();
        let citizen = Citizen::signed_in(&stack.url(""), &host_id).await.unwrap();
        let (id, reference) = citizen.notify_a_stay(guest).await.unwrap();
        (reference, id)
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    let pdf = loop {
        let reply = stack.block_on(async {
            let citizen = Citizen::signed_in(&stack.url(""), &host_id).await.unwrap();
            citizen
                .get(&format!("/applications/{id}/decision.pdf"))
                .await
                .unwrap()
        });
        if reply.status == StatusCode::OK {
            break reply.body;
        }
        assert!(Instant::now() < deadline, "decided");
        std::thread::sleep(Duration::from_millis(300));
    };
    let address = portal_tests::journeys::verification_address(&pdf);
    let page = stack.block_on(async { reqwest::get(&address).await.unwrap() });
    assert_eq!(page.status(), StatusCode::OK);
    assert_eq!(page.headers()["cache-control"], "no-store");
    let html = stack.block_on(page.text()).unwrap();
    let person = portal_tests::journeys::person(&stack, "notify-stay", &host_id);
    let full_name = person["full_name"].as_str().unwrap();
    assert!(html.contains(&reference));
    assert!(html.contains("Còn hiệu lực"));
    assert!(!html.contains(full_name), "the name is masked");
    let first_letter: String = full_name.chars().take(1).collect();
    assert!(
        html.contains(&format!("{first_letter}*")),
        "a masked name is shown"
    );
    assert!(!html.contains(&host_id), "no ID number");
}

#[test]
fn a_second_application_about_the_same_object_is_refused_while_the_first_is_open() {
    // The agency does not decide during this test, so the first application stays open.
    let stack = Stack::start_with(|config| config.processing_interval = Duration::from_secs(3600));
    // Confirming the old ID number: one application per person, and no fee.
    let (citizen_id, _) = holder_of_an_old_id_number(&stack);
    stack.block_on(async {
        let mut visitor = portal_tests::visitor::Visitor::new(&stack.url("/"));
        visitor
            .sign_in(&stack.url("/auth/login?return_to=/account"), &citizen_id)
            .await
            .unwrap();
        let slug = "confirm-old-id-number";
        let mut target = format!("/services/{slug}/start");
        let mut fields = Vec::new();
        for _ in 0..10 {
            visitor.post(&target, &fields).await.unwrap();
            let path = visitor.url.path().to_string();
            if path.ends_with("/confirmation") {
                break;
            }
            target = match path.strip_suffix("/check") {
                Some(application) => format!("{application}/submit"),
                None => path.clone(),
            };
            fields = visitor.fill(&target, &[]).unwrap();
        }
        let first = visitor
            .url
            .path()
            .trim_end_matches("/confirmation")
            .to_string();
        assert!(first.starts_with("/applications/"), "sent: {first}");

        let citizen = Citizen::signed_in(&stack.url(""), &citizen_id)
            .await
            .unwrap();
        let again = citizen
            .post(&format!("/services/{slug}/start"), &[])
            .await
            .unwrap();
        assert_eq!(again.status, StatusCode::CONFLICT);
        assert!(again.body.contains(vi().already_open_title));
        assert!(
            again.body.contains(&format!("href=\"{first}\"")),
            "a way to the open one"
        );
        let open = applications(stack.portal_database())
            .await
            .into_iter()
            .filter(|a| a.applicant_id == citizen_id)
            .count();
        assert_eq!(open, 1, "no second draft");
    });
}

#[test]
fn signing_out_puts_no_personal_data_in_any_url() {
    let stack = Stack::start();
    stack.block_on(async {
        let (citizen, citizen_id) = plain_adult_signed_in(&stack).await;
        let logout = citizen.post("/auth/logout", &[]).await.unwrap();
        assert_eq!(logout.status, StatusCode::SEE_OTHER);
        let to_eid = logout.location().to_string();
        assert!(to_eid.starts_with(&stack.inner.identity.issuer), "{to_eid}");
        // Neither the ID token (whose payload holds the number, name and birth date) nor
        // anything else personal: this address lands in the browser's history and the
        // provider's access log.
        for personal in ["id_token_hint", "eyJ", citizen_id.as_str()] {
            assert!(!to_eid.contains(personal), "{personal} in {to_eid}");
        }
        // The provider ends its own session all the same, and sends the browser home.
        let back = citizen.get(&to_eid).await.unwrap();
        assert_eq!(back.status, StatusCode::SEE_OTHER, "{back:?}");
        assert_eq!(back.location(), stack.url("/"));
        let again = citizen.get("/auth/login").await.unwrap();
        let authorize = citizen.get(again.location()).await.unwrap();
        assert!(
            authorize.location().contains("/signin"),
            "signing in again asks for the password: {authorize:?}"
        );
    });
}

#[test]
fn ended_sessions_are_deleted() {
    let stack = Stack::start_with(|config| {
        config.session_idle = Duration::from_secs(2);
        config.retention_interval = Duration::from_secs(1);
    });
    let citizen_id = stack.personas().plain_adult.clone();
    stack.block_on(async {
        Citizen::signed_in(&stack.url(""), &citizen_id)
            .await
            .unwrap();
        assert_eq!(
            portal_tests::witness::sessions(stack.portal_database()).await,
            1
        );
        // Nobody comes back: the session is deleted by the job, not only refused when seen.
        let deadline = Instant::now() + Duration::from_secs(20);
        while portal_tests::witness::sessions(stack.portal_database()).await > 0 {
            assert!(Instant::now() < deadline, "the idle session is deleted");
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    });
}
