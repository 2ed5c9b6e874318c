//! A citizen driving the portal over plain HTTP, without a browser: a cookie-keeping client that
//! never follows redirects by itself (so every hop's status can be checked), signs in at the eID
//! stand-in's forms like a person, and posts forms as bytes when a test needs them malformed.
//! Used where many citizens or many requests are needed: authorisation, bad input, soak, crash.

use crate::eid::OTP_PREFIX;
use crate::witness::Adult;
use domain::personal_id::PersonalId;
use reqwest::header::{CONTENT_TYPE, LOCATION};
use reqwest::redirect::Policy;
use reqwest::{StatusCode, Url};
use std::sync::Arc;
use std::time::Duration;

/// One answer: its status, where it redirects, and its body.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
}

impl Reply {
    /// The path of a redirect within the portal (`/applications/…`), or the whole target.
    pub fn location(&self) -> &str {
        self.location.as_deref().unwrap_or("")
    }
}

pub struct Citizen {
    http: reqwest::Client,
    cookies: Arc<reqwest::cookie::Jar>,
    /// The portal's origin, such as `http://127.0.0.1:3000`.
    pub portal: String,
}

impl Citizen {
    /// A visitor with no cookies yet.
    pub fn anonymous(portal: &str) -> Citizen {
        Self::anonymous_trusting(portal, &[])
    }

    /// A visitor whose browser also trusts the CAs `roots` (an eID served with a test CA's
    /// certificate).
    pub fn anonymous_trusting(portal: &str, roots: &[reqwest::Certificate]) -> Citizen {
        let cookies = Arc::new(reqwest::cookie::Jar::default());
        let http = roots
            .iter()
            .cloned()
            .fold(
                reqwest::Client::builder(),
                reqwest::ClientBuilder::add_root_certificate,
            )
            .redirect(Policy::none())
            .cookie_provider(cookies.clone())
            .timeout(Duration::from_secs(60))
            .build()
            .expect("HTTP client");
        Citizen {
            http,
            cookies,
            portal: portal.trim_end_matches('/').to_string(),
        }
    }

    /// Signs in with the eID: the portal's sign-in, the stand-in's password page and its one-time
    /// code page, and back through the portal's callback. `Err` says which hop failed.
    pub async fn signed_in(portal: &str, personal_id: &str) -> Result<Citizen, String> {
        Citizen::anonymous(portal).sign_in(personal_id).await
    }

    /// Signs this visitor in, as [`Citizen::signed_in`] does.
    pub async fn sign_in(self, personal_id: &str) -> Result<Citizen, String> {
        let citizen = self;
        let to_eid = citizen.get("/auth/login?return_to=/account").await?;
        let authorize = citizen.absolute(to_eid.location());
        let to_form = citizen.get_url(&authorize).await?;
        let form_url = resolve(&authorize, to_form.location());
        let form = citizen.get_url(&form_url).await?;
        let id = PersonalId::parse(personal_id).map_err(|_| format!("bad ID {personal_id}"))?;
        let password = identity::accounts::password_for(&id);
        let after_password = citizen
            .post_url(
                &form_url,
                &[
                    ("csrf_token", &hidden(&form.body, "csrf_token")?),
                    ("personal_id", personal_id),
                    ("password", &password),
                ],
            )
            .await?;
        let otp_url = resolve(&form_url, after_password.location());
        let otp_page = citizen.get_url(&otp_url).await?;
        let start =
            otp_page.body.find(OTP_PREFIX).ok_or_else(|| {
                format!("no one-time code for {personal_id}: {}", otp_page.status)
            })? + OTP_PREFIX.len();
        let code = &otp_page.body[start..start + 6];
        let back = citizen
            .post_url(
                &resolve(&otp_url, "/signin/otp"),
                &[
                    ("csrf_token", &hidden(&otp_page.body, "csrf_token")?),
                    ("otp", code),
                ],
            )
            .await?;
        let landed = citizen.get_url(back.location()).await?;
        if landed.status != StatusCode::SEE_OTHER || landed.location() != "/account" {
            return Err(format!(
                "the portal's callback answered {} → {:?}",
                landed.status, landed.location
            ));
        }
        Ok(citizen)
    }

