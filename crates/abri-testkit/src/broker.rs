//! A private Mosquitto broker for one test, on a free port, with its sessions kept on disk so
//! that a restart keeps what it owes its subscribers.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Where Debian puts the broker.
const MOSQUITTO: &str = "/usr/sbin/mosquitto";

/// Whether Mosquitto can be run here; in CI it must be.
#[must_use]
pub fn mosquitto_available() -> bool {
    let ok = std::path::Path::new(MOSQUITTO).exists();
    assert!(
        ok || std::env::var("CI").as_deref() != Ok("true"),
        "mosquitto is required in CI (apt-get install mosquitto)"
    );
    if !ok {
        eprintln!("skipped: {MOSQUITTO} is not installed");
    }
    ok
}

/// A running broker.
pub struct Broker {
    /// Its port on 127.0.0.1.
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

impl Broker {
    /// Starts a broker on a free port.
    ///
    /// # Panics
    /// When it cannot be started.
    pub async fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .unwrap_or_else(|e| panic!("no free port: {e}"));
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
        // Mosquitto started as root runs as its own user: let it write its sessions here.
        let _ = std::fs::set_permissions(
            dir.path(),
            std::os::unix::fs::PermissionsExt::from_mode(0o777),
        );
        let mut broker = Self {
            port,
            dir,
            child: None,
        };
        broker.launch().await;
        broker
    }

    fn config(&self) -> PathBuf {
        self.dir.path().join("mosquitto.conf")
    }

    async fn launch(&mut self) {
        let data = self.dir.path().display().to_string();
        let conf = format!(
            "listener {} 127.0.0.1\nallow_anonymous true\npersistence true\n\
             persistence_location {data}/\nautosave_interval 1\nautosave_on_changes true\n\
             max_queued_messages 10000\n",
            self.port
        );
        std::fs::write(self.config(), conf).unwrap_or_else(|e| panic!("broker config: {e}"));
        let log = std::fs::File::create(self.dir.path().join("broker.log"))
            .unwrap_or_else(|e| panic!("broker log: {e}"));
        let child = Command::new(MOSQUITTO)
            .arg("-c")
            .arg(self.config())
            .arg("-v")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap_or_else(|e| panic!("mosquitto: {e}"));
        self.child = Some(child);
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("mosquitto did not start on port {}", self.port);
    }

    /// The broker's log so far (verbose), for a failing test to show.
    #[must_use]
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("broker.log")).unwrap_or_default()
    }

    /// Stops the broker (it saves its sessions), then starts it again on the same port.
    pub async fn restart(&mut self) {
        self.halt();
        self.launch().await;
    }

    fn halt(&mut self) {
        if let Some(mut child) = self.child.take() {
            // SIGTERM lets it write its persistence file.
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let _ = child.wait();
        }
    }
}

impl Drop for Broker {
    fn drop(&mut self) {
        self.halt();
    }
}
