//! Adding a home or moving is a request to staff: checked field by field (nothing recorded on
//! a fault), acknowledged by e-mail, listed; another customer's home cannot be moved.

use abri_testkit::TestApp;
use reqwest::StatusCode;

use crate::customer;

#[tokio::test]
async fn a_request_is_checked_recorded_and_acknowledged() {
    let app = TestApp::demo().await;
    let id = customer(&app, "C10000001").await.id;
    let mut camille = app.signed_in("C10000001").await;
    let lyon = camille.get("/").await.links("/homes/").remove(0);
    let lyon_id = lyon.trim_start_matches("/homes/").to_owned();
    let page = camille.get("/homes/requests").await;
    assert!(page.body.contains("Vous n’avez fait aucune demande"));

    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[("kind", "demolish")], "Choisissez le type de demande"),
        (
            &[("kind", "move"), ("home", "")],
            "Choisissez le logement que vous quittez",
        ),
        (
            &[("postal_code", "6900A")],
            "Le code postal compte 5 chiffres",
        ),
        (&[("date", "2020-01-01")], "Cette date est déjà passée"),
        (&[("date", "demain")], "Saisissez une date valide"),
    ];
    let good = [
        ("kind", "new_home"),
        ("home", ""),
        ("street", "3 place Bellecour"),
        ("postal_code", "69002"),
        ("city", "Lyon"),
        ("date", "2027-01-15"),
        ("note", "Digicode 1234"),
    ];
    for (changes, message) in cases {
        let fields: Vec<(&str, &str)> = good
            .iter()
            .map(|(k, v)| {
                changes
                    .iter()
                    .find(|(ck, _)| ck == k)
                    .map_or((*k, *v), |(ck, cv)| (*ck, *cv))
            })
            .collect();
        let bad = camille
            .submit("/homes/requests", "/homes/requests", &fields)
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert!(bad.body.contains(message), "{message}");
        assert!(bad.body.contains("3 place Bellecour") && bad.body.contains("Digicode 1234"));
    }
    assert!(
        app.app.db.home_requests_of(id).await.unwrap().is_empty(),
        "nothing recorded"
    );

    let moving: Vec<(&str, &str)> = good
        .iter()
        .map(|&(k, v)| match k {
            "kind" => (k, "move"),
            "home" => (k, lyon_id.as_str()),
            _ => (k, v),
        })
        .collect();
    let done = camille
        .submit("/homes/requests", "/homes/requests", &moving)
        .await;
    assert_eq!(
        done.location(),
        Some("/homes/requests?done=1"),
        "{}",
        done.body
    );
    let list = camille.get("/homes/requests?done=1").await;
    assert!(
        list.body.contains("Je déménage") && list.body.contains("3 place Bellecour, 69002 Lyon")
    );
    assert!(list.body.contains("En cours d’étude") && list.body.contains("15/01/2027"));
    let stored = app.app.db.home_requests_of(id).await.unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(
        stored[0].home_id.map(|h| h.to_string()),
        Some(lyon_id.clone())
    );
    app.app.run_due_jobs().await.unwrap();
    let mail = app.app.db.outbox_messages(50).await.unwrap();
    assert!(mail.iter().any(|m| m.subject.as_deref()
        == Some("Nous avons bien reçu votre demande")
        && m.body_text.contains("Maison de Lyon")));

    // Julien cannot file a move of Camille's home: 404, nothing recorded for him.
    let mut julien = app.signed_in("C10000002").await;
    let refused = julien
        .submit("/homes/requests", "/homes/requests", &moving)
        .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    let his = customer(&app, "C10000002").await.id;
    assert!(app.app.db.home_requests_of(his).await.unwrap().is_empty());
    assert!(
        !julien
            .get("/homes/requests")
            .await
            .body
            .contains("Bellecour")
    );
    app.stop().await;
}

#[tokio::test]
async fn the_demo_has_an_open_request_for_staff() {
    let app = TestApp::demo().await;
    let mut sophie = app.signed_in("C10000003").await;
    let page = sophie.get("/homes/requests").await;
    assert!(page.body.contains("14 quai de la Fosse, 44000 Nantes"));
    let id = customer(&app, "C10000003").await.id;
    assert!(app.app.db.preferences_of(id).await.unwrap().paperless);
    // Opening the form on a move of a home chooses that home.
    let mut camille = app.signed_in("C10000001").await;
    let paris = camille.get("/").await.links("/homes/")[1].clone();
    let id = paris.trim_start_matches("/homes/");
    let form = camille
        .get(&format!("/homes/requests?kind=move&home={id}"))
        .await;
    assert!(form.body.contains(&format!("value=\"{id}\" selected")));
    assert!(form.body.contains("value=\"move\" checked"));
    app.stop().await;
}
