//! A citizen's browser reduced to HTTP: a cookie jar, redirects followed one hop at a time (any
//! answer outside 2xx/3xx stops the visit, leaving that answer's page as the current one), and
//! forms read from the HTML and posted back. It signs in through the eID stand-in's pages and goes
//! through a whole service, payment included. The benchmark and the fault tests use it.

use crate::eid::OTP_PREFIX;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{HeaderValue, LOCATION};
use reqwest::Url;
use std::sync::Arc;

/// The longest redirect chain a visit follows (the sign-in takes six hops).
const MAX_HOPS: usize = 12;

pub struct Visitor {
    http: reqwest::Client,
    jar: Arc<Jar>,
    pub url: Url,
    pub body: String,
    /// Every HTTP request made so far.
    pub requests: usize,
}

impl Visitor {
    pub fn new(start: &str) -> Visitor {
        let jar = Arc::new(Jar::default());
        let http = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .expect("HTTP client");
        Visitor {
            http,
            jar,
            url: Url::parse(start).expect("a URL"),
            body: String::new(),
            requests: 0,
        }
    }

    /// Opens `target` (absolute, or relative to the current page) and follows its redirects.
    pub async fn get(&mut self, target: &str) -> Result<(), String> {
        let url = self.resolve(target)?;
        let request = self.http.get(url.clone());
        self.send(url, request).await
    }

    /// Posts `fields` as a same-origin browser form would, and follows the redirects.
    pub async fn post(&mut self, target: &str, fields: &[(String, String)]) -> Result<(), String> {
        let url = self.resolve(target)?;
        let request = self
            .http
            .post(url.clone())
            .header("sec-fetch-site", "same-origin")
            .form(fields);
        self.send(url, request).await
    }

    /// The `Cookie` header this visitor sends to `origin` (its portal session, once signed in).
    pub fn cookie_header(&self, origin: &str) -> Option<HeaderValue> {
        self.jar.cookies(&Url::parse(origin).ok()?)
    }

    fn resolve(&self, target: &str) -> Result<Url, String> {
        self.url
            .join(target)
            .map_err(|error| format!("{target}: {error}"))
    }

    async fn send(&mut self, mut url: Url, request: reqwest::RequestBuilder) -> Result<(), String> {
        let mut request = request;
        for _ in 0..MAX_HOPS {
            self.requests += 1;
            let response = request
                .send()
                .await
                .map_err(|error| format!("{}: {error}", url.path()))?;
            let status = response.status();
            let location = response.headers().get(LOCATION).cloned();
            let body = response
                .text()
                .await
                .map_err(|error| format!("{}: {error}", url.path()))?;
            self.url = url.clone();
            self.body = body;
            if !(status.is_success() || status.is_redirection()) {
                return Err(format!("{} answered {status}", url.path()));
            }
            let Some(location) = location.filter(|_| status.is_redirection()) else {
                return Ok(());
            };
            let location = location.to_str().map_err(|error| error.to_string())?;
            url = self.resolve(location)?;
            request = self.http.get(url.clone());
        }
        Err(format!(
            "more than {MAX_HOPS} redirects from {}",
            url.path()
        ))
    }

    /// Fills the page's form that posts to `action` with `typed` and the page's own hidden
    /// fields, picks the first offered choice of every radio group (never "other", which asks for
    /// typing) and ticks every checkbox; then posts it.
    pub async fn submit(&mut self, action: &str, typed: &[(&str, &str)]) -> Result<(), String> {
        let fields = self.fill(action, typed)?;
        self.post(action, &fields).await
    }

    /// What [`Visitor::submit`] would post to `action` from the current page, to post it again
    /// later (after the page has changed).
    pub fn fill(
        &self,
        action: &str,
        typed: &[(&str, &str)],
    ) -> Result<Vec<(String, String)>, String> {
        let mut fields = form_fields(&self.body, action)
            .ok_or_else(|| format!("no form posting to {action} on {}", self.url.path()))?;
        for (name, value) in typed {
            fields.retain(|(existing, _)| existing != name);
            fields.push((name.to_string(), value.to_string()));
        }
        Ok(fields)
    }

