//! The dashboard (every home with its contracts) and one home's page.

use std::borrow::Cow;

use abri_domain::alarm::AlarmState;
use abri_domain::contracts::Contract;
use abri_domain::homes::{Equipment, Home, LabelError, parse_label};
use abri_domain::ids::HomeId;

use crate::auth::SignedIn;
use crate::{App, AppError};

/// A home with its contracts, as a dashboard card or a home page shows it: the dashboard
/// borrows the homes its request already read (no copy of their texts), a home page owns its.
#[derive(Clone, Debug)]
pub struct HomeOverview<'a> {
    /// The home.
    pub home: Cow<'a, Home>,
    /// Its contracts.
    pub contracts: Vec<Contract>,
    /// The state of its alarm, when a panel is linked.
    pub alarm: Option<AlarmState>,
}

/// Everything the home page shows.
#[derive(Clone, Debug)]
pub struct HomeDetail {
    /// The home and its contracts.
    pub overview: HomeOverview<'static>,
    /// Installed equipment.
    pub equipment: Vec<Equipment>,
}

impl App {
    /// Every home of the signed-in customer with its alarm's state, in the order the layout's
    /// switcher and the dashboard show them (read once per page, by the page's context).
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn homes_with_alarm(
        &self,
        who: &SignedIn,
    ) -> Result<Vec<(Home, Option<AlarmState>)>, AppError> {
        Ok(self.db.homes_with_alarm_of(who.customer.id).await?)
    }

    /// One card per home of the signed-in customer, each with its contracts: `homes` are the
    /// customer's homes as [`App::homes_with_alarm`] read them for this request.
    ///
    /// # Errors
    /// On a storage failure.
    pub async fn dashboard<'h>(
        &self,
        who: &SignedIn,
        homes: &'h [(Home, Option<AlarmState>)],
    ) -> Result<Vec<HomeOverview<'h>>, AppError> {
        let mut contracts = self.db.contracts_of(who.customer.id).await?;
        Ok(homes
            .iter()
            .map(|(home, alarm)| {
                let (mine, rest) = contracts.drain(..).partition(|c| c.home_id == home.id);
                contracts = rest;
                HomeOverview {
                    alarm: *alarm,
                    home: Cow::Borrowed(home),
                    contracts: mine,
                }
            })
            .collect())
    }

    /// One home of the signed-in customer; another customer's home is [`AppError::NotFound`].
    ///
    /// # Errors
    /// [`AppError::NotFound`], or a storage failure.
    pub async fn home(&self, who: &SignedIn, id: HomeId) -> Result<HomeDetail, AppError> {
        let home = self
            .db
            .home_of(who.customer.id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let contracts = self.db.contracts_of(who.customer.id).await?;
        let equipment = self.db.equipment_of(home.id).await?;
        let contracts = contracts
            .into_iter()
            .filter(|c| c.home_id == home.id)
            .collect();
        Ok(HomeDetail {
            overview: HomeOverview {
                alarm: self
                    .db
                    .panel_of_home(who.customer.id, home.id)
                    .await?
                    .map(|p| p.state),
                home: Cow::Owned(home),
                contracts,
            },
            equipment,
        })
    }

    /// Gives a home the customer's own name.
    ///
    /// # Errors
    /// [`AppError::Invalid`] on `label`; [`AppError::NotFound`] for another customer's home.
    pub async fn rename_home(
        &self,
        who: &SignedIn,
        id: HomeId,
        typed: &str,
    ) -> Result<(), AppError> {
        let label = parse_label(typed).map_err(|e| match e {
            LabelError::Missing => AppError::invalid("label", "error-required"),
            LabelError::TooLong => AppError::invalid("label", "error-too-long"),
        })?;
        if self.db.rename_home(who.customer.id, id, &label).await? {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}
