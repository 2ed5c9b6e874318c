//! Handing applications over to the agencies' case systems (`PORTAL_AGENCY_URL` set): an
//! application submitted while the agency is down waits in the portal's outbox and is handed over
//! once, and only once, when the agency comes back; the agency's decision, with the lines the
//! service's definition gives, then reaches the citizen's page through its feed.

use portal_tests::citizen::Citizen;
use portal_tests::witness;
use portal_tests::Stack;
use serde_json::Value;
use std::time::{Duration, Instant};

/// Polls `check` every 200 ms until it gives a value, for at most `limit`.
async fn eventually<T, F, Fut>(limit: Duration, mut check: F) -> Option<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(value) = check().await {
            return Some(value);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    None
}

#[test]
fn an_application_sent_while_the_agency_is_down_is_handed_over_once_when_it_is_back() {
    let stack = Stack::start_with(|portal| {
        // Any URL asks for the hand-over; the stack puts the stand-in's own in its place.
        portal.agency_url = Some("http://agency.invalid".into());
        portal.agency_poll_interval = Duration::from_millis(200);
    });
    stack.block_on(async {
        let agency_addr = stack.inner.agency.addr;
        let agency_url = stack.inner.agency_url();
        stack.inner.agency.task.abort();
        let down = eventually(Duration::from_secs(5), || async {
            tokio::net::TcpStream::connect(agency_addr)
                .await
                .is_err()
                .then_some(())
        })
        .await;
        assert!(down.is_some(), "the agency stopped");

        let adults = witness::adults_with_households(stack.data_dir(), 2).await;
        let host = Citizen::signed_in(&stack.url(""), &adults[0].personal_id)
            .await
            .unwrap();
        let (id, reference) = host.notify_a_stay(&adults[1]).await.unwrap();

        let portal = server::db::connect(stack.portal_database()).await.unwrap();
        let attempts = || async {
            let row: (i64, Option<i64>, Option<String>) = sqlx::query_as(
                "SELECT attempts, delivered_at, last_error FROM agency_outbox \
                 WHERE reference = $1",
            )
            .bind(&reference)
            .fetch_one(&portal)
            .await
            .expect("the submission owes its hand-over");
            row
        };
        let failed = eventually(Duration::from_secs(10), || async {
            let (attempts, delivered, _) = attempts().await;
            assert_eq!(
                delivered, None,
                "nothing can be delivered to an agency that is down"
            );
            (attempts >= 1).then_some(())
        })
        .await;
        assert!(
            failed.is_some(),
            "the hand-over was tried while the agency was down"
        );

        // Back on the same address, with the same cases (none yet).
        let _agency = agency::start(agency::Config {
            bind: agency_addr,
            database: Some(
                stack
                    .data_dir()
                    .join("agency.sqlite3")
                    .display()
                    .to_string(),
            ),
            registry_url: stack.inner.registry_url(),
            admin_enabled: true,
            ..agency::Config::default()
        })
        .await
        .expect("the agency starts again");

        let delivered = eventually(Duration::from_secs(30), || async {
            attempts().await.1.map(|_| ())
        })
        .await;
        let (_, _, last_error) = attempts().await;
        assert!(
            delivered.is_some(),
            "handed over once the agency is back (last error: {last_error:?})"
        );

        // The agency decides on its own (automatic mode) and the feed brings the decision back.
        let decided = eventually(Duration::from_secs(30), || async {
            let stored = witness::applications(stack.portal_database()).await;
            let application = stored.into_iter().find(|stored| stored.id == id)?;
            (application.status == "decided").then_some(application)
        })
        .await
        .expect("the agency's decision reaches the portal");
        assert_eq!(decided.decision_events, 1);
        // The citizen reads the agency's lines, made from the service's definition.
        let page = host.get(&format!("/applications/{id}")).await.unwrap();
        assert!(
            page.body.contains(&format!("LT-{reference}")),
            "the stay notification's number on the application's page"
        );
        assert!(
            !page.body.contains("Số hồ sơ kết quả"),
            "not the bare record number"
        );

        let client = reqwest::Client::new();
        let feed: Value = client
            .get(format!("{agency_url}/v1/changes?after=0&limit=500"))
            .bearer_auth(agency::DEVELOPMENT_PORTAL_TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let received = feed["changes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|change| change["status"] == "received")
            .map(|change| change["reference"].as_str().unwrap_or_default())
            .collect::<Vec<_>>();
        assert_eq!(
            received,
            [reference.as_str()],
            "exactly one case, received once"
        );

        let handed: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM application_events WHERE application_id = $1 \
             AND note_en LIKE 'Handed to %'",
        )
        .bind(&id)
        .fetch_one(&portal)
        .await
        .unwrap();
        assert_eq!(handed, 1, "one line on the timeline for the hand-over");
    });
}