    /// From a service's start link through the eID sign-in, ending where the portal sends the
    /// signed-in citizen.
    pub async fn sign_in(&mut self, start: &str, personal_id: &str) -> Result<(), String> {
        self.get(start).await?;
        if !self.url.path().starts_with("/signin") {
            return Err(format!("not sent to the eID but to {}", self.url.path()));
        }
        let id = domain::personal_id::PersonalId::parse(personal_id)
            .map_err(|_| format!("not an ID number: {personal_id}"))?;
        let password = identity::accounts::password_for(&id);
        self.submit(
            "/signin",
            &[("personal_id", personal_id), ("password", &password)],
        )
        .await?;
        let code: String = self
            .body
            .split_once(OTP_PREFIX)
            .ok_or("no one-time code shown")?
            .1
            .chars()
            .take(6)
            .collect();
        self.submit("/signin/otp", &[("otp", &code)]).await
    }

    /// The driving-licence journey from the start page to the confirmation: sign-in, every
    /// question, the check page with its declaration, and payment at the gateway.
    pub async fn renew_driving_licence(
        &mut self,
        portal: &str,
        personal_id: &str,
    ) -> Result<(), String> {
        self.sign_in(
            &format!("{portal}/auth/login?return_to=/services/driving-licence"),
            personal_id,
        )
        .await?;
        // Back on the start page: its button starts the service.
        self.submit("/services/driving-licence/start", &[]).await?;
        for _ in 0..8 {
            let path = self.url.path().to_string();
            if path.ends_with("/confirmation") {
                return Ok(());
            }
            if path.starts_with("/pay/") {
                self.submit(&path, &[]).await?;
            } else if let Some(id) = path.strip_suffix("/check") {
                self.submit(&format!("{id}/submit"), &[]).await?;
            } else if path.starts_with("/applications/") {
                self.submit(&path, &[]).await?;
            } else {
                return Err(format!("lost at {path}"));
            }
        }
        Err(format!("no confirmation, stopped at {}", self.url.path()))
    }
}

/// The fields the form posting to `action` sends by default, as described in the doc of
/// [`Visitor::submit`].
fn form_fields(html: &str, action: &str) -> Option<Vec<(String, String)>> {
    let wanted = format!(r#"action="{action}""#);
    let mut rest = html;
    while let Some(start) = rest.find("<form") {
        let form = &rest[start..];
        let end = form.find("</form>").unwrap_or(form.len());
        let (form, after) = (&form[..end], &form[end..]);
        let opening = &form[..form.find('>').unwrap_or(form.len())];
        if opening.contains(&wanted) {
            return Some(inputs(form));
        }
        rest = after;
    }
    None
}

fn inputs(form: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    for tag in form.split("<input").skip(1) {
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let (Some(name), value) = (attribute(tag, "name"), attribute(tag, "value")) else {
            continue;
        };
        let value = value.unwrap_or_default();
        match attribute(tag, "type").as_deref() {
            Some("radio")
                if value != "other" && !fields.iter().any(|(chosen, _)| *chosen == name) =>
            {
                fields.push((name, value));
            }
            Some("hidden" | "checkbox") => fields.push((name, value)),
            _ => {}
        }
    }
    fields
}

/// An attribute's value in an HTML tag, with the few entities servers escape decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!(r#" {name}=""#);
    let start = tag.find(&marker)? + marker.len();
    let value = &tag[start..start + tag[start..].find('"')?];
    Some(
        value
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_is_filled_with_its_hidden_fields_first_choices_and_checkboxes() {
        let html = r#"<form method="post" action="/auth/logout"><button>Out</button></form>
            <form method="post" action="/applications/a1/licence" novalidate>
            <input type="hidden" name="csrf_token" value="t&amp;k">
            <input type="radio" id="licence" name="licence" value="other">
            <input type="radio" id="licence-2" name="licence" value="790012345678">
            <input type="radio" id="licence-3" name="licence" value="790087654321">
            <input type="checkbox" id="declaration" name="declaration" value="yes">
            <input type="text" id="note" name="note" value="">
            </form>"#;
        assert_eq!(
            form_fields(html, "/applications/a1/licence").unwrap(),
            vec![
                ("csrf_token".to_string(), "t&k".to_string()),
                ("licence".to_string(), "790012345678".to_string()),
                ("declaration".to_string(), "yes".to_string()),
            ]
        );
        assert!(form_fields(html, "/applications/a1/check").is_none());
        assert!(form_fields(html, "/auth/logout").unwrap().is_empty());
    }
}
