//! Contracts, their guarantees and options, and when the next premium falls due.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

use crate::Money;
use crate::homes::StoredWord;
use crate::ids::{ContractId, HomeId};

/// What a contract sells.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Product {
    /// Multirisque habitation.
    HomeInsurance,
    /// Télésurveillance.
    Monitoring,
}

/// Where a contract stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    /// Signed, not yet in force.
    Pending,
    /// In force.
    Active,
    /// Suspended (unpaid premium…).
    Suspended,
    /// Ended.
    Cancelled,
}

/// How often the premium is paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Every month.
    Monthly,
    /// Once a year.
    Annual,
}

/// A guarantee of a home-insurance contract, or a service of a monitoring one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GuaranteeCode {
    /// Incendie.
    Fire,
    /// Dégât des eaux.
    WaterDamage,
    /// Vol et vandalisme.
    Theft,
    /// Bris de glace.
    GlassBreakage,
    /// Catastrophe naturelle.
    NaturalDisaster,
    /// Responsabilité civile.
    Liability,
    /// Surveillance 24 h/24 by the monitoring centre.
    RemoteMonitoring,
    /// Maintenance of the installed equipment.
    EquipmentMaintenance,
}

/// A contract as the customer sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contract {
    /// Its id.
    pub id: ContractId,
    /// The home it protects.
    pub home_id: HomeId,
    /// Contract number (`MRH-2024-000123`).
    pub number: String,
    /// What it sells.
    pub product: Product,
    /// Where it stands.
    pub status: ContractStatus,
    /// First day in force.
    pub start_date: Date,
    /// Last day, when it is ending.
    pub end_date: Option<Date>,
    /// Premium per period, options excluded.
    pub premium: Money,
    /// Period of the premium.
    pub frequency: Frequency,
}

impl Contract {
    /// The next day a premium is due, on or after `today`; none once the contract is over.
    #[must_use]
    pub fn next_premium_due(&self, today: Date) -> Option<Date> {
        if matches!(
            self.status,
            ContractStatus::Cancelled | ContractStatus::Suspended
        ) {
            return None;
        }
        let start = self.start_date;
        let step = match self.frequency {
            Frequency::Monthly => 1,
            Frequency::Annual => 12,
        };
        // Start a whole period before today's month, which falls before today: the loop then
        // takes two or three steps, not one a month since the start (B5: every card asks).
        let months_apart = (today.year() - start.year()) * 12 + i32::from(today.month() as u8)
            - i32::from(start.month() as u8);
        let mut k = (u32::try_from(months_apart).unwrap_or(0) / step * step).saturating_sub(step);
        let mut due = add_months(start, k)?;
        while due < today {
            k += step;
            due = add_months(self.start_date, k)?;
        }
        match self.end_date {
            Some(end) if due > end => None,
            _ => Some(due),
        }
    }
}

impl Contract {
    /// The premium period containing `today`: from its due date (included) to the next one
    /// (excluded). None before the start or once the contract is over.
    #[must_use]
    pub fn current_period(&self, today: Date) -> Option<(Date, Date)> {
        if today < self.start_date || self.end_date.is_some_and(|end| today > end) {
            return None;
        }
        let step = self.frequency.months();
        let step = u32::try_from(step).ok()?;
        let mut k = 0u32;
        loop {
            let from = add_months(self.start_date, k)?;
            let to = add_months(self.start_date, k + step)?;
            if today < to {
                return Some((from, to));
            }
            k += step;
        }
    }
}

/// `date` plus `months`, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb).
fn add_months(date: Date, months: u32) -> Option<Date> {
    let index = i64::from(date.month() as u8) - 1 + i64::from(months);
    let year = date.year() + i32::try_from(index / 12).ok()?;
    let month = Month::try_from(u8::try_from(index % 12 + 1).ok()?).ok()?;
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).ok()
}

/// A guarantee with its limits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guarantee {
    /// Which guarantee.
    pub code: GuaranteeCode,
    /// Most paid per claim; `None` when unlimited (liability for bodily harm…).
    pub ceiling: Option<Money>,
    /// Left to the customer per claim.
    pub deductible: Money,
}

impl Frequency {
    /// Months in one period.
    #[must_use]
    pub const fn months(self) -> i64 {
        match self {
            Self::Monthly => 1,
            Self::Annual => 12,
        }
    }
}

/// An option of the provider's catalogue and, for a contract, whether it is subscribed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractOption {
    /// Catalogue code (`valuables`, `guard_dispatch`…); its name comes from the messages.
    pub code: String,
    /// Price per month, as the catalogue lists it.
    pub price: Money,
    /// The product it can be added to.
    pub product: Product,
    /// Subscribed on this contract.
    pub subscribed: bool,
}

