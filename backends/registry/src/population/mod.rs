//! The synthetic population: deterministic from a seed, written once into the registry's
//! database and reused while the seed, size and reference date stay the same.

mod builder;
mod families;
mod hospital_bills;
pub mod model;
mod personas;
pub mod records;
mod store;

pub use builder::age_on;
pub use personas::{Personas, PERSONA_PEOPLE};
pub use records::{add_years, class_group, licence_expiry, licence_number};
pub use store::date_time;

use crate::db::{Database, POPULATION_TABLES};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};
use time::{Date, OffsetDateTime, UtcOffset};

/// What a population was generated from; the database keeps it to decide on reuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spec {
    pub seed: u64,
    pub citizens: usize,
    /// The day the population is "as of": ages, expiry dates and recent births count from it.
    pub as_of: Date,
}

#[derive(Debug, Clone)]
pub struct Generated {
    pub spec: Spec,
    /// True when the database already held this population and nothing was written.
    pub reused: bool,
    pub elapsed: Duration,
    pub personas: Personas,
}

/// Today in Vietnam (UTC+7), the default reference date.
pub fn today_in_vietnam() -> Date {
    let offset = UtcOffset::from_hms(7, 0, 0).expect("valid offset");
    OffsetDateTime::now_utc().to_offset(offset).date()
}

/// Which generator wrote a stored population: raised whenever the generator adds a kind of record,
/// so that a database holding an older population is generated again rather than reused.
const GENERATOR_VERSION: u32 = 2;

/// Builds the population in memory. `citizens` below [`PERSONA_PEOPLE`] still yields the personas.
pub fn build(spec: Spec) -> (model::Population, Personas) {
    let mut builder = builder::Builder::new(spec.seed, spec.as_of);
    builder.limit = spec.citizens.saturating_sub(PERSONA_PEOPLE);
    builder.random_families();
    builder.random_records();
    builder.limit = usize::MAX;
    let personas = builder.personas();
    builder.random_hospital_bills();
    (builder.population, personas)
}

/// Generates `citizens` people from `seed` as of today, unless the database already holds them.
pub async fn generate(db: &Database, seed: u64, citizens: usize) -> Result<Generated, sqlx::Error> {
    generate_as_of(
        db,
        Spec {
            seed,
            citizens,
            as_of: today_in_vietnam(),
        },
    )
    .await
}

pub async fn generate_as_of(db: &Database, spec: Spec) -> Result<Generated, sqlx::Error> {
    let started = Instant::now();
    let same_generator = meta::<u32>(db, "generator").await? == Some(GENERATOR_VERSION);
    if same_generator && stored_spec(db).await? == Some(spec) {
        if let Some(personas) = personas(db).await? {
            return Ok(Generated {
                spec,
                reused: true,
                elapsed: started.elapsed(),
                personas,
            });
        }
    }
    tracing::info!(
        seed = spec.seed,
        citizens = spec.citizens,
        "generating the population"
    );
    let (population, personas) = tokio::task::spawn_blocking(move || build(spec))
        .await
        .map_err(|error| sqlx::Error::Protocol(format!("population builder failed: {error}")))?;
    tracing::info!(
        people = population.people.len(),
        seconds = started.elapsed().as_secs_f64(),
        "population built in memory; writing it"
    );
    let mut tx = db.begin_write().await?;
    for table in POPULATION_TABLES {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&mut *tx)
            .await?;
    }
    store::write(&mut tx, &population).await?;
    for (key, value) in [
        ("population", serde_json::to_string(&spec)),
        ("personas", serde_json::to_string(&personas)),
        ("generator", serde_json::to_string(&GENERATOR_VERSION)),
    ] {
        let value = value.expect("plain data serialises");
        sqlx::query("INSERT INTO meta (key, value) VALUES (?, ?)")
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Generated {
        spec,
        reused: false,
        elapsed: started.elapsed(),
        personas,
    })
}

async fn meta<T: for<'de> Deserialize<'de>>(
    db: &Database,
    key: &str,
) -> Result<Option<T>, sqlx::Error> {
    let value: Option<String> = sqlx::query_scalar("SELECT value FROM meta WHERE key = ?")
        .bind(key)
        .fetch_optional(db.pool())
        .await?;
    Ok(value.and_then(|json| serde_json::from_str(&json).ok()))
}

/// The spec of the population the database holds, if any.
pub async fn stored_spec(db: &Database) -> Result<Option<Spec>, sqlx::Error> {
    meta(db, "population").await
}

/// The test personas of the population the database holds, if any.
pub async fn personas(db: &Database) -> Result<Option<Personas>, sqlx::Error> {
    meta(db, "personas").await
}