    fn absolute(&self, path_or_url: &str) -> String {
        resolve(&format!("{}/", self.portal), path_or_url)
    }

    pub async fn get(&self, path: &str) -> Result<Reply, String> {
        self.get_url(&self.absolute(path)).await
    }

    async fn get_url(&self, url: &str) -> Result<Reply, String> {
        read(self.http.get(url).send().await).await
    }

    /// Posts a form of name/value pairs, encoded as a browser does.
    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Result<Reply, String> {
        // The portal's own pages post with its origin, as a browser does; the portal refuses a
        // POST that says neither where it comes from nor `Sec-Fetch-Site`.
        let request = self
            .http
            .post(self.absolute(path))
            .header(reqwest::header::ORIGIN, &self.portal)
            .form(form);
        read(request.send().await).await
    }

    async fn post_url(&self, url: &str, form: &[(&str, &str)]) -> Result<Reply, String> {
        read(self.http.post(url).form(form).send().await).await
    }

    /// A driver's renewal up to its photo question: their licence chosen, an upload of their own
    /// photo asked for. The draft's id, and its address (`/applications/<id>`).
    pub async fn renewal_up_to_the_photo(&self, licence: &str) -> Result<(String, String), String> {
        let (id, first) = self.start_service("driving-licence").await?;
        let base = format!("/applications/{id}");
        for (step, answer) in [("licence", licence), ("portrait", "upload")] {
            let reply = self
                .post(&format!("{base}/{step}"), &[(step, answer)])
                .await?;
            if reply.status != StatusCode::SEE_OTHER {
                return Err(format!("{first}: {step} answered {}", reply.status));
            }
        }
        Ok((id, base))
    }

