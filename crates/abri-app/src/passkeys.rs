//! Passkeys (WebAuthn with webauthn-rs, SECURITY.md 15): register, list and remove; sign in
//! without a password (discoverable credentials); or prove the second factor after a password.
//! Ceremony states stay on the server, found again by a random id the page sends back.

use std::sync::Arc;

use abri_store::customers::Customer;
use abri_store::passkeys::StoredPasskey;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use time::Duration;
use uuid::Uuid;
use webauthn_rs::Webauthn;
use webauthn_rs::prelude::{
    CreationChallengeResponse, DiscoverableAuthentication, Passkey, PasskeyAuthentication,
    PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse,
};

use crate::auth::{NewSession, SessionOrigin, SignedIn};
use crate::tokens::{hash_secret, new_secret};
use crate::{App, AppError};

/// How long a ceremony may take.
const CEREMONY_TTL: Duration = Duration::minutes(2);

/// What the page's script needs to call the browser: the ceremony id and the options.
#[derive(Serialize)]
pub struct Ceremony<T: Serialize> {
    /// Sent back with the answer.
    pub ceremony: String,
    /// The `publicKey` options (and `mediation`), as the WebAuthn JSON.
    pub options: T,
}

/// A passkey as the security page lists it.
#[derive(Clone, Debug)]
pub struct PasskeyListing {
    /// Id for the removal form.
    pub id: Uuid,
    /// The customer's name for it.
    pub name: String,
    /// Registered at.
    pub created_at: time::OffsetDateTime,
    /// Last used at.
    pub last_used_at: Option<time::OffsetDateTime>,
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("webauthn: {e}"))
}

fn refused() -> AppError {
    AppError::invalid("passkey", "error-passkey")
}

impl App {
    fn webauthn(&self) -> Result<&Arc<Webauthn>, AppError> {
        self.webauthn.as_ref().ok_or(AppError::Unavailable)
    }

    async fn keep<S: Serialize>(
        &self,
        kind: &str,
        owner: Option<&Customer>,
        state: &S,
    ) -> Result<String, AppError> {
        let id = new_secret();
        let json = serde_json::to_string(state).map_err(internal)?;
        let expires = self.clock.now() + CEREMONY_TTL;
        self.db
            .insert_ceremony(&hash_secret(&id), owner.map(|c| c.id), kind, &json, expires)
            .await?;
        Ok(id)
    }

    async fn take<S: serde::de::DeserializeOwned>(
        &self,
        id: &str,
        kind: &str,
        owner: Option<&Customer>,
    ) -> Result<S, AppError> {
        let json = self
            .db
            .take_ceremony(
                &hash_secret(id),
                kind,
                owner.map(|c| c.id),
                self.clock.now(),
            )
            .await?;
        serde_json::from_str(&json.ok_or_else(refused)?).map_err(internal)
    }

    async fn stored_passkeys(
        &self,
        customer: &Customer,
    ) -> Result<Vec<(StoredPasskey, Passkey)>, AppError> {
        self.db
            .passkeys_of(customer.id)
            .await?
            .into_iter()
            .map(|s| {
                serde_json::from_str(&s.passkey)
                    .map(|p| (s, p))
                    .map_err(internal)
            })
            .collect()
    }

