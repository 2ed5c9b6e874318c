//! Submitting twice — a double click, the back button and "send" again, a replayed POST, two tabs
//! at once — creates one application with one reference.

use portal_tests::citizen::Citizen;
use portal_tests::witness;
use portal_tests::Stack;

#[test]
fn submitting_again_or_concurrently_creates_one_application() {
    let stack = Stack::start();
    stack.block_on(async {
        let adults = witness::adults_with_households(stack.data_dir(), 3).await;
        let host = Citizen::signed_in(&stack.url(""), &adults[0].personal_id)
            .await
            .unwrap();

        // Submitted once, then the same POST replayed: the confirmation again, nothing new.
        let (id, reference) = host.notify_a_stay(&adults[1]).await.unwrap();
        let submit = format!("/applications/{id}/submit");
        let replay = host.post(&submit, &[("declaration", "yes")]).await.unwrap();
        assert_eq!(replay.status, 303);
        assert_eq!(
            replay.location(),
            format!("/applications/{id}/confirmation")
        );

        // Two submissions of a fresh draft at the same moment, as from two tabs.
        let (second, first_step) = host.start_service("notify-stay").await.unwrap();
        let today = domain::age::today_in_vietnam();
        let until = (today + time::Duration::days(3)).to_string();
        let guest = &adults[2];
        host.post(
            &first_step,
            &[
                ("guest_id", guest.personal_id.as_str()),
                ("guest_name", guest.full_name.as_str()),
                ("guest_dob", guest.date_of_birth.as_str()),
            ],
        )
        .await
        .unwrap();
        let dates = [("from", today.to_string()), ("until", until)];
        let dates: Vec<(&str, &str)> = dates.iter().map(|(k, v)| (*k, v.as_str())).collect();
        host.post(&format!("/applications/{second}/stay"), &dates)
            .await
            .unwrap();
        let submit = format!("/applications/{second}/submit");
        let (a, b) = tokio::join!(
            host.post(&submit, &[("declaration", "yes")]),
            host.post(&submit, &[("declaration", "yes")]),
        );
        for reply in [a.unwrap(), b.unwrap()] {
            assert_eq!(reply.status, 303);
            assert_eq!(
                reply.location(),
                format!("/applications/{second}/confirmation")
            );
        }

        let stored = witness::applications(stack.portal_database()).await;
        let with = |reference: &str| {
            stored
                .iter()
                .filter(|application| application.reference.as_deref() == Some(reference))
                .count()
        };
        assert_eq!(with(&reference), 1);
        let second_reference = stored
            .iter()
            .find(|application| application.id == second)
            .and_then(|application| application.reference.clone())
            .expect("the second application was submitted");
        assert_eq!(with(&second_reference), 1);
        assert_eq!(
            stored
                .iter()
                .filter(|application| application.reference.is_some())
                .count(),
            2,
            "two applications submitted, no more"
        );
    });
}
