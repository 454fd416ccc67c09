//! Commands to panels: queued, taken by the panel (sent), confirmed by its next state or
//! failed past their deadline.

use abri_domain::alarm::{ArmMode, Command};
use abri_domain::ids::{CustomerId, PanelId};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::cells::Arg;
use crate::{Db, StoreError, Tx, dispatch};

/// A command as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelCommand {
    /// Its id (the panel echoes it).
    pub id: Uuid,
    /// What to do.
    pub command: Command,
    /// `pending`, `sent`, `confirmed` or `failed`.
    pub status: String,
    /// When the customer asked.
    pub requested_at: OffsetDateTime,
    /// When it is failed if not confirmed.
    pub deadline_at: OffsetDateTime,
}

type Row = (
    Uuid,
    String,
    Option<String>,
    String,
    OffsetDateTime,
    OffsetDateTime,
);
/// A row and the panel it is for.
type MqttRow = (
    Uuid,
    String,
    Option<String>,
    String,
    OffsetDateTime,
    OffsetDateTime,
    Uuid,
);

fn command(word: &str, mode: Option<&str>) -> Result<Command, StoreError> {
    match (word, mode.and_then(ArmMode::from_word)) {
        ("disarm", _) => Ok(Command::Disarm),
        ("arm", Some(mode)) => Ok(Command::Arm { mode }),
        _ => Err(StoreError::Corrupt {
            column: "panel_commands.command",
            value: word.to_owned(),
        }),
    }
}

fn read(rows: Vec<Row>) -> Result<Vec<PanelCommand>, StoreError> {
    rows.into_iter()
        .map(|(id, word, mode, status, requested_at, deadline_at)| {
            Ok(PanelCommand {
                id,
                command: command(&word, mode.as_deref())?,
                status,
                requested_at,
                deadline_at,
            })
        })
        .collect()
}

impl Db {
    /// Marks the panel's unconfirmed commands past their deadline as failed.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn fail_overdue_commands(
        &self,
        panel_id: PanelId,
        now: OffsetDateTime,
    ) -> Result<u64, StoreError> {
        self.write(
            "UPDATE panel_commands SET status = 'failed', settled_at = $1 \
             WHERE panel_id = $2 AND status IN ('pending', 'sent') AND deadline_at < $1",
            &[Arg::Time(now), Arg::Uuid(panel_id.0)],
        )
        .await
    }

    /// Hands the panel its pending commands, oldest first, and marks them sent.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn take_commands(
        &self,
        panel_id: PanelId,
        now: OffsetDateTime,
    ) -> Result<Vec<PanelCommand>, StoreError> {
        let mut rows: Vec<Row> = self
            .write_returning(
                "UPDATE panel_commands SET status = 'sent', sent_at = $1 \
                 WHERE panel_id = $2 AND status = 'pending' AND deadline_at >= $1 \
                 RETURNING id, command, mode, status, requested_at, deadline_at",
                &[Arg::Time(now), Arg::Uuid(panel_id.0)],
            )
            .await?;
        rows.sort_by_key(|r| r.4);
        read(rows)
    }

    /// The pending commands of every panel that speaks MQTT, marked sent, with the panel's
    /// serial (the adapter publishes each on the panel's topic).
    ///
    /// # Errors
    /// On a database failure.
    pub async fn take_mqtt_commands(
        &self,
        now: OffsetDateTime,
    ) -> Result<Vec<(String, PanelCommand)>, StoreError> {
        let rows: Vec<MqttRow> = self
            .write_returning(
                "UPDATE panel_commands SET status = 'sent', sent_at = $1 \
                 WHERE status = 'pending' AND deadline_at >= $1 \
                 AND panel_id IN (SELECT id FROM alarm_panels WHERE link = 'mqtt') \
                 RETURNING id, command, mode, status, requested_at, deadline_at, panel_id",
                &[Arg::Time(now)],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, word, mode, status, requested_at, deadline_at, panel) in rows {
            let serial: Option<(String,)> = dispatch!(self, |pool| {
                sqlx::query_as("SELECT serial FROM alarm_panels WHERE id = $1")
                    .bind(panel)
                    .fetch_optional(pool)
                    .await
            })?;
            if let Some((serial,)) = serial {
                let command = read(vec![(id, word, mode, status, requested_at, deadline_at)])?;
                out.extend(command.into_iter().map(|c| (serial.clone(), c)));
            }
        }
        out.sort_by_key(|(_, c)| c.requested_at);
        Ok(out)
    }

    /// The panel's latest command, if any.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn latest_command(
        &self,
        panel_id: PanelId,
    ) -> Result<Option<PanelCommand>, StoreError> {
        let rows: Vec<Row> = self
            .read_all(
                "SELECT id, command, mode, status, requested_at, deadline_at FROM panel_commands \
                 WHERE panel_id = $1 ORDER BY requested_at DESC, id DESC LIMIT 1",
                &[Arg::Uuid(panel_id.0)],
            )
            .await?;
        Ok(read(rows)?.pop())
    }
}

impl Tx {
    /// Queues a command, unless one is already waiting for the panel; whether it was queued.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn insert_command(
        &mut self,
        panel_id: PanelId,
        customer_id: CustomerId,
        command: Command,
        now: OffsetDateTime,
        deadline: OffsetDateTime,
    ) -> Result<Option<Uuid>, StoreError> {
        let id = Uuid::now_v7();
        let done = self
            .execute(
                "INSERT INTO panel_commands (id, panel_id, customer_id, command, mode, status, \
                 requested_at, deadline_at) SELECT $1, $2, $3, $4, $5, 'pending', $6, $7 \
                 WHERE NOT EXISTS (SELECT 1 FROM panel_commands WHERE panel_id = $2 \
                 AND status IN ('pending', 'sent') AND deadline_at >= $6)",
                &[
                    Arg::Uuid(id),
                    Arg::Uuid(panel_id.0),
                    Arg::Uuid(customer_id.0),
                    Arg::Text(command.word()),
                    Arg::OptText(command.mode().map(ArmMode::word)),
                    Arg::Time(now),
                    Arg::Time(deadline),
                ],
            )
            .await?;
        Ok((done == 1).then_some(id))
    }

    /// Confirms the panel's waiting commands that `command` (what its new state confirms)
    /// answers.
    ///
    /// # Errors
    /// On a database failure.
    pub async fn confirm_commands(
        &mut self,
        panel_id: PanelId,
        command: Command,
        now: OffsetDateTime,
    ) -> Result<u64, StoreError> {
        self.execute(
            "UPDATE panel_commands SET status = 'confirmed', settled_at = $1 \
             WHERE panel_id = $2 AND status IN ('pending', 'sent') AND deadline_at >= $1 \
             AND command = $3 AND COALESCE(mode, '') = $4",
            &[
                Arg::Time(now),
                Arg::Uuid(panel_id.0),
                Arg::Text(command.word()),
                Arg::Text(command.mode().map_or("", ArmMode::word)),
            ],
        )
        .await
    }
}
