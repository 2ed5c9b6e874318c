//! A parent acting for their child under 14, who has no eID account of their own. The child is
//! chosen before the draft exists; the registry is asked, about the parent, which children they
//! may act for; the child's data is read (by the parent, audited); every page says for whom; and
//! the decision lands on the child's registry record. Nobody else can act for the child, a child
//! of 14 or more is never offered, and a child who turns 14 during a draft ends it.

use domain::search::strip_diacritics;
use portal_tests::citizen::{Citizen, Reply};
use portal_tests::journeys::{
    choose, choose_containing, continue_on, give_address, person, receipt_pdf, scanned_pdf,
    send_and_decide, start_now, typed_in_days, wait_for_whom,
};
use portal_tests::ui::vi;
use portal_tests::witness::{
    applications, audited_about, children_asked, registry_reads_about, Audited,
};
use portal_tests::{Browser, Mode, Stack};
use reqwest::StatusCode;
use serde_json::{json, Value};

const SLUG: &str = "temporary-residence";

/// The parent's children under 14 as the registry answers, oldest first.
fn children_under_14(stack: &Stack, parent: &str) -> Vec<Value> {
    stack
        .registry_read(
            SLUG,
            "/v1/people/children-under-14",
            json!({ "personal_id": parent }),
        )
        .as_array()
        .cloned()
        .expect("a list of children")
}

/// The value beside a label in a summary list of the page.
fn summary_value(browser: &Browser, label: &str) -> String {
    let xpath = format!(
        "//dt[normalize-space(.)={}]/following-sibling::dd[1]",
        portal_tests::browser::literal(label)
    );
    browser.text(&browser.find(&xpath))
}

fn text_of(value: &Value, field: &str) -> String {
    value[field].as_str().expect(field).to_string()
}

