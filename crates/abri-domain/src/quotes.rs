//! Quotes for adding or removing an option (issue: contracts self-service): the new premium
//! and the pro-rata of the current period, in integer cents, rounded half up.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::Money;
use crate::contracts::{Contract, ContractOption, ContractStatus};

/// Adding or removing an option.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// Subscribe.
    Add,
    /// Remove.
    Remove,
}

/// What a change costs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// Add or remove.
    pub change: Change,
    /// The option's price per premium period.
    pub option_price: Money,
    /// Premium per period before (options included).
    pub premium_before: Money,
    /// Premium per period after.
    pub premium_after: Money,
    /// Charged (positive) or credited (negative) for what is left of the current period.
    pub prorata: Money,
    /// The change takes effect on this day.
    pub effective: Date,
    /// The current period ends (the next due date).
    pub period_end: Date,
}

/// Why no quote can be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QuoteRefusal {
    /// The option is not offered for this contract's product.
    NotOffered,
    /// Adding what is subscribed, or removing what is not.
    NothingToChange,
    /// The contract is not in force.
    NotActive,
}

/// The quote for `change` of `option` on `contract` today, with the options it has now.
///
/// # Errors
/// When the change makes no sense for this contract.
pub fn quote(
    contract: &Contract,
    options: &[ContractOption],
    option: &ContractOption,
    change: Change,
    today: Date,
) -> Result<Quote, QuoteRefusal> {
    if contract.status != ContractStatus::Active {
        return Err(QuoteRefusal::NotActive);
    }
    if option.product != contract.product {
        return Err(QuoteRefusal::NotOffered);
    }
    if option.subscribed == (change == Change::Add) {
        return Err(QuoteRefusal::NothingToChange);
    }
    let (from, to) = contract
        .current_period(today)
        .ok_or(QuoteRefusal::NotActive)?;
    let options_total = options
        .iter()
        .filter(|o| o.subscribed)
        .fold(Money::default(), |sum, o| {
            sum.saturating_add(o.price_per(contract.frequency))
        });
    let premium_before = contract.premium.saturating_add(options_total);
    let price = option.price_per(contract.frequency);
    let signed = match change {
        Change::Add => price.cents(),
        Change::Remove => -price.cents(),
    };
    let remaining = (to - today).whole_days();
    let period = (to - from).whole_days().max(1);
    Ok(Quote {
        change,
        option_price: price,
        premium_before,
        premium_after: Money::from_cents(premium_before.cents().saturating_add(signed)),
        prorata: Money::from_cents(round_half_up(signed.saturating_mul(remaining), period)),
        effective: today,
        period_end: to,
    })
}

/// `n / d` rounded to the nearest integer, halves away from zero (`d` > 0).
fn round_half_up(n: i64, d: i64) -> i64 {
    let q = (n.abs().saturating_mul(2).saturating_add(d)) / d.saturating_mul(2);
    if n < 0 { -q } else { q }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contracts::{Frequency, Product};
    use crate::ids::{ContractId, HomeId};
    use time::macros::date;

    fn contract(start: Date, frequency: Frequency, premium: i64) -> Contract {
        Contract {
            id: ContractId::new(),
            home_id: HomeId::new(),
            number: "MRH-1".into(),
            product: Product::HomeInsurance,
            status: ContractStatus::Active,
            start_date: start,
            end_date: None,
            premium: Money::from_cents(premium),
            frequency,
        }
    }

    fn option(code: &str, cents: i64, subscribed: bool) -> ContractOption {
        ContractOption {
            code: code.into(),
            price: Money::from_cents(cents),
            product: Product::HomeInsurance,
            subscribed,
        }
    }

    #[test]
    fn monthly_payer_mid_period() {
        // Period 9 Nov → 9 Dec (30 days); 12 days left on 27 Nov: 5.90 × 12 / 30 = 2.36.
        let c = contract(date!(2023 - 12 - 09), Frequency::Monthly, 3_490);
        let subscribed = option("garden", 350, true);
        let valuables = option("valuables", 590, false);
        let q = quote(
            &c,
            &[subscribed, valuables.clone()],
            &valuables,
            Change::Add,
            date!(2026 - 11 - 27),
        )
        .unwrap();
        assert_eq!(q.premium_before, Money::from_cents(3_840));
        assert_eq!(q.premium_after, Money::from_cents(4_430));
        assert_eq!(q.prorata, Money::from_cents(236));
        assert_eq!(q.period_end, date!(2026 - 12 - 09));
    }

    #[test]
    fn annual_payer_and_removal() {
        // Period 11 Jan 2026 → 11 Jan 2027 (365 days); 45 days left: 70.80 × 45 / 365 = 8.7287 → 8.73.
        let c = contract(date!(2023 - 01 - 11), Frequency::Annual, 24_900);
        let legal = option("legal_protection", 590, true);
        let q = quote(
            &c,
            std::slice::from_ref(&legal),
            &legal,
            Change::Remove,
            date!(2026 - 11 - 27),
        )
        .unwrap();
        assert_eq!(q.option_price, Money::from_cents(7_080));
        assert_eq!(q.premium_before, Money::from_cents(31_980));
        assert_eq!(q.premium_after, Money::from_cents(24_900));
        assert_eq!(q.prorata, Money::from_cents(-873));
    }

    #[test]
    fn on_a_due_date_the_whole_period_counts_and_halves_round_up() {
        let c = contract(date!(2026 - 01 - 01), Frequency::Monthly, 1_000);
        let o = option("valuables", 101, false);
        // 1 Nov → 1 Dec: 30 days, all left.
        let q = quote(
            &c,
            std::slice::from_ref(&o),
            &o,
            Change::Add,
            date!(2026 - 11 - 01),
        )
        .unwrap();
        assert_eq!(q.prorata, Money::from_cents(101));
        // 15 days of 30 left: 1.01 / 2 = 0.505 → 0.51.
        let q = quote(
            &c,
            std::slice::from_ref(&o),
            &o,
            Change::Add,
            date!(2026 - 11 - 16),
        )
        .unwrap();
        assert_eq!(q.prorata, Money::from_cents(51));
        assert_eq!(round_half_up(-505, 10), -51);
    }

    #[test]
    fn nonsense_changes_are_refused() {
        let c = contract(date!(2026 - 01 - 01), Frequency::Monthly, 1_000);
        let subscribed = option("valuables", 590, true);
        assert_eq!(
            quote(&c, &[], &subscribed, Change::Add, date!(2026 - 11 - 27)),
            Err(QuoteRefusal::NothingToChange)
        );
        let mut monitoring = option("guard_dispatch", 900, false);
        monitoring.product = Product::Monitoring;
        assert_eq!(
            quote(&c, &[], &monitoring, Change::Add, date!(2026 - 11 - 27)),
            Err(QuoteRefusal::NotOffered)
        );
        let mut cancelled = c.clone();
        cancelled.status = ContractStatus::Cancelled;
        let free = option("garden", 350, false);
        assert_eq!(
            quote(&cancelled, &[], &free, Change::Add, date!(2026 - 11 - 27)),
            Err(QuoteRefusal::NotActive)
        );
    }
}
