//! Customer accounts (their password credential is in `credentials`).

use abri_domain::Language;
use abri_domain::account::{CustomerNumber, Email, LoginIdentifier};
use abri_domain::ids::CustomerId;
use abri_domain::sessions::SessionTimes;
use abri_domain::throttle::Throttle;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::cells::{Arg, Columns, FromColumns, Row};
use crate::sessions::StoredSession;
use crate::{Db, StoreError, Tx};

/// A customer as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Customer {
    /// Id.
    pub id: CustomerId,
    /// Customer number (`C` + 8 digits).
    pub number: String,
    /// E-mail address, case-folded.
    pub email: String,
    /// Phone in E.164, when known.
    pub phone: Option<String>,
    /// The phone was proven by a code (only then is it used for security).
    pub phone_verified: bool,
    /// First name.
    pub given_name: String,
    /// Last name.
    pub family_name: String,
    /// Preferred language.
    pub language: Language,
}

/// What is needed to create a customer.
#[derive(Clone, Debug)]
pub struct NewCustomer {
    /// Customer number.
    pub number: CustomerNumber,
    /// E-mail address.
    pub email: Email,
    /// Phone in E.164.
    pub phone: Option<String>,
    /// First name.
    pub given_name: String,
    /// Last name.
    pub family_name: String,
    /// Preferred language.
    pub language: Language,
}

/// What signing in reads about an account before the hash: one query, not three.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignInRecord {
    /// The account.
    pub customer: Customer,
    /// Its failure record (empty when it has none).
    pub throttle: Throttle,
    /// Its password hash.
    pub password_hash: Option<String>,
}

struct SignInRow {
    customer: CustomerRow,
    failures: Option<i64>,
    last_failure_ms: Option<i64>,
    locked_until_ms: Option<i64>,
    password_hash: Option<String>,
}

struct CustomerRow {
    id: Uuid,
    number: String,
    email: String,
    phone: Option<String>,
    phone_verified_at: Option<OffsetDateTime>,
    given_name: String,
    family_name: String,
    language: String,
}

impl From<CustomerRow> for Customer {
    fn from(row: CustomerRow) -> Self {
        Self {
            id: CustomerId(row.id),
            number: row.number,
            email: row.email,
            phone: row.phone,
            phone_verified: row.phone_verified_at.is_some(),
            given_name: row.given_name,
            family_name: row.family_name,
            language: row.language.parse().unwrap_or_default(),
        }
    }
}

macro_rules! columns {
    () => {
        "id, number, email, phone, phone_verified_at, given_name, family_name, language"
    };
}

struct SessionCustomerRow {
    id_hash: String,
    session_created_at: OffsetDateTime,
    last_seen_at: OffsetDateTime,
    fresh_at: OffsetDateTime,
    customer: CustomerRow,
}

impl FromColumns for CustomerRow {
    fn from_columns<R: Row>(c: &mut Columns<'_, R>) -> Result<Self, StoreError> {
        Ok(Self {
            id: c.next()?,
            number: c.next()?,
            email: c.next()?,
            phone: c.next()?,
            phone_verified_at: c.next()?,
            given_name: c.next()?,
            family_name: c.next()?,
            language: c.next()?,
        })
    }
}

impl FromColumns for SignInRow {
    fn from_columns<R: Row>(c: &mut Columns<'_, R>) -> Result<Self, StoreError> {
        Ok(Self {
            customer: CustomerRow::from_columns(c)?,
            failures: c.next()?,
            last_failure_ms: c.next()?,
            locked_until_ms: c.next()?,
            password_hash: c.next()?,
        })
    }
}

impl FromColumns for SessionCustomerRow {
    fn from_columns<R: Row>(c: &mut Columns<'_, R>) -> Result<Self, StoreError> {
        Ok(Self {
            id_hash: c.next()?,
            session_created_at: c.next()?,
            last_seen_at: c.next()?,
            fresh_at: c.next()?,
            customer: CustomerRow::from_columns(c)?,
        })
    }
}

impl Db {
    /// Creates a customer with its password hash; returns its id.
    ///
    /// # Errors
    /// On a duplicate number or e-mail, or a database failure.
    pub async fn insert_customer(
        &self,
        new: &NewCustomer,
        password_hash: &str,
        now: OffsetDateTime,
    ) -> Result<CustomerId, StoreError> {
        let id = CustomerId::new();
        let mut tx = self.begin().await?;
        tx.execute(
            "INSERT INTO customers \
             (id, number, email, phone, given_name, family_name, language, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            &[
                Arg::Uuid(id.0),
                Arg::Text(new.number.as_str()),
                Arg::Text(new.email.as_str()),
                Arg::OptText(new.phone.as_deref()),
                Arg::Text(&new.given_name),
                Arg::Text(&new.family_name),
                Arg::Text(new.language.code()),
                Arg::Time(now),
            ],
        )
        .await?;
        tx.execute(
            "INSERT INTO credentials (customer_id, password_hash, updated_at) \
             VALUES ($1, $2, $3)",
            &[Arg::Uuid(id.0), Arg::Text(password_hash), Arg::Time(now)],
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The customer with this id.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn customer(&self, id: CustomerId) -> Result<Option<Customer>, StoreError> {
        const SQL: &str = concat!("SELECT ", columns!(), " FROM customers WHERE id = $1");
        let row: Option<CustomerRow> = self.read_optional(SQL, &[Arg::Uuid(id.0)]).await?;
        Ok(row.map(Customer::from))
    }

    /// The customer with this e-mail address.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn customer_by_email(&self, email: &Email) -> Result<Option<Customer>, StoreError> {
        const SQL: &str = concat!("SELECT ", columns!(), " FROM customers WHERE email = $1");
        let row: Option<CustomerRow> = self
            .read_optional(SQL, &[Arg::Text(email.as_str())])
            .await?;
        Ok(row.map(Customer::from))
    }

