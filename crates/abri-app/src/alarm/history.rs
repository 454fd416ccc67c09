//! A home's event history for its owner: filtered, paged, and exported whole.

use abri_domain::ids::HomeId;
use abri_store::alarm::{AlarmEvent, Device, HistoryFilter};

use crate::auth::SignedIn;
use crate::{App, AppError};

/// The most rows an export holds.
pub const EXPORT_MAX: usize = 100_000;

impl App {
    /// The devices of the alarm of one of the customer's homes (for the history's filter).
    ///
    /// # Errors
    /// [`AppError::NotFound`] for another customer's home or a home without a panel.
    pub async fn alarm_devices(
        &self,
        who: &SignedIn,
        home: HomeId,
    ) -> Result<Vec<Device>, AppError> {
        let panel = self
            .db
            .panel_of_home(who.customer.id, home)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(self.db.devices_of(panel.id).await?)
    }

    /// A page of the history of one of the customer's homes.
    ///
    /// # Errors
    /// [`AppError::NotFound`] for another customer's home; a storage failure.
    pub async fn alarm_history(
        &self,
        who: &SignedIn,
        home: HomeId,
        filter: &HistoryFilter,
        limit: usize,
    ) -> Result<Vec<AlarmEvent>, AppError> {
        self.db
            .home_of(who.customer.id, home)
            .await?
            .ok_or(AppError::NotFound)?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        Ok(self.db.alarm_history(home, filter, limit).await?)
    }

    /// Every event matching `filter`, newest first, up to [`EXPORT_MAX`].
    ///
    /// # Errors
    /// As [`App::alarm_history`].
    pub async fn alarm_export(
        &self,
        who: &SignedIn,
        home: HomeId,
        filter: &HistoryFilter,
    ) -> Result<Vec<AlarmEvent>, AppError> {
        let mut all = Vec::new();
        let mut page = filter.clone();
        loop {
            let batch = self.alarm_history(who, home, &page, 2_000).await?;
            let Some(last) = batch.last() else { break };
            page.before = Some(last.id);
            let full = batch.len() == 2_000;
            all.extend(batch);
            if !full || all.len() >= EXPORT_MAX {
                break;
            }
        }
        all.truncate(EXPORT_MAX);
        Ok(all)
    }
}