    /// Posts a page's form with one file, as a browser sends a page with a file input
    /// (`multipart/form-data`): `fields`, then `file` as (field name, file name, bytes).
    pub async fn post_file(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file: (&str, &str, &[u8]),
    ) -> Result<Reply, String> {
        const BOUNDARY: &str = "portal-test-boundary-Q2xhc3NpYw";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        }
        let (name, file_name, bytes) = file;
        body.extend(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"; \
                 filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend(bytes);
        body.extend(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let request = self
            .http
            .post(self.absolute(path))
            .header(
                CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .header(reqwest::header::ORIGIN, &self.portal)
            .body(body);
        read(request.send().await).await
    }

    /// Posts `body` as it is, declared as a form: for encodings no browser would send.
    pub async fn post_raw(
        &self,
        path: &str,
        body: impl Into<reqwest::Body>,
    ) -> Result<Reply, String> {
        let request = self
            .http
            .post(self.absolute(path))
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(reqwest::header::ORIGIN, &self.portal)
            .body(body);
        read(request.send().await).await
    }

    /// The `Cookie` header this citizen sends to the portal, for requests written by hand.
    pub fn cookie_header(&self) -> String {
        use reqwest::cookie::CookieStore;
        self.cookies
            .cookies(&Url::parse(&self.portal).expect("portal URL"))
            .and_then(|value| value.to_str().ok().map(str::to_string))
            .unwrap_or_default()
    }

    /// Starts `slug` and returns the new (or resumed) draft's id and first step's path.
    pub async fn start_service(&self, slug: &str) -> Result<(String, String), String> {
        let reply = self.post(&format!("/services/{slug}/start"), &[]).await?;
        let path = reply.location().to_string();
        let id = path
            .strip_prefix("/applications/")
            .and_then(|rest| rest.split('/').next())
            .ok_or_else(|| format!("starting {slug}: {} {:?}", reply.status, reply.location))?;
        Ok((id.to_string(), path))
    }
}

/// One form a journey posts: where, with what, and where the portal should send the citizen next.
pub struct Step {
    pub path: String,
    pub form: Vec<(&'static str, String)>,
    pub next: String,
}

impl Step {
    pub fn fields(&self) -> Vec<(&str, &str)> {
        self.form
            .iter()
            .map(|(name, value)| (*name, value.as_str()))
            .collect()
    }
}

/// The forms of notifying `guest`'s stay of three days from today on draft `id`, whose first step
/// is `first`: the guest, the dates, the declaration.
pub fn notify_stay_steps(id: &str, first: &str, guest: &Adult) -> Vec<Step> {
    let today = domain::age::today_in_vietnam();
    let until = today + time::Duration::days(3);
    vec![
        Step {
            path: first.to_string(),
            form: vec![
                ("guest_id", guest.personal_id.clone()),
                ("guest_name", guest.full_name.clone()),
                ("guest_dob", guest.date_of_birth.clone()),
            ],
            next: format!("/applications/{id}/stay"),
        },
        Step {
            path: format!("/applications/{id}/stay"),
            form: vec![
                ("from", today.to_string()),
                ("until", until.to_string()),
                ("reason", "Thăm người thân".to_string()),
            ],
            next: format!("/applications/{id}/check"),
        },
        Step {
            path: format!("/applications/{id}/submit"),
            form: vec![("declaration", "yes".to_string())],
            next: format!("/applications/{id}/confirmation"),
        },
    ]
}

impl Citizen {
    /// Notifies `guest`'s stay of three days from today, as a host does (a free service): start,
    /// the guest, the dates, the declaration. Returns the application's id and its reference.
    pub async fn notify_a_stay(&self, guest: &Adult) -> Result<(String, String), String> {
        let (id, first) = self.start_service("notify-stay").await?;
        for step in notify_stay_steps(&id, &first, guest) {
            let reply = self.post(&step.path, &step.fields()).await?;
            if reply.status != StatusCode::SEE_OTHER || reply.location() != step.next {
                return Err(format!(
                    "{}: {} {:?} {}",
                    step.path,
                    reply.status,
                    reply.location,
                    error_summary(&reply.body)
                ));
            }
        }
        let reference = self.reference(&id).await?;
        Ok((id, reference))
    }

    /// The reference on an application's confirmation page.
    pub async fn reference(&self, id: &str) -> Result<String, String> {
        let confirmation = self
            .get(&format!("/applications/{id}/confirmation"))
            .await?;
        let marker = r#"<p class="reference">"#;
        let reference = confirmation
            .body
            .find(marker)
            .and_then(|start| confirmation.body[start + marker.len()..].split('<').next())
            .ok_or_else(|| format!("no reference on the confirmation: {}", confirmation.status))?;
        Ok(reference.trim().to_string())
    }
}

/// The error messages of a rejected form, to explain a failure.
pub fn error_summary(html: &str) -> String {
    html.split(r#"class="field-error""#)
        .skip(1)
        .filter_map(|part| part.split('>').nth(1)?.split('<').next())
        .collect::<Vec<_>>()
        .join("; ")
}

async fn read(sent: reqwest::Result<reqwest::Response>) -> Result<Reply, String> {
    let response = sent.map_err(|error| format!("request failed: {error}"))?;
    let status = response.status();
    let location = response
        .headers()
        .get(LOCATION)
        // Raw UTF-8 is allowed in a header value (browsers read it as such), so lossy, not
        // `to_str`, which takes only ASCII.
        .map(|value| String::from_utf8_lossy(value.as_bytes()).into_owned());
    let body = response
        .text()
        .await
        .map_err(|error| format!("reading the body: {error}"))?;
    Ok(Reply {
        status,
        location,
        body,
    })
}

fn resolve(base: &str, location: &str) -> String {
    Url::parse(base)
        .and_then(|base| base.join(location))
        .map_or_else(|_| location.to_string(), String::from)
}

/// The value of a page's hidden field `name`.
pub fn hidden(html: &str, name: &str) -> Result<String, String> {
    let marker = format!(r#"name="{name}" value=""#);
    let start = html
        .find(&marker)
        .ok_or_else(|| format!("no hidden {name} field"))?
        + marker.len();
    Ok(html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string())
}
