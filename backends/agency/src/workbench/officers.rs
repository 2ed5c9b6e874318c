//! Officers: which personal ID numbers act for which agency. An officer belongs to exactly one
//! agency, which fixes the province (or none, for a national body) whose cases they see.

use std::{fmt, str::FromStr};

use domain::personal_id::PersonalId;
use sqlx::SqliteConnection;

use crate::directory;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    pub personal_id: String,
    pub agency: String,
}

impl FromStr for Officer {
    type Err = String;

    /// `<personal ID number>=<agency id>`, the agency one of the directory's.
    fn from_str(text: &str) -> Result<Self, String> {
        let (id, agency) = text
            .split_once('=')
            .ok_or("expected <personal ID number>=<agency id>")?;
        let id = PersonalId::parse(id.trim())
            .map_err(|error| format!("not a personal ID number: {error}"))?;
        let agency = agency.trim();
        if directory::by_id(agency).is_none() {
            return Err(format!("{agency} is not an agency of GET /v1/agencies"));
        }
        Ok(Self {
            personal_id: id.as_str().to_owned(),
            agency: agency.to_owned(),
        })
    }
}

impl fmt::Display for Officer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.personal_id, self.agency)
    }
}

/// Makes the officers' table hold exactly `officers`.
pub async fn replace_all(
    connection: &mut SqliteConnection,
    officers: &[Officer],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM officers")
        .execute(&mut *connection)
        .await?;
    for officer in officers {
        sqlx::query("INSERT INTO officers (personal_id, agency_id) VALUES (?, ?)")
            .bind(&officer.personal_id)
            .bind(&officer.agency)
            .execute(&mut *connection)
            .await?;
    }
    Ok(())
}

/// The agency `personal_id` is an officer of, if any.
pub async fn agency_of(
    connection: &mut SqliteConnection,
    personal_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT agency_id FROM officers WHERE personal_id = ?")
        .bind(personal_id)
        .fetch_optional(connection)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_an_officer_and_refuses_what_is_not_one() {
        let officer: Officer = "079090000011=police-residence:79".parse().unwrap();
        assert_eq!(officer.agency, "police-residence:79");
        assert_eq!(officer.to_string(), "079090000011=police-residence:79");
        assert!("079090000011".parse::<Officer>().is_err());
        assert!("12=police-residence:79".parse::<Officer>().is_err());
        assert!("079090000011=police:79".parse::<Officer>().is_err());
    }
}
