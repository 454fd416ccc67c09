//! Cancellation in three clicks (« résiliation en 3 clics », in force since 1 June 2023): why,
//! when it takes effect, and what follows. Home insurance after its first year may end one
//! month after the request (loi Hamon); otherwise at the renewal date (« à échéance »).

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use crate::contracts::{Contract, ContractStatus, Product};
use crate::homes::StoredWord;

/// Why the customer cancels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Reason {
    /// At the renewal date.
    AtRenewal,
    /// Moving house.
    Moving,
    /// Selling the home.
    Sale,
    /// A better price elsewhere.
    Price,
    /// Something else.
    Other,
}

impl StoredWord for Reason {
    const WORDS: &'static [(Self, &'static str)] = &[
        (Self::AtRenewal, "at_renewal"),
        (Self::Moving, "moving"),
        (Self::Sale, "sale"),
        (Self::Price, "price"),
        (Self::Other, "other"),
    ];
}

/// Why a request cannot be made as asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CancellationRefusal {
    /// The wished date is before today.
    DateInPast,
    /// The contract is not in force.
    NotActive,
}

/// A request ready to confirm.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CancellationTerms {
    /// Why.
    pub reason: Reason,
    /// The day the customer asked for.
    pub wished: Date,
    /// The day the contract actually ends.
    pub effective: Date,
    /// Monitoring: the equipment goes back to the provider.
    pub equipment_return: bool,
}

/// The next anniversary of the contract's start on or after `today`.
#[must_use]
pub fn renewal_date(contract: &Contract, today: Date) -> Date {
    let start = contract.start_date;
    let mut year = today.year();
    loop {
        let day = start.day().min(start.month().length(year));
        if let Ok(candidate) = Date::from_calendar_date(year, start.month(), day)
            && candidate >= today
        {
            return candidate;
        }
        year += 1;
    }
}

/// The terms of cancelling `contract` for `reason`, from `wished`, asked on `today`.
///
/// # Errors
/// When the date is past or the contract not in force.
pub fn terms(
    contract: &Contract,
    reason: Reason,
    wished: Date,
    today: Date,
) -> Result<CancellationTerms, CancellationRefusal> {
    if contract.status != ContractStatus::Active {
        return Err(CancellationRefusal::NotActive);
    }
    if wished < today {
        return Err(CancellationRefusal::DateInPast);
    }
    let renewal = renewal_date(contract, today);
    let one_year = today - contract.start_date >= Duration::days(365);
    let notice = today + Duration::days(30);
    let effective = match reason {
        Reason::AtRenewal => renewal,
        _ if one_year => wished.max(notice),
        _ => wished.max(renewal),
    };
    Ok(CancellationTerms {
        reason,
        wished,
        effective,
        equipment_return: contract.product == Product::Monitoring,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Money;
    use crate::contracts::Frequency;
    use crate::ids::{ContractId, HomeId};
    use time::macros::date;

    fn contract(start: Date, product: Product) -> Contract {
        Contract {
            id: ContractId::new(),
            home_id: HomeId::new(),
            number: "X".into(),
            product,
            status: ContractStatus::Active,
            start_date: start,
            end_date: None,
            premium: Money::from_cents(1_000),
            frequency: Frequency::Monthly,
        }
    }

    #[test]
    fn effective_dates_follow_the_rules() {
        let today = date!(2026 - 11 - 27);
        let old = contract(date!(2023 - 12 - 09), Product::HomeInsurance);
        assert_eq!(renewal_date(&old, today), date!(2026 - 12 - 09));
        assert_eq!(
            terms(&old, Reason::AtRenewal, today, today)
                .unwrap()
                .effective,
            date!(2026 - 12 - 09)
        );
        assert_eq!(
            terms(&old, Reason::Price, today, today).unwrap().effective,
            date!(2026 - 12 - 27),
            "a month's notice"
        );
        assert_eq!(
            terms(&old, Reason::Moving, date!(2027 - 02 - 01), today)
                .unwrap()
                .effective,
            date!(2027 - 02 - 01)
        );
        let young = contract(date!(2026 - 11 - 07), Product::Monitoring);
        let t = terms(&young, Reason::Price, today, today).unwrap();
        assert_eq!(t.effective, date!(2027 - 11 - 07), "first year: at renewal");
        assert!(t.equipment_return);
        assert_eq!(
            terms(&old, Reason::Other, date!(2026 - 11 - 26), today),
            Err(CancellationRefusal::DateInPast)
        );
    }
}