    /// The customer with this customer number.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn customer_by_number(
        &self,
        number: &CustomerNumber,
    ) -> Result<Option<Customer>, StoreError> {
        const SQL: &str = concat!("SELECT ", columns!(), " FROM customers WHERE number = $1");
        let row: Option<CustomerRow> = self
            .read_optional(SQL, &[Arg::Text(number.as_str())])
            .await?;
        Ok(row.map(Customer::from))
    }

    /// The session whose secret hashes to `id_hash`, with its customer: what every signed-in
    /// request reads first, in one query (BENCHMARKS.md B5).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn session_customer(
        &self,
        id_hash: &str,
    ) -> Result<Option<(StoredSession, Customer)>, StoreError> {
        const SQL: &str = concat!(
            "SELECT s.id_hash, s.created_at AS session_created_at, s.last_seen_at, s.fresh_at, ",
            columns!(),
            " FROM sessions s JOIN customers ON customers.id = s.customer_id WHERE s.id_hash = $1"
        );
        let row: Option<SessionCustomerRow> =
            self.read_optional(SQL, &[Arg::Text(id_hash)]).await?;
        Ok(row.map(|row| {
            let customer = Customer::from(row.customer);
            let session = StoredSession {
                id_hash: row.id_hash,
                customer_id: customer.id,
                times: SessionTimes {
                    created_at: row.session_created_at,
                    last_seen_at: row.last_seen_at,
                },
                fresh_at: row.fresh_at,
            };
            (session, customer)
        }))
    }

    /// The account `identifier` names, with its failure record and password hash.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn sign_in_record(
        &self,
        identifier: &LoginIdentifier,
    ) -> Result<Option<SignInRecord>, StoreError> {
        macro_rules! sign_in_sql {
            ($column:literal) => {
                concat!(
                    "SELECT ",
                    columns!(),
                    ", t.failures, t.last_failure_ms, t.locked_until_ms, k.password_hash \
                     FROM customers \
                     LEFT JOIN sign_in_throttle t ON t.customer_id = customers.id \
                     LEFT JOIN credentials k ON k.customer_id = customers.id \
                     WHERE customers.",
                    $column,
                    " = $1"
                )
            };
        }
        let (sql, value) = match identifier {
            LoginIdentifier::Email(email) => (sign_in_sql!("email"), email.as_str()),
            LoginIdentifier::CustomerNumber(number) => (sign_in_sql!("number"), number.as_str()),
        };
        let row: Option<SignInRow> = self.read_optional(sql, &[Arg::Text(value)]).await?;
        Ok(row.map(|row| SignInRecord {
            customer: row.customer.into(),
            throttle: row
                .failures
                .map_or_else(Throttle::default, |failures| Throttle {
                    failures,
                    last_failure: row.last_failure_ms.and_then(crate::throttle::at),
                    locked_until: row.locked_until_ms.and_then(crate::throttle::at),
                }),
            password_hash: row.password_hash,
        }))
    }

    /// Records that the customer's phone was proven.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn mark_phone_verified(
        &self,
        id: CustomerId,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.write(
            "UPDATE customers SET phone_verified_at = $1 WHERE id = $2 AND phone IS NOT NULL",
            &[Arg::Time(now), Arg::Uuid(id.0)],
        )
        .await?;
        Ok(())
    }

    /// Records the customer's preferred language.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn set_customer_language(
        &self,
        id: CustomerId,
        language: abri_domain::Language,
    ) -> Result<(), StoreError> {
        self.write(
            "UPDATE customers SET language = $1 WHERE id = $2",
            &[Arg::Text(language.code()), Arg::Uuid(id.0)],
        )
        .await?;
        Ok(())
    }
}

impl Tx {
    /// Replaces the customer's given and family names, in this transaction.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn set_customer_name(
        &mut self,
        id: CustomerId,
        given: &str,
        family: &str,
    ) -> Result<(), StoreError> {
        self.execute(
            "UPDATE customers SET given_name = $1, family_name = $2 WHERE id = $3",
            &[Arg::Text(given), Arg::Text(family), Arg::Uuid(id.0)],
        )
        .await?;
        Ok(())
    }
}
