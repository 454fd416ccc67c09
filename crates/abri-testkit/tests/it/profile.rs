//! The customer's name and the street line of a home: each wrong field named with what was
//! typed kept and nothing changed; done with an audit row (and an e-mail for the name); another
//! customer's home refused.

use reqwest::StatusCode;

use abri_testkit::TestApp;

use crate::customer;

#[tokio::test]
async fn a_customer_changes_their_name() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let form = camille.get("/account/name").await;
    assert!(form.body.contains("value=\"Camille\""), "prefilled");

    let bad = camille
        .submit(
            "/account/name",
            "/account/name",
            &[("given_name", "  "), ("family_name", "M4rtin")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("Ce champ est obligatoire"));
    assert!(bad.body.contains("Seulement des lettres"));
    assert!(
        bad.body.contains("value=\"M4rtin\""),
        "what was typed is kept"
    );
    let unchanged = customer(&app, "C10000001").await;
    assert_eq!(
        (
            unchanged.given_name.as_str(),
            unchanged.family_name.as_str()
        ),
        ("Camille", "Martin")
    );

    let done = camille
        .submit(
            "/account/name",
            "/account/name",
            &[
                ("given_name", " Camille "),
                ("family_name", "Martin-Dubois"),
            ],
        )
        .await;
    assert_eq!(done.location(), Some("/account?done=name"));
    let page = camille.get("/account?done=name").await;
    assert!(page.body.contains("Camille Martin-Dubois") && page.body.contains("a été modifié"));
    let after = customer(&app, "C10000001").await;
    assert_eq!(after.family_name, "Martin-Dubois");
    let trail = app.app.db.audit_of(after.id, 40).await.unwrap();
    let event = trail.iter().find(|e| e.action == "name_changed").unwrap();
    assert!(
        event
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("Camille Martin\"") && d.contains("Martin-Dubois"))
    );
    app.app.run_due_jobs().await.unwrap();
    let mails = app.app.db.outbox_messages(50).await.unwrap();
    assert!(mails.iter().any(|m| m.recipient == after.email
        && m.subject.as_deref() == Some("Votre nom a été modifié")
        && m.body_text.contains("Camille Martin-Dubois")));
    app.stop().await;
}

#[tokio::test]
async fn a_customer_corrects_the_street_of_their_own_home_only() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let home = camille.get("/").await.links("/homes/").remove(0);
    let action = format!("{home}/address");
    let id = customer(&app, "C10000001").await.id;
    let streets = || async {
        let homes = app.app.db.homes_of(id).await.unwrap();
        homes.into_iter().map(|h| h.address).collect::<Vec<_>>()
    };
    let before = streets().await;

    let long = "x".repeat(101);
    for (typed, message) in [
        ("   ", "Ce champ est obligatoire"),
        (long.as_str(), "trop long"),
    ] {
        let bad = camille.submit(&home, &action, &[("street", typed)]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains(message) && bad.body.contains("aria-invalid=\"true\""));
        assert!(
            bad.body
                .contains(&format!("value=\"{}\"", typed.trim_end()))
                || typed.trim().is_empty()
        );
    }
    assert_eq!(streets().await, before, "nothing changed");

    let done = camille
        .submit(&home, &action, &[("street", " 12 rue des Lilas,  bât. B ")])
        .await;
    assert_eq!(
        done.location(),
        Some(format!("{home}?done=address").as_str())
    );
    let page = camille.get(&format!("{home}?done=address")).await;
    assert!(page.body.contains("12 rue des Lilas, bât. B, 69003 Lyon"));
    assert!(page.body.contains("L’adresse a été corrigée"));
    let after = streets().await;
    let changed = after
        .iter()
        .find(|a| a.street == "12 rue des Lilas, bât. B")
        .unwrap();
    assert_eq!(
        (changed.postal_code.as_str(), changed.city.as_str()),
        ("69003", "Lyon")
    );
    let trail = app.app.db.audit_of(id, 40).await.unwrap();
    assert!(trail.iter().any(|e| e.action == "home_address_corrected"));
    let account = camille.get("/account").await;
    assert!(
        account
            .body
            .contains("12 rue des Lilas, bât. B, 69003 Lyon")
    );
    assert!(account.body.contains(&format!("{home}#address-title")));

    // Julien cannot correct Camille's home: the same 404 as a home that does not exist.
    let mut julien = app.signed_in("C10000002").await;
    let his = julien.get("/").await.links("/homes/").remove(0);
    let refused = julien
        .submit(&his, &action, &[("street", "1 rue Volée")])
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(streets().await, after);
    app.stop().await;
}
