//! Abri's HTTP face: pages (askama templates, plain HTML forms), sessions and CSRF, security
//! headers, error pages, i18n, embedded assets, health and metrics.

mod alarm_views;
mod api;
mod assets;
pub mod auth;
mod ctx;
mod error;
mod frame;
mod middleware;
mod observability;
mod pages;
mod router;
mod stream_sessions;
mod views;

pub use ctx::Ctx;
pub use error::PageError;
pub use frame::RequestInfo;
pub use router::{WebConfig, WebState, router};
