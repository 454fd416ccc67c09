//! SMS through the generic HTTP JSON provider: a real HTTP server stands in for the provider
//! and records what it receives; a refusal is retried, a success is not repeated.

use std::sync::{Arc, Mutex};

use abri_app::jobs::{OutgoingSms, enqueue_sms};
use abri_testkit::{Options, TestApp};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use time::Duration;

/// One call the provider received: its `Authorization` header and its JSON body.
type Call = (Option<String>, serde_json::Value);

#[derive(Clone, Default)]
struct Provider {
    received: Arc<Mutex<Vec<Call>>>,
    answers: Arc<Mutex<Vec<StatusCode>>>,
}

async fn receive(
    State(p): State<Provider>,
    headers: HeaderMap,
    Json(body): Json<serde_json::Value>,
) -> StatusCode {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    p.received.lock().unwrap().push((auth, body));
    p.answers.lock().unwrap().pop().unwrap_or(StatusCode::OK)
}

async fn provider() -> (String, Provider) {
    let state = Provider::default();
    let app = axum::Router::new()
        .route("/messages", post(receive))
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/messages", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, state)
}

#[tokio::test]
async fn sms_reach_the_provider_and_a_refusal_is_retried() {
    let (url, received) = provider().await;
    received
        .answers
        .lock()
        .unwrap()
        .push(StatusCode::SERVICE_UNAVAILABLE);
    let app = TestApp::start(Options {
        sms_url: Some(url),
        ..Options::default()
    })
    .await;
    let sms = OutgoingSms {
        to: "+33612345678".into(),
        text: "Abri : votre code est 123456.".into(),
    };
    let mut tx = app.app.db.begin().await.unwrap();
    enqueue_sms(&app.app, &mut tx, &sms).await.unwrap();
    tx.commit().await.unwrap();

    app.app.run_due_jobs().await.unwrap();
    let job = app.app.db.recent_jobs(1).await.unwrap().remove(0);
    assert_eq!(job.status, "pending");
    assert!(job.last_error.unwrap().contains("503"));
    app.clock.advance(Duration::seconds(5));
    app.app.run_due_jobs().await.unwrap();
    app.clock.advance(Duration::hours(1));
    app.app.run_due_jobs().await.unwrap();

    let calls = received.received.lock().unwrap().clone();
    assert_eq!(calls.len(), 2, "one refused, one accepted, none after");
    let (auth, body) = &calls[1];
    assert_eq!(auth.as_deref(), Some("Bearer test-token"));
    assert_eq!(body["to"], "+33612345678");
    assert_eq!(body["from"], "ABRI");
    assert_eq!(body["text"], "Abri : votre code est 123456.");
    assert_eq!(
        body["reference"], calls[0].1["reference"],
        "the same reference on a retry"
    );
    assert!(
        app.app.db.outbox_messages(5).await.unwrap().is_empty(),
        "not kept in the outbox"
    );
    app.stop().await;
}
