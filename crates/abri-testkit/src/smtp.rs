//! A real SMTP server for delivery tests: Python's `aiosmtpd`, storing what it receives in a
//! Maildir that tests read. Started and stopped on a port of the test's own.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `aiosmtpd`.
pub struct SmtpSink {
    /// Its port on 127.0.0.1.
    pub port: u16,
    maildir: PathBuf,
    child: Option<Child>,
    _dir: tempfile::TempDir,
}

/// Whether `aiosmtpd` can be run here; CI installs it, so there its absence is a failure.
#[must_use]
pub fn smtp_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok || std::env::var("CI").as_deref() != Ok("true"),
        "aiosmtpd is required in CI (pip install aiosmtpd)"
    );
    if !ok {
        eprintln!(
            "SMTP delivery test skipped: python3 -m aiosmtpd is not available (pip install aiosmtpd)"
        );
    }
    ok
}

impl SmtpSink {
    /// A free port with nothing listening yet.
    #[must_use]
    pub fn reserve_port() -> u16 {
        std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port")
    }

    /// Starts the server on `port` and waits until it accepts connections.
    pub async fn start(port: u16) -> Self {
        let dir = tempfile::tempdir().expect("maildir folder");
        let maildir = dir.path().join("Maildir");
        let child = Command::new("python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(&maildir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Self {
            port,
            maildir,
            child: Some(child),
            _dir: dir,
        }
    }

    /// Stops the server (the Maildir stays readable).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The raw messages received so far.
    #[must_use]
    pub fn messages(&self) -> Vec<String> {
        read_dir(&self.maildir.join("new"))
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

fn read_dir(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .collect()
}
