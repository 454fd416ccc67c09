//! View models: domain values turned into the words and numbers a page shows, in its language.

use std::borrow::Cow;

use abri_app::homes::HomeOverview;
use abri_domain::contracts::{Contract, ContractStatus, Frequency, Guarantee};
use abri_domain::homes::{Equipment, Home, StoredWord};
use abri_domain::{Language, Money};
use time::Date;

use abri_app::i18n::{t, t_args, text_of};

pub(crate) use abri_app::i18n::{date, date_time};

/// An amount per premium period: `34,90 € / mois`, `€249.00 / year`.
#[must_use]
pub(crate) fn per_period(lang: Language, amount: Money, frequency: Frequency) -> String {
    let key = match frequency {
        Frequency::Monthly => "per-monthly",
        Frequency::Annual => "per-annual",
    };
    t_args(lang, key, &[("amount", amount.format(lang))])
}

/// A contract line of a card or list.
pub(crate) struct ContractLine {
    pub url: String,
    pub number: String,
    pub product: Cow<'static, str>,
    pub status: Cow<'static, str>,
    pub status_class: &'static str,
    pub premium: String,
    pub next_due: Option<String>,
    pub next_due_date: Option<String>,
}

impl ContractLine {
    pub(crate) fn new(lang: Language, c: &Contract, today: Date) -> Self {
        let due = c.next_premium_due(today).map(|d| date(lang, d));
        Self {
            url: format!("/contracts/{}", c.id),
            number: c.number.clone(),
            product: text_of(lang, "product-", c.product.word()),
            status: text_of(lang, "status-", c.status.word()),
            status_class: match c.status {
                ContractStatus::Active => "ok",
                ContractStatus::Pending => "info",
                ContractStatus::Suspended => "warn",
                ContractStatus::Cancelled => "off",
            },
            premium: per_period(lang, c.premium, c.frequency),
            next_due: due
                .clone()
                .map(|d| t_args(lang, "next-due", &[("date", d)])),
            next_due_date: due,
        }
    }
}

/// A home card of the dashboard, or the head of a home page.
pub(crate) struct HomeCard {
    pub url: String,
    pub label: String,
    pub kind: Cow<'static, str>,
    pub address: String,
    pub contracts: Vec<ContractLine>,
    /// The alarm's state as words and CSS class, when the home has a panel.
    pub alarm: Option<(String, &'static str)>,
}

impl HomeCard {
    pub(crate) fn new(lang: Language, overview: &HomeOverview, today: Date) -> Self {
        let Home {
            id,
            label,
            kind,
            address,
            ..
        } = &overview.home;
        Self {
            url: format!("/homes/{id}"),
            label: label.clone(),
            kind: text_of(lang, "home-kind-", kind.word()),
            address: format!(
                "{}, {} {}",
                address.street, address.postal_code, address.city
            ),
            alarm: overview
                .alarm
                .map(|state| crate::alarm_views::state_label(lang, state)),
            contracts: overview
                .contracts
                .iter()
                .map(|c| ContractLine::new(lang, c, today))
                .collect(),
        }
    }
}

/// A line of equipment.
pub(crate) struct EquipmentLine {
    pub kind: String,
    pub location: String,
    pub quantity: i64,
}

impl EquipmentLine {
    pub(crate) fn new(lang: Language, e: &Equipment) -> Self {
        Self {
            kind: t(lang, &format!("equipment-{}", e.kind.word())),
            location: e.location.clone(),
            quantity: e.quantity,
        }
    }
}

/// A guarantee row.
pub(crate) struct GuaranteeLine {
    pub name: String,
    pub ceiling: String,
    pub deductible: String,
}

impl GuaranteeLine {
    pub(crate) fn new(lang: Language, g: &Guarantee) -> Self {
        Self {
            name: t(lang, &format!("guarantee-{}", g.code.word())),
            ceiling: g
                .ceiling
                .map_or_else(|| t(lang, "guarantee-unlimited"), |m| m.format(lang)),
            deductible: if g.deductible == Money::default() {
                t(lang, "guarantee-no-deductible")
            } else {
                g.deductible.format(lang)
            },
        }
    }
}

/// An option of the catalogue.
pub(crate) struct OptionLine {
    pub code: String,
    pub name: String,
    pub description: String,
    pub price: String,
}

impl OptionLine {
    pub(crate) fn new(lang: Language, code: &str, price: Money, frequency: Frequency) -> Self {
        let per = match frequency {
            Frequency::Monthly => "per-monthly",
            Frequency::Annual => "per-annual",
        };
        Self {
            code: code.to_owned(),
            name: t(lang, &format!("option-{code}")),
            description: t(lang, &format!("option-{code}-description")),
            price: t_args(lang, per, &[("amount", format!("+{}", price.format(lang)))]),
        }
    }
}
