//! Second factors: the TOTP secret (encrypted by the caller), recovery codes (hashed), and
//! sign-ins waiting for their second factor.

use abri_domain::ids::CustomerId;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::cells::Arg;
use crate::resets::ms;
use crate::{Db, StoreError, Tx};

/// A customer's authenticator-app factor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TotpFactor {
    /// The secret, encrypted.
    pub secret_enc: String,
    /// Proven by a code.
    pub confirmed: bool,
}

/// The second factors a customer has set up.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SecondFactors {
    /// A confirmed authenticator app.
    pub totp: bool,
    /// At least one passkey.
    pub passkey: bool,
    /// Codes by SMS (they also need a phone number on the account).
    pub sms: bool,
}

impl Db {
    /// Stores a new, unconfirmed secret (replacing an unconfirmed one).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn start_totp(
        &self,
        customer_id: CustomerId,
        secret_enc: &str,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.write(
            "INSERT INTO totp_factors (customer_id, secret_enc, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (customer_id) DO UPDATE SET secret_enc = excluded.secret_enc, \
             created_at = excluded.created_at, last_step = -1 WHERE totp_factors.confirmed_at IS NULL",
            &[
                Arg::Uuid(customer_id.0),
                Arg::Text(secret_enc),
                Arg::Time(now),
            ],
        )
        .await?;
        Ok(())
    }

    /// Which second factors the customer has: a confirmed app, a passkey, the SMS factor (one
    /// query: sign-in asks this after every good password).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn second_factors_of(
        &self,
        customer_id: CustomerId,
    ) -> Result<SecondFactors, StoreError> {
        const SQL: &str = "SELECT \
            EXISTS (SELECT 1 FROM totp_factors \
                    WHERE customer_id = $1 AND confirmed_at IS NOT NULL), \
            EXISTS (SELECT 1 FROM passkeys WHERE customer_id = $1), \
            EXISTS (SELECT 1 FROM sms_factors WHERE customer_id = $1)";
        let (totp, passkey, sms): (bool, bool, bool) =
            self.read_one(SQL, &[Arg::Uuid(customer_id.0)]).await?;
        Ok(SecondFactors { totp, passkey, sms })
    }

    /// The customer's factor, if any.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn totp_of(&self, customer_id: CustomerId) -> Result<Option<TotpFactor>, StoreError> {
        let row: Option<(String, Option<OffsetDateTime>)> = self
            .read_optional(
                "SELECT secret_enc, confirmed_at FROM totp_factors WHERE customer_id = $1",
                &[Arg::Uuid(customer_id.0)],
            )
            .await?;
        Ok(row.map(|(secret_enc, confirmed)| TotpFactor {
            secret_enc,
            confirmed: confirmed.is_some(),
        }))
    }

    /// Accepts time step `step` once: true when it is newer than every step accepted before.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn accept_totp_step(
        &self,
        customer_id: CustomerId,
        step: i64,
    ) -> Result<bool, StoreError> {
        let done = self
            .write(
                "UPDATE totp_factors SET last_step = $1 WHERE customer_id = $2 AND last_step < $1",
                &[Arg::Int(step), Arg::Uuid(customer_id.0)],
            )
            .await?;
        Ok(done == 1)
    }

    /// Uses a recovery code once; true when it existed unused.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn use_recovery_code(
        &self,
        customer_id: CustomerId,
        code_hash: &str,
        now: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let done = self.write(
            "UPDATE recovery_codes SET used_at = $1 WHERE customer_id = $2 AND code_hash = $3 AND used_at IS NULL",
            &[
                Arg::Time(now),
                Arg::Uuid(customer_id.0),
                Arg::Text(code_hash),
            ],
        )
        .await?;
        Ok(done == 1)
    }

    /// How many unused recovery codes the customer has.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn recovery_codes_left(&self, customer_id: CustomerId) -> Result<i64, StoreError> {
        let (n,): (i64,) = self
            .read_one(
                "SELECT COUNT(*) FROM recovery_codes WHERE customer_id = $1 AND used_at IS NULL",
                &[Arg::Uuid(customer_id.0)],
            )
            .await?;
        Ok(n)
    }

    /// Records a sign-in waiting for its second factor.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_pending_sign_in(
        &self,
        token_hash: &str,
        customer_id: CustomerId,
        expires_at: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.write(
            "INSERT INTO pending_sign_ins (token_hash, customer_id, expires_at_ms) VALUES ($1, $2, $3)",
            &[
                Arg::Text(token_hash),
                Arg::Uuid(customer_id.0),
                Arg::Int(ms(expires_at)),
            ],
        )
        .await?;
        Ok(())
    }

    /// The customer of a live pending sign-in, with its wrong tries so far.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn pending_sign_in(
        &self,
        token_hash: &str,
        now: OffsetDateTime,
    ) -> Result<Option<(CustomerId, i64)>, StoreError> {
        let row: Option<(Uuid, i64)> = self.read_optional("SELECT customer_id, failures FROM pending_sign_ins WHERE token_hash = $1 AND expires_at_ms >= $2", &[Arg::Text(token_hash), Arg::Int(ms(now))]).await?;
        Ok(row.map(|(id, failures)| (CustomerId(id), failures)))
    }

    /// Counts a wrong code on a pending sign-in.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn fail_pending_sign_in(&self, token_hash: &str) -> Result<(), StoreError> {
        self.write(
            "UPDATE pending_sign_ins SET failures = failures + 1 WHERE token_hash = $1",
            &[Arg::Text(token_hash)],
        )
        .await?;
        Ok(())
    }

    /// Ends a pending sign-in (done or abandoned); true when it existed (so it completes once).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn end_pending_sign_in(&self, token_hash: &str) -> Result<bool, StoreError> {
        let done = self
            .write(
                "DELETE FROM pending_sign_ins WHERE token_hash = $1",
                &[Arg::Text(token_hash)],
            )
            .await?;
        Ok(done == 1)
    }

    /// Marks the second factor of an opened reset as proven.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn verify_reset_factor(&self, reset_id: Uuid) -> Result<(), StoreError> {
        self.write(
            "UPDATE password_resets SET factor_verified = 1 WHERE id = $1 AND state = 'opened'",
            &[Arg::Uuid(reset_id)],
        )
        .await?;
        Ok(())
    }
}

