//! The forgotten-password journey (SECURITY.md 8–11, 14): same answer for every identifier,
//! single-use links that expire, newer requests void older ones, the SMS step with its limits,
//! and the end: other sessions revoked, a confirmation, signed in.

use abri_testkit::{Browser, Page, TestApp};
use reqwest::StatusCode;

mod captcha;
mod codes;
mod links;

pub(super) const NEW: &str = "Girouette-Verte-Sur-Le-Toit";

/// Asks for a link as a visitor would, then lets the worker run.
pub(super) async fn request(app: &TestApp, identifier: &str) -> Page {
    let mut browser = app.browser();
    let page = submit_solved(&mut browser, identifier).await;
    app.app.run_due_jobs().await.unwrap();
    page
}

/// Loads the request form, solves its proof of work and sends it.
pub(super) async fn submit_solved(browser: &mut Browser, identifier: &str) -> Page {
    let form = browser.get("/password/forgot").await;
    let token = form.csrf().unwrap();
    let solution = form.pow_solution().unwrap();
    browser
        .post(
            "/password/forgot",
            &[
                ("csrf", &token),
                ("identifier", identifier),
                ("altcha", &solution),
            ],
        )
        .await
}

/// The path of the newest reset link e-mailed, if any.
pub(super) async fn last_link(app: &TestApp) -> Option<String> {
    app.last_link().await
}

/// The newest SMS code sent.
pub(super) async fn last_code(app: &TestApp) -> String {
    app.last_sms_code().await
}

pub(super) async fn code_step(app: &TestApp, link: &str) -> Browser {
    let mut browser = app.browser();
    let page = browser.get(link).await;
    assert_eq!(
        page.status,
        StatusCode::OK,
        "the link shows a button and spends nothing"
    );
    let opened = browser.submit(link, link, &[]).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    assert_eq!(opened.location(), Some("/password/reset"));
    browser
}