#[test]
fn a_parent_registers_their_childs_temporary_residence() {
    let stack = Stack::start();
    let personas = stack.personas().clone();
    let parent = personas.parent_of_young_child.clone();
    let parent_before = person(&stack, SLUG, &parent);
    let parent_name = text_of(&parent_before, "full_name");
    let children = children_under_14(&stack, &parent);
    assert_eq!(children.len(), 2, "a daughter of 9 and a son of 4");
    let older_name = text_of(&person(&stack, SLUG, &personas.older_child), "full_name");
    // The son of 4 with JavaScript, his sister of 9 without.
    let cases = [
        (Mode::JavaScript, &children[1]),
        (Mode::NoJavaScript, &children[0]),
    ];
    let scans = tempfile::tempdir().unwrap();
    let contract_scan = scanned_pdf(scans.path(), "hop-dong-thue-nha.pdf");
    for (mode, child) in cases {
        let (child_id, child_name) = (text_of(child, "personal_id"), text_of(child, "full_name"));
        let street = format!("Số {}, ngõ 12, phố Chùa Láng", &child_id[9..]);
        let mut browser = Browser::start(mode);
        start_now(&mut browser, &stack, SLUG, &parent);
        wait_for_whom(&browser);
        let offered = browser.page_text();
        assert!(
            offered.contains(&format!("{}: {parent_name}", vi().whom_myself)),
            "{mode:?}"
        );
        for under_14 in &children {
            assert!(
                offered.contains(&text_of(under_14, "full_name")),
                "{mode:?}"
            );
        }
        assert!(
            !offered.contains(&older_name),
            "{mode:?}: a child of 15 has their own eID and is not offered"
        );
        // Continuing without a choice is refused beside the question.
        continue_on(&browser);
        assert!(browser.title().starts_with("Lỗi: "), "{mode:?}");
        assert!(browser.page_text().contains(vi().whom_missing), "{mode:?}");
        choose_containing(&browser, &child_name);
        continue_on(&browser);

        // The child's registry details, not the parent's, and a reminder of whom it is for.
        let first = browser.page_text();
        assert!(
            first.contains(&format!("{} {child_name}", vi().applying_for_child)),
            "{mode:?}"
        );
        assert!(first.contains(vi().child_details), "{mode:?}");
        assert!(first.contains(&child_id), "{mode:?}: the child's ID shown");
        assert!(!first.contains(&parent), "{mode:?}: not the parent's");
        give_address(&mut browser, "Hà Nội", "Phường Láng", &street);
        browser.fill("Tạm trú đến ngày", &typed_in_days(180));
        continue_on(&browser);
        choose(&browser, "Hợp đồng thuê nhà");
        continue_on(&browser);
        browser.fill("Số hợp đồng thuê nhà", "HĐ-2026/15");
        browser.upload("Bản chụp hợp đồng thuê nhà", &contract_scan);
        continue_on(&browser);

        browser.wait_until("the check page", |b| b.current_url().ends_with("/check"));
        assert_eq!(summary_value(&browser, vi().submitted_by), parent_name);
        assert_eq!(summary_value(&browser, vi().on_behalf_of), child_name);
        assert!(browser.page_text().contains("7.000 đ"), "{mode:?}");
        let decision = send_and_decide(&browser, &stack, Some("Vietcombank"));
        assert!(
            decision.contains(&format!(
                "do {parent_name} nộp thay cho con là {child_name}"
            )),
            "{mode:?}: the timeline says who applied for whom: {decision}"
        );
        assert_eq!(summary_value(&browser, vi().on_behalf_of), child_name);

        // The decision is the child's, in the registry; the parent's record is untouched.
        let child_after = person(&stack, SLUG, &child_id);
        assert_eq!(
            child_after["temporary_residence"]["street"], street,
            "{mode:?}: on the child's registry record"
        );
        assert_eq!(
            person(&stack, SLUG, &parent)["temporary_residence"],
            parent_before["temporary_residence"],
            "{mode:?}"
        );
        let receipt = receipt_pdf(&browser, &stack);
        assert!(
            receipt.contains(&format!(
                "Nop thay cho / On behalf of: {}",
                strip_diacritics(&child_name)
            )),
            "{mode:?}: the receipt says for whom"
        );
        browser.goto(&stack.url("/applications"));
        assert!(
            browser
                .page_text()
                .contains(&format!("{}: {child_name}", vi().on_behalf_of)),
            "{mode:?}: the list says for whom"
        );

        // Stored as the parent's application about the child; the child's data was read by the
        // parent for this service, and written by the agency.
        let stored = stack.block_on(applications(stack.portal_database()));
        let mine: Vec<_> = stored
            .iter()
            .filter(|application| application.subject_id == child_id)
            .collect();
        assert_eq!(mine.len(), 1, "{mode:?}");
        assert_eq!(mine[0].applicant_id, parent, "{mode:?}");
        let audit = stack.block_on(audited_about(stack.portal_database(), &child_id));
        let read_by_parent = |purpose: &str| Audited {
            event: "registry_read".into(),
            actor: Some(parent.clone()),
            purpose: Some(purpose.into()),
            outcome: "ok".into(),
        };
        assert!(
            audit.contains(&read_by_parent("temporary-residence /v1/people/get")),
            "{mode:?}: {audit:?}"
        );
        assert!(
            audit.iter().any(|line| line.event == "registry_write"
                && line.actor.as_deref() == Some("agency")
                && line.purpose.as_deref() == Some("temporary-residence /v1/residence/temporary")),
            "{mode:?}: {audit:?}"
        );
        println!(
            "acting for a child, {mode:?}: {} registry reads and writes about the child audited",
            audit.len()
        );
    }
}

