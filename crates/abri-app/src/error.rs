//! The one error every use case returns; pages and the API each render it their way.

use abri_store::StoreError;

/// A problem with one field of a form (or the whole form when `field` is `None`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The form field, as named in the HTML form.
    pub field: Option<&'static str>,
    /// The message id (Fluent) that explains it.
    pub message: &'static str,
}

impl FieldError {
    /// An error on `field`.
    #[must_use]
    pub const fn on(field: &'static str, message: &'static str) -> Self {
        Self {
            field: Some(field),
            message,
        }
    }

    /// An error on the whole form.
    #[must_use]
    pub const fn form(message: &'static str) -> Self {
        Self {
            field: None,
            message,
        }
    }
}

/// Why a use case did not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Nothing the requester may see has this id (also for other customers' objects).
    #[error("not found")]
    NotFound,
    /// The request needs a signed-in customer.
    #[error("unauthenticated")]
    Unauthenticated,
    /// The requester may not do this.
    #[error("forbidden")]
    Forbidden,
    /// The input was refused; nothing was changed.
    #[error("invalid input: {0:?}")]
    Invalid(Vec<FieldError>),
    /// The change conflicts with the current state.
    #[error("conflict")]
    Conflict,
    /// Too many attempts from this client or for this account; try again later.
    #[error("rate limited")]
    RateLimited,
    /// Too busy right now (hashing pool full…); try again shortly.
    #[error("unavailable")]
    Unavailable,
    /// A device's input was refused (its stable code says why); nothing was stored.
    #[error("device input refused: {0}")]
    DeviceInput(abri_domain::ingest::IngestRefusal),
    /// A fault on our side; logged with the request id.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// A refusal with one message on one field.
    #[must_use]
    pub fn invalid(field: &'static str, message: &'static str) -> Self {
        Self::Invalid(vec![FieldError::on(field, message)])
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        if e.is_busy() {
            Self::Unavailable
        } else {
            Self::Internal(e.to_string())
        }
    }
}
