//! The local outbox: what would have been e-mailed or texted, kept for `/dev/outbox` and tests.

use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::cells::Arg;
use crate::{Db, StoreError, dispatch};

/// One captured message.
#[derive(Clone, Debug, PartialEq, Eq, FromRow)]
pub struct OutboxMessage {
    /// Id.
    pub id: Uuid,
    /// `email` or `sms`.
    pub channel: String,
    /// Address or phone number.
    pub recipient: String,
    /// E-mail subject.
    pub subject: Option<String>,
    /// Plain text.
    pub body_text: String,
    /// HTML part of an e-mail.
    pub body_html: Option<String>,
    /// When it was "sent".
    pub created_at: OffsetDateTime,
}

impl Db {
    /// Keeps a message in the outbox; the same id twice is kept once (a retried job).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_outbox_message(&self, message: &OutboxMessage) -> Result<(), StoreError> {
        self.write(
            "INSERT INTO outbox_messages \
                 (id, channel, recipient, subject, body_text, body_html, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
            &[
                Arg::Uuid(message.id),
                Arg::Text(&message.channel),
                Arg::Text(&message.recipient),
                Arg::OptText(message.subject.as_deref()),
                Arg::Text(&message.body_text),
                Arg::OptText(message.body_html.as_deref()),
                Arg::Time(message.created_at),
            ],
        )
        .await?;
        Ok(())
    }

    /// The newest outbox messages first.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn outbox_messages(&self, limit: i64) -> Result<Vec<OutboxMessage>, StoreError> {
        const SQL: &str = "SELECT id, channel, recipient, subject, body_text, body_html, created_at \
                           FROM outbox_messages ORDER BY id DESC LIMIT $1";
        Ok(dispatch!(self, |pool| sqlx::query_as(SQL)
            .bind(limit)
            .fetch_all(pool)
            .await)?)
    }
}
