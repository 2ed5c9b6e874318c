//! The payments and their life: created pending, then settled once — paid, failed or cancelled —
//! and never changed again. Idempotency keys are scoped to a merchant and bound to the order they
//! first created, so a retried request finds its payment and a reused key with another order is
//! refused.

use std::collections::HashMap;

use serde::Serialize;
use time::OffsetDateTime;

use crate::random;

/// What a merchant asks to be paid; already checked (see `api`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    pub amount_vnd: u64,
    pub description: String,
    pub reference: String,
    pub return_url: url::Url,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Pending,
    Paid,
    Failed,
    Cancelled,
}

/// How the citizen ended a pending payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Paid,
    Declined,
    Cancelled,
}

#[derive(Debug, Clone)]
pub struct Payment {
    pub id: String,
    pub merchant: String,
    pub order: Order,
    /// Proves that a checkout form was served by this gateway for this payment.
    pub csrf_token: String,
    pub status: Status,
    pub paid_at: Option<OffsetDateTime>,
    pub failure_reason: Option<&'static str>,
}

/// The key was first used for a different order.
#[derive(Debug, PartialEq, Eq)]
pub struct KeyReused;

/// The payment was settled before; it keeps its status.
#[derive(Debug, PartialEq, Eq)]
pub struct AlreadySettled(pub Status);

#[derive(Default)]
pub struct Ledger {
    payments: HashMap<String, Payment>,
    /// (merchant, idempotency key) → payment id.
    keys: HashMap<(String, String), String>,
}

impl Ledger {
    /// The payment for this merchant's key: a new pending one, or the one the key created before
    /// (`true` when replayed).
    pub fn create(
        &mut self,
        merchant: &str,
        key: &str,
        order: Order,
    ) -> Result<(&Payment, bool), KeyReused> {
        let scoped = (merchant.to_owned(), key.to_owned());
        if let Some(id) = self.keys.get(&scoped) {
            let payment = &self.payments[id];
            return if payment.order == order {
                Ok((payment, true))
            } else {
                Err(KeyReused)
            };
        }
        let id = format!("pay_{}", random::token::<16>());
        let payment = Payment {
            id: id.clone(),
            merchant: merchant.to_owned(),
            order,
            csrf_token: random::token::<32>(),
            status: Status::Pending,
            paid_at: None,
            failure_reason: None,
        };
        self.keys.insert(scoped, id.clone());
        Ok((self.payments.entry(id).or_insert(payment), false))
    }

    pub fn get(&self, id: &str) -> Option<&Payment> {
        self.payments.get(id)
    }

    /// Ends a pending payment; `None` when there is no such payment.
    pub fn settle(
        &mut self,
        id: &str,
        outcome: Outcome,
        now: OffsetDateTime,
    ) -> Option<Result<&Payment, AlreadySettled>> {
        let payment = self.payments.get_mut(id)?;
        if payment.status != Status::Pending {
            return Some(Err(AlreadySettled(payment.status)));
        }
        match outcome {
            Outcome::Paid => {
                payment.status = Status::Paid;
                payment.paid_at = Some(now);
            }
            Outcome::Declined => {
                payment.status = Status::Failed;
                payment.failure_reason = Some("declined");
            }
            Outcome::Cancelled => payment.status = Status::Cancelled,
        }
        Some(Ok(payment))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(amount_vnd: u64) -> Order {
        Order {
            amount_vnd,
            description: "Lệ phí".into(),
            reference: "HS-1".into(),
            return_url: url::Url::parse("http://localhost:3000/back").unwrap(),
        }
    }

    #[test]
    fn a_key_replays_its_order_and_refuses_another() {
        let mut ledger = Ledger::default();
        let (first, replayed) = ledger.create("portal", "k1", order(135_000)).unwrap();
        let first = first.id.clone();
        assert!(!replayed);
        let (again, replayed) = ledger.create("portal", "k1", order(135_000)).unwrap();
        assert_eq!((again.id.as_str(), replayed), (first.as_str(), true));
        assert_eq!(
            ledger.create("portal", "k1", order(1)).err(),
            Some(KeyReused)
        );
        let (other, _) = ledger.create("other", "k1", order(1)).unwrap();
        assert_ne!(other.id, first);
    }

    #[test]
    fn a_payment_settles_once() {
        let mut ledger = Ledger::default();
        let id = ledger.create("portal", "k", order(5)).unwrap().0.id.clone();
        let now = OffsetDateTime::now_utc();
        let paid = ledger.settle(&id, Outcome::Paid, now).unwrap().unwrap();
        assert_eq!((paid.status, paid.paid_at), (Status::Paid, Some(now)));
        assert_eq!(
            ledger.settle(&id, Outcome::Cancelled, now).unwrap().err(),
            Some(AlreadySettled(Status::Paid))
        );
        assert!(ledger.settle("pay_nothing", Outcome::Paid, now).is_none());
    }

    #[test]
    fn a_decline_fails_with_a_reason() {
        let mut ledger = Ledger::default();
        let id = ledger.create("portal", "k", order(5)).unwrap().0.id.clone();
        let now = OffsetDateTime::now_utc();
        let failed = ledger.settle(&id, Outcome::Declined, now).unwrap().unwrap();
        assert_eq!(failed.status, Status::Failed);
        assert_eq!(failed.failure_reason, Some("declined"));
        assert_eq!(failed.paid_at, None);
    }
}
