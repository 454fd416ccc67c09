//! SEPA direct-debit mandates: the active one of a customer, and its replacement.

use abri_domain::ids::CustomerId;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::cells::Arg;
use crate::{Db, StoreError, Tx};

/// A mandate as stored. The full IBAN stays here, for the bank file; pages show
/// [`abri_domain::mandates::last_four`] of it.
#[derive(Clone, PartialEq, Eq)]
pub struct Mandate {
    /// Unique mandate reference (RUM).
    pub reference: String,
    /// IBAN, electronic form.
    pub iban: String,
    /// BIC, when given.
    pub bic: Option<String>,
    /// Account holder.
    pub holder: String,
    /// Signature date.
    pub signed_on: Date,
}

impl std::fmt::Debug for Mandate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mandate")
            .field("reference", &self.reference)
            .field("iban", &abri_domain::mandates::last_four(&self.iban))
            .field("signed_on", &self.signed_on)
            .finish_non_exhaustive()
    }
}

type Row = (String, String, Option<String>, String, Date);

impl Db {
    /// The customer's active mandate, if any.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn active_mandate(
        &self,
        customer_id: CustomerId,
    ) -> Result<Option<Mandate>, StoreError> {
        let row: Option<Row> = self
            .read_optional(
                "SELECT reference, iban, bic, holder, signed_on FROM sepa_mandates \
                 WHERE customer_id = $1 AND revoked_at IS NULL",
                &[Arg::Uuid(customer_id.0)],
            )
            .await?;
        Ok(
            row.map(|(reference, iban, bic, holder, signed_on)| Mandate {
                reference,
                iban,
                bic,
                holder,
                signed_on,
            }),
        )
    }

    /// How many mandates, revoked ones included, the customer has signed (tests, operators).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn mandate_count(&self, customer_id: CustomerId) -> Result<i64, StoreError> {
        let (n,): (i64,) = self
            .read_one(
                "SELECT COUNT(*) FROM sepa_mandates WHERE customer_id = $1",
                &[Arg::Uuid(customer_id.0)],
            )
            .await?;
        Ok(n)
    }
}

impl Tx {
    /// Revokes the active mandate, if any, and records `mandate` as the active one.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn replace_mandate(
        &mut self,
        customer_id: CustomerId,
        mandate: &Mandate,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.execute(
            "UPDATE sepa_mandates SET revoked_at = $1 WHERE customer_id = $2 AND revoked_at IS NULL",
            &[Arg::Time(now), Arg::Uuid(customer_id.0)],
        )
        .await?;
        self.execute(
            "INSERT INTO sepa_mandates (id, customer_id, reference, iban, bic, holder, signed_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                Arg::Uuid(Uuid::now_v7()),
                Arg::Uuid(customer_id.0),
                Arg::Text(&mandate.reference),
                Arg::Text(&mandate.iban),
                Arg::OptText(mandate.bic.as_deref()),
                Arg::Text(&mandate.holder),
                Arg::Date(mandate.signed_on),
                Arg::Time(now),
            ],
        )
        .await?;
        Ok(())
    }
}