#[test]
fn nobody_acts_for_a_child_who_is_not_theirs_nor_for_one_of_14_or_more() {
    let stack = Stack::start();
    let personas = stack.personas().clone();
    let portal = stack.url("");
    let data = stack.data_dir();
    let portal_database = stack.portal_database();
    let (parent, step) = stack.block_on(async {
        let parent = Citizen::signed_in(&portal, &personas.parent_of_young_child)
            .await
            .unwrap();
        let stranger = Citizen::signed_in(&portal, &personas.plain_adult)
            .await
            .unwrap();
        let child = personas.young_child.as_str();
        let older = personas.older_child.as_str();

        // A citizen posting someone else's child gets a 404, and nothing about the child is
        // read from the registry: only the refusal is audited.
        let reads_before = registry_reads_about(data, child).await;
        let audit_before = audited_about(portal_database, child).await.len();
        let refused = passport_for(&stranger, child).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);
        assert!(!refused.body.contains(child));
        assert_eq!(registry_reads_about(data, child).await, reads_before);
        let audit = audited_about(portal_database, child).await;
        assert_eq!(
            audit[audit_before..],
            [Audited {
                event: "access_denied".into(),
                actor: Some(personas.plain_adult.clone()),
                purpose: Some("passport".into()),
                outcome: "not_their_child_under_14".into(),
            }]
        );
        // Nor on a service a parent never uses for a child.
        let refused = stranger
            .post(
                "/services/driving-licence/start",
                &[("applying_for", child)],
            )
            .await
            .unwrap();
        assert_eq!(refused.status, StatusCode::NOT_FOUND);

        // The parent is offered the children under 14, never the one of 15, who is refused too.
        let offered = parent.post("/services/passport/start", &[]).await.unwrap();
        assert_eq!(offered.status, StatusCode::OK);
        assert!(offered.body.contains(child));
        assert!(!offered.body.contains(older));
        let older_reads = registry_reads_about(data, older).await;
        assert_eq!(
            passport_for(&parent, older).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(registry_reads_about(data, older).await, older_reads);
        let missing = passport_for(&parent, "").await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(missing.body.contains(vi().whom_missing));
        assert!(no_application_about(portal_database, older).await);
        assert!(no_application_about(portal_database, child).await);

        // A child's passport, which the child could not ask for alone: the draft is the
        // parent's, about the child; asking again resumes it; "myself" is another draft.
        let started = passport_for(&parent, child).await;
        assert_eq!(started.status, StatusCode::SEE_OTHER);
        let step = started.location().to_string();
        assert!(step.ends_with("/case"), "{step}");
        assert_eq!(passport_for(&parent, child).await.location(), step);
        let own = passport_for(&parent, "myself").await;
        assert!(own.location().ends_with("/case") && own.location() != step);

        // Each request that acts for the child asks the registry again.
        let asked = children_asked(data, &personas.parent_of_young_child).await;
        let page = parent.get(&step).await.unwrap();
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains(vi().applying_for_child));
        assert_eq!(
            children_asked(data, &personas.parent_of_young_child).await,
            asked + 1
        );
        // And the stranger cannot see the draft at all.
        assert_eq!(
            stranger.get(&step).await.unwrap().status,
            StatusCode::NOT_FOUND
        );
        (parent, step)
    });

    // The child turns 14 while the draft is open: from then on the parent can neither go on nor
    // submit, and is told why; the draft stays as it was and nothing is submitted.
    let born = children_under_14(&stack, &personas.parent_of_young_child)
        .into_iter()
        .find(|child| child["personal_id"] == personas.young_child.as_str())
        .map(|child| text_of(&child, "date_of_birth"))
        .expect("the young child is listed");
    let birthday = format!("{}{}", born[..4].parse::<i32>().unwrap() + 14, &born[4..]);
    stack.registry_today(&birthday);
    let application = step.rsplit_once('/').unwrap().0.to_string();
    stack.block_on(async {
        for reply in [
            parent.get(&step).await.unwrap(),
            parent.post(&step, &[("case", "new")]).await.unwrap(),
            parent.get(&format!("{application}/check")).await.unwrap(),
            parent
                .post(&format!("{application}/submit"), &[("declaration", "yes")])
                .await
                .unwrap(),
        ] {
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{}", reply.body);
            assert!(reply.body.contains(vi().no_longer_acting_title));
        }
        let stored = applications(portal_database).await;
        let draft = stored
            .iter()
            .find(|application| application.subject_id == personas.young_child)
            .expect("the draft is kept");
        assert_eq!(draft.status, "draft");
        assert_eq!(draft.reference, None);
    });
}

/// The answer to "whom is it for" on the passport service, as posted by `citizen`.
async fn passport_for(citizen: &Citizen, whom: &str) -> Reply {
    citizen
        .post("/services/passport/start", &[("applying_for", whom)])
        .await
        .unwrap()
}

async fn no_application_about(portal_database: &str, subject: &str) -> bool {
    applications(portal_database)
        .await
        .iter()
        .all(|application| application.subject_id != subject)
}
