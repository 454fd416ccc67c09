//! The outbox: jobs claimed once, retried with backoff, parked after too many failures; e-mails
//! delivered to a real SMTP server, retried while it is down, never twice.

use std::collections::HashSet;

use abri_app::jobs::enqueue_email;
use abri_app::mail::OutgoingEmail;
use abri_domain::jobs::{LEASE, MAX_ATTEMPTS};
use abri_testkit::{Options, SmtpSink, T0, TestApp, TestDb, smtp_available};
use time::Duration;

fn email(to: &str) -> OutgoingEmail {
    OutgoingEmail {
        to: to.into(),
        subject: "Votre mot de passe a été modifié".into(),
        text: "Bonjour Camille,\n\nTexte brut.".into(),
        html: "<p>Bonjour Camille,</p><p>HTML.</p>".into(),
    }
}

#[tokio::test]
async fn jobs_are_claimed_once_retried_and_parked() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    let payload = serde_json::json!({"n": 1});
    let mut tx = db.begin().await.unwrap();
    let first = tx.enqueue_job("email", &payload, T0, T0).await.unwrap();
    drop(tx); // rolled back: nothing queued
    assert_eq!(db.pending_jobs().await.unwrap(), 0);
    let mut tx = db.begin().await.unwrap();
    let id = tx.enqueue_job("email", &payload, T0, T0).await.unwrap();
    tx.commit().await.unwrap();
    assert_ne!(id, first);
    db.enqueue_job("sms", &payload, T0 + Duration::minutes(1), T0)
        .await
        .unwrap();

    let job = db.claim_job(T0).await.unwrap().unwrap();
    assert_eq!((job.id, job.attempts), (id, 1));
    assert!(
        db.claim_job(T0).await.unwrap().is_none(),
        "taken, and the other is not due yet"
    );
    assert!(
        db.fail_job(&job, "smtp: connection refused", Duration::seconds(5), T0)
            .await
            .unwrap()
    );
    assert!(
        db.claim_job(T0 + Duration::seconds(4))
            .await
            .unwrap()
            .is_none(),
        "backing off"
    );
    let again = db
        .claim_job(T0 + Duration::seconds(5))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((again.id, again.attempts), (id, 2));
    // A worker that dies keeps its lease; after it, another worker takes the job over.
    let later = T0 + Duration::seconds(5) + LEASE + Duration::seconds(1);
    let taken_over = db.claim_job(later).await.unwrap().unwrap();
    assert_eq!(
        (taken_over.id, taken_over.attempts),
        (id, 3),
        "the oldest due job first"
    );
    db.finish_job(taken_over.id, later).await.unwrap();
    let sms = db.claim_job(later).await.unwrap().unwrap();
    assert_eq!(sms.kind, "sms");
    db.finish_job(sms.id, later).await.unwrap();
    let rows = db.recent_jobs(10).await.unwrap();
    let row = rows.iter().find(|r| r.id == id).unwrap();
    assert_eq!((row.status.as_str(), row.attempts), ("done", 3));
    assert_eq!(row.last_error.as_deref(), Some("smtp: connection refused"));

    // Too many failures park the job as failed: kept and visible, no longer retried.
    let doomed = db.enqueue_job("email", &payload, T0, T0).await.unwrap();
    let mut at = later;
    for attempt in 1..=MAX_ATTEMPTS {
        let job = loop {
            let job = db.claim_job(at).await.unwrap().unwrap();
            if job.id == doomed {
                break job;
            }
            db.finish_job(job.id, at).await.unwrap();
        };
        assert_eq!(job.attempts, attempt);
        let retried = db
            .fail_job(&job, "refused", Duration::seconds(1), at)
            .await
            .unwrap();
        assert_eq!(retried, attempt < MAX_ATTEMPTS);
        at += Duration::seconds(2);
    }
    assert!(
        db.claim_job(at + Duration::days(1))
            .await
            .unwrap()
            .is_none()
    );
    let row = db
        .recent_jobs(10)
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.id == doomed)
        .unwrap();
    assert_eq!(row.status, "failed");
    assert_eq!(
        db.retry_failed_jobs(at).await.unwrap(),
        1,
        "an operator may queue it again"
    );
    let retried = db.claim_job(at).await.unwrap().unwrap();
    assert_eq!((retried.id, retried.attempts), (doomed, 1));
}

#[tokio::test]
async fn parallel_workers_never_take_the_same_job() {
    let test_db = TestDb::new().await;
    let db = test_db.open().await;
    for n in 0..20 {
        db.enqueue_job("email", &serde_json::json!({ "n": n }), T0, T0)
            .await
            .unwrap();
    }
    let workers: Vec<_> = (0..6)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move {
                let mut mine = Vec::new();
                while let Some(job) = db.claim_job(T0).await.unwrap() {
                    mine.push(job.id);
                }
                mine
            })
        })
        .collect();
    let mut seen = HashSet::new();
    for worker in workers {
        for id in worker.await.unwrap() {
            assert!(seen.insert(id), "job {id} claimed twice");
        }
    }
    assert_eq!(seen.len(), 20);
}