impl ContractOption {
    /// What the option adds to each premium of a contract paid with `frequency`.
    #[must_use]
    pub const fn price_per(&self, frequency: Frequency) -> Money {
        Money::from_cents(self.price.cents().saturating_mul(frequency.months()))
    }
}

impl StoredWord for Product {
    const WORDS: &'static [(Self, &'static str)] = &[
        (Self::HomeInsurance, "home_insurance"),
        (Self::Monitoring, "monitoring"),
    ];
}

impl StoredWord for ContractStatus {
    const WORDS: &'static [(Self, &'static str)] = &[
        (Self::Pending, "pending"),
        (Self::Active, "active"),
        (Self::Suspended, "suspended"),
        (Self::Cancelled, "cancelled"),
    ];
}

impl StoredWord for Frequency {
    const WORDS: &'static [(Self, &'static str)] =
        &[(Self::Monthly, "monthly"), (Self::Annual, "annual")];
}

impl StoredWord for GuaranteeCode {
    const WORDS: &'static [(Self, &'static str)] = &[
        (Self::Fire, "fire"),
        (Self::WaterDamage, "water_damage"),
        (Self::Theft, "theft"),
        (Self::GlassBreakage, "glass_breakage"),
        (Self::NaturalDisaster, "natural_disaster"),
        (Self::Liability, "liability"),
        (Self::RemoteMonitoring, "remote_monitoring"),
        (Self::EquipmentMaintenance, "equipment_maintenance"),
    ];
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn contract(start: Date, frequency: Frequency) -> Contract {
        Contract {
            id: ContractId::new(),
            home_id: HomeId::new(),
            number: "MRH-1".into(),
            product: Product::HomeInsurance,
            status: ContractStatus::Active,
            start_date: start,
            end_date: None,
            premium: Money::from_cents(2_490),
            frequency,
        }
    }

    #[test]
    fn next_premium_follows_the_frequency() {
        let monthly = contract(date!(2024 - 01 - 31), Frequency::Monthly);
        assert_eq!(
            monthly.next_premium_due(date!(2026 - 11 - 27)),
            Some(date!(2026 - 11 - 30))
        );
        assert_eq!(
            monthly.next_premium_due(date!(2026 - 02 - 01)),
            Some(date!(2026 - 02 - 28))
        );
        let annual = contract(date!(2023 - 03 - 15), Frequency::Annual);
        assert_eq!(
            annual.next_premium_due(date!(2026 - 11 - 27)),
            Some(date!(2027 - 03 - 15))
        );
        assert_eq!(
            annual.next_premium_due(date!(2023 - 01 - 01)),
            Some(date!(2023 - 03 - 15))
        );
    }

    #[test]
    fn the_next_premium_is_the_first_due_day_on_or_after_today() {
        // Against counting one period at a time from the start, over starts on every kind of
        // month end and four years of days.
        let naive = |c: &Contract, today: Date| {
            let step = u32::try_from(c.frequency.months()).unwrap();
            let mut k = 0;
            let mut due = c.start_date;
            while due < today {
                k += step;
                due = add_months(c.start_date, k)?;
            }
            Some(due)
        };
        for start in [
            date!(2024 - 01 - 31),
            date!(2024 - 02 - 29),
            date!(2023 - 03 - 15),
            date!(2025 - 12 - 01),
            date!(2026 - 06 - 30),
        ] {
            for frequency in [Frequency::Monthly, Frequency::Annual] {
                let c = contract(start, frequency);
                let mut today = date!(2023 - 01 - 01);
                while today < date!(2027 - 01 - 01) {
                    assert_eq!(
                        c.next_premium_due(today),
                        naive(&c, today),
                        "{start} {frequency:?} {today}"
                    );
                    today = today.next_day().unwrap();
                }
            }
        }
    }

    #[test]
    fn option_prices_follow_the_premium_period() {
        let option = ContractOption {
            code: "valuables".into(),
            price: Money::from_cents(590),
            product: Product::HomeInsurance,
            subscribed: false,
        };
        assert_eq!(option.price_per(Frequency::Monthly), Money::from_cents(590));
        assert_eq!(
            option.price_per(Frequency::Annual),
            Money::from_cents(7_080)
        );
    }

    #[test]
    fn nothing_is_due_after_the_end() {
        let mut ended = contract(date!(2024 - 01 - 10), Frequency::Monthly);
        ended.end_date = Some(date!(2026 - 11 - 30));
        assert_eq!(ended.next_premium_due(date!(2026 - 12 - 01)), None);
        ended.status = ContractStatus::Cancelled;
        assert_eq!(ended.next_premium_due(date!(2026 - 01 - 01)), None);
    }
}
