//! The append-only audit trail (SECURITY.md 25). Never a password, code or raw token.

use abri_domain::ids::{CustomerId, StaffId};
use sqlx::FromRow;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::cells::Arg;
use crate::{Db, StoreError, Tx, dispatch};

/// One audit record.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditEvent {
    /// When (UTC).
    pub at: Option<OffsetDateTime>,
    /// The customer concerned, if known.
    pub customer_id: Option<CustomerId>,
    /// The staff member acting, if any.
    pub staff_id: Option<StaffId>,
    /// Client IP.
    pub ip: Option<String>,
    /// Client User-Agent.
    pub user_agent: Option<String>,
    /// What happened (`sign_in`, `sign_out`…).
    pub action: String,
    /// `success` or `failure`.
    pub result: String,
    /// How (`password`…).
    pub method: Option<String>,
    /// Extra facts as JSON, free of secrets.
    pub detail: Option<String>,
}

#[derive(FromRow)]
struct AuditRow {
    at: OffsetDateTime,
    customer_id: Option<Uuid>,
    staff_id: Option<Uuid>,
    ip: Option<String>,
    user_agent: Option<String>,
    action: String,
    result: String,
    method: Option<String>,
    detail: Option<String>,
}

impl From<AuditRow> for AuditEvent {
    fn from(r: AuditRow) -> Self {
        Self {
            at: Some(r.at),
            customer_id: r.customer_id.map(CustomerId),
            staff_id: r.staff_id.map(StaffId),
            ip: r.ip,
            user_agent: r.user_agent,
            action: r.action,
            result: r.result,
            method: r.method,
            detail: r.detail,
        }
    }
}

impl Db {
    /// Appends an audit record at `now`, on its own.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_audit(
        &self,
        event: &AuditEvent,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        tx.insert_audit(event, now).await?;
        tx.commit().await
    }

    /// Every audit record, newest first (operators and tests).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn audit_all(&self, limit: i64) -> Result<Vec<AuditEvent>, StoreError> {
        const SQL: &str = "SELECT at, customer_id, staff_id, ip, user_agent, action, result, method, detail \
                           FROM audit_events ORDER BY id DESC LIMIT $1";
        let rows: Vec<AuditRow> = dispatch!(self, |pool| sqlx::query_as(SQL)
            .bind(limit)
            .fetch_all(pool)
            .await)?;
        Ok(rows.into_iter().map(AuditEvent::from).collect())
    }

    /// A customer's audit records, newest first.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn audit_of(
        &self,
        customer_id: CustomerId,
        limit: i64,
    ) -> Result<Vec<AuditEvent>, StoreError> {
        const SQL: &str = "SELECT at, customer_id, staff_id, ip, user_agent, action, result, method, detail \
                           FROM audit_events WHERE customer_id = $1 ORDER BY id DESC LIMIT $2";
        let rows: Vec<AuditRow> = dispatch!(self, |pool| {
            sqlx::query_as(SQL)
                .bind(customer_id.0)
                .bind(limit)
                .fetch_all(pool)
                .await
        })?;
        Ok(rows.into_iter().map(AuditEvent::from).collect())
    }
}

impl Tx {
    /// Appends an audit record at `now`, in this transaction.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_audit(
        &mut self,
        event: &AuditEvent,
        now: OffsetDateTime,
    ) -> Result<(), StoreError> {
        self.execute(
            "INSERT INTO audit_events \
             (id, at, customer_id, staff_id, ip, user_agent, action, result, method, detail) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            &[
                Arg::Uuid(Uuid::now_v7()),
                Arg::Time(now),
                Arg::OptUuid(event.customer_id.map(|c| c.0)),
                Arg::OptUuid(event.staff_id.map(|s| s.0)),
                Arg::OptText(event.ip.as_deref()),
                Arg::OptText(event.user_agent.as_deref()),
                Arg::Text(&event.action),
                Arg::Text(&event.result),
                Arg::OptText(event.method.as_deref()),
                Arg::OptText(event.detail.as_deref()),
            ],
        )
        .await?;
        Ok(())
    }
}
