//! Step-up (SECURITY.md 16): sensitive actions need a proof of identity from the last ten
//! minutes; the web layer's guard asks [`App::is_fresh`] and sends the customer to
//! [`App::reconfirm`] otherwise.

use crate::auth::{SessionOrigin, SignedIn};
use crate::{App, AppError};

impl App {
    /// Whether the signed-in customer proved who they are within the step-up window.
    #[must_use]
    pub fn is_fresh(&self, who: &SignedIn) -> bool {
        abri_domain::sessions::is_fresh(who.fresh_at, self.clock.now())
    }

    /// Proves again who the customer is (password, and the app code when they have one)
    /// before a sensitive action; the session is fresh for ten minutes.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `password` or `code`; storage failures.
    pub async fn reconfirm(
        &self,
        who: &SignedIn,
        password: &abri_domain::account::PasswordAttempt,
        code: &str,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        let stored = self.db.password_hash(who.customer.id).await?;
        let verdict = self
            .hasher
            .verify(password.as_bytes(), stored.as_deref())
            .await?;
        if verdict == crate::hasher::Verdict::Mismatch {
            self.audit_security(who, origin, "reauthentication", "failure", None)
                .await?;
            return Err(AppError::invalid(
                "password",
                "error-current-password-wrong",
            ));
        }
        if self.has_totp(&who.customer).await? {
            self.verify_second_factor(&who.customer, code, origin)
                .await?;
        }
        self.db
            .refresh_session(&who.session_hash, self.clock.now())
            .await?;
        self.audit_security(who, origin, "reauthentication", "success", None)
            .await
    }
}
