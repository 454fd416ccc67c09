//! Panel health: a panel silent for longer than the configured period is marked offline and an
//! `offline` event is raised (the customer's page and history show it); its next word raises
//! `online`.

use std::sync::Arc;

use super::{as_stored, server_event};
use crate::live::LiveEvent;
use crate::{App, AppError};

impl App {
    /// Marks the silent panels offline; how many were. Run by the worker.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn check_panel_health(&self) -> Result<usize, AppError> {
        let now = self.clock.now();
        let mut tx = self.db.begin().await?;
        let silent = tx.mark_offline(now - self.alarm.offline_after).await?;
        let mut published = Vec::new();
        for (panel, home, customer) in &silent {
            let row = server_event("offline", now);
            if let Some(id) = tx.insert_alarm_event(*panel, *home, &row, now).await? {
                published.push(LiveEvent::new(*customer, as_stored(id, *home, row, None)));
            }
        }
        tx.commit().await?;
        for event in published {
            self.events.publish(Arc::new(event));
        }
        Ok(silent.len())
    }
}
