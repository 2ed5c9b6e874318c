//! Reading the request's cookies and writing the provider's own. Every cookie is HttpOnly and
//! SameSite=Lax: Lax so that it comes back on the top-level navigation from the relying party.

use axum::http::{header, HeaderMap, HeaderValue};

pub fn read<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

pub fn set(name: &str, value: &str, secure: bool) -> HeaderValue {
    build(name, value, secure, None)
}

pub fn clear(name: &str, secure: bool) -> HeaderValue {
    build(name, "", secure, Some(0))
}

fn build(name: &str, value: &str, secure: bool, max_age: Option<u32>) -> HeaderValue {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(seconds) = max_age {
        cookie.push_str(&format!("; Max-Age={seconds}"));
    }
    if secure {
        cookie.push_str("; Secure");
    }
    HeaderValue::from_str(&cookie).expect("cookie names and random values are header-safe")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several_headers() {
        let mut headers = HeaderMap::new();
        headers.append(header::COOKIE, HeaderValue::from_static("a=1; b=2"));
        headers.append(header::COOKIE, HeaderValue::from_static("c=3"));
        assert_eq!(read(&headers, "b"), Some("2"));
        assert_eq!(read(&headers, "c"), Some("3"));
        assert_eq!(read(&headers, "d"), None);
    }

    #[test]
    fn cleared_cookies_expire_at_once() {
        let cookie = clear("x", true);
        assert_eq!(
            cookie,
            "x=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure"
        );
    }
}
