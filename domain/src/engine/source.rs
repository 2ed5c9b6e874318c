//! Where a draft's registry data comes from: the sources a service declares, the typed reads of
//! their records, and how the records their issuers sign are checked.

use super::Context;
use serde::de::DeserializeOwned;
use std::marker::PhantomData;

/// Registry data a service reads, under its own purpose, to prefill and check its questions.
/// Services declare the data they read (see `definitions::sources`); the engine and the server
/// read whatever is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// The key under which the data sits in a draft's context.
    pub key: &'static str,
    /// The registry endpoint that reads it for a person (`{"personal_id": …}`).
    pub endpoint: &'static str,
    /// How its records are signed by whoever issued them, when they are: the portal then
    /// verifies each record itself before any rule relies on it.
    pub signed: Option<SignedRecords>,
}

impl Source {
    /// Data the registry vouches for by itself (unsigned records).
    pub const fn new(key: &'static str, endpoint: &'static str) -> Self {
        Self {
            key,
            endpoint,
            signed: None,
        }
    }
}

/// A registry source whose data is a list of records of one type: declaring it ties the
/// context key to the type its records are read as.
#[derive(Debug)]
pub struct Records<T> {
    pub source: Source,
    record: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Records<T> {
    pub const fn new(source: Source) -> Self {
        Self {
            source,
            record: PhantomData,
        }
    }

    /// The source's records in a draft's context; see [`Context::records`].
    pub fn read(&self, context: &Context) -> Vec<T> {
        context.records(self.source.key)
    }
}

/// A registry source whose data is one record of one type (the person an application is about,
/// their household): declaring it ties the context key to the type its record is read as.
#[derive(Debug)]
pub struct Record<T> {
    pub source: Source,
    record: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Record<T> {
    pub const fn new(source: Source) -> Self {
        Self {
            source,
            record: PhantomData,
        }
    }

    /// The source's record in a draft's context; see [`Context::record`].
    pub fn read(&self, context: &Context) -> Option<T> {
        context.record(self.source.key)
    }
}

/// The context field each record of a signed source gets once the portal has checked it: `true`
/// only when the record's own fields carry a valid signature of a published key.
pub const SIGNATURE_VALID: &str = "signature_valid";

/// Records signed with Ed25519 by the bodies that issue them (a hospital's health check), so
/// that the portal trusts none it has not verified itself. The signed text is rebuilt from the
/// record's fields, never taken from a payload the record carries: `prefix|field|field|…`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignedRecords {
    /// The registry endpoint publishing the signers' keys: a list of `{"id", "public_key"}`, the
    /// 32-byte Ed25519 public key in standard base64.
    pub keys: &'static str,
    /// The record's field naming its signer, among the published ids.
    pub signer: &'static str,
    /// The first element of the signed text, naming what is signed and its version.
    pub prefix: &'static str,
    /// The record's fields that are signed, in the order they are signed.
    pub fields: &'static [&'static str],
    /// The record's field holding the signature, in standard base64.
    pub signature: &'static str,
}

impl SignedRecords {
    /// The text the signer signed, rebuilt from the record's fields; `None` when one is missing.
    pub fn signed_text(&self, record: &serde_json::Value) -> Option<String> {
        let mut text = self.prefix.to_string();
        for field in self.fields {
            text.push('|');
            text.push_str(record[field].as_str()?);
        }
        Some(text)
    }
}
