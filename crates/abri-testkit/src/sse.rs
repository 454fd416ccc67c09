//! A server-sent events reader for tests: opens a stream with a browser's cookies and reads
//! one event at a time, with a deadline.

use std::time::Duration;

use reqwest::header::COOKIE;

use crate::Browser;

/// One event as received.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SseEvent {
    /// The `id:` line.
    pub id: Option<String>,
    /// The `event:` line.
    pub event: Option<String>,
    /// The `data:` lines, joined.
    pub data: String,
}

/// An open stream.
pub struct SseStream {
    response: reqwest::Response,
    buffer: String,
}

impl Browser {
    /// Opens `path` as an event stream, resuming after `last_event_id` when given.
    pub async fn events(&self, path: &str, last_event_id: Option<&str>) -> SseStream {
        let jar: Vec<String> = self
            .cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        let mut request = self
            .client
            .get(format!("{}{path}", self.base))
            .header(COOKIE, jar.join("; "))
            .header("accept", "text/event-stream");
        if let Some(id) = last_event_id {
            request = request.header("last-event-id", id);
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("stream failed: {e}"));
        assert_eq!(response.status(), reqwest::StatusCode::OK, "stream opened");
        SseStream {
            response,
            buffer: String::new(),
        }
    }
}

impl SseStream {
    /// Whether the server ends the stream within `wait` (what arrives meanwhile is skipped).
    pub async fn ended(&mut self, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Err(_) => return false,
                Ok(Ok(Some(_))) => {}
                Ok(Ok(None) | Err(_)) => return true,
            }
        }
    }

    /// Whether a comment (a keep-alive) arrives within `wait`; events meanwhile are skipped.
    pub async fn comment(&mut self, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if block.starts_with(':') {
                    return true;
                }
            }
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Ok(Ok(Some(chunk))) => self.buffer.push_str(&String::from_utf8_lossy(&chunk)),
                _ => return false,
            }
        }
    }

    /// The next event (comments skipped), or `None` when nothing comes within `wait` or the
    /// stream ends.
    pub async fn next(&mut self, wait: Duration) -> Option<SseEvent> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = SseEvent {
                    id: None,
                    event: None,
                    data: String::new(),
                };
                for line in block.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        event.id = Some(v.trim().to_owned());
                    } else if let Some(v) = line.strip_prefix("event:") {
                        event.event = Some(v.trim().to_owned());
                    } else if let Some(v) = line.strip_prefix("data:") {
                        event.data.push_str(v.strip_prefix(' ').unwrap_or(v));
                    }
                }
                if event.id.is_some() || !event.data.is_empty() {
                    return Some(event);
                }
                continue;
            }
            let chunk = tokio::time::timeout_at(deadline, self.response.chunk())
                .await
                .ok()?
                .ok()??;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}
