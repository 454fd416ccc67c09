//! Changing the phone or the e-mail: a code to the new contact, the old one told, behind the
//! step-up guard; bad input named and kept; another account's address refused.

use abri_server::demo::DEMO_PASSWORD;
use abri_testkit::TestApp;
use reqwest::StatusCode;
use time::Duration;

use crate::customer;

async fn last_email_code(app: &TestApp, to: &str) -> String {
    app.app.run_due_jobs().await.unwrap();
    let mail = app
        .app
        .db
        .outbox_messages(50)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.recipient == to)
        .unwrap();
    mail.body_text
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_new_phone_is_proven_and_the_old_one_told() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let bad = camille
        .submit(
            "/account/contact",
            "/account/contact/phone",
            &[("value", "06 12")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.body.contains("Saisissez un numéro de mobile valide")
            && bad.body.contains("value=\"06 12\"")
    );
    let sent = camille
        .submit(
            "/account/contact",
            "/account/contact/phone",
            &[("value", "07 11 22 33 44")],
        )
        .await;
    assert_eq!(sent.location(), Some("/account/contact/verify?kind=phone"));
    let page = camille.get("/account/contact/verify?kind=phone").await;
    assert!(page.body.contains("07 •• •• •• 44"));
    let code = app.last_sms_code().await;
    let wrong = camille
        .submit(
            "/account/contact/verify?kind=phone",
            "/account/contact/verify",
            &[("kind", "phone"), ("code", "000000")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("Vérifiez le dernier SMS reçu."));
    let done = camille
        .submit(
            "/account/contact/verify?kind=phone",
            "/account/contact/verify",
            &[("kind", "phone"), ("code", &code)],
        )
        .await;
    assert_eq!(
        done.location(),
        Some("/account?done=phone"),
        "{}",
        done.body
    );
    let after = customer(&app, "C10000001").await;
    assert_eq!(
        (after.phone.as_deref(), after.phone_verified),
        (Some("+33711223344"), true)
    );
    app.app.run_due_jobs().await.unwrap();
    let messages = app.app.db.outbox_messages(50).await.unwrap();
    assert!(
        messages
            .iter()
            .any(|m| m.recipient == "+33612345678" && m.body_text.contains("a été modifié")),
        "the old number is told"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.subject.as_deref() == Some("Votre numéro de téléphone a été modifié"))
    );
    let trail = app.app.db.audit_of(after.id, 40).await.unwrap();
    assert!(
        trail
            .iter()
            .any(|e| e.action == "contact_changed" && e.method.as_deref() == Some("phone"))
    );
    app.stop().await;
}

#[tokio::test]
async fn a_new_email_is_proven_the_old_one_told_and_anothers_refused() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let sent = camille
        .submit(
            "/account/contact",
            "/account/contact/email",
            &[("value", "Camille.M@Example.org")],
        )
        .await;
    assert_eq!(sent.location(), Some("/account/contact/verify?kind=email"));
    let code = last_email_code(&app, "camille.m@example.org").await;
    let wrong = camille
        .submit(
            "/account/contact/verify?kind=email",
            "/account/contact/verify",
            &[("kind", "email"), ("code", "000000")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        wrong.body.contains("Vérifiez le dernier e-mail reçu."),
        "the code went by e-mail, not by SMS"
    );
    let done = camille
        .submit(
            "/account/contact/verify?kind=email",
            "/account/contact/verify",
            &[("kind", "email"), ("code", &code)],
        )
        .await;
    assert_eq!(done.location(), Some("/account?done=email"));
    app.app.run_due_jobs().await.unwrap();
    let told = app.app.db.outbox_messages(50).await.unwrap();
    assert!(
        told.iter()
            .any(|m| m.recipient == "camille.martin@example.fr"
                && m.subject.as_deref() == Some("Votre adresse e-mail a été modifiée"))
    );
    app.clock.advance(Duration::seconds(1));
    app.browser()
        .sign_in("camille.m@example.org", DEMO_PASSWORD)
        .await;

    camille
        .submit(
            "/account/contact",
            "/account/contact/email",
            &[("value", "julien.bernard@example.fr")],
        )
        .await;
    let code = last_email_code(&app, "julien.bernard@example.fr").await;
    let taken = camille
        .submit(
            "/account/contact/verify?kind=email",
            "/account/contact/verify",
            &[("kind", "email"), ("code", &code)],
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT);
    assert!(taken.body.contains("ne peut pas être utilisée"));
    assert_eq!(
        customer(&app, "C10000001").await.email,
        "camille.m@example.org",
        "unchanged"
    );
    app.stop().await;
}

#[tokio::test]
async fn contact_changes_need_a_fresh_proof() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    app.clock.advance(Duration::minutes(11));
    assert_eq!(
        camille.get("/account/contact").await.location(),
        Some("/account/confirm?next=/account/contact")
    );
    let post = camille
        .submit(
            "/account",
            "/account/contact/phone",
            &[("value", "07 11 22 33 44")],
        )
        .await;
    assert!(post.location().unwrap().starts_with("/account/confirm"));
    assert!(
        app.app
            .db
            .outbox_messages(10)
            .await
            .unwrap()
            .iter()
            .all(|m| m.channel != "sms"),
        "no code sent"
    );
    app.stop().await;
}
