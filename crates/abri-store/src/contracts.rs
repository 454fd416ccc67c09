//! Contracts, guarantees and options. Reads name the owner, as for homes.

use abri_domain::Money;
use abri_domain::contracts::{
    Contract, ContractOption, ContractStatus, Frequency, Guarantee, GuaranteeCode, Product,
};
use abri_domain::homes::StoredWord;
use abri_domain::ids::{ContractId, CustomerId, HomeId};
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::cells::{Arg, Columns, FromColumns, Row, Word};
use crate::db::word;
use crate::{Db, StoreError};

struct ContractRow {
    id: Uuid,
    home_id: Uuid,
    number: String,
    product: Word<Product>,
    status: Word<ContractStatus>,
    start_date: Date,
    end_date: Option<Date>,
    premium_cents: i64,
    frequency: Word<Frequency>,
}

impl FromColumns for ContractRow {
    fn from_columns<R: Row>(c: &mut Columns<'_, R>) -> Result<Self, StoreError> {
        Ok(Self {
            id: c.next()?,
            home_id: c.next()?,
            number: c.next()?,
            product: c.next()?,
            status: c.next()?,
            start_date: c.next()?,
            end_date: c.next()?,
            premium_cents: c.next()?,
            frequency: c.next()?,
        })
    }
}

impl TryFrom<ContractRow> for Contract {
    type Error = StoreError;
    fn try_from(row: ContractRow) -> Result<Self, StoreError> {
        Ok(Self {
            id: ContractId(row.id),
            home_id: HomeId(row.home_id),
            number: row.number,
            product: row.product.0,
            status: row.status.0,
            start_date: row.start_date,
            end_date: row.end_date,
            premium: Money::from_cents(row.premium_cents),
            frequency: row.frequency.0,
        })
    }
}

macro_rules! columns {
    () => {
        "id, home_id, number, product, status, start_date, end_date, premium_cents, frequency"
    };
}

/// What is needed to record a contract.
#[derive(Clone, Debug)]
pub struct NewContract {
    /// The home it protects.
    pub home_id: HomeId,
    /// Contract number.
    pub number: String,
    /// What it sells.
    pub product: Product,
    /// Status.
    pub status: ContractStatus,
    /// First day.
    pub start_date: Date,
    /// Last day, if ending.
    pub end_date: Option<Date>,
    /// Premium per period.
    pub premium: Money,
    /// Period.
    pub frequency: Frequency,
}

impl Db {
    /// Records a contract for a customer's home.
    ///
    /// # Errors
    /// On a duplicate number or a database failure.
    pub async fn insert_contract(
        &self,
        customer_id: CustomerId,
        new: &NewContract,
    ) -> Result<ContractId, StoreError> {
        let id = ContractId::new();
        self.write(
            concat!(
                "INSERT INTO contracts (customer_id, ",
                columns!(),
                ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
            ),
            &[
                Arg::Uuid(customer_id.0),
                Arg::Uuid(id.0),
                Arg::Uuid(new.home_id.0),
                Arg::Text(&new.number),
                Arg::Text(new.product.word()),
                Arg::Text(new.status.word()),
                Arg::Date(new.start_date),
                Arg::OptDate(new.end_date),
                Arg::Int(new.premium.cents()),
                Arg::Text(new.frequency.word()),
            ],
        )
        .await?;
        Ok(id)
    }

    /// A customer's contracts, all homes together.
    ///
    /// # Errors
    /// On a database failure or a corrupt row.
    pub async fn contracts_of(&self, customer_id: CustomerId) -> Result<Vec<Contract>, StoreError> {
        const SQL: &str = concat!(
            "SELECT ",
            columns!(),
            " FROM contracts WHERE customer_id = $1 ORDER BY product, number"
        );
        let rows: Vec<ContractRow> = self.read_all(SQL, &[Arg::Uuid(customer_id.0)]).await?;
        rows.into_iter().map(Contract::try_from).collect()
    }

