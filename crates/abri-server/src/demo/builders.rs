//! Small builders the demo seed is written with: one call per customer, home, contract.

use abri_app::App;
use abri_domain::account::{CustomerNumber, Email};
use abri_domain::contracts::{ContractStatus, Frequency, Guarantee, GuaranteeCode, Product};
use abri_domain::homes::{Address, Equipment, EquipmentKind, HomeKind};
use abri_domain::ids::{CustomerId, HomeId};
use abri_domain::mandates::{SepaIban, mandate_reference};
use abri_domain::{Language, Money};
use abri_store::contracts::NewContract;
use abri_store::customers::NewCustomer;
use abri_store::mandates::Mandate;
use anyhow::Context;
use time::Date;

use super::{DEMO_PASSWORD, LOGINS};

pub(super) async fn hash(app: &App) -> anyhow::Result<String> {
    app.hasher
        .hash(DEMO_PASSWORD.as_bytes())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))
}

pub(super) async fn customer(
    app: &App,
    index: usize,
    given_name: &str,
    family_name: &str,
    phone: Option<&str>,
    language: Language,
) -> anyhow::Result<CustomerId> {
    let login = LOGINS.get(index).context("demo login")?;
    let new = NewCustomer {
        number: CustomerNumber::parse(login.number.unwrap_or_default())
            .map_err(|e| anyhow::anyhow!("{e}"))?,
        email: Email::parse(login.email).map_err(|e| anyhow::anyhow!("{e}"))?,
        phone: phone.map(str::to_owned),
        given_name: given_name.into(),
        family_name: family_name.into(),
        language,
    };
    Ok(app
        .db
        .insert_customer(&new, &hash(app).await?, app.clock.now())
        .await?)
}

pub(super) async fn home(
    app: &App,
    customer: CustomerId,
    label: &str,
    kind: HomeKind,
    street: &str,
    postal_code: &str,
    city: &str,
) -> anyhow::Result<HomeId> {
    let address = Address {
        street: street.into(),
        postal_code: postal_code.into(),
        city: city.into(),
    };
    Ok(app
        .db
        .insert_home(customer, label, kind, &address, app.clock.now())
        .await?)
}

pub(super) async fn equipment(
    app: &App,
    home: HomeId,
    items: &[(EquipmentKind, &str, i64)],
) -> anyhow::Result<()> {
    for (kind, location, quantity) in items {
        let item = Equipment {
            kind: *kind,
            location: (*location).into(),
            quantity: *quantity,
        };
        app.db.insert_equipment(home, &item).await?;
    }
    Ok(())
}

pub(super) async fn insurance(
    app: &App,
    customer: CustomerId,
    home: HomeId,
    number: &str,
    start: Date,
    premium_cents: i64,
    frequency: Frequency,
) -> anyhow::Result<abri_domain::ids::ContractId> {
    let id = contract(
        app,
        customer,
        home,
        number,
        Product::HomeInsurance,
        start,
        premium_cents,
        frequency,
    )
    .await?;
    let euros = |e: i64| Some(Money::from_euros(e));
    let guarantees = [
        (GuaranteeCode::Fire, euros(300_000), 150),
        (GuaranteeCode::WaterDamage, euros(50_000), 150),
        (GuaranteeCode::Theft, euros(15_000), 300),
        (GuaranteeCode::GlassBreakage, euros(3_000), 75),
        (GuaranteeCode::NaturalDisaster, euros(300_000), 380),
        (GuaranteeCode::Liability, None, 0),
    ];
    for (position, (code, ceiling, deductible)) in (0_i64..).zip(guarantees) {
        let g = Guarantee {
            code,
            ceiling,
            deductible: Money::from_euros(deductible),
        };
        app.db.insert_guarantee(id, &g, position).await?;
    }
    Ok(id)
}

pub(super) async fn monitoring(
    app: &App,
    customer: CustomerId,
    home: HomeId,
    number: &str,
    start: Date,
    premium_cents: i64,
) -> anyhow::Result<abri_domain::ids::ContractId> {
    let id = contract(
        app,
        customer,
        home,
        number,
        Product::Monitoring,
        start,
        premium_cents,
        Frequency::Monthly,
    )
    .await?;
    for (position, code) in (0_i64..).zip([
        GuaranteeCode::RemoteMonitoring,
        GuaranteeCode::EquipmentMaintenance,
    ]) {
        let g = Guarantee {
            code,
            ceiling: None,
            deductible: Money::default(),
        };
        app.db.insert_guarantee(id, &g, position).await?;
    }
    Ok(id)
}

#[expect(
    clippy::too_many_arguments,
    reason = "a flat list of demo facts reads best"
)]
pub(super) async fn contract(
    app: &App,
    customer: CustomerId,
    home: HomeId,
    number: &str,
    product: Product,
    start: Date,
    premium_cents: i64,
    frequency: Frequency,
) -> anyhow::Result<abri_domain::ids::ContractId> {
    let new = NewContract {
        home_id: home,
        number: number.into(),
        product,
        status: ContractStatus::Active,
        start_date: start,
        end_date: None,
        premium: Money::from_cents(premium_cents),
        frequency,
    };
    Ok(app.db.insert_contract(customer, &new).await?)
}

/// The same day `n` years earlier (29 February becomes 28).
pub(super) fn years_ago(today: Date, n: i32) -> Date {
    let year = today.year() - n;
    let day = today.day().min(today.month().length(year));
    Date::from_calendar_date(year, today.month(), day).unwrap_or(today)
}

/// A signed SEPA mandate (the demo's test IBANs are the banks' published examples).
pub(super) async fn mandate(
    app: &App,
    customer: CustomerId,
    iban: &str,
    bic: &str,
    holder: &str,
) -> anyhow::Result<()> {
    let iban = SepaIban::parse(iban).map_err(|e| anyhow::anyhow!("{e}"))?;
    let now = app.clock.now();
    let signed_on = now.date() - time::Duration::days(400);
    let mandate = Mandate {
        reference: mandate_reference(&app.provider.name, signed_on, rand_suffix(customer)),
        iban: iban.electronic().to_owned(),
        bic: Some(bic.to_owned()),
        holder: holder.to_owned(),
        signed_on,
    };
    let mut tx = app.db.begin().await?;
    tx.replace_mandate(customer, &mandate, now).await?;
    tx.commit().await?;
    Ok(())
}

fn rand_suffix(customer: CustomerId) -> u64 {
    customer.0.as_u64_pair().1
}
