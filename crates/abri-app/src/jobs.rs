//! The worker's side of the outbox: claim due jobs, run them through the ports, record the
//! outcome. A failure is retried with backoff (`abri_domain::jobs::backoff`), never dropped.

use std::sync::Arc;

use abri_domain::jobs::backoff;
use abri_store::jobs::ClaimedJob;
use abri_store::outbox::OutboxMessage;
use abri_store::{Db, Tx};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::mail::{BoxFuture, DeliveryError, Mailer, OutgoingEmail};
use crate::{App, AppError};

/// A text message, as stored in a job's payload.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingSms {
    /// Phone number in E.164.
    pub to: String,
    /// The text.
    pub text: String,
}

/// Delivers text messages (an HTTP provider in production, the outbox in demo and tests).
pub trait SmsSender: Send + Sync + 'static {
    /// Sends one message; `message_id` is the job's id.
    fn send<'a>(
        &'a self,
        message_id: Uuid,
        sms: &'a OutgoingSms,
    ) -> BoxFuture<'a, Result<(), DeliveryError>>;
}

/// Job kinds.
pub const EMAIL: &str = "email";
/// Job kinds.
pub const SMS: &str = "sms";

/// Queues an e-mail inside the transaction of the change that causes it.
///
/// # Errors
/// On a storage failure.
pub async fn enqueue_email(app: &App, tx: &mut Tx, email: &OutgoingEmail) -> Result<(), AppError> {
    let payload = serde_json::to_value(email).map_err(|e| AppError::Internal(e.to_string()))?;
    let now = app.clock.now();
    tx.enqueue_job(EMAIL, &payload, now, now).await?;
    Ok(())
}

/// Queues a text message inside the transaction of the change that causes it.
///
/// # Errors
/// On a storage failure.
pub async fn enqueue_sms(app: &App, tx: &mut Tx, sms: &OutgoingSms) -> Result<(), AppError> {
    let payload = serde_json::to_value(sms).map_err(|e| AppError::Internal(e.to_string()))?;
    let now = app.clock.now();
    tx.enqueue_job(SMS, &payload, now, now).await?;
    Ok(())
}

impl App {
    /// Runs every job due now; returns how many were attempted. Safe to call from several
    /// workers at once (each job is claimed by one).
    ///
    /// # Errors
    /// On a storage failure (a failed delivery is not an error: it is recorded and retried).
    pub async fn run_due_jobs(&self) -> Result<usize, AppError> {
        let mut attempted = 0;
        while let Some(job) = self.db.claim_job(self.clock.now()).await? {
            attempted += 1;
            let outcome = self.run_job(&job).await;
            let now = self.clock.now();
            match outcome {
                Ok(()) => self.db.finish_job(job.id, now).await?,
                Err(error) => {
                    let retried = self
                        .db
                        .fail_job(&job, &error.0, backoff(job.attempts), now)
                        .await?;
                    tracing::warn!(job = %job.id, kind = %job.kind, attempts = job.attempts, retried, %error, "job failed");
                }
            }
        }
        Ok(attempted)
    }

    /// Tells the in-process worker that a job is waiting.
    pub fn wake_worker(&self) {
        self.ports.wakeup.notify_one();
    }

    async fn run_job(&self, job: &ClaimedJob) -> Result<(), DeliveryError> {
        let corrupt = |e: serde_json::Error| DeliveryError(format!("unreadable payload: {e}"));
        match job.kind.as_str() {
            EMAIL => {
                let email: OutgoingEmail = serde_json::from_str(&job.payload).map_err(corrupt)?;
                self.ports.mailer.send(job.id, &email).await
            }
            SMS => {
                let sms: OutgoingSms = serde_json::from_str(&job.payload).map_err(corrupt)?;
                self.ports.sms.send(job.id, &sms).await
            }
            crate::resets::RESET_REQUEST => self.run_reset_request(&job.payload).await,
            other => Err(DeliveryError(format!("unknown job kind {other}"))),
        }
    }
}

/// The adapters the use cases reach the outside world through.
#[derive(Clone)]
pub struct Ports {
    /// E-mail delivery.
    pub mailer: Arc<dyn Mailer>,
    /// SMS delivery.
    pub sms: Arc<dyn SmsSender>,
    /// Wakes the in-process worker after an enqueue.
    pub wakeup: Arc<tokio::sync::Notify>,
}

impl Ports {
    /// Every message goes to the local outbox (demo, tests, no SMTP configured).
    #[must_use]
    pub fn outbox(db: &Db, clock: Arc<dyn abri_domain::Clock>) -> Self {
        let outbox = Arc::new(Outbox {
            db: db.clone(),
            clock,
        });
        Self {
            mailer: outbox.clone(),
            sms: outbox,
            wakeup: Arc::new(tokio::sync::Notify::new()),
        }
    }
}

/// The local outbox: keeps messages in the database instead of sending them.
pub struct Outbox {
    db: Db,
    clock: Arc<dyn abri_domain::Clock>,
}

impl Outbox {
    async fn keep(&self, message: OutboxMessage) -> Result<(), DeliveryError> {
        self.db
            .insert_outbox_message(&message)
            .await
            .map_err(|e| DeliveryError(e.to_string()))
    }
}

impl Mailer for Outbox {
    fn send<'a>(
        &'a self,
        message_id: Uuid,
        email: &'a OutgoingEmail,
    ) -> BoxFuture<'a, Result<(), DeliveryError>> {
        Box::pin(self.keep(OutboxMessage {
            id: message_id,
            channel: EMAIL.into(),
            recipient: email.to.clone(),
            subject: Some(email.subject.clone()),
            body_text: email.text.clone(),
            body_html: Some(email.html.clone()),
            created_at: self.clock.now(),
        }))
    }
}

impl SmsSender for Outbox {
    fn send<'a>(
        &'a self,
        message_id: Uuid,
        sms: &'a OutgoingSms,
    ) -> BoxFuture<'a, Result<(), DeliveryError>> {
        Box::pin(self.keep(OutboxMessage {
            id: message_id,
            channel: SMS.into(),
            recipient: sms.to.clone(),
            subject: None,
            body_text: sms.text.clone(),
            body_html: None,
            created_at: self.clock.now(),
        }))
    }
}