    /// One contract, only if it belongs to `customer_id`.
    ///
    /// # Errors
    /// On a database failure or a corrupt row.
    pub async fn contract_of(
        &self,
        customer_id: CustomerId,
        contract_id: ContractId,
    ) -> Result<Option<Contract>, StoreError> {
        const SQL: &str = concat!(
            "SELECT ",
            columns!(),
            " FROM contracts WHERE id = $1 AND customer_id = $2"
        );
        let args = [Arg::Uuid(contract_id.0), Arg::Uuid(customer_id.0)];
        let row: Option<ContractRow> = self.read_optional(SQL, &args).await?;
        row.map(Contract::try_from).transpose()
    }

    /// Adds a guarantee to a contract, after those already there.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_guarantee(
        &self,
        contract_id: ContractId,
        guarantee: &Guarantee,
        position: i64,
    ) -> Result<(), StoreError> {
        self.write(
            "INSERT INTO guarantees (id, contract_id, code, ceiling_cents, deductible_cents, position) \
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                Arg::Uuid(Uuid::now_v7()),
                Arg::Uuid(contract_id.0),
                Arg::Text(guarantee.code.word()),
                Arg::OptInt(guarantee.ceiling.map(Money::cents)),
                Arg::Int(guarantee.deductible.cents()),
                Arg::Int(position),
            ],
        )
        .await?;
        Ok(())
    }

    /// A contract's guarantees, in their order.
    ///
    /// # Errors
    /// On a database failure or a corrupt row.
    pub async fn guarantees_of(
        &self,
        contract_id: ContractId,
    ) -> Result<Vec<Guarantee>, StoreError> {
        const SQL: &str = "SELECT code, ceiling_cents, deductible_cents FROM guarantees \
                           WHERE contract_id = $1 ORDER BY position";
        let rows: Vec<(String, Option<i64>, i64)> =
            self.read_all(SQL, &[Arg::Uuid(contract_id.0)]).await?;
        rows.into_iter()
            .map(|(code, ceiling, deductible)| {
                Ok(Guarantee {
                    code: word::<GuaranteeCode>("guarantees.code", &code)?,
                    ceiling: ceiling.map(Money::from_cents),
                    deductible: Money::from_cents(deductible),
                })
            })
            .collect()
    }

    /// Adds or reprices an option of the catalogue.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn upsert_catalogue_option(
        &self,
        code: &str,
        product: Product,
        price: Money,
        position: i64,
    ) -> Result<(), StoreError> {
        self.write(
            "INSERT INTO option_catalogue (code, product, price_cents, position) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (code) DO UPDATE \
                 SET product = excluded.product, price_cents = excluded.price_cents, \
                 position = excluded.position",
            &[
                Arg::Text(code),
                Arg::Text(product.word()),
                Arg::Int(price.cents()),
                Arg::Int(position),
            ],
        )
        .await?;
        Ok(())
    }

    /// Subscribes a contract to an option of the catalogue (idempotent).
    ///
    /// # Errors
    /// On an unknown option or a database failure.
    pub async fn subscribe_option(
        &self,
        contract_id: ContractId,
        code: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.write(
            "INSERT INTO contract_options (contract_id, option_code, subscribed_at) \
                 VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
            &[Arg::Uuid(contract_id.0), Arg::Text(code), Arg::Time(now)],
        )
        .await?;
        Ok(())
    }

    /// The catalogue's options for this contract's product, subscribed ones marked.
    ///
    /// # Errors
    /// On a database failure or a corrupt row.
    pub async fn options_of(&self, contract: &Contract) -> Result<Vec<ContractOption>, StoreError> {
        const SQL: &str = "SELECT c.code, c.price_cents, c.product, \
                           CASE WHEN o.contract_id IS NULL THEN 0 ELSE 1 END AS subscribed \
                           FROM option_catalogue c LEFT JOIN contract_options o \
                           ON o.option_code = c.code AND o.contract_id = $1 \
                           WHERE c.product = $2 ORDER BY c.position";
        let args = [Arg::Uuid(contract.id.0), Arg::Text(contract.product.word())];
        let rows: Vec<(String, i64, String, i32)> = self.read_all(SQL, &args).await?;
        rows.into_iter()
            .map(|(code, price, product, subscribed)| {
                Ok(ContractOption {
                    code,
                    price: Money::from_cents(price),
                    product: word("option_catalogue.product", &product)?,
                    subscribed: subscribed == 1,
                })
            })
            .collect()
    }
}
