//! Amendments: the record of each change to a contract, written with the change itself.

use abri_domain::Money;
use abri_domain::ids::ContractId;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::cells::{Arg, Columns, FromColumns, Row};
use crate::{Db, StoreError, Tx};

/// A recorded amendment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Amendment {
    /// Number (`MRH-2023-004512-A1`).
    pub number: String,
    /// `option_added` or `option_removed`.
    pub kind: String,
    /// The option concerned.
    pub option_code: Option<String>,
    /// Takes effect on.
    pub effective_date: Date,
    /// Premium per period before.
    pub premium_before: Money,
    /// Premium per period after.
    pub premium_after: Money,
    /// Charged or credited for the current period.
    pub prorata: Money,
}

struct AmendmentRow {
    number: String,
    kind: String,
    option_code: Option<String>,
    effective_date: Date,
    premium_before_cents: i64,
    premium_after_cents: i64,
    prorata_cents: i64,
}

impl FromColumns for AmendmentRow {
    fn from_columns<R: Row>(c: &mut Columns<'_, R>) -> Result<Self, StoreError> {
        Ok(Self {
            number: c.next()?,
            kind: c.next()?,
            option_code: c.next()?,
            effective_date: c.next()?,
            premium_before_cents: c.next()?,
            premium_after_cents: c.next()?,
            prorata_cents: c.next()?,
        })
    }
}

impl Tx {
    /// Subscribes a contract to an option; false when it already was (nothing changed).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn add_option(
        &mut self,
        contract_id: ContractId,
        code: &str,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let done = self
            .execute(
                "INSERT INTO contract_options (contract_id, option_code, subscribed_at) VALUES ($1, $2, $3) \
                 ON CONFLICT DO NOTHING",
                &[Arg::Uuid(contract_id.0), Arg::Text(code), Arg::Time(now)],
            )
            .await?;
        Ok(done == 1)
    }

    /// Removes an option from a contract; false when it was not subscribed.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn remove_option(
        &mut self,
        contract_id: ContractId,
        code: &str,
    ) -> Result<bool, StoreError> {
        let done = self
            .execute(
                "DELETE FROM contract_options WHERE contract_id = $1 AND option_code = $2",
                &[Arg::Uuid(contract_id.0), Arg::Text(code)],
            )
            .await?;
        Ok(done == 1)
    }

    /// Records an amendment numbered after the contract's previous ones; returns its number.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_amendment(
        &mut self,
        contract_id: ContractId,
        contract_number: &str,
        amendment: &Amendment,
        now: OffsetDateTime,
    ) -> Result<String, StoreError> {
        let (count,): (i64,) = self
            .fetch_one(
                "SELECT COUNT(*) FROM amendments WHERE contract_id = $1",
                &[Arg::Uuid(contract_id.0)],
            )
            .await?;
        let number = format!("{contract_number}-A{}", count + 1);
        self.execute(
            "INSERT INTO amendments (id, contract_id, number, kind, option_code, effective_date, \
             premium_before_cents, premium_after_cents, prorata_cents, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &[
                Arg::Uuid(Uuid::now_v7()),
                Arg::Uuid(contract_id.0),
                Arg::Text(&number),
                Arg::Text(&amendment.kind),
                Arg::OptText(amendment.option_code.as_deref()),
                Arg::Date(amendment.effective_date),
                Arg::Int(amendment.premium_before.cents()),
                Arg::Int(amendment.premium_after.cents()),
                Arg::Int(amendment.prorata.cents()),
                Arg::Time(now),
            ],
        )
        .await?;
        Ok(number)
    }
}

impl Db {
    /// A contract's amendments, newest first.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn amendments_of(
        &self,
        contract_id: ContractId,
    ) -> Result<Vec<Amendment>, StoreError> {
        const SQL: &str = "SELECT number, kind, option_code, effective_date, premium_before_cents, \
                           premium_after_cents, prorata_cents FROM amendments WHERE contract_id = $1 ORDER BY id DESC";
        let rows: Vec<AmendmentRow> = self.read_all(SQL, &[Arg::Uuid(contract_id.0)]).await?;
        Ok(rows
            .into_iter()
            .map(|r| Amendment {
                number: r.number,
                kind: r.kind,
                option_code: r.option_code,
                effective_date: r.effective_date,
                premium_before: Money::from_cents(r.premium_before_cents),
                premium_after: Money::from_cents(r.premium_after_cents),
                prorata: Money::from_cents(r.prorata_cents),
            })
            .collect())
    }
}
