//! The generated population: deterministic, reused, and true to the identifier and family rules
//! of DOMAIN.md for every citizen.

mod common;

use common::{fresh_database, spec, AS_OF};
use domain::insurance::is_valid_card_number;
use domain::licence::is_valid_licence_number;
use domain::personal_id::{PersonalId, Sex};
use registry::api::licences::classes_from_text;
use registry::api::people::sex_from_code;
use registry::facilities;
use registry::health_check::{ClassGroup, HealthCheck};
use registry::population::age_on;
use registry::{generate_as_of, Database};
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::collections::{HashMap, HashSet};
use std::time::Instant;
use time::Date;

const TABLES: [&str; 10] = [
    "people",
    "households",
    "licences",
    "health_checks",
    "birth_notices",
    "insurance_cards",
    "marriages",
    "vehicles",
    "fines",
    "electricity_contracts",
];

/// A digest of every row of every population table, in primary-key order.
async fn digest(db: &Database) -> String {
    let mut hasher = Sha256::new();
    for table in TABLES {
        let rows = sqlx::query(&format!("SELECT * FROM {table} ORDER BY 1"))
            .fetch_all(db.pool())
            .await
            .unwrap();
        for row in rows {
            for index in 0..row.len() {
                let text: Option<String> = row
                    .try_get::<Option<String>, _>(index)
                    .or_else(|_| {
                        row.try_get::<Option<i64>, _>(index)
                            .map(|n| n.map(|n| n.to_string()))
                    })
                    .unwrap();
                hasher.update(text.unwrap_or_else(|| "∅".into()).as_bytes());
                hasher.update([0]);
            }
        }
    }
    format!("{:x}", hasher.finalize())
}

#[tokio::test]
async fn same_seed_gives_the_same_population_and_another_seed_a_different_one() {
    let a = fresh_database().await;
    let b = fresh_database().await;
    let c = fresh_database().await;
    generate_as_of(&a, spec(11, 3_000)).await.unwrap();
    generate_as_of(&b, spec(11, 3_000)).await.unwrap();
    generate_as_of(&c, spec(12, 3_000)).await.unwrap();
    assert_eq!(digest(&a).await, digest(&b).await);
    assert_ne!(digest(&a).await, digest(&c).await);
}

#[tokio::test]
async fn a_database_holding_the_same_population_is_reused_and_another_spec_replaces_it() {
    let db = fresh_database().await;
    let first = generate_as_of(&db, spec(3, 1_000)).await.unwrap();
    assert!(!first.reused);
    let again = generate_as_of(&db, spec(3, 1_000)).await.unwrap();
    assert!(again.reused);
    assert_eq!(again.personas, first.personas);
    let other = generate_as_of(&db, spec(3, 1_500)).await.unwrap();
    assert!(!other.reused);
    let people: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM people")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(people, 1_500);
}

struct Citizen {
    sex: Sex,
    date_of_birth: Date,
    father: Option<String>,
    mother: Option<String>,
    spouse: Option<String>,
    marital: String,
    household: Option<i64>,
}

fn date(text: &str) -> Date {
    Date::parse(text, &time::format_description::well_known::Iso8601::DATE).unwrap()
}

