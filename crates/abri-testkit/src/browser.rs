//! A small browser: keeps cookies, never follows redirects, finds CSRF tokens in pages.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use reqwest::header::{COOKIE, HeaderMap, SET_COOKIE};
use reqwest::redirect::Policy;

/// A response as a test looks at it.
#[derive(Clone, Debug)]
pub struct Page {
    /// Status.
    pub status: StatusCode,
    /// Headers.
    pub headers: HeaderMap,
    /// Body text.
    pub body: String,
}

impl Page {
    /// A header's value as text.
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `Location` of a redirect.
    #[must_use]
    pub fn location(&self) -> Option<&str> {
        self.header("location")
    }

    /// The first CSRF token in the page.
    #[must_use]
    pub fn csrf(&self) -> Option<String> {
        let start = self.body.find("name=\"csrf\" value=\"")? + "name=\"csrf\" value=\"".len();
        let end = self.body.get(start..)?.find('"')?;
        self.body.get(start..start + end).map(str::to_owned)
    }

    /// Solves the page's proof-of-work challenge (`data-pow`) as the browser script would, and
    /// returns the `altcha` field's value.
    #[must_use]
    pub fn pow_solution(&self) -> Option<String> {
        use base64::Engine;
        let start = self.body.find("data-pow=\"")? + "data-pow=\"".len();
        let end = self.body.get(start..)?.find('"')?;
        let raw = self.body.get(start..start + end)?;
        let json = raw
            .replace("&#34;", "\"")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&#38;", "&")
            .replace("&amp;", "&");
        let c: serde_json::Value = serde_json::from_str(&json).ok()?;
        let text = |k: &str| {
            c.get(k)
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned)
        };
        let (challenge, salt) = (text("challenge")?, text("salt")?);
        let max = c.get("maxnumber").and_then(serde_json::Value::as_u64)?;
        let number = altcha_lib_rs::solve_challenge(&challenge, &salt, None, Some(max), 0).ok()?;
        let payload = serde_json::json!({
            "algorithm": "SHA-256", "challenge": challenge, "number": number, "salt": salt,
            "signature": text("signature")?, "took": 12.5,
        });
        Some(base64::engine::general_purpose::STANDARD.encode(payload.to_string()))
    }

    /// Every `href` in the page that starts with `prefix`.
    #[must_use]
    pub fn links(&self, prefix: &str) -> Vec<String> {
        let needle = format!("href=\"{prefix}");
        self.body
            .match_indices(&needle)
            .filter_map(|(i, _)| {
                let rest = self.body.get(i + 6..)?;
                rest.find('"')
                    .and_then(|end| rest.get(..end))
                    .map(str::to_owned)
            })
            .collect()
    }
}

/// A cookie-keeping client.
pub struct Browser {
    pub(crate) base: String,
    pub(crate) client: reqwest::Client,
    /// Cookies by name.
    pub cookies: BTreeMap<String, String>,
    /// Extra headers sent with every request (`Sec-Fetch-Site`, `Origin`…).
    pub extra: Vec<(String, String)>,
}

impl Browser {
    /// A browser for a server at `base`.
    #[must_use]
    pub fn new(base: &str) -> Self {
        Self::from_address(base, None)
    }

    /// A browser whose connections leave from `address` (a loopback address such as
    /// `127.1.0.7`): benchmarks speak as many visitors with their own addresses.
    #[must_use]
    pub fn from_address(base: &str, address: Option<std::net::IpAddr>) -> Self {
        let client = reqwest::Client::builder()
            .redirect(Policy::none())
            .local_address(address)
            .build()
            .unwrap_or_default();
        Self {
            base: base.to_owned(),
            client,
            cookies: BTreeMap::new(),
            extra: Vec::new(),
        }
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> Page {
        let request = self.client.get(format!("{}{path}", self.base));
        self.send(request).await
    }

    /// `POST path` with a URL-encoded form.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let body: String = fields
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let request = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        self.send(request).await
    }

    /// Loads `page_path`, then posts `fields` plus the page's CSRF token to `action`.
    pub async fn submit(&mut self, page_path: &str, action: &str, fields: &[(&str, &str)]) -> Page {
        let page = self.get(page_path).await;
        let token = page.csrf().unwrap_or_default();
        let mut all = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post(action, &all).await
    }

    /// Signs in through the form as a browser with JavaScript does (the proof of work solved);
    /// asserts it worked.
    pub async fn sign_in(&mut self, identifier: &str, password: &str) -> Page {
        let form = self.get("/login").await;
        let token = form.csrf().unwrap_or_default();
        let solution = form.pow_solution().unwrap_or_default();
        let fields = [
            ("csrf", token.as_str()),
            ("identifier", identifier),
            ("password", password),
            ("altcha", &solution),
        ];
        let page = self.post("/login", &fields).await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "sign-in failed: {}",
            page.body
        );
        page
    }

    async fn send(&mut self, mut request: reqwest::RequestBuilder) -> Page {
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            request = request.header(COOKIE, jar.join("; "));
        }
        for (name, value) in &self.extra {
            request = request.header(name.as_str(), value.as_str());
        }
        let response = request
            .send()
            .await
            .unwrap_or_else(|e| panic!("request failed: {e}"));
        let status = response.status();
        let headers = response.headers().clone();
        for set in headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
        {
            let Some((pair, attributes)) = set.split_once(';').or(Some((set, ""))) else {
                continue;
            };
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            if attributes.contains("Max-Age=0") || value.is_empty() {
                self.cookies.remove(name.trim());
            } else {
                self.cookies
                    .insert(name.trim().to_owned(), value.trim().to_owned());
            }
        }
        let body = response.text().await.unwrap_or_default();
        Page {
            status,
            headers,
            body,
        }
    }
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            b' ' => "+".to_owned(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
