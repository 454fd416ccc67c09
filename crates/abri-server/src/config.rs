//! Typed configuration: an optional `abri.toml` overlaid by `ABRI_*` variables (nested keys with
//! `__`, e.g. `ABRI_PROVIDER__NAME`). Unknown keys are an error; secrets never print.

use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// A secret value: compared and used, never shown.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    #[must_use]
    pub fn new(value: String) -> Self {
        Self(value)
    }

    /// The secret's bytes, for the code that uses it.
    #[must_use]
    pub fn expose(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// How logs are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object a line, for production.
    Json,
}

/// The provider's branding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProviderConfig {
    /// Brand name.
    pub name: String,
    /// Customer-service phone as displayed.
    pub support_phone: String,
}

impl Default for ProviderConfig {
    fn default() -> Self {
        Self {
            name: "Abri Protection".into(),
            support_phone: "09 70 80 90 00".into(),
        }
    }
}

/// How the SMTP connection is protected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// STARTTLS on the submission port (587), required.
    #[default]
    Starttls,
    /// Implicit TLS (465).
    Tls,
    /// No TLS: only for a relay on the same machine or network (and tests).
    None,
}

/// Where e-mails go. Without it, they stay in the local outbox (`/dev/outbox` in demo).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmtpConfig {
    /// Server name.
    pub host: String,
    /// Port (587 for STARTTLS, 465 for TLS).
    #[serde(default = "default_smtp_port")]
    pub port: u16,
    /// Transport security.
    #[serde(default)]
    pub security: SmtpSecurity,
    /// User name, if the server wants one.
    pub username: Option<String>,
    /// Password.
    pub password: Option<Secret>,
    /// Sender (`Abri Protection <ne-pas-repondre@example.fr>`).
    pub from: String,
}

/// A generic HTTP JSON SMS provider. Without it, SMS stay in the local outbox.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SmsConfig {
    /// The provider's send endpoint (`https://…/messages`).
    pub url: String,
    /// Sender name or number shown on the phone.
    pub sender: String,
    /// Bearer token, if the provider uses one.
    pub token: Option<Secret>,
    /// User name for HTTP basic authentication.
    pub username: Option<String>,
    /// Password for HTTP basic authentication.
    pub password: Option<Secret>,
}

const fn default_smtp_port() -> u16 {
    587
}

/// Everything `abri` can be told.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Address to listen on.
    pub listen: SocketAddr,
    /// Public URL of the site; required off localhost.
    pub base_url: Option<String>,
    /// `sqlite://…` or `postgres://…`; defaults to `<data_dir>/abri.db`.
    pub database_url: Option<String>,
    /// Where the SQLite file and uploads live.
    pub data_dir: PathBuf,
    /// Key for CSRF tokens and, later, encryption at rest; required off localhost (≥ 32 bytes).
    pub secret_key: Option<Secret>,
    /// Password-hashing threads (default: number of cores).
    pub hash_workers: Option<usize>,
    /// Log format.
    pub log_format: LogFormat,
    /// Branding.
    pub provider: ProviderConfig,
    /// Outgoing mail server; the local outbox when absent.
    pub smtp: Option<SmtpConfig>,
    /// SMS provider; the local outbox when absent.
    pub sms: Option<SmsConfig>,
    /// Work asked of browsers by the proof-of-work CAPTCHA (largest number to try).
    pub captcha_max_number: u64,
    /// Seconds a panel has to confirm a command before it is shown as failed.
    pub alarm_command_timeout_seconds: u32,
    /// Seconds of silence after which a panel is shown offline.
    pub alarm_offline_after_seconds: u32,
    /// The MQTT broker panels publish to; without it, panels use the HTTPS ingest only.
    pub mqtt: Option<crate::adapters::mqtt::MqttConfig>,
    /// Seconds between checks of the sessions behind open live streams (a stream outlives its
    /// session by at most this), and between a stream's keep-alive comments.
    pub stream_session_check_seconds: u32,
    /// Seconds a client has to send a request head, and that an idle connection stays open.
    pub request_head_timeout_seconds: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            base_url: None,
            database_url: None,
            data_dir: PathBuf::from("data"),
            secret_key: None,
            hash_workers: None,
            log_format: LogFormat::default(),
            provider: ProviderConfig::default(),
            smtp: None,
            sms: None,
            captcha_max_number: 50_000,
            alarm_command_timeout_seconds: 30,
            alarm_offline_after_seconds: 900,
            mqtt: None,
            stream_session_check_seconds: 30,
            request_head_timeout_seconds: 30,
        }
    }
}

