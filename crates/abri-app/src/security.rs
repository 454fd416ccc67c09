//! The "Sécurité du compte" page's use cases: active sessions (revoke one or all others),
//! sign-in history, and the known-device check that e-mails a sign-in from a new browser.

use abri_domain::sessions::SessionTimes;
use abri_store::audit::AuditEvent;
use abri_store::customers::Customer;
use time::{Duration, OffsetDateTime};
use uuid::Uuid;

use crate::auth::{SessionOrigin, SignedIn};
use crate::i18n::{t, t_args};
use crate::jobs::enqueue_email;
use crate::mail::Letter;
use crate::tokens::{hash_secret, looks_like_secret, new_secret};
use crate::{App, AppError};

/// How far back the sign-in history goes.
pub const HISTORY: Duration = Duration::days(90);

/// An active session as its owner sees it.
#[derive(Clone, Debug)]
pub struct ActiveSession {
    /// Public id, for the revoke form.
    pub id: Uuid,
    /// This is the session of the browser looking at the page.
    pub current: bool,
    /// Signed in at.
    pub created_at: OffsetDateTime,
    /// Last used at.
    pub last_seen_at: OffsetDateTime,
    /// IP at sign-in.
    pub ip: String,
    /// Browser and system, in words.
    pub device: String,
}

/// What the security page shows.
#[derive(Clone, Debug)]
pub struct SecurityOverview {
    /// Live sessions, the current one first.
    pub sessions: Vec<ActiveSession>,
    /// Sign-ins (successes and failures) of the last 90 days, newest first.
    pub history: Vec<AuditEvent>,
}

impl App {
    /// The signed-in customer's live sessions and sign-in history.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn security_overview(&self, who: &SignedIn) -> Result<SecurityOverview, AppError> {
        let now = self.clock.now();
        let mut sessions: Vec<ActiveSession> = self
            .db
            .sessions_of(who.customer.id)
            .await?
            .into_iter()
            .filter(|s| {
                SessionTimes {
                    created_at: s.created_at,
                    last_seen_at: s.last_seen_at,
                }
                .is_live(now)
            })
            .map(|s| ActiveSession {
                id: s.public_id,
                current: s.id_hash == who.session_hash,
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                ip: s.ip.unwrap_or_default(),
                device: describe_device(s.user_agent.as_deref().unwrap_or_default()),
            })
            .collect();
        sessions.sort_by_key(|s| !s.current);
        let history = self
            .db
            .audit_of(who.customer.id, 200)
            .await?
            .into_iter()
            .filter(|e| e.action == "sign_in" && e.at.is_some_and(|at| now - at <= HISTORY))
            .take(50)
            .collect();
        Ok(SecurityOverview { sessions, history })
    }

    /// Ends one of the customer's own sessions; another customer's id is [`AppError::NotFound`].
    ///
    /// # Errors
    /// [`AppError::NotFound`]; storage failures.
    pub async fn revoke_session(
        &self,
        who: &SignedIn,
        id: Uuid,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        if !self.db.revoke_session(who.customer.id, id).await? {
            return Err(AppError::NotFound);
        }
        self.audit_security(
            who,
            origin,
            "session_revoked",
            "success",
            Some(format!("{{\"session\":\"{id}\"}}")),
        )
        .await
    }

    /// Ends every session of the customer but the current one.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn revoke_other_sessions(
        &self,
        who: &SignedIn,
        origin: &SessionOrigin,
    ) -> Result<u64, AppError> {
        let ended = self
            .db
            .revoke_other_sessions(who.customer.id, &who.session_hash)
            .await?;
        self.audit_security(
            who,
            origin,
            "session_revoked",
            "success",
            Some(format!("{{\"others\":{ended}}}")),
        )
        .await?;
        Ok(ended)
    }

    /// After a successful sign-in: recognises the browser by its device cookie, or gives it one
    /// and e-mails the customer about a sign-in from a new device. Returns the cookie's value.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn check_device(
        &self,
        customer: &Customer,
        device: Option<&str>,
        origin: &SessionOrigin,
    ) -> Result<String, AppError> {
        let device = device
            .filter(|d| looks_like_secret(d))
            .map_or_else(new_secret, str::to_owned);
        let now = self.clock.now();
        if self
            .db
            .remember_device(customer.id, &hash_secret(&device), now)
            .await?
        {
            let lang = customer.language;
            let details = [
                ("date", crate::i18n::date_time(lang, now)),
                (
                    "device",
                    describe_device(origin.user_agent.as_deref().unwrap_or_default()),
                ),
                ("ip", origin.ip.clone().unwrap_or_default()),
            ];
            let mut letter = Letter::new(
                lang,
                &customer.email,
                &customer.given_name,
                "email-new-device-subject",
            )
            .paragraph(t_args(lang, "email-new-device-body", &details));
            letter.warning = Some(t(lang, "email-new-device-warning"));
            let email = letter.render(&self.provider)?;
            let mut tx = self.db.begin().await?;
            enqueue_email(self, &mut tx, &email).await?;
            tx.commit().await?;
            self.wake_worker();
        }
        Ok(device)
    }

    pub(crate) async fn audit_security(
        &self,
        who: &SignedIn,
        origin: &SessionOrigin,
        action: &str,
        result: &str,
        detail: Option<String>,
    ) -> Result<(), AppError> {
        let event = AuditEvent {
            customer_id: Some(who.customer.id),
            ip: origin.ip.clone(),
            user_agent: origin.user_agent.clone(),
            action: action.into(),
            result: result.into(),
            detail,
            ..AuditEvent::default()
        };
        self.db.insert_audit(&event, self.clock.now()).await?;
        Ok(())
    }
}

/// A browser and system in a few words (`Firefox · Windows`), from a User-Agent.
#[must_use]
pub fn describe_device(user_agent: &str) -> String {
    let browser = [
        ("Edg/", "Edge"),
        ("OPR/", "Opera"),
        ("Firefox/", "Firefox"),
        ("Chrome/", "Chrome"),
        ("Chromium/", "Chromium"),
        ("Safari/", "Safari"),
    ]
    .iter()
    .find(|(needle, _)| user_agent.contains(needle))
    .map_or("?", |(_, name)| name);
    let system = [
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    ]
    .iter()
    .find(|(needle, _)| user_agent.contains(needle))
    .map_or("?", |(_, name)| name);
    match (browser, system) {
        ("?", "?") => user_agent.chars().take(40).collect(),
        (b, "?") => b.to_owned(),
        ("?", s) => s.to_owned(),
        (b, s) => format!("{b} · {s}"),
    }
}

#[cfg(test)]
mod tests {
    use super::describe_device;

    #[test]
    fn devices_are_named_in_words() {
        let firefox =
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
        assert_eq!(describe_device(firefox), "Firefox · Windows");
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
        assert_eq!(describe_device(chrome), "Chrome · Linux");
        assert_eq!(describe_device("curl/8.5"), "curl/8.5");
    }
}
