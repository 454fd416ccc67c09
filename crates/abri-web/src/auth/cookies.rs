//! The cookies Abri sets: the session, the anonymous CSRF binding, the language.
//!
//! Over HTTPS the session cookie is `__Host-abri_session; Secure; HttpOnly; SameSite=Lax;
//! Path=/` (SECURITY.md 17); plain-HTTP localhost (demo) drops the prefix and `Secure`.

use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum_extra::extract::cookie::{Cookie, SameSite};

use crate::WebConfig;

/// Session cookie name over HTTPS.
pub const SESSION_SECURE: &str = "__Host-abri_session";
/// Session cookie name over plain-HTTP localhost.
pub const SESSION_PLAIN: &str = "abri_session";
/// Anonymous visitor's CSRF binding (before sign-in), over HTTPS.
pub const CSRF_BINDING_SECURE: &str = "__Host-abri_csrf";
/// Anonymous visitor's CSRF binding over plain-HTTP localhost.
pub const CSRF_BINDING_PLAIN: &str = "abri_csrf";
/// A password reset in progress, bound to this browser (over HTTPS).
pub const RESET_SECURE: &str = "__Host-abri_reset";
/// A password reset in progress, bound to this browser (plain-HTTP localhost).
pub const RESET_PLAIN: &str = "abri_reset";
/// A browser's long-lived device id (over HTTPS).
pub const DEVICE_SECURE: &str = "__Host-abri_device";
/// A browser's long-lived device id (plain-HTTP localhost).
pub const DEVICE_PLAIN: &str = "abri_device";
/// A sign-in waiting for its second factor (over HTTPS).
pub const PENDING_SECURE: &str = "__Host-abri_pending";
/// A sign-in waiting for its second factor (plain-HTTP localhost).
pub const PENDING_PLAIN: &str = "abri_pending";
/// Chosen language.
pub const LANGUAGE: &str = "abri_lang";

/// The session cookie's name for this deployment.
#[must_use]
pub fn session_name(config: &WebConfig) -> &'static str {
    if config.https() {
        SESSION_SECURE
    } else {
        SESSION_PLAIN
    }
}

/// The anonymous CSRF binding cookie's name; the `__Host-` prefix over HTTPS stops a sibling
/// subdomain from planting its own binding (login CSRF).
#[must_use]
pub fn csrf_binding_name(config: &WebConfig) -> &'static str {
    if config.https() {
        CSRF_BINDING_SECURE
    } else {
        CSRF_BINDING_PLAIN
    }
}

/// The reset cookie's name for this deployment.
#[must_use]
pub fn reset_name(config: &WebConfig) -> &'static str {
    if config.https() {
        RESET_SECURE
    } else {
        RESET_PLAIN
    }
}

/// The device cookie's name for this deployment.
#[must_use]
pub fn device_name(config: &WebConfig) -> &'static str {
    if config.https() {
        DEVICE_SECURE
    } else {
        DEVICE_PLAIN
    }
}

/// The pending sign-in cookie's name for this deployment.
#[must_use]
pub fn pending_name(config: &WebConfig) -> &'static str {
    if config.https() {
        PENDING_SECURE
    } else {
        PENDING_PLAIN
    }
}

/// The value of cookie `name` in a request, if present.
#[must_use]
pub fn read(headers: &HeaderMap, name: &str) -> Option<String> {
    let [value] = read_each(headers, [name]);
    value.map(str::to_owned)
}

/// Whether a request carries cookie `name` (with a value of ours: visible ASCII).
#[must_use]
pub fn has(headers: &HeaderMap, name: &str) -> bool {
    let [value] = read_each(headers, [name]);
    value.is_some()
}

/// The values of cookies `names` in a request, found in one pass over its `Cookie` headers:
/// `name=value` pairs read in place as bytes (every page reads two or three cookies; BENCHMARKS.md
/// B5). Another site's cookie with bytes outside ASCII does not hide ours; a value of ours must
/// be visible ASCII. The first pair of a name counts.
#[must_use]
pub fn read_each<'h, const N: usize>(
    headers: &'h HeaderMap,
    names: [&str; N],
) -> [Option<&'h str>; N] {
    find_each(headers.get_all(COOKIE).iter(), names)
}

