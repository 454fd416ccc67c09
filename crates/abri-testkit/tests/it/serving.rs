//! How connections are served: live streams end with their session and with the server; a
//! client that sends no request head in time is disconnected.

use std::time::Duration;

use abri_testkit::{Options, TestApp};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test]
async fn a_live_stream_ends_soon_after_its_session_and_no_other() {
    let app = TestApp::demo().await;
    let mut camille = app.signed_in("C10000001").await;
    let phone = app.signed_in("C10000001").await;
    let mut tab = camille.events("/events", None).await;
    let mut on_phone = phone.events("/events", None).await;

    camille.submit("/", "/logout", &[]).await;
    assert!(
        tab.ended(Duration::from_secs(5)).await,
        "the stream of the session signed out ends"
    );
    assert!(
        !on_phone.ended(Duration::from_millis(1500)).await,
        "the other session's stream goes on"
    );

    // Idle past the limit (nothing the stream does counts as a use): that session ends too.
    app.clock
        .advance(abri_domain::sessions::IDLE_TIMEOUT + time::Duration::minutes(1));
    assert!(on_phone.ended(Duration::from_secs(5)).await);
    app.stop().await;
}

#[tokio::test]
async fn an_idle_stream_sends_a_keep_alive_at_each_check_of_its_session() {
    // The test server checks sessions every second (30 s by default).
    let app = TestApp::demo().await;
    let camille = app.signed_in("C10000001").await;
    let mut stream = camille.events("/events", None).await;
    assert!(
        stream.comment(Duration::from_secs(3)).await,
        "a first keep-alive"
    );
    assert!(stream.comment(Duration::from_secs(3)).await, "and the next");
    app.stop().await;
}

#[tokio::test]
async fn stopping_the_server_ends_open_streams() {
    let app = TestApp::demo().await;
    let camille = app.signed_in("C10000001").await;
    let mut stream = camille.events("/events", None).await;
    tokio::time::timeout(Duration::from_secs(5), app.stop())
        .await
        .unwrap();
    assert!(stream.ended(Duration::from_secs(1)).await);
}

#[tokio::test]
async fn a_client_slow_to_send_its_request_is_disconnected() {
    let app = TestApp::start(Options {
        request_head_timeout_seconds: Some(1),
        ..Options::default()
    })
    .await;
    let address = app.base.trim_start_matches("http://").to_owned();

    let mut slow = TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: abri\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), slow.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the connection was closed");
    assert!(
        answer.is_empty() || answer.starts_with(b"HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&answer)
    );

    // A client that sends its head at once is answered.
    let mut prompt = TcpStream::connect(&address).await.unwrap();
    prompt
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: abri\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    prompt.read_to_end(&mut answer).await.unwrap();
    assert!(answer.starts_with(b"HTTP/1.1 200"));
    app.stop().await;
}
