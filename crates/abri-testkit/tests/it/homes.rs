//! Naming a home: tidied and bounded, named field errors that change nothing, and another
//! customer's home refused.

use reqwest::StatusCode;

use abri_testkit::TestApp;

use crate::customer;

#[tokio::test]
async fn a_customer_names_a_home_and_only_their_own() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let home = camille.get("/").await.links("/homes/").remove(0);
    let action = format!("{home}/name");

    let long = "x".repeat(61);
    for (typed, message) in [
        ("   ", "Ce champ est obligatoire"),
        (long.as_str(), "trop long"),
    ] {
        let bad = camille.submit(&home, &action, &[("label", typed)]).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(bad.body.contains(message) && bad.body.contains("aria-invalid=\"true\""));
    }
    let kept = camille.submit(&home, &action, &[("label", &long)]).await;
    assert!(
        kept.body.contains(&format!("value=\"{long}\"")),
        "what was typed is kept"
    );
    let id = customer(&app, "C10000001").await.id;
    let labels = |homes: Vec<abri_domain::homes::Home>| {
        homes.into_iter().map(|h| h.label).collect::<Vec<_>>()
    };
    let before = labels(app.app.db.homes_of(id).await.unwrap());
    assert!(before.contains(&"Maison de Lyon".to_owned()), "unchanged");

    let done = camille
        .submit(&home, &action, &[("label", "  La   maison <de> Lyon ")])
        .await;
    assert_eq!(done.location(), Some(format!("{home}?done=name").as_str()));
    let page = camille.get(&format!("{home}?done=name")).await;
    assert!(
        page.body.contains("La maison &#60;de&#62; Lyon") && page.body.contains("a été enregistré")
    );
    assert!(
        camille
            .get("/")
            .await
            .body
            .contains("La maison &#60;de&#62; Lyon")
    );

    // Julien cannot rename Camille's home: the same 404 as a home that does not exist.
    let mut julien = app.signed_in("C10000002").await;
    let his = julien.get("/").await.links("/homes/").remove(0);
    let refused = julien.submit(&his, &action, &[("label", "Chez moi")]).await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let after = labels(app.app.db.homes_of(id).await.unwrap());
    assert!(!after.contains(&"Chez moi".to_owned()));
    app.stop().await;
}

#[tokio::test]
async fn the_layout_switches_between_a_customers_homes_only() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let page = camille.get("/account").await;
    let switcher = &page.body[page.body.find("home-switcher").expect("switcher")..];
    assert!(switcher.contains("Maison de Lyon") && switcher.contains("Appartement de Paris"));
    let paris = camille.get("/").await.links("/homes/")[1].clone();
    let on_paris = camille.get(&paris).await;
    assert!(
        on_paris
            .body
            .contains(&format!("<a href=\"{paris}\" aria-current=\"page\">"))
    );
    // One home: nothing to switch between; and never another customer's homes.
    let mut julien = app.signed_in("C10000002").await;
    let his = julien.get("/account").await;
    assert!(!his.body.contains("home-switcher") && !his.body.contains("Maison de Lyon"));
    app.stop().await;
}