/// [`read_each`] in `Cookie` header values.
pub fn find_each<'h, const N: usize>(
    values: impl Iterator<Item = &'h HeaderValue>,
    names: [&str; N],
) -> [Option<&'h str>; N] {
    let mut found = [None; N];
    let mut left = N;
    let pairs = values
        .flat_map(|v| v.as_bytes().split(|b| *b == b';'))
        .filter_map(|pair| {
            let (n, v) = pair.split_at(pair.iter().position(|b| *b == b'=')?);
            Some((n.trim_ascii(), v.get(1..)?.trim_ascii()))
        });
    for (name, value) in pairs {
        let Some(slot) = names.iter().position(|n| n.as_bytes() == name) else {
            continue;
        };
        let Some(seen @ None) = found.get_mut(slot) else {
            continue;
        };
        *seen = Some(
            value
                .iter()
                .all(u8::is_ascii_graphic)
                .then(|| std::str::from_utf8(value).ok())
                .flatten(),
        );
        left -= 1;
        if left == 0 {
            break;
        }
    }
    found.map(Option::flatten)
}

/// A `Set-Cookie` value with Abri's flags; `None` max-age means a browser-session cookie.
#[must_use]
pub fn build(
    config: &WebConfig,
    name: &'static str,
    value: String,
    max_age_s: Option<i64>,
) -> Option<HeaderValue> {
    let mut cookie = Cookie::build((name, value))
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(config.https());
    if let Some(seconds) = max_age_s {
        cookie = cookie.max_age(time::Duration::seconds(seconds));
    }
    HeaderValue::from_str(&cookie.build().to_string()).ok()
}

/// Appends a `Set-Cookie` header.
pub fn set(headers: &mut HeaderMap, value: Option<HeaderValue>) {
    if let Some(v) = value {
        headers.append(SET_COOKIE, v);
    }
}

/// A `Set-Cookie` that removes cookie `name`.
#[must_use]
pub fn clear(config: &WebConfig, name: &'static str) -> Option<HeaderValue> {
    build(config, name, String::new(), Some(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_found_by_its_exact_name_among_others() {
        let mut headers = HeaderMap::new();
        headers.append(
            COOKIE,
            HeaderValue::from_static("abri_lang=en; abri_session=s1=x"),
        );
        headers.append(COOKIE, HeaderValue::from_static(" other = 2 ;abri_csrf=c"));
        assert_eq!(read(&headers, "abri_lang").as_deref(), Some("en"));
        assert_eq!(read(&headers, "abri_session").as_deref(), Some("s1=x"));
        assert_eq!(read(&headers, "other").as_deref(), Some("2"));
        assert_eq!(read(&headers, "abri_csrf").as_deref(), Some("c"));
        assert_eq!(read(&headers, "abri").as_deref(), None);
        assert_eq!(read(&HeaderMap::new(), "abri_lang"), None);
        // Another site's cookie outside ASCII leaves ours readable; ours must be visible ASCII.
        let mut headers = HeaderMap::new();
        headers.append(
            COOKIE,
            HeaderValue::from_bytes("pref=caf\u{e9}; abri_lang=fr; abri_csrf=a\u{e9}".as_bytes())
                .unwrap(),
        );
        headers.append(COOKIE, HeaderValue::from_static("abri_session=a b"));
        assert_eq!(read(&headers, "abri_lang").as_deref(), Some("fr"));
        assert_eq!(read(&headers, "abri_csrf"), None);
        assert_eq!(read(&headers, "abri_session"), None);
        assert_eq!(read(&headers, "pref"), None);
        // Several at once, each the first of its name; ours unreadable stays so.
        let mut headers = HeaderMap::new();
        headers.append(
            COOKIE,
            HeaderValue::from_static("abri_lang=en; abri_csrf=a b; abri_lang=fr"),
        );
        headers.append(
            COOKIE,
            HeaderValue::from_static("abri_session=s; abri_csrf=c"),
        );
        assert_eq!(
            read_each(&headers, ["abri_session", "abri_lang", "abri_csrf", "x"]),
            [Some("s"), Some("en"), None, None]
        );
    }
}
