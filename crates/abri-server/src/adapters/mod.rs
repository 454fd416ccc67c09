//! Adapters behind the application's ports, chosen by configuration.

pub mod mqtt;
pub mod sms_http;
pub mod smtp;
