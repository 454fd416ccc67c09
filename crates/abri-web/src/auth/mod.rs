//! Session cookies and CSRF synchronizer tokens.

pub mod cookies;
pub mod csrf;