impl Tx {
    /// Confirms the customer's factor and replaces their recovery codes, in this transaction.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn confirm_totp(
        &mut self,
        customer_id: CustomerId,
        step: i64,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.execute(
            "UPDATE totp_factors SET confirmed_at = $1, last_step = $2 WHERE customer_id = $3",
            &[Arg::Time(now), Arg::Int(step), Arg::Uuid(customer_id.0)],
        )
        .await?;
        Ok(())
    }

    /// Removes the customer's factor and recovery codes.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn remove_totp(&mut self, customer_id: CustomerId) -> Result<(), StoreError> {
        let customer = [Arg::Uuid(customer_id.0)];
        self.execute("DELETE FROM totp_factors WHERE customer_id = $1", &customer)
            .await?;
        self.execute(
            "DELETE FROM recovery_codes WHERE customer_id = $1",
            &customer,
        )
        .await?;
        Ok(())
    }

    /// Replaces the customer's recovery codes with new hashes (the old set is void).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn replace_recovery_codes(
        &mut self,
        customer_id: CustomerId,
        hashes: &[String],
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.execute(
            "DELETE FROM recovery_codes WHERE customer_id = $1",
            &[Arg::Uuid(customer_id.0)],
        )
        .await?;
        for hash in hashes {
            self.execute(
                "INSERT INTO recovery_codes (id, customer_id, code_hash, created_at) VALUES ($1, $2, $3, $4)",
                &[
                    Arg::Uuid(Uuid::now_v7()),
                    Arg::Uuid(customer_id.0),
                    Arg::Text(hash),
                    Arg::Time(now),
                ],
            )
            .await?;
        }
        Ok(())
    }
}
