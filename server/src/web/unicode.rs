//! Text as the portal keeps it: Unicode NFC. Vietnamese can be typed two ways — "ễ" as one
//! character, or "e" followed by two combining marks (some keyboards and most macOS input send
//! the latter, NFD) — and the two look identical but compare unequal. Every form value is brought
//! to NFC here, at the edge, so that what is stored, compared with the registry's records and
//! searched is one spelling whatever the keyboard sent.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use unicode_normalization::{is_nfc, UnicodeNormalization};

/// `text` in NFC.
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// Brings a posted form's names and values to NFC before any handler reads them. Only plain forms
/// whose length is declared and within `limit` are read here (browsers declare it); anything else
/// goes on untouched and meets the body limits as it would have. Multipart forms are normalised
/// field by field where they are read (`web::form`).
pub async fn normalise_forms(limit: usize, request: Request, next: Next) -> Response {
    let form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("application/x-www-form-urlencoded"));
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<usize>().ok());
    let Some(length) = declared.filter(|length| form && *length <= limit) else {
        return next.run(request).await;
    };
    let (parts, body) = request.into_parts();
    // A body shorter or longer than declared is the connection's error; the handler meets it.
    let Ok(bytes) = axum::body::to_bytes(body, length).await else {
        return next.run(Request::from_parts(parts, Body::empty())).await;
    };
    let body = normalised(&bytes).map_or_else(|| Body::from(bytes), Body::from);
    let mut request = Request::from_parts(parts, body);
    request.headers_mut().remove(header::CONTENT_LENGTH);
    next.run(request).await
}

/// The form encoded again with its names and values in NFC, or `None` when it already is.
fn normalised(body: &[u8]) -> Option<String> {
    let pairs: Vec<_> = form_urlencoded::parse(body).collect();
    if pairs
        .iter()
        .all(|(name, value)| is_nfc(name) && is_nfc(value))
    {
        return None;
    }
    let mut encoded = form_urlencoded::Serializer::new(String::new());
    for (name, value) in &pairs {
        encoded.append_pair(&nfc(name), &nfc(value));
    }
    Some(encoded.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// "Nguyễn" typed with combining marks: e, circumflex (U+0302), tilde (U+0303).
    const DECOMPOSED: &str = "Nguye\u{0302}\u{0303}n";

    #[test]
    fn a_form_typed_with_combining_marks_reads_as_one_spelling() {
        let body = format!("given_name={DECOMPOSED}&middle=V%C4%83n");
        let encoded = normalised(body.as_bytes()).expect("rewritten");
        let pairs: Vec<_> = form_urlencoded::parse(encoded.as_bytes()).collect();
        assert_eq!(pairs[0].1, "Nguyễn");
        assert_eq!(pairs[0].1.chars().count(), 6);
        assert_eq!(pairs[1].1, "Văn");
    }

    #[test]
    fn a_form_already_in_nfc_is_left_as_sent() {
        assert_eq!(normalised("given_name=Nguy%E1%BB%85n&x=1".as_bytes()), None);
        assert_eq!(nfc(DECOMPOSED), "Nguyễn");
    }
}
