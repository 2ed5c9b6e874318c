//! The citizen's language: Vietnamese unless they chose English with the switch, which sets a
//! cookie and works as a plain link, without JavaScript.

use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use domain::text::Lang;
use serde::Deserialize;

const COOKIE: &str = "lang";

/// The language of the page being rendered, from the `lang` cookie.
#[derive(Clone, Copy, Debug)]
pub struct PageLang(pub Lang);

impl<S: Send + Sync> FromRequestParts<S> for PageLang {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(PageLang(from_headers(&parts.headers)))
    }
}

pub fn from_headers(headers: &HeaderMap) -> Lang {
    cookie(headers, COOKIE)
        .and_then(|tag| Lang::from_tag(&tag))
        .unwrap_or_default()
}

/// Reads one cookie from the `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_string())
}

#[derive(Deserialize)]
pub struct SwitchQuery {
    return_to: Option<String>,
}

/// `GET /language/{tag}`: remembers the choice for a year and goes back to the page.
pub async fn switch(Path(tag): Path<String>, Query(query): Query<SwitchQuery>) -> Response {
    let Some(lang) = Lang::from_tag(&tag) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let target = query
        .return_to
        .filter(|path| is_local_path(path))
        .unwrap_or_else(|| "/".to_string());
    let cookie = format!(
        "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang.tag()
    );
    let mut response = Redirect::to(&target).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("ASCII cookie"),
    );
    response
}

/// True for a same-origin relative path: `/x` but not `//host`, `/\host` or `http://…`, which
/// browsers would follow off-site.
pub fn is_local_path(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_same_origin_paths_are_local() {
        assert!(is_local_path("/applications/a1b2"));
        assert!(is_local_path("/?q=lai+xe"));
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "https://evil.example",
            "evil",
            "/\nx",
        ] {
            assert!(!is_local_path(bad), "{bad}");
        }
    }

    #[test]
    fn reads_the_language_cookie_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; lang=en; b=2"),
        );
        assert_eq!(from_headers(&headers), Lang::En);
        headers.insert(header::COOKIE, HeaderValue::from_static("lang=fr"));
        assert_eq!(from_headers(&headers), Lang::Vi);
    }
}
