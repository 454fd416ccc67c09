//! Remote control: a customer's arm or disarm command, checked against the state, queued for
//! the panel (which polls, or hears it over MQTT), confirmed by the panel's next state.

use abri_domain::alarm::{Command, CommandRefusal, check_command};
use abri_domain::ids::HomeId;
use abri_store::alarm::{PanelAuth, PanelCommand};
use abri_store::audit::AuditEvent;
use subtle::ConstantTimeEq;

use crate::auth::{SessionOrigin, SignedIn};
use crate::tokens::{hash_secret, looks_like_secret};
use crate::{App, AppError};

/// Compared against when the serial is unknown, so that both refusals take the same work.
const NO_PANEL: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl App {
    /// The panel behind `credentials` (`<serial>.<token>`).
    ///
    /// # Errors
    /// [`AppError::Unauthenticated`] for an unknown panel or a wrong token (the same answer
    /// after the same work).
    pub async fn authenticate_panel(&self, credentials: &str) -> Result<PanelAuth, AppError> {
        let (serial, token) = credentials
            .split_once('.')
            .ok_or(AppError::Unauthenticated)?;
        let panel = if looks_like_secret(token) && serial.len() <= 64 {
            self.db.panel_by_serial(serial).await?
        } else {
            None
        };
        let expected = panel.as_ref().map_or(NO_PANEL, |p| p.token_hash.as_str());
        let matches: bool = hash_secret(token)
            .as_bytes()
            .ct_eq(expected.as_bytes())
            .into();
        panel.filter(|_| matches).ok_or(AppError::Unauthenticated)
    }

    /// Sends `command` to the alarm of one of the customer's homes.
    ///
    /// # Errors
    /// [`AppError::NotFound`] for another customer's home or a home without a panel;
    /// [`AppError::Invalid`] on `command` when the state does not allow it or a command is
    /// still waiting for the panel.
    pub async fn send_command(
        &self,
        who: &SignedIn,
        home: HomeId,
        command: Command,
        origin: &SessionOrigin,
    ) -> Result<(), AppError> {
        let panel = self
            .db
            .panel_of_home(who.customer.id, home)
            .await?
            .ok_or(AppError::NotFound)?;
        check_command(panel.state, command).map_err(|refusal| {
            AppError::invalid(
                "command",
                match refusal {
                    CommandRefusal::AlreadySo => "alarm-command-already",
                    CommandRefusal::DisarmFirst => "alarm-command-disarm-first",
                },
            )
        })?;
        let now = self.clock.now();
        self.db.fail_overdue_commands(panel.id, now).await?;
        let event = AuditEvent {
            customer_id: Some(who.customer.id),
            ip: origin.ip.clone(),
            user_agent: origin.user_agent.clone(),
            action: "alarm_command".into(),
            result: "success".into(),
            method: Some(command.word().into()),
            detail: Some(
                serde_json::json!({
                    "home": home.0,
                    "mode": command.mode().map(|m| m.word()),
                })
                .to_string(),
            ),
            ..AuditEvent::default()
        };
        let mut tx = self.db.begin().await?;
        let queued = tx
            .insert_command(
                panel.id,
                who.customer.id,
                command,
                now,
                now + self.alarm.command_timeout,
            )
            .await?;
        if queued.is_none() {
            return Err(AppError::invalid("command", "alarm-command-waiting"));
        }
        tx.insert_audit(&event, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// What a polling panel should do now (each command handed over once).
    ///
    /// # Errors
    /// As [`App::authenticate_panel`]; a storage failure.
    pub async fn commands_for_panel(
        &self,
        credentials: &str,
    ) -> Result<Vec<PanelCommand>, AppError> {
        let panel = self.authenticate_panel(credentials).await?;
        let now = self.clock.now();
        self.db.fail_overdue_commands(panel.id, now).await?;
        Ok(self.db.take_commands(panel.id, now).await?)
    }

    /// The commands waiting for panels that speak MQTT, each handed over once with the serial
    /// whose topic it goes to.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn commands_for_broker(&self) -> Result<Vec<(String, PanelCommand)>, AppError> {
        Ok(self.db.take_mqtt_commands(self.clock.now()).await?)
    }

    /// Gives the panel `serial` a new random token (staff, when a panel is replaced or its
    /// token may have leaked); the old one stops working at once. Returns the new token, shown
    /// once.
    ///
    /// # Errors
    /// [`AppError::NotFound`] for an unknown serial.
    pub async fn rotate_panel_token(&self, serial: &str) -> Result<String, AppError> {
        let token = crate::tokens::new_secret();
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        if !tx
            .set_panel_token(serial, &hash_secret(&token), now)
            .await?
        {
            return Err(AppError::NotFound);
        }
        tx.insert_audit(
            &AuditEvent {
                action: "panel_token_rotated".into(),
                result: "success".into(),
                detail: Some(serde_json::json!({ "serial": serial }).to_string()),
                ..AuditEvent::default()
            },
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(token)
    }
}
