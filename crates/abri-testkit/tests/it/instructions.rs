//! Monitoring instructions: the people to call saved whole, each wrong field named with what
//! was typed kept; the verbal password sealed at rest, masked unless asked for, behind the
//! step-up; only for one's own monitored home.

use abri_testkit::TestApp;
use reqwest::StatusCode;
use time::Duration;

use crate::ingest::lyon_panel;

#[tokio::test]
async fn contacts_and_verbal_password_for_ones_own_home() {
    let app = TestApp::demo().await;
    let (_, lyon) = lyon_panel(&app).await;
    let page = format!("/homes/{lyon}/alarm/instructions");
    let mut camille = app.signed_in("C10000001").await;
    assert_eq!(camille.get(&page).await.status, StatusCode::OK);

    let contacts = format!("{page}/contacts");
    let bad = camille
        .submit(
            &page,
            &contacts,
            &[
                ("name-1", "Marie Martin"),
                ("phone-1", "12"),
                ("relation-2", "voisin"),
            ],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"phone-1-error\"") && bad.body.contains("id=\"name-2-error\""));
    assert!(
        bad.body.contains("value=\"Marie Martin\""),
        "what was typed is kept"
    );
    assert!(
        app.app
            .db
            .monitoring_contacts(lyon)
            .await
            .unwrap()
            .is_empty(),
        "nothing saved"
    );

    let done = camille
        .submit(
            &page,
            &contacts,
            &[
                ("name-1", "Marie Martin"),
                ("phone-1", "06 11 22 33 44"),
                ("relation-1", "sœur"),
                ("name-2", "Paul Roux"),
                ("phone-2", "07 55 66 77 88"),
            ],
        )
        .await;
    assert_eq!(
        done.location(),
        Some(format!("{page}?done=contacts").as_str())
    );
    let saved = app.app.db.monitoring_contacts(lyon).await.unwrap();
    assert_eq!(
        saved.iter().map(|c| c.phone.as_str()).collect::<Vec<_>>(),
        vec!["+33611223344", "+33755667788"]
    );

    let verbal = format!("{page}/verbal");
    let short = camille.submit(&page, &verbal, &[("verbal", "abc")]).await;
    assert!(short.body.contains("Au moins 4 caractères"));
    camille
        .submit(&page, &verbal, &[("verbal", "tournesol bleu")])
        .await;
    let (sealed, _) = app.app.db.verbal_password(lyon).await.unwrap().unwrap();
    assert!(!sealed.contains("tournesol"), "sealed at rest");
    let shown = camille.get(&page).await;
    assert!(shown.body.contains("••••••••••••••") && !shown.body.contains("tournesol bleu"));
    let revealed = camille.get(&format!("{page}?reveal=1")).await;
    assert!(revealed.body.contains("tournesol bleu"));

    // Eleven minutes later, the page asks who you are again.
    app.clock.advance(Duration::minutes(11));
    let guarded = camille.get(&page).await;
    assert!(
        guarded
            .location()
            .is_some_and(|l| l.starts_with("/account/confirm"))
    );

    let mut julien = app.signed_in("C10000002").await;
    assert_eq!(julien.get(&page).await.status, StatusCode::NOT_FOUND);
    let paris = camille_paris(&app).await;
    let mut fresh = app.signed_in("C10000001").await;
    assert_eq!(
        fresh
            .get(&format!("/homes/{paris}/alarm/instructions"))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "a home without monitoring has no instructions"
    );
    app.stop().await;
}

async fn camille_paris(app: &TestApp) -> abri_domain::ids::HomeId {
    let id = crate::customer(app, "C10000001").await.id;
    app.app.db.homes_of(id).await.unwrap()[1].id
}