    /// The customer's passkeys.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn passkeys(&self, who: &SignedIn) -> Result<Vec<PasskeyListing>, AppError> {
        Ok(self
            .db
            .passkeys_of(who.customer.id)
            .await?
            .into_iter()
            .map(|p| PasskeyListing {
                id: p.id,
                name: p.name,
                created_at: p.created_at,
                last_used_at: p.last_used_at,
            })
            .collect())
    }

    /// Starts registering a passkey (one that the device keeps, so it can sign in alone).
    ///
    /// # Errors
    /// [`AppError::Unavailable`] when WebAuthn is not configured; storage failures.
    pub async fn start_passkey_registration(
        &self,
        who: &SignedIn,
    ) -> Result<Ceremony<serde_json::Value>, AppError> {
        let customer = &who.customer;
        let exclude = self
            .stored_passkeys(customer)
            .await?
            .into_iter()
            .map(|(_, p)| p.cred_id().clone())
            .collect();
        let name = format!("{} {}", customer.given_name, customer.family_name);
        let (options, state): (CreationChallengeResponse, PasskeyRegistration) = self
            .webauthn()?
            .start_passkey_registration(customer.id.0, &customer.email, &name, Some(exclude))
            .map_err(internal)?;
        // Ask the device to keep the passkey, so that it can sign in without a password.
        let mut options = serde_json::to_value(options).map_err(internal)?;
        if let Some(selection) = options
            .pointer_mut("/publicKey/authenticatorSelection")
            .and_then(|v| v.as_object_mut())
        {
            selection.insert("residentKey".into(), "required".into());
            selection.insert("requireResidentKey".into(), true.into());
        }
        let ceremony = self.keep("register", Some(customer), &state).await?;
        Ok(Ceremony { ceremony, options })
    }

    /// Finishes a registration: the passkey is stored, recorded and e-mailed.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `passkey` when the browser's answer does not verify.
    pub async fn finish_passkey_registration(
        &self,
        who: &SignedIn,
        ceremony: &str,
        credential: &RegisterPublicKeyCredential,
        name: &str,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        let state: PasskeyRegistration =
            self.take(ceremony, "register", Some(&who.customer)).await?;
        let passkey = self
            .webauthn()?
            .finish_passkey_registration(credential, &state)
            .map_err(|_| refused())?;
        let json = serde_json::to_string(&passkey).map_err(internal)?;
        let id = URL_SAFE_NO_PAD.encode(passkey.cred_id());
        let name: String = name.trim().chars().take(60).collect();
        let name = if name.is_empty() {
            crate::security::describe_device(origin.user_agent.as_deref().unwrap_or_default())
        } else {
            name
        };
        self.db
            .insert_passkey(who.customer.id, &id, &json, &name, self.clock.now())
            .await?;
        self.factor_event(
            &who.customer,
            origin,
            "factor_added",
            "success",
            Some(("email-passkey-added-subject", "email-passkey-added-body")),
        )
        .await
    }

    /// Removes one of the customer's passkeys (another customer's id is [`AppError::NotFound`]).
    ///
    /// # Errors
    /// [`AppError::NotFound`]; storage failures.
    pub async fn remove_passkey(
        &self,
        who: &SignedIn,
        id: Uuid,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        if !self.db.remove_passkey(who.customer.id, id).await? {
            return Err(AppError::NotFound);
        }
        self.factor_event(
            &who.customer,
            origin,
            "factor_removed",
            "success",
            Some((
                "email-passkey-removed-subject",
                "email-passkey-removed-body",
            )),
        )
        .await
    }

    /// Starts a sign-in without a password: the device offers its passkeys for this site.
    ///
    /// # Errors
    /// [`AppError::Unavailable`] when WebAuthn is not configured.
    pub async fn start_passkey_sign_in(
        &self,
    ) -> Result<Ceremony<RequestChallengeResponse>, AppError> {
        let (mut options, state): (RequestChallengeResponse, DiscoverableAuthentication) = self
            .webauthn()?
            .start_discoverable_authentication()
            .map_err(internal)?;
        // A button starts this ceremony, not the browser's autofill.
        options.mediation = None;
        let ceremony = self.keep("sign_in", None, &state).await?;
        Ok(Ceremony { ceremony, options })
    }

    /// Finishes a sign-in without a password and opens the session.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `passkey` when unknown or not verified.
    pub async fn finish_passkey_sign_in(
        &self,
        ceremony: &str,
        credential: &PublicKeyCredential,
        origin: &SessionOrigin,
    ) -> Result<NewSession, AppError> {
        let state: DiscoverableAuthentication = self.take(ceremony, "sign_in", None).await?;
        let webauthn = self.webauthn()?;
        let (user, _) = webauthn
            .identify_discoverable_authentication(credential)
            .map_err(|_| refused())?;
        let customer = self
            .db
            .customer(abri_domain::ids::CustomerId(user))
            .await?
            .ok_or_else(refused)?;
        let keys = self.stored_passkeys(&customer).await?;
        let id = URL_SAFE_NO_PAD.encode::<&[u8]>(credential.raw_id.as_ref());
        let (stored, mut passkey) = keys
            .into_iter()
            .find(|(s, _)| s.credential_id == id)
            .ok_or_else(refused)?;
        let result = webauthn
            .finish_discoverable_authentication_v2(credential, state, &passkey)
            .map_err(|_| refused())?;
        passkey.update_credential(&result);
        let json = serde_json::to_string(&passkey).map_err(internal)?;
        self.db
            .touch_passkey(stored.id, &json, self.clock.now())
            .await?;
        self.open_session(customer, origin, "passkey").await
    }

    /// Starts proving the second factor with a passkey, for a pending sign-in's customer.
    ///
    /// # Errors
    /// [`AppError::NotFound`] when the customer has no passkey.
    pub async fn start_passkey_factor(
        &self,
        customer: &Customer,
    ) -> Result<Ceremony<RequestChallengeResponse>, AppError> {
        let keys: Vec<Passkey> = self
            .stored_passkeys(customer)
            .await?
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        if keys.is_empty() {
            return Err(AppError::NotFound);
        }
        let (options, state): (RequestChallengeResponse, PasskeyAuthentication) = self
            .webauthn()?
            .start_passkey_authentication(&keys)
            .map_err(internal)?;
        let ceremony = self.keep("factor", Some(customer), &state).await?;
        Ok(Ceremony { ceremony, options })
    }

    /// Checks a passkey answer as the second factor.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `passkey` when it does not verify.
    pub async fn finish_passkey_factor(
        &self,
        customer: &Customer,
        ceremony: &str,
        credential: &PublicKeyCredential,
    ) -> Result<(), AppError> {
        let state: PasskeyAuthentication = self.take(ceremony, "factor", Some(customer)).await?;
        let result = self
            .webauthn()?
            .finish_passkey_authentication(credential, &state)
            .map_err(|_| refused())?;
        for (stored, mut passkey) in self.stored_passkeys(customer).await? {
            if passkey.update_credential(&result).is_some() {
                let json = serde_json::to_string(&passkey).map_err(internal)?;
                self.db
                    .touch_passkey(stored.id, &json, self.clock.now())
                    .await?;
            }
        }
        Ok(())
    }

    /// Whether the customer has at least one passkey.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn has_passkey(&self, customer: &Customer) -> Result<bool, AppError> {
        Ok(!self.db.passkeys_of(customer.id).await?.is_empty())
    }
}
