//! One contract's page: guarantees, subscribed and available options.

use abri_domain::contracts::{Contract, ContractOption, Guarantee};
use abri_domain::homes::Home;
use abri_domain::ids::ContractId;

use crate::auth::SignedIn;
use crate::{App, AppError};

/// Everything the contract page shows.
#[derive(Clone, Debug)]
pub struct ContractDetail {
    /// The contract.
    pub contract: Contract,
    /// The home it protects.
    pub home: Home,
    /// Its guarantees with ceilings and deductibles.
    pub guarantees: Vec<Guarantee>,
    /// The catalogue's options for its product, subscribed ones marked.
    pub options: Vec<ContractOption>,
}

impl App {
    /// One contract of the signed-in customer; another customer's is [`AppError::NotFound`].
    ///
    /// # Errors
    /// [`AppError::NotFound`], or a storage failure.
    pub async fn contract(
        &self,
        who: &SignedIn,
        id: ContractId,
    ) -> Result<ContractDetail, AppError> {
        let contract = self
            .db
            .contract_of(who.customer.id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let home = self
            .db
            .home_of(who.customer.id, contract.home_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let guarantees = self.db.guarantees_of(contract.id).await?;
        let options = self.db.options_of(&contract).await?;
        Ok(ContractDetail {
            contract,
            home,
            guarantees,
            options,
        })
    }
}
