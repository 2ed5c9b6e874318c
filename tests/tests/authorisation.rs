//! The authorisation matrix over real HTTP: every route of the portal's router, asked by the
//! application's owner, by another citizen, by an anonymous visitor and by a citizen signed in at
//! eID level 1, with the answer each must get. The routes are read from `server/src/routes.rs` at
//! test time, so a route added to the router without a row here fails this test.
//!
//! Rows marked `parent` are a parent acting for their child under 14: there the owner is the
//! parent, and the application is about the child.

use portal_tests::citizen::{Citizen, Reply};
use portal_tests::journeys::{active_licence, png};
use portal_tests::runtimes;
use portal_tests::witness::{adults_with_households, applications, documents_of};
use portal_tests::Stack;
use reqwest::StatusCode;
use std::collections::BTreeSet;

/// What a role must get.
#[derive(Clone, Debug)]
enum Expect {
    Status(u16),
    /// 303 to the portal's sign-in, coming back afterwards.
    SignIn,
    /// 303 to a location starting with this.
    RedirectTo(String),
}

struct Row {
    method: &'static str,
    /// The route as written in the router.
    route: &'static str,
    /// The path actually requested.
    path: String,
    /// The form posted (POST only).
    form: Vec<(&'static str, String)>,
    /// The owner is a parent, and the application is about their child.
    parent: bool,
    /// The owner is a driver with a photo uploaded for their licence.
    driver: bool,
    owner: Expect,
    other: Expect,
    anonymous: Expect,
    level_1: Expect,
}

/// `(method, route)` for every `.route(` of the router, read from its source.
fn routes_in_router() -> BTreeSet<(String, String)> {
    let source =
        std::fs::read_to_string(portal_tests::stack::workspace_root().join("server/src/routes.rs"))
            .expect("the router's source");
    let router = &source[source.find("pub fn router(").expect("router function")..];
    let router = &router[..router.find(".fallback(").expect("fallback ends the routes")];
    let mut routes = BTreeSet::new();
    for declaration in router.split(".route(").skip(1) {
        let path = declaration.split('"').nth(1).expect("a quoted path");
        for method in ["get", "post", "put", "patch", "delete"] {
            let called = declaration
                .match_indices(&format!("{method}("))
                .any(|(at, _)| {
                    at == 0
                        || !declaration[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
                });
            if called {
                routes.insert((method.to_uppercase(), path.to_string()));
            }
        }
    }
    routes
}

fn form(pairs: &[(&'static str, &str)]) -> Vec<(&'static str, String)> {
    pairs
        .iter()
        .map(|(name, value)| (*name, value.to_string()))
        .collect()
}

fn check(role: &str, row: &Row, expected: &Expect, reply: &Reply) -> Option<String> {
    let location = reply.location();
    let fine = match expected {
        Expect::Status(code) => reply.status.as_u16() == *code,
        Expect::SignIn => {
            reply.status == StatusCode::SEE_OTHER && location.starts_with("/auth/login?return_to=")
        }
        Expect::RedirectTo(prefix) => {
            reply.status == StatusCode::SEE_OTHER && location.starts_with(prefix.as_str())
        }
    };
    (!fine).then(|| {
        format!(
            "{} {} as {role}: expected {expected:?}, got {} → {location:?}",
            row.method, row.path, reply.status
        )
    })
}

#[test]
fn every_route_answers_each_role_as_the_matrix_says() {
    let stack = Stack::start_with(|config| config.sign_in_limit_per_minute = 1_000);
    let runtime = runtimes::on_this_thread();
    let portal = stack.url("");
    let issuer = stack.inner.identity.issuer.clone();
    let adults = runtime.block_on(adults_with_households(stack.data_dir(), 200));
    let owner_person = &adults[0];
    let other_person = adults
        .iter()
        .find(|adult| adult.household != owner_person.household)
        .unwrap();
    let guest = adults
        .iter()
        .find(|adult| {
            adult.household != owner_person.household && adult.household != other_person.household
        })
        .unwrap();
    let level_1 = stack.personas().level1_citizen.clone();
    let parent_id = stack.personas().parent_of_young_child.clone();
    let child = stack.personas().young_child.clone();

    let (owner, other, anonymous, basic, submitted, reference, draft) = runtime.block_on(async {
        let owner = Citizen::signed_in(&portal, &owner_person.personal_id)
            .await
            .unwrap();
        let other = Citizen::signed_in(&portal, &other_person.personal_id)
            .await
            .unwrap();
        let basic = Citizen::signed_in(&portal, &level_1).await.unwrap();
        let (submitted, reference) = owner.notify_a_stay(guest).await.unwrap();
        let (draft, _) = owner.start_service("notify-stay").await.unwrap();
        assert_ne!(draft, submitted, "a new draft after the submission");
        // The agencies' stand-in decides within a second or two; the decision is then a row too.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while !applications(stack.portal_database())
            .await
            .iter()
            .any(|stored| stored.id == submitted && stored.status == "decided")
        {
            assert!(std::time::Instant::now() < deadline, "no decision");
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        (
            owner,
            other,
            Citizen::anonymous(&portal),
            basic,
            submitted,
            reference,
            draft,
        )
    });

    let (parent, child_draft) = runtime.block_on(async {
        let parent = Citizen::signed_in(&portal, &parent_id).await.unwrap();
        let started = parent
            .post("/services/passport/start", &[("applying_for", &child)])
            .await
            .unwrap();
        let draft = started
            .location()
            .strip_prefix("/applications/")
            .and_then(|rest| rest.strip_suffix("/case"))
            .unwrap_or_else(|| panic!("a draft for the child: {started:?}"))
            .to_string();
        (parent, draft)
    });

    let driver_id = stack.personas().driver_expiring.clone();
    let licence = active_licence(&stack, &driver_id);
    let (driver, photo_draft, photo) = runtime.block_on(async {
        let driver = Citizen::signed_in(&portal, &driver_id).await.unwrap();
        let (draft, base) = driver.renewal_up_to_the_photo(&licence).await.unwrap();
        let uploaded = driver
            .post_file(
                &format!("{base}/photo"),
                &[],
                ("photo", "anh.png", &png(600, 800, 100)),
            )
            .await
            .unwrap();
        assert_eq!(uploaded.status, StatusCode::SEE_OTHER, "{}", uploaded.body);
        let stored = documents_of(stack.portal_database(), &draft).await;
        (driver, draft, stored[0].0.clone())
    });

    let ok = || Expect::Status(200);
    let not_found = || Expect::Status(404);
    let to = |prefix: &str| Expect::RedirectTo(prefix.to_string());
    let row = |method, route, path: String, expects: [Expect; 4]| {
        let [owner, other, anonymous, level_1] = expects;
        Row {
            method,
            route,
            path,
            form: Vec::new(),
            parent: false,
            driver: false,
            owner,
            other,
            anonymous,
            level_1,
        }
    };
    let mut rows = vec![
        row("GET", "/", "/".into(), [ok(), ok(), ok(), ok()]),
        row(
            "GET",
            "/services/{slug}/start",
            "/services/notify-stay/start".into(),
            // A link starts nothing: it leads to the start page, whoever follows it.
            [
                to("/services/notify-stay"),
                to("/services/notify-stay"),
                to("/services/notify-stay"),
                to("/services/notify-stay"),
            ],
        ),
        row(
            "GET",
            "/services/{slug}",
            "/services/notify-stay".into(),
            [ok(), ok(), ok(), ok()],
        ),
        row(
            "POST",
            "/services/{slug}/start",
            "/services/notify-stay/start".into(),
            // The owner resumes their draft; another citizen gets a draft of their own; a
            // level-1 account may look but not act.
            [
                to(&format!("/applications/{draft}/")),
                to("/applications/"),
                Expect::SignIn,
                Expect::Status(403),
            ],
        ),
        row(
            "GET",
            "/auth/login",
            "/auth/login".into(),
            [to(&issuer), to(&issuer), to(&issuer), to(&issuer)],
        ),
        row(
            "GET",
            "/auth/callback",
            "/auth/callback".into(),
            [
                Expect::Status(400),
                Expect::Status(400),
                Expect::Status(400),
                Expect::Status(400),
            ],
        ),
        row(
            "GET",
            "/account",
            "/account".into(),
            [ok(), ok(), Expect::SignIn, ok()],
        ),
        row(
            "GET",
            "/account/report-error",
            "/account/report-error".into(),
            [ok(), ok(), Expect::SignIn, ok()],
        ),
        Row {
            form: form(&[("which", ""), ("details", "")]),
            ..row(
                "POST",
                "/account/report-error",
                "/account/report-error".into(),
                [
                    Expect::Status(422),
                    Expect::Status(422),
                    Expect::SignIn,
                    Expect::Status(403),
                ],
            )
        },
        Row {
            form: form(&[("answer", "accept")]),
            // Nobody in this matrix was asked to agree to anything: an unknown request is a 404
            // to everyone signed in (the newborn tests answer real requests).
            ..row(
                "POST",
                "/consents/{id}",
                "/consents/no-such-request".into(),
                // A level-1 account is refused before anything is looked up.
                [
                    Expect::Status(404),
                    Expect::Status(404),
                    Expect::SignIn,
                    Expect::Status(403),
                ],
            )
        },
        row(
            "GET",
            "/applications",
            "/applications".into(),
            [ok(), ok(), Expect::SignIn, ok()],
        ),
        row(
            "GET",
            "/applications/{id}",
            format!("/applications/{submitted}"),
            [ok(), not_found(), Expect::SignIn, not_found()],
        ),
        row(
            "GET",
            "/applications/{id}",
            format!("/applications/{draft}"),
            [ok(), not_found(), Expect::SignIn, not_found()],
        ),
        row(
            "GET",
            "/applications/{id}/receipt.pdf",
            format!("/applications/{submitted}/receipt.pdf"),
            [ok(), not_found(), Expect::SignIn, not_found()],
        ),
        row(
            "GET",
            "/applications/{id}/decision.pdf",
            format!("/applications/{submitted}/decision.pdf"),
            [ok(), not_found(), Expect::SignIn, not_found()],
        ),
        row(
            "GET",
            "/applications/{id}/decision.pdf",
            format!("/applications/{draft}/decision.pdf"),
            // No decision yet: nothing to download, even for the owner.
            [not_found(), not_found(), Expect::SignIn, not_found()],
        ),
        Row {
            driver: true,
            // A real upload: the driver's own photo, which nobody else can download.
            ..row(
                "GET",
                "/applications/{id}/documents/{document}",
                format!("/applications/{photo_draft}/documents/{photo}"),
                [ok(), not_found(), Expect::SignIn, not_found()],
            )
        },
        row(
            "GET",
            "/verify/{reference}",
            format!("/verify/{reference}?s=forged"),
            // Public, but a forged signature verifies nothing, whoever asks.
            [not_found(), not_found(), not_found(), not_found()],
        ),
        row(
            "GET",
            "/applications/{id}/confirmation",
            format!("/applications/{submitted}/confirmation"),
            [ok(), not_found(), Expect::SignIn, not_found()],
        ),
        row(
            "GET",
            "/applications/{id}/check",
            format!("/applications/{draft}/check"),
            // The draft is not complete: the owner is sent to the first unanswered step.
            [
                to(&format!("/applications/{draft}/guest")),
                not_found(),
                Expect::SignIn,
                not_found(),
            ],
        ),
        Row {
            form: form(&[("declaration", "yes")]),
            ..row(
                "POST",
                "/applications/{id}/submit",
                format!("/applications/{draft}/submit"),
                // The owner's draft is not complete, so they are sent to its next question;
                // anyone else signed in is told it does not exist.
                [
                    to(&format!("/applications/{draft}/guest")),
                    Expect::Status(404),
                    Expect::SignIn,
                    Expect::Status(403),
                ],
            )
        },
        Row {
            form: form(&[("answer", "Tôi đã trả lời.")]),
            // Nothing was asked on this application: its page says so to the owner (the
            // answers themselves are walked in more_information.rs).
            ..row(
                "POST",
                "/applications/{id}/information",
                format!("/applications/{submitted}/information"),
                [
                    to(&format!("/applications/{submitted}")),
                    not_found(),
                    Expect::SignIn,
                    Expect::Status(403),
                ],
            )
        },
        row(
            "POST",
            "/applications/{id}/refresh",
            format!("/applications/{draft}/refresh"),
            [
                to(&format!("/applications/{draft}/guest")),
                not_found(),
                Expect::SignIn,
                Expect::Status(403),
            ],
        ),
        row(
            "GET",
            "/applications/{id}/payment",
            format!("/applications/{submitted}/payment"),
            // It completes a payment, so it asks for level 2 like any change.
            [
                to(&format!("/applications/{submitted}/confirmation")),
                not_found(),
                Expect::SignIn,
                Expect::Status(403),
            ],
        ),
        row(
            "GET",
            "/applications/{id}/{step}",
            format!("/applications/{draft}/guest"),
            [ok(), not_found(), Expect::SignIn, not_found()],
        ),
        row(
            "POST",
            "/applications/{id}/{step}",
            format!("/applications/{draft}/guest"),
            // An empty answer is refused beside the field, and nothing is saved.
            [
                Expect::Status(422),
                not_found(),
                Expect::SignIn,
                Expect::Status(403),
            ],
        ),
        row(
            "GET",
            "/applications/{id}/{step}",
            format!("/applications/{submitted}/guest"),
            // A submitted application cannot be edited: its page instead.
            [
                to(&format!("/applications/{submitted}")),
                not_found(),
                Expect::SignIn,
                not_found(),
            ],
        ),
        Row {
            form: form(&[("applying_for", &child)]),
            parent: true,
            // Only the child's parent may apply for them; another citizen naming the child is
            // told nothing, not even whether the child exists.
            ..row(
                "POST",
                "/services/{slug}/start",
                "/services/passport/start".into(),
                [
                    to(&format!("/applications/{child_draft}/")),
                    not_found(),
                    Expect::SignIn,
                    Expect::Status(403),
                ],
            )
        },
        Row {
            parent: true,
            ..row(
                "GET",
                "/applications/{id}",
                format!("/applications/{child_draft}"),
                [ok(), not_found(), Expect::SignIn, not_found()],
            )
        },
        Row {
            parent: true,
            ..row(
                "GET",
                "/applications/{id}/{step}",
                format!("/applications/{child_draft}/case"),
                [ok(), not_found(), Expect::SignIn, not_found()],
            )
        },
        Row {
            parent: true,
            ..row(
                "POST",
                "/applications/{id}/{step}",
                format!("/applications/{child_draft}/case"),
                [
                    Expect::Status(422),
                    not_found(),
                    Expect::SignIn,
                    Expect::Status(403),
                ],
            )
        },
        row(
            "GET",
            "/healthz",
            "/healthz".into(),
            [ok(), ok(), ok(), ok()],
        ),
        row("GET", "/readyz", "/readyz".into(), [ok(), ok(), ok(), ok()]),
        Row {
            form: form(&[("return_to", "/applications")]),
            ..row(
                "POST",
                "/auth/extend",
                "/auth/extend".into(),
                [
                    to("/applications"),
                    to("/applications"),
                    Expect::SignIn,
                    to("/applications"),
                ],
            )
        },
        row(
            "GET",
            "/language/{tag}",
            "/language/en?return_to=/applications".into(),
            [
                to("/applications"),
                to("/applications"),
                to("/applications"),
                to("/applications"),
            ],
        ),
        // Last: it ends the sessions the rows above use.
        row(
            "POST",
            "/auth/logout",
            "/auth/logout".into(),
            [to(&issuer), to(&issuer), to("/"), to(&issuer)],
        ),
    ];
    // Not a route: anything else is the fallback's 404, whoever asks.
    let unknown = row(
        "GET",
        "(fallback)",
        "/applications/x/y/z".into(),
        [not_found(), not_found(), not_found(), not_found()],
    );

    let covered: BTreeSet<(String, String)> = rows
        .iter()
        .map(|row| (row.method.to_string(), row.route.to_string()))
        .collect();
    assert_eq!(
        covered,
        routes_in_router(),
        "the matrix and the router list different routes: add a row for every new route"
    );
    rows.insert(0, unknown);

    let mut failures = Vec::new();
    let mut requests = 0;
    runtime.block_on(async {
        for row in &rows {
            let (owner, secrets) = if row.parent {
                (&parent, [parent_id.as_str(), child.as_str()])
            } else if row.driver {
                (&driver, [driver_id.as_str(), licence.as_str()])
            } else {
                (
                    &owner,
                    [owner_person.personal_id.as_str(), reference.as_str()],
                )
            };
            for (role, citizen, expected) in [
                ("owner", owner, &row.owner),
                ("another citizen", &other, &row.other),
                ("anonymous", &anonymous, &row.anonymous),
                ("level 1", &basic, &row.level_1),
            ] {
                let form: Vec<(&str, &str)> = row
                    .form
                    .iter()
                    .map(|(name, value)| (*name, value.as_str()))
                    .collect();
                let reply = match row.method {
                    "GET" => citizen.get(&row.path).await,
                    _ => citizen.post(&row.path, &form).await,
                }
                .unwrap();
                requests += 1;
                failures.extend(check(role, row, expected, &reply));
                if role != "owner" && !row.path.contains(reference.as_str()) {
                    // Nobody else learns anything of the owner's: not their number, not their
                    // reference, not where their draft is; nor anything of a parent's child.
                    for secret in secrets {
                        if reply.body.contains(secret) || reply.location().contains(secret) {
                            failures.push(format!(
                                "{} {} as {role} shows {secret}",
                                row.method, row.path
                            ));
                        }
                    }
                }
            }
        }
    });
    assert!(
        failures.is_empty(),
        "{} of {requests} answers wrong:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!(
        "authorisation matrix: {} rows × 4 roles = {requests} requests, all as expected",
        rows.len()
    );
}