#[tokio::test]
async fn the_outbox_keeps_a_retried_message_once() {
    let app = TestApp::start(Options::default()).await;
    let mut tx = app.app.db.begin().await.unwrap();
    enqueue_email(&app.app, &mut tx, &email("camille.martin@example.fr"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    app.app.run_due_jobs().await.unwrap();
    let kept = app.app.db.outbox_messages(10).await.unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(
        kept[0].subject.as_deref(),
        Some("Votre mot de passe a été modifié")
    );
    // The same job delivered again (a crash after sending) is kept once.
    app.app.db.insert_outbox_message(&kept[0]).await.unwrap();
    assert_eq!(app.app.db.outbox_messages(10).await.unwrap().len(), 1);
    app.stop().await;
}

#[tokio::test]
async fn email_reaches_a_real_smtp_server_with_both_parts() {
    if !smtp_available() {
        return;
    }
    let port = SmtpSink::reserve_port();
    let sink = SmtpSink::start(port).await;
    let app = TestApp::start(Options {
        smtp_port: Some(port),
        ..Options::default()
    })
    .await;
    let mut tx = app.app.db.begin().await.unwrap();
    enqueue_email(&app.app, &mut tx, &email("camille.martin@example.fr"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    app.app.run_due_jobs().await.unwrap();
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    let raw = &messages[0];
    assert!(raw.contains("multipart/alternative"), "{raw}");
    assert!(
        raw.contains("text/plain") && raw.contains("text/html"),
        "{raw}"
    );
    assert!(raw.contains("To: camille.martin@example.fr"));
    assert!(
        raw.contains("From: ")
            && raw.contains("Abri Protection")
            && raw.contains("<ne-pas-repondre@abri.test>"),
        "{raw}"
    );
    assert!(raw.contains("Message-ID: <"));
    app.stop().await;
}

#[tokio::test]
async fn email_waits_for_a_server_that_is_down_and_arrives_once() {
    if !smtp_available() {
        return;
    }
    let port = SmtpSink::reserve_port();
    let app = TestApp::start(Options {
        smtp_port: Some(port),
        ..Options::default()
    })
    .await;
    let mut tx = app.app.db.begin().await.unwrap();
    enqueue_email(&app.app, &mut tx, &email("camille.martin@example.fr"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    app.app.run_due_jobs().await.unwrap();
    let job = app.app.db.recent_jobs(1).await.unwrap().remove(0);
    assert_eq!(job.status, "pending", "kept for a retry");
    assert!(
        job.last_error
            .as_deref()
            .unwrap_or_default()
            .contains("smtp"),
        "{job:?}"
    );

    let sink = SmtpSink::start(port).await;
    app.app.run_due_jobs().await.unwrap();
    assert!(sink.messages().is_empty(), "not due before its backoff");
    app.clock.advance(Duration::seconds(5));
    app.app.run_due_jobs().await.unwrap();
    app.clock.advance(Duration::hours(2));
    app.app.run_due_jobs().await.unwrap();
    assert_eq!(
        sink.messages().len(),
        1,
        "delivered once the server is back, and only once"
    );
    let job = app.app.db.recent_jobs(1).await.unwrap().remove(0);
    assert_eq!((job.status.as_str(), job.attempts), ("done", 2));
    app.stop().await;
}

#[tokio::test]
async fn the_demo_shows_its_outbox_and_production_does_not() {
    let demo = TestApp::demo().await;
    let mut tx = demo.app.db.begin().await.unwrap();
    let mut letter = email("camille.martin@example.fr");
    letter.text = "Ouvrez https://espace.example.fr/reset?t=abc pour continuer.".into();
    enqueue_email(&demo.app, &mut tx, &letter).await.unwrap();
    tx.commit().await.unwrap();
    demo.app.run_due_jobs().await.unwrap();
    let page = demo.browser().get("/dev/outbox").await;
    assert_eq!(page.status, reqwest::StatusCode::OK);
    assert!(page.body.contains("Votre mot de passe a été modifié"));
    assert!(
        page.body
            .contains("<a href=\"https://espace.example.fr/reset?t=abc\">"),
        "{}",
        page.body
    );
    demo.stop().await;
    let production = TestApp::start(Options::default()).await;
    assert_eq!(
        production.browser().get("/dev/outbox").await.status,
        reqwest::StatusCode::NOT_FOUND
    );
    production.stop().await;
}
