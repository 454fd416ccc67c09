//! Options: a quote with the hand-computed numbers, subscribing and removing as amendments,
//! once even when submitted twice, and only on one's own contracts.

use abri_testkit::{Browser, TestApp};
use reqwest::StatusCode;

/// Camille's Lyon home insurance (34.90 base + valuables 5.90 + garden 3.50 a month).
async fn lyon_contract(browser: &mut Browser) -> String {
    let home = browser.get("/").await.links("/homes/").remove(0);
    browser.get(&home).await.links("/contracts/").remove(0)
}

#[tokio::test]
async fn quote_subscribe_and_remove_an_option() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let contract = lyon_contract(&mut camille).await;
    let page = camille.get(&contract).await;
    assert!(
        page.body.contains("44,30\u{a0}€ / mois"),
        "premium with its options"
    );

    // Period 9 Nov → 9 Dec 2026, 12 days of 30 left on 27 Nov: 4.50 × 12 / 30 = 1.80.
    let quote_url = format!("{contract}/options/legal_protection?change=add");
    let quote = camille.get(&quote_url).await;
    assert_eq!(quote.status, StatusCode::OK);
    for text in [
        "44,30\u{a0}€ / mois",
        "48,80\u{a0}€ / mois",
        "1,80\u{a0}€ seront ajoutés",
        "09/12/2026",
        "27/11/2026",
    ] {
        assert!(quote.body.contains(text), "quote lacks {text:?}");
    }
    let token = quote.csrf().unwrap();
    let action = format!("{contract}/options/legal_protection");
    // The confirmation carries the premium the quote showed: a garbled or stale figure signs
    // nothing and shows the quote again.
    for (price, message) in [
        ("48,80", "est illisible"),
        ("", "est illisible"),
        ("4430", "La prime a changé depuis votre devis"),
    ] {
        let refused = camille
            .post(
                &action,
                &[("csrf", &token), ("change", "add"), ("price", price)],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{price}");
        assert!(
            refused.body.contains(message) && refused.body.contains("value=\"4880\""),
            "{price}"
        );
    }
    assert!(
        !camille
            .get(&contract)
            .await
            .body
            .contains("MRH-2023-004512-A"),
        "nothing signed"
    );
    let done = camille
        .post(
            &action,
            &[("csrf", &token), ("change", "add"), ("price", "4880")],
        )
        .await;
    assert_eq!(
        done.location(),
        Some(format!("{contract}?done=option-added").as_str())
    );
    let again = camille
        .post(
            &action,
            &[("csrf", &token), ("change", "add"), ("price", "4880")],
        )
        .await;
    assert_eq!(
        again.status,
        StatusCode::SEE_OTHER,
        "a second submission is harmless"
    );
    let page = camille.get(&contract).await;
    assert!(page.body.contains("48,80\u{a0}€ / mois"), "the new premium");
    assert_eq!(
        page.body.matches("MRH-2023-004512-A").count(),
        1,
        "one amendment for two submissions"
    );

    let removal = camille
        .get(&format!("{contract}/options/valuables?change=remove"))
        .await;
    assert!(
        removal.body.contains("seront déduits"),
        "a credit for the rest of the period"
    );
    let token = removal.csrf().unwrap();
    camille
        .post(
            &format!("{contract}/options/valuables"),
            &[("csrf", &token), ("change", "remove"), ("price", "4290")],
        )
        .await;
    let page = camille.get(&contract).await;
    assert!(page.body.contains("42,90\u{a0}€ / mois"));
    assert!(
        page.body.contains("MRH-2023-004512-A2")
            && page.body.contains("Retrait de l’option Objets de valeur")
    );

    app.app.run_due_jobs().await.unwrap();
    let mails = app.app.db.outbox_messages(20).await.unwrap();
    assert_eq!(
        mails
            .iter()
            .filter(|m| m.subject.as_deref() == Some("Avenant à votre contrat"))
            .count(),
        2
    );
    app.stop().await;
}

#[tokio::test]
async fn options_only_on_ones_own_contracts_and_offered_ones() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let contract = lyon_contract(&mut camille).await;
    let mut julien = app.signed_in("C10000002").await;
    let quote = julien
        .get(&format!("{contract}/options/legal_protection?change=add"))
        .await;
    assert_eq!(quote.status, StatusCode::NOT_FOUND);
    let token = julien.get("/").await.csrf().unwrap();
    let post = julien
        .post(
            &format!("{contract}/options/legal_protection"),
            &[("csrf", &token), ("change", "add")],
        )
        .await;
    assert_eq!(post.status, StatusCode::NOT_FOUND);
    let page = camille
        .get(&format!("{contract}/options/legal_protection?change=steal"))
        .await;
    assert_eq!(page.status, StatusCode::NOT_FOUND, "no such change");
    // An option of another product (monitoring on home insurance) or of none: a refusal on the
    // options, quoted or posted, and nothing changes.
    let token = camille.get(&contract).await.csrf().unwrap();
    for code in ["guard_dispatch", "no_such_option"] {
        let quote = camille
            .get(&format!("{contract}/options/{code}?change=add"))
            .await;
        assert_eq!(quote.status, StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        assert!(
            quote.body.contains("id=\"option-error\"")
                && quote
                    .body
                    .contains("Cette option n’est pas proposée pour ce contrat."),
            "{code}"
        );
        let post = camille
            .post(
                &format!("{contract}/options/{code}"),
                &[("csrf", &token), ("change", "add")],
            )
            .await;
        assert_eq!(post.status, StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        assert!(post.body.contains("n’est pas proposée"));
    }
    let page = camille.get(&contract).await;
    assert!(!page.body.contains("MRH-2023-004512-A"), "nothing changed");
    app.stop().await;
}
