//! Sending the browser back to the relying party's redirect URI with the outcome in the query.

use axum::{
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};

/// A 303 to `redirect_uri` with `params` appended to any query it already has. The URI is a
/// registered one, so it parses; should it not, the citizen gets an error page, never a 500.
pub fn redirect(redirect_uri: &str, params: &[(&str, &str)]) -> Response {
    let Ok(mut url) = url::Url::parse(redirect_uri) else {
        return crate::pages::misconfigured_client();
    };
    // Opening the query writer adds a `?` even for no parameters.
    if !params.is_empty() {
        let mut query = url.query_pairs_mut();
        for (name, value) in params {
            query.append_pair(name, value);
        }
    }
    see_other(url.as_str())
}

pub fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
