//! Adapters behind the application's ports, chosen by configuration.

pub mod smtp;