/// Variables with the `ABRI_` prefix that are not configuration keys.
const NOT_CONFIG: &[&str] = &["config", "test_database_url", "log"];

impl Config {
    /// Defaults, then `file` if it exists, then `ABRI_*` variables.
    ///
    /// # Errors
    /// On an unknown key, a wrong type, or an unreadable file.
    pub fn load(file: &Path) -> anyhow::Result<Self> {
        Figment::from(Serialized::defaults(Self::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("ABRI_").ignore(NOT_CONFIG).split("__"))
            .extract()
            .context("invalid configuration")
    }

    /// The database URL, defaulting to an SQLite file in the data directory.
    #[must_use]
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| abri_store::Db::sqlite_url(&self.data_dir.join("abri.db")))
    }

    /// Refuses settings that would be unsafe in production: off localhost, a base URL and a
    /// secret key of at least 32 bytes are required.
    ///
    /// # Errors
    /// When they are missing or too short.
    pub fn check_for_serve(&self) -> anyhow::Result<()> {
        if self
            .secret_key
            .as_ref()
            .is_some_and(|key| key.expose().len() < 32)
        {
            bail!("secret_key must be at least 32 bytes long");
        }
        if self.listen.ip().is_loopback() {
            return Ok(());
        }
        if self.base_url.is_none() {
            bail!(
                "listening on {} (not localhost) needs base_url (ABRI_BASE_URL)",
                self.listen
            );
        }
        if self.secret_key.is_none() {
            bail!(
                "listening on {} (not localhost) needs secret_key (ABRI_SECRET_KEY)",
                self.listen
            );
        }
        Ok(())
    }

    /// The base URL, or `http://localhost:<port>` on localhost.
    #[must_use]
    pub fn base_url(&self) -> String {
        self.base_url
            .clone()
            .map(|u| u.trim_end_matches('/').to_owned())
            .unwrap_or_else(|| format!("http://localhost:{}", self.listen.port()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_keys_are_refused_and_secrets_hidden() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("abri.toml");
        std::fs::write(
            &file,
            "listen = \"127.0.0.1:9000\"\nsecret_key = \"s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t\"\n",
        )
        .unwrap();
        let config = Config::load(&file).unwrap();
        assert_eq!(config.listen.port(), 9000);
        assert!(!format!("{config:?}").contains("s3cr3t"));
        std::fs::write(&file, "listen = \"127.0.0.1:9000\"\nlisten_port = 3\n").unwrap();
        let err = format!("{:#}", Config::load(&file).unwrap_err());
        assert!(err.contains("listen_port"), "{err}");
    }

    #[test]
    fn off_localhost_needs_base_url_and_key() {
        let mut config = Config {
            listen: "0.0.0.0:8080".parse().unwrap(),
            ..Config::default()
        };
        assert!(config.check_for_serve().is_err());
        config.base_url = Some("https://espace.example.fr".into());
        assert!(config.check_for_serve().is_err());
        config.secret_key = Some(Secret::new("short".into()));
        assert!(config.check_for_serve().is_err());
        config.secret_key = Some(Secret::new("x".repeat(32)));
        assert!(config.check_for_serve().is_ok());
        assert!(Config::default().check_for_serve().is_ok());
    }
}
