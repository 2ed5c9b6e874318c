//! A draft's state: the answers given so far (normalised values by question id, and which steps
//! were completed) and the registry data read for it.

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Answers {
    values: BTreeMap<String, String>,
    completed: BTreeSet<String>,
}

impl Answers {
    pub fn get(&self, id: &str) -> Option<&str> {
        self.values.get(id).map(String::as_str)
    }

    pub fn is(&self, id: &str, value: &str) -> bool {
        self.get(id) == Some(value)
    }

    /// Whether the answer to a several-choice question includes `value`.
    pub fn includes(&self, id: &str, value: &str) -> bool {
        self.get(id)
            .is_some_and(|values| values.split(',').any(|chosen| chosen == value))
    }

    pub fn set(&mut self, id: &str, value: String) {
        if value.is_empty() {
            self.values.remove(id);
        } else {
            self.values.insert(id.to_string(), value);
        }
    }

    pub fn complete(&mut self, step: &str) {
        self.completed.insert(step.to_string());
    }

    pub fn is_completed(&self, step: &str) -> bool {
        self.completed.contains(step)
    }

    /// Every answer by question id, as sent to the agency that decides (which steps were
    /// completed is the portal's own business).
    pub fn values(&self) -> &BTreeMap<String, String> {
        &self.values
    }

    /// How many answers the citizen gave (for the README's counts and the tests).
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

/// Registry data read for a draft, by [`super::Source`] key, plus values the server derived
/// (such as the result of a health-check verification).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Context(pub BTreeMap<String, Value>);

impl Context {
    pub fn get(&self, key: &str) -> &Value {
        self.0.get(key).unwrap_or(&Value::Null)
    }

    pub fn insert(&mut self, key: &str, value: Value) {
        self.0.insert(key.to_string(), value);
    }

    /// The name of the parent applying for the child this draft is about; `None` when citizens
    /// apply for themselves.
    pub fn representative(&self) -> Option<&str> {
        self.get(super::REPRESENTATIVE)["full_name"].as_str()
    }

    /// A list read from the registry (licences, vehicles…), empty when absent.
    pub fn list(&self, key: &str) -> &[Value] {
        self.get(key).as_array().map_or(&[], Vec::as_slice)
    }

    /// The record read under `key`, `None` when absent or not of the expected shape: a record
    /// missing a field the portal relies on is as unusable as no record.
    pub fn record<T: DeserializeOwned>(&self, key: &str) -> Option<T> {
        T::deserialize(self.0.get(key)?).ok()
    }

    /// The records listed under `key`, skipping those not of the expected shape, for the same
    /// reason as [`Self::record`].
    pub fn records<T: DeserializeOwned>(&self, key: &str) -> Vec<T> {
        self.list(key)
            .iter()
            .filter_map(|record| T::deserialize(record).ok())
            .collect()
    }
}
