//! View models: domain values turned into the words and numbers a page shows, in its language.

use std::borrow::Cow;
use std::fmt;

use abri_app::homes::HomeOverview;
use abri_domain::contracts::{Contract, ContractStatus, Frequency, Guarantee};
use abri_domain::homes::{Address, Equipment, Home, StoredWord};
use abri_domain::ids::{ContractId, HomeId};
use abri_domain::{Language, Money};
use time::Date;

use abri_app::i18n::{DateShown, date_shown, t, t_args, text_of, write_args};

pub(crate) use abri_app::i18n::{date, date_time};

/// An amount per premium period: `34,90 € / mois`, `€249.00 / year`.
#[must_use]
pub(crate) fn per_period(lang: Language, amount: Money, frequency: Frequency) -> String {
    PerPeriod {
        lang,
        amount,
        frequency,
    }
    .to_string()
}

/// [`per_period`] written where it goes.
#[derive(Clone, Copy)]
pub(crate) struct PerPeriod {
    lang: Language,
    amount: Money,
    frequency: Frequency,
}

impl fmt::Display for PerPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let key = match self.frequency {
            Frequency::Monthly => "per-monthly",
            Frequency::Annual => "per-annual",
        };
        write_args(
            f,
            self.lang,
            key,
            &[("amount", &self.amount.shown(self.lang))],
        )
    }
}

/// `Next premium on 05/12/2026`, written where it goes.
#[derive(Clone, Copy)]
pub(crate) struct NextDue(DateShown);

impl fmt::Display for NextDue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_args(f, self.0.lang(), "next-due", &[("date", &self.0)])
    }
}

/// A link to an object's page: `/contracts/` and its id, written where it goes.
#[derive(Clone, Copy)]
pub(crate) struct Link<I> {
    prefix: &'static str,
    id: I,
}

impl<I: fmt::Display> fmt::Display for Link<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix)?;
        self.id.fmt(f)
    }
}

impl Link<HomeId> {
    /// `/homes/{id}`.
    pub(crate) fn home(id: HomeId) -> Self {
        Self {
            prefix: "/homes/",
            id,
        }
    }
}

// An id's link is a fixed path and a UUID: nothing in it for the page to escape.
impl askama::filters::HtmlSafe for Link<ContractId> {}
impl askama::filters::HtmlSafe for Link<HomeId> {}

/// A contract line of a card or list. Its words and figures are written straight into the
/// page, not into strings of their own first (BENCHMARKS.md B5: a card's lines made a dozen
/// strings a contract).
pub(crate) struct ContractLine<'a> {
    pub url: Link<ContractId>,
    pub number: &'a str,
    pub product: Cow<'static, str>,
    pub status: Cow<'static, str>,
    pub status_class: &'static str,
    pub premium: PerPeriod,
    pub next_due: Option<NextDue>,
    pub next_due_date: Option<DateShown>,
}

impl<'a> ContractLine<'a> {
    pub(crate) fn new(lang: Language, c: &'a Contract, today: Date) -> Self {
        let due = c.next_premium_due(today).map(|d| date_shown(lang, d));
        Self {
            url: Link {
                prefix: "/contracts/",
                id: c.id,
            },
            number: &c.number,
            product: text_of(lang, "product-", c.product.word()),
            status: text_of(lang, "status-", c.status.word()),
            status_class: match c.status {
                ContractStatus::Active => "ok",
                ContractStatus::Pending => "info",
                ContractStatus::Suspended => "warn",
                ContractStatus::Cancelled => "off",
            },
            premium: PerPeriod {
                lang,
                amount: c.premium,
                frequency: c.frequency,
            },
            next_due: due.map(NextDue),
            next_due_date: due,
        }
    }
}

/// A home card of the dashboard, or the head of a home page.
pub(crate) struct HomeCard<'a> {
    pub url: Link<HomeId>,
    pub label: &'a str,
    pub kind: Cow<'static, str>,
    pub address: OneLine<'a>,
    pub contracts: Vec<ContractLine<'a>>,
    /// The alarm's state as words and CSS class, when the home has a panel.
    pub alarm: Option<(String, &'static str)>,
}

impl<'a> HomeCard<'a> {
    pub(crate) fn new(lang: Language, overview: &'a HomeOverview<'_>, today: Date) -> Self {
        let Home {
            id,
            label,
            kind,
            address,
            ..
        } = &*overview.home;
        Self {
            url: Link::home(*id),
            label,
            kind: text_of(lang, "home-kind-", kind.word()),
            address: OneLine(address),
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

/// An address on one line: `12 rue des Lilas, 69003 Lyon`.
pub(crate) struct OneLine<'a>(&'a Address);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = self.0;
        write!(f, "{}, {} {}", a.street, a.postal_code, a.city)
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
