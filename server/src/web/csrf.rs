//! Cross-site request forgery protection without tokens: browsers say where a request comes from
//! (`Sec-Fetch-Site`, and `Origin` on every POST), so a state-changing request from another site is
//! refused with 403. Same-origin forms keep working with JavaScript off.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The portal's own origin, as citizens' browsers name it.
pub struct OwnOrigin {
    /// `scheme://host[:port]` of the public URL.
    pub origin: String,
}

impl OwnOrigin {
    pub fn of(public_url: &str) -> Arc<Self> {
        Arc::new(Self {
            origin: origin_of(public_url),
        })
    }

    fn scheme(&self) -> &str {
        self.origin
            .split_once("://")
            .map_or("", |(scheme, _)| scheme)
    }
}

pub async fn protect(State(own): State<Arc<OwnOrigin>>, request: Request, next: Next) -> Response {
    if is_safe(request.method()) || is_same_origin(&own, request.headers()) {
        next.run(request).await
    } else {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        (
            StatusCode::FORBIDDEN,
            "Yêu cầu bị từ chối vì không đến từ trang của cổng dịch vụ công.\n\
             The request was refused because it did not come from the portal's own pages.",
        )
            .into_response()
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether a state-changing request comes from the portal's own pages. Browsers say so with
/// `Sec-Fetch-Site`; those that do not send `Origin` on every POST, which must be the portal's
/// own, scheme included (an `http://` page must not post to an `https://` portal). A request with
/// neither is refused: every browser sends one of them, so it cannot be a citizen's form.
fn is_same_origin(own: &OwnOrigin, headers: &HeaderMap) -> bool {
    let header = |name| headers.get(name).and_then(|value| value.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    let Some(origin) = header(header::ORIGIN.as_str()) else {
        return false;
    };
    // The configured public origin, or the host the browser addressed under the public scheme
    // (so that it holds behind another public name, never across schemes).
    origin == own.origin
        || header(header::HOST.as_str())
            .is_some_and(|host| origin == format!("{}://{host}", own.scheme()))
}

/// `scheme://host:port` of a URL, for the CSP's `form-action` (signing out and paying post forms
/// that redirect there).
pub fn origin_of(url: &str) -> String {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| i + after_scheme);
    url[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn same_origin_requests_pass_and_cross_site_ones_do_not() {
        let own = OwnOrigin::of("https://portal.example");
        let passes = |pairs| is_same_origin(&own, &headers(pairs));
        assert!(passes(&[("sec-fetch-site", "same-origin")]));
        assert!(!passes(&[("sec-fetch-site", "cross-site")]));
        assert!(!passes(&[("sec-fetch-site", "same-site")]));
        assert!(passes(&[("origin", "https://portal.example")]));
        assert!(passes(&[
            ("origin", "https://other-name.example"),
            ("host", "other-name.example")
        ]));
        assert!(!passes(&[
            ("origin", "https://evil.example"),
            ("host", "portal.example")
        ]));
        assert!(!passes(&[("origin", "null"), ("host", "portal.example")]));
    }

    #[test]
    fn another_scheme_or_no_origin_at_all_is_refused() {
        let own = OwnOrigin::of("https://portal.example");
        let passes = |pairs| is_same_origin(&own, &headers(pairs));
        assert!(!passes(&[
            ("origin", "http://portal.example"),
            ("host", "portal.example")
        ]));
        assert!(!passes(&[("host", "portal.example")]));
        assert!(!passes(&[]));
    }
}