/// Applies DOMAIN.md's rules to every record of a 100,000-citizen population.
#[tokio::test]
async fn every_citizen_of_a_hundred_thousand_obeys_the_rules() {
    let db = fresh_database().await;
    let started = Instant::now();
    let generated = generate_as_of(&db, spec(6, 100_000)).await.unwrap();
    println!(
        "generated 100,000 citizens in {:.2?} (debug build)",
        started.elapsed()
    );

    let rows = sqlx::query("SELECT * FROM people")
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert_eq!(rows.len(), 100_000);
    let mut citizens = HashMap::new();
    let mut old_ids = HashSet::new();
    for row in &rows {
        let id: String = row.get("personal_id");
        let parsed = PersonalId::parse(&id).unwrap_or_else(|error| panic!("{id}: {error}"));
        assert_eq!(parsed.as_str(), id, "IDs are stored without separators");
        let sex = sex_from_code(row.get("sex")).unwrap();
        let date_of_birth = date(row.get("date_of_birth"));
        parsed.check_holder(date_of_birth.year(), sex).unwrap();
        assert_eq!(
            i64::from(parsed.province_code()),
            row.get::<i64, _>("birth_registration_province")
        );
        let age = age_on(date_of_birth, AS_OF);
        assert!((0..=96).contains(&age), "{age}");
        if let Some(old) = row.get::<Option<String>, _>("old_id_number") {
            assert!(old.len() == 9 && old.bytes().all(|b| b.is_ascii_digit()));
            assert!(
                date_of_birth.year() < 2002,
                "CMND numbers predate the chip card"
            );
            assert!(old_ids.insert(old), "CMND numbers are unique");
        }
        for name in [
            "surname",
            "given_name",
            "ethnicity",
            "nationality",
            "home_town",
        ] {
            assert!(!row.get::<String, _>(name).is_empty(), "{name} is filled");
        }
        citizens.insert(
            id,
            Citizen {
                sex,
                date_of_birth,
                father: row.get("father_id"),
                mother: row.get("mother_id"),
                spouse: row.get("spouse_id"),
                marital: row.get("marital_status"),
                household: row.get("household_id"),
            },
        );
    }
    assert_eq!(citizens.len(), 100_000, "personal IDs are unique");

    let level1 = citizens.keys().filter(|id| id.ends_with('0')).count();
    assert!(
        (8_000..12_000).contains(&level1),
        "about one in ten is level 1: {level1}"
    );

    let mut children_with_parents = 0;
    for (id, citizen) in &citizens {
        for (parent, sex) in [(&citizen.father, Sex::Male), (&citizen.mother, Sex::Female)] {
            if let Some(parent) = parent {
                let parent = citizens.get(parent).expect("parents are real records");
                assert_eq!(parent.sex, sex);
                assert!(
                    age_on(parent.date_of_birth, citizen.date_of_birth) >= 17,
                    "a parent is at least 17 years older"
                );
                children_with_parents += 1;
            }
        }
        match &citizen.spouse {
            Some(spouse) => {
                let spouse_record = citizens.get(spouse).expect("spouses are real records");
                assert_eq!(
                    spouse_record.spouse.as_deref(),
                    Some(id.as_str()),
                    "spouse links go both ways"
                );
                assert_ne!(spouse_record.sex, citizen.sex);
                assert_eq!(citizen.marital, "married");
            }
            None => assert_ne!(citizen.marital, "married"),
        }
        assert!(
            citizen.household.is_some(),
            "everyone generated has a permanent residence"
        );
    }
    assert!(
        children_with_parents > 30_000,
        "families are linked: {children_with_parents}"
    );

    // Households: one head each, who lives there.
    let households = sqlx::query("SELECT h.id, h.head_id, p.household_id, p.relation_to_head FROM households h JOIN people p ON p.personal_id = h.head_id")
        .fetch_all(db.pool())
        .await
        .unwrap();
    for row in &households {
        assert_eq!(row.get::<i64, _>("id"), row.get::<i64, _>("household_id"));
        assert_eq!(row.get::<String, _>("relation_to_head"), "head");
    }
    let heads: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM people WHERE relation_to_head = 'head'")
            .fetch_one(db.pool())
            .await
            .unwrap();
    assert_eq!(heads as usize, households.len());

    // Marriages name both spouses, who point at each other.
    for row in sqlx::query("SELECT * FROM marriages")
        .fetch_all(db.pool())
        .await
        .unwrap()
    {
        let husband: String = row.get("husband_id");
        let wife: String = row.get("wife_id");
        assert_eq!(citizens[&husband].spouse.as_deref(), Some(wife.as_str()));
        assert_eq!(citizens[&husband].sex, Sex::Male);
        assert!(date(row.get("registered_on")) <= AS_OF);
    }

    // Licences: number format, holder is an adult, a realistic mix of validity.
    let mut expired = 0;
    let mut expiring = 0;
    let mut lost = 0;
    let licences = sqlx::query("SELECT * FROM licences")
        .fetch_all(db.pool())
        .await
        .unwrap();
    for row in &licences {
        let number: String = row.get("number");
        assert!(is_valid_licence_number(&number), "{number}");
        assert_eq!(
            &number[..2],
            format!("{:02}", row.get::<i64, _>("issuing_province") % 100)
        );
        let holder = &citizens[&row.get::<String, _>("holder_id")];
        let issued = date(row.get("issued_on"));
        assert!(
            age_on(holder.date_of_birth, issued) >= 18,
            "licences go to adults"
        );
        let classes = classes_from_text(row.get("classes"));
        assert!(!classes.is_empty());
        let pre_2025 = issued < date("2025-01-01");
        assert!(
            classes.iter().all(|class| class.is_pre_2025() == pre_2025),
            "classes follow the issue date"
        );
        if let Some(expiry) = row.get::<Option<String>, _>("expires_on") {
            let expiry = date(&expiry);
            if expiry < AS_OF {
                expired += 1;
            } else if (expiry - AS_OF).whole_days() <= 90 {
                expiring += 1;
            }
        }
        if row.get::<String, _>("status") == "lost" {
            lost += 1;
        }
    }
    assert!(licences.len() > 20_000);
    assert!(
        expired > 500 && expiring > 50 && lost > 100,
        "expired {expired}, expiring {expiring}, lost {lost}"
    );
    let unique: HashSet<String> = licences.iter().map(|row| row.get("number")).collect();
    assert_eq!(unique.len(), licences.len());

    // Insurance cards: format, and the TE group exactly for children under six.
    let cards = sqlx::query("SELECT * FROM insurance_cards")
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert!(cards.len() > 80_000);
    for row in &cards {
        let number: String = row.get("card_number");
        assert!(is_valid_card_number(&number), "{number}");
        let holder = &citizens[&row.get::<String, _>("holder_id")];
        assert_eq!(
            number.starts_with("TE"),
            age_on(holder.date_of_birth, AS_OF) < 6,
            "{number}"
        );
    }

    // Health checks: every signature verifies with the published key of its facility.
    let published: HashMap<String, String> = facilities::published(6)
        .into_iter()
        .map(|f| (f.id.to_owned(), f.public_key))
        .collect();
    let checks = sqlx::query("SELECT * FROM health_checks")
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert!(checks.len() > 300, "{}", checks.len());
    for row in &checks {
        let check = HealthCheck {
            certificate_id: row.get("certificate_id"),
            facility_id: row.get("facility_id"),
            personal_id: row.get("personal_id"),
            examined_on: row.get("examined_on"),
            class_group: ClassGroup::from_code(row.get("class_group")).unwrap(),
            fit: row.get::<String, _>("result") == "fit",
            valid_until: row.get("valid_until"),
        };
        let key_bytes = base64_decode(&published[&check.facility_id]);
        let key = ed25519_dalek::VerifyingKey::from_bytes(&key_bytes).unwrap();
        assert!(
            check.verify(&key, row.get("signature")),
            "{}",
            check.certificate_id
        );
        assert!(citizens.contains_key(&check.personal_id));
    }

    // Birth notices: recent, unregistered, the mother is a woman and the father her husband.
    let notices = sqlx::query("SELECT * FROM birth_notices")
        .fetch_all(db.pool())
        .await
        .unwrap();
    assert!(notices.len() > 20);
    for row in &notices {
        let mother = &citizens[&row.get::<String, _>("mother_id")];
        assert_eq!(mother.sex, Sex::Female);
        if let Some(father) = row.get::<Option<String>, _>("father_id") {
            assert_eq!(mother.spouse.as_deref(), Some(father.as_str()));
        }
        assert!(is_valid_card_number(row.get("temporary_insurance_code")));
        assert!(row.get::<Option<String>, _>("child_id").is_none());
    }

    // Fines belong to registered vehicles; some are unpaid.
    let unpaid: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM fines f JOIN vehicles v ON v.plate = f.plate WHERE f.paid_on IS NULL",
    )
    .fetch_one(db.pool())
    .await
    .unwrap();
    let fines: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM fines")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert!(unpaid > 0 && unpaid < fines);

    // Only the level-1 persona ends in 0.
    let personas = serde_json::to_value(&generated.personas).unwrap();
    for (name, id) in personas.as_object().unwrap() {
        let id = id.as_str().unwrap();
        assert!(citizens.contains_key(id), "{name} exists");
        assert_eq!(id.ends_with('0'), name == "level1_citizen", "{name}: {id}");
    }
}

fn base64_decode(text: &str) -> [u8; 32] {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap()
        .try_into()
        .unwrap()
}
