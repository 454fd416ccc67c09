//! Adapters behind the application's ports, chosen by configuration.

pub mod sms_http;
pub mod smtp;
