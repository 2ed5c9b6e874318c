//! Headers on every response of a stand-in with pages. The pages must not be framed (clickjacking
//! a "sign in" or "pay" button), sniffed, or leak their address, which may hold an authorization
//! code or a payment id, through the Referer header. No inline script or style anywhere; forms
//! post only to the stand-in itself and to the origins it is told of, because browsers apply
//! `form-action` to the redirect that follows a post too.

use axum::{
    extract::{Request, State},
    http::{header, HeaderValue},
    middleware::{self, Next},
    response::Response,
    Router,
};

#[derive(Clone)]
pub struct SecurityHeaders {
    content_security_policy: HeaderValue,
    default_cache_control: Option<HeaderValue>,
}

impl SecurityHeaders {
    /// `redirect_targets`: URLs the stand-in's forms may lead to after a post; only their
    /// origins are listed, and a URL that does not parse is left out.
    pub fn new(redirect_targets: impl IntoIterator<Item = impl AsRef<str>>) -> Self {
        let mut form_targets = vec!["'self'".to_owned()];
        for target in redirect_targets {
            if let Ok(url) = url::Url::parse(target.as_ref()) {
                let origin = url.origin().ascii_serialization();
                if !form_targets.contains(&origin) {
                    form_targets.push(origin);
                }
            }
        }
        let policy = format!(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action {}; \
             frame-ancestors 'none'; base-uri 'none'",
            form_targets.join(" ")
        );
        Self {
            content_security_policy: HeaderValue::from_str(&policy)
                .expect("serialised origins are visible ASCII"),
            default_cache_control: None,
        }
    }

    /// Responses that say nothing about caching get `Cache-Control: no-store`.
    pub fn no_store_by_default(self) -> Self {
        Self {
            default_cache_control: Some(HeaderValue::from_static("no-store")),
            ..self
        }
    }

    /// `router` with these headers on every response, the fallback's included.
    pub fn wrap<S: Clone + Send + Sync + 'static>(self, router: Router<S>) -> Router<S> {
        router.layer(middleware::from_fn_with_state(self, add))
    }
}

async fn add(State(policy): State<SecurityHeaders>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        policy.content_security_policy,
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    if let Some(cache_control) = policy.default_cache_control {
        headers
            .entry(header::CACHE_CONTROL)
            .or_insert(cache_control);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_each_redirect_origin_once() {
        let headers = SecurityHeaders::new([
            "http://localhost:3000/auth/callback",
            "http://localhost:3000/",
            "https://portal.example/pay/",
            "not a url",
        ]);
        assert_eq!(
            headers.content_security_policy,
            "default-src 'none'; style-src 'self'; img-src 'self'; \
             form-action 'self' http://localhost:3000 https://portal.example; \
             frame-ancestors 'none'; base-uri 'none'"
        );
        assert!(headers.default_cache_control.is_none());
        assert!(headers
            .no_store_by_default()
            .default_cache_control
            .is_some());
    }
}
