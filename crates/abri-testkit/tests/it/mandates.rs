//! The SEPA mandate: only the IBAN's last four characters are ever shown; each wrong field is
//! named and nothing changes; a replacement is audited and e-mailed; the step-up guard holds.

use abri_testkit::TestApp;
use reqwest::StatusCode;
use time::Duration;

use crate::customer;

const NEW_IBAN: &str = "DE44 5001 0517 5407 3249 31";

#[tokio::test]
async fn the_iban_is_shown_by_its_last_four_only() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let page = camille.get("/account/mandate").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("•••• 2606") && page.body.contains("Camille Martin"));
    assert!(!page.body.contains("2004 1010") && !page.body.contains("20041010"));
    // Julien has no mandate and never sees Camille's.
    let mut julien = app.signed_in("C10000002").await;
    let his = julien.get("/account/mandate").await;
    assert!(his.body.contains("Aucun mandat") && !his.body.contains("2606"));
    app.stop().await;
}

#[tokio::test]
async fn wrong_fields_are_named_kept_and_change_nothing() {
    let app = TestApp::demo().await;
    let id = customer(&app, "C10000001").await.id;
    let mut camille = app.signed_in("C10000001").await;
    let cases = [
        (
            "FR77 3000 6000 0112 3456 7890 189",
            "BNPAFRPP",
            "Camille Martin",
            "clé de contrôle",
        ),
        (
            "FR23 3000 6000 0112 3456 7890",
            "",
            "Camille Martin",
            "pour son pays",
        ),
        (
            "BR1800360305000010009795493C1",
            "",
            "Camille Martin",
            "zone SEPA",
        ),
        ("", "", "Camille Martin", "Ce champ est obligatoire"),
        (NEW_IBAN, "BNPA1RPP", "Camille Martin", "Ce BIC"),
        (NEW_IBAN, "", "   ", "Ce champ est obligatoire"),
    ];
    for (iban, bic, holder, message) in cases {
        let bad = camille
            .submit(
                "/account/mandate",
                "/account/mandate",
                &[("iban", iban), ("bic", bic), ("holder", holder)],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{iban}");
        assert!(bad.body.contains(message), "{iban}: {message}");
        assert!(bad.body.contains(&format!("value=\"{}\"", iban.trim())));
        assert!(bad.body.contains("aria-invalid=\"true\""));
    }
    assert_eq!(app.app.db.mandate_count(id).await.unwrap(), 1, "unchanged");
    let still = app.app.db.active_mandate(id).await.unwrap().unwrap();
    assert_eq!(still.iban, "FR1420041010050500013M02606");
    app.stop().await;
}

#[tokio::test]
async fn a_replacement_revokes_the_old_one_and_is_told() {
    let app = TestApp::demo().await;
    let id = customer(&app, "C10000001").await.id;
    let old = app.app.db.active_mandate(id).await.unwrap().unwrap();
    let mut camille = app.signed_in("C10000001").await;
    let done = camille
        .submit(
            "/account/mandate",
            "/account/mandate",
            &[
                ("iban", "de44 5001 0517 5407 3249 31"),
                ("bic", "cobadeff"),
                ("holder", " Camille  Martin "),
            ],
        )
        .await;
    assert_eq!(
        done.location(),
        Some("/account/mandate?done=1"),
        "{}",
        done.body
    );
    let page = camille.get("/account/mandate?done=1").await;
    assert!(page.body.contains("•••• 4931") && page.body.contains("est enregistré"));
    assert!(!page.body.contains("50010517") && !page.body.contains("5001 0517"));
    let new = app.app.db.active_mandate(id).await.unwrap().unwrap();
    assert_eq!(
        (new.iban.as_str(), new.bic.as_deref(), new.holder.as_str()),
        ("DE44500105175407324931", Some("COBADEFF"), "Camille Martin")
    );
    assert_ne!(new.reference, old.reference);
    assert!(new.reference.len() <= 35);
    assert_eq!(app.app.db.mandate_count(id).await.unwrap(), 2);
    app.app.run_due_jobs().await.unwrap();
    let mail = app.app.db.outbox_messages(50).await.unwrap();
    let told = mail
        .iter()
        .find(|m| m.subject.as_deref() == Some("Votre mandat de prélèvement a été modifié"))
        .expect("mandate e-mail");
    assert!(told.body_text.contains("4931") && !told.body_text.contains("50010517"));
    let audit = app.app.db.audit_all(50).await.unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "mandate_replaced" && e.customer_id == Some(id))
    );
    app.stop().await;
}

#[tokio::test]
async fn the_mandate_needs_a_fresh_proof() {
    let app = TestApp::demo().await;
    let id = customer(&app, "C10000001").await.id;
    let mut camille = app.signed_in("C10000001").await;
    app.clock.advance(Duration::minutes(11));
    assert_eq!(
        camille.get("/account/mandate").await.location(),
        Some("/account/confirm?next=/account/mandate")
    );
    let post = camille
        .submit(
            "/account",
            "/account/mandate",
            &[
                ("iban", NEW_IBAN),
                ("bic", ""),
                ("holder", "Camille Martin"),
            ],
        )
        .await;
    assert!(post.location().unwrap().starts_with("/account/confirm"));
    assert_eq!(app.app.db.mandate_count(id).await.unwrap(), 1);
    app.stop().await;
}
