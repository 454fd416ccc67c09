//! Static files embedded in the binary, served under content-hashed names so browsers may keep
//! them for a year (`style.css` → `/assets/style.3f2a9c1d0b4e.css`).

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

#[derive(Embed)]
#[folder = "assets/"]
struct Files;

/// Hashed name → original name.
fn table() -> &'static HashMap<String, String> {
    static TABLE: OnceLock<HashMap<String, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        Files::iter()
            .filter_map(|name| {
                let file = Files::get(&name)?;
                Some((
                    hashed(&name, &file.metadata.sha256_hash()),
                    name.into_owned(),
                ))
            })
            .collect()
    })
}

fn hashed(name: &str, sha: &[u8; 32]) -> String {
    let short: String = sha.iter().take(6).map(|b| format!("{b:02x}")).collect();
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}.{short}.{ext}"),
        None => format!("{name}.{short}"),
    }
}

/// The public URL of an embedded file.
#[must_use]
pub(crate) fn url(name: &str) -> String {
    table()
        .iter()
        .find(|(_, original)| original.as_str() == name)
        .map_or_else(
            || format!("/assets/{name}"),
            |(h, _)| format!("/assets/{h}"),
        )
}

/// Serves one embedded file by its hashed name.
pub(crate) async fn serve(Path(name): Path<String>) -> Response {
    let Some(file) = table().get(&name).and_then(|original| Files::get(original)) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let mime = file.metadata.mimetype().to_owned();
    let mut response = file.data.into_owned().into_response();
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&mime) {
        h.insert(CONTENT_TYPE, v);
    }
    h.insert(
        CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=31536000, immutable"),
    );
    response
}
