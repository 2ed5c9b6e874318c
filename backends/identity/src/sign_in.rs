//! The sign-in pages: ID number and password, then a one-time code. Each form post carries the
//! interaction's CSRF token and is answered with a 303 on success, or the same page with its
//! errors (and what was typed, except secrets) on failure.

use axum::{
    extract::{rejection::FormRejection, State},
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Form,
};
use domain::{
    personal_id::{PersonalId, PersonalIdError},
    text::{OwnedText, Text},
};
use serde::Deserialize;

use crate::{
    accounts,
    authorize::{error_redirect, issue_code},
    callback, cookies,
    interaction::{Interaction, Step, INTERACTION_COOKIE, MAX_OTP_FAILURES},
    pages::{self, FieldError, OTP_FIELD, PASSWORD_FIELD, PERSONAL_ID_FIELD},
    random, secret,
    session::{unix_now, Authentication, SESSION_COOKIE},
    state::AppState,
};

#[derive(Deserialize)]
pub struct CredentialsForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    personal_id: String,
    #[serde(default)]
    password: String,
}

#[derive(Deserialize)]
pub struct OtpForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    otp: String,
}

#[derive(Deserialize)]
pub struct CancelForm {
    #[serde(default)]
    csrf_token: String,
}

const ID_MISSING: Text = Text::new(
    "Nhập số định danh cá nhân.",
    "Enter your personal ID number.",
);
const ID_SHAPE: Text = Text::new(
    "Số định danh cá nhân gồm đúng 12 chữ số.",
    "A personal ID number has exactly 12 digits.",
);
const ID_INVALID: Text = Text::new(
    "Số định danh cá nhân không hợp lệ. Kiểm tra lại số in trên thẻ căn cước.",
    "This is not a valid personal ID number. Check the number printed on your ID card.",
);
const PASSWORD_MISSING: Text = Text::new("Nhập mật khẩu.", "Enter your password.");
const WRONG_CREDENTIALS: Text = Text::new(
    "Số định danh cá nhân hoặc mật khẩu không đúng.",
    "The personal ID number or the password is wrong.",
);
const REGISTRY_DOWN: Text = Text::new(
    "Hệ thống tạm thời không kiểm tra được thông tin đăng nhập. Hãy thử lại sau ít phút.",
    "Your details cannot be checked right now. Try again in a few minutes.",
);
const OTP_SHAPE: Text = Text::new("Mã xác thực gồm 6 chữ số.", "The code has 6 digits.");
const OTP_EXHAUSTED: Text = Text::new(
    "Bạn đã nhập sai mã xác thực quá nhiều lần. Hãy đăng nhập lại.",
    "Too many wrong codes. Sign in again.",
);

/// Why a sign-in post cannot be handled at all; the citizen gets a page saying what to do.
pub enum Refusal {
    Expired,
    UnreadableForm,
    /// The form's CSRF token is not the one of this browser's interaction.
    Forged,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::Expired => pages::problem_response(
                StatusCode::BAD_REQUEST,
                Text::new("Phiên đăng nhập đã hết hạn", "Your sign-in has expired"),
                Text::new(
                    "Hãy quay lại dịch vụ bạn đang dùng và đăng nhập lại.",
                    "Go back to the service you were using and sign in again.",
                ),
            ),
            Refusal::UnreadableForm => pages::problem_response(
                StatusCode::BAD_REQUEST,
                pages::CANNOT_CONTINUE,
                Text::new("Biểu mẫu gửi lên không đọc được.", "The form could not be read."),
            ),
            Refusal::Forged => pages::problem_response(
                StatusCode::FORBIDDEN,
                pages::CANNOT_CONTINUE,
                Text::new(
                    "Biểu mẫu đã cũ hoặc không đến từ trang này. Hãy tải lại trang và thử lại.",
                    "The form is out of date or did not come from this page. Reload the page and try again.",
                ),
            ),
        }
    }
}

trait CsrfProtected {
    fn csrf_token(&self) -> &str;
}

impl CsrfProtected for CredentialsForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

impl CsrfProtected for OtpForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

impl CsrfProtected for CancelForm {
    fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

/// The interaction this browser is in, if its cookie names one that is still open.
fn current(state: &AppState, headers: &HeaderMap) -> Result<(String, Interaction), Refusal> {
    let id = cookies::read(headers, INTERACTION_COOKIE).ok_or(Refusal::Expired)?;
    let interaction = state
        .records()
        .interactions
        .get(id)
        .cloned()
        .ok_or(Refusal::Expired)?;
    Ok((id.to_owned(), interaction))
}

/// The interaction and the posted form, once the form carries that interaction's CSRF token, so
/// that another site cannot drive the forms with the citizen's cookie.
fn verified<F: CsrfProtected>(
    state: &AppState,
    headers: &HeaderMap,
    form: Result<Form<F>, FormRejection>,
) -> Result<(String, Interaction, F), Refusal> {
    let (id, interaction) = current(state, headers)?;
    let Ok(Form(form)) = form else {
        return Err(Refusal::UnreadableForm);
    };
    if !secret::equal(&interaction.csrf_token, form.csrf_token()) {
        return Err(Refusal::Forged);
    }
    Ok((id, interaction, form))
}

fn render(
    state: &AppState,
    interaction: &Interaction,
    typed_id: &str,
    errors: &[FieldError],
    status: StatusCode,
) -> Response {
    let client_name = state
        .config
        .client(&interaction.request.client_id)
        .map_or("", |client| client.display_name.as_str());
    let html = match &interaction.step {
        Step::Credentials => {
            pages::credentials(client_name, &interaction.csrf_token, typed_id, errors)
        }
        Step::OneTimeCode { otp, .. } => {
            pages::one_time_code(client_name, &interaction.csrf_token, otp, errors)
        }
    };
    pages::respond(status, html)
}

fn error(field: &'static str, message: impl Into<OwnedText>) -> FieldError {
    FieldError {
        field,
        message: message.into(),
    }
}

pub async fn show(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Refusal> {
    let (_, interaction) = current(&state, &headers)?;
    Ok(render(&state, &interaction, "", &[], StatusCode::OK))
}

fn locked(minutes_left: u64) -> FieldError {
    error(
        PERSONAL_ID_FIELD,
        OwnedText {
            vi: format!(
                "Bạn đã nhập sai quá nhiều lần. Tài khoản tạm khoá, hãy thử lại sau {minutes_left} phút."
            ),
            en: format!(
                "Too many wrong attempts. The account is locked: try again in {minutes_left} minutes."
            ),
        },
    )
}

fn minutes_rounded_up(duration: std::time::Duration) -> u64 {
    duration.as_secs().div_ceil(60).max(1)
}

fn parse_id(typed: &str) -> Result<PersonalId, Text> {
    if typed.is_empty() {
        return Err(ID_MISSING);
    }
    PersonalId::parse(typed).map_err(|error| match error {
        PersonalIdError::Shape => ID_SHAPE,
        _ => ID_INVALID,
    })
}

pub async fn submit_credentials(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<CredentialsForm>, FormRejection>,
) -> Result<Response, Refusal> {
    let (interaction_id, interaction, form) = verified(&state, &headers, form)?;
    Ok(check_credentials(&state, &interaction_id, &interaction, form).await)
}

async fn check_credentials(
    state: &AppState,
    interaction_id: &str,
    interaction: &Interaction,
    form: CredentialsForm,
) -> Response {
    if !matches!(interaction.step, Step::Credentials) {
        return callback::see_other("/signin");
    }
    let typed_id = form.personal_id.trim();
    let fail = |errors: &[FieldError], status| render(state, interaction, typed_id, errors, status);

    let mut errors = Vec::new();
    let personal_id = parse_id(typed_id)
        .map_err(|message| errors.push(error(PERSONAL_ID_FIELD, message)))
        .ok();
    if form.password.is_empty() {
        errors.push(error(PASSWORD_FIELD, PASSWORD_MISSING));
    }
    let Some(personal_id) = personal_id.filter(|_| errors.is_empty()) else {
        return fail(&errors, StatusCode::BAD_REQUEST);
    };
    let lock_key = personal_id.as_str();
    if let Some(left) = state.records().lockouts.locked_for(lock_key) {
        return fail(
            &[locked(minutes_rounded_up(left))],
            StatusCode::TOO_MANY_REQUESTS,
        );
    }

    // Unknown numbers and under-14s get the wrong-password answer, so the form reveals nothing
    // about who is in the registry.
    let citizen = if accounts::password_matches(&personal_id, &form.password) {
        match state.directory.find(&personal_id).await {
            Ok(found) => found.filter(|citizen| {
                citizen.personal_id == personal_id
                    && accounts::has_account(citizen, accounts::today_in_vietnam())
            }),
            Err(unavailable) => {
                tracing::warn!(error = %unavailable, "sign-in could not reach the registry");
                return fail(
                    &[error(PERSONAL_ID_FIELD, REGISTRY_DOWN)],
                    StatusCode::SERVICE_UNAVAILABLE,
                );
            }
        }
    } else {
        None
    };
    let Some(citizen) = citizen else {
        let lock = state.records().lockouts.record_failure(lock_key);
        tracing::info!(locked = lock.is_some(), "sign-in refused");
        return match lock {
            Some(duration) => fail(
                &[locked(minutes_rounded_up(duration))],
                StatusCode::TOO_MANY_REQUESTS,
            ),
            None => fail(
                &[error(PASSWORD_FIELD, WRONG_CREDENTIALS)],
                StatusCode::BAD_REQUEST,
            ),
        };
    };

    let mut records = state.records();
    records.lockouts.clear(lock_key);
    let Some(open) = records.interactions.get_mut(interaction_id) else {
        return Refusal::Expired.into_response();
    };
    open.step = Step::OneTimeCode {
        citizen,
        otp: random::otp(),
        failures: 0,
    };
    callback::see_other("/signin")
}

pub async fn submit_otp(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<OtpForm>, FormRejection>,
) -> Result<Response, Refusal> {
    let (interaction_id, interaction, form) = verified(&state, &headers, form)?;
    Ok(check_otp(&state, &interaction_id, &interaction, form))
}

fn check_otp(
    state: &AppState,
    interaction_id: &str,
    interaction: &Interaction,
    form: OtpForm,
) -> Response {
    let Step::OneTimeCode {
        citizen,
        otp,
        failures,
    } = &interaction.step
    else {
        return callback::see_other("/signin");
    };
    let typed = form.otp.trim();
    if typed.len() != 6 || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return render(
            state,
            interaction,
            "",
            &[error(OTP_FIELD, OTP_SHAPE)],
            StatusCode::BAD_REQUEST,
        );
    }
    if !secret::equal(otp, typed) {
        return wrong_otp(state, interaction_id, interaction.clone(), failures + 1);
    }

    // Removing the interaction first makes a double-submitted code produce one sign-in.
    let Some(interaction) = state.records().interactions.remove(interaction_id) else {
        return Refusal::Expired.into_response();
    };
    let authentication = Authentication {
        level: accounts::assurance_level(&citizen.personal_id),
        citizen: citizen.clone(),
        auth_time: unix_now(),
    };
    let session_id = random::token();
    state.records().sessions.insert(
        session_id.clone(),
        authentication.clone(),
        state.config.session_lifetime,
    );
    let mut response = issue_code(state, interaction.request, authentication);
    let headers = response.headers_mut();
    headers.append(
        header::SET_COOKIE,
        cookies::set(SESSION_COOKIE, &session_id, state.secure_cookies),
    );
    headers.append(
        header::SET_COOKIE,
        cookies::clear(INTERACTION_COOKIE, state.secure_cookies),
    );
    response
}

fn wrong_otp(
    state: &AppState,
    interaction_id: &str,
    mut interaction: Interaction,
    failures: u32,
) -> Response {
    let errors = if failures >= MAX_OTP_FAILURES {
        interaction.step = Step::Credentials;
        vec![error(PERSONAL_ID_FIELD, OTP_EXHAUSTED)]
    } else {
        if let Step::OneTimeCode {
            failures: count, ..
        } = &mut interaction.step
        {
            *count = failures;
        }
        let left = MAX_OTP_FAILURES - failures;
        vec![error(
            OTP_FIELD,
            OwnedText {
                vi: format!("Mã xác thực không đúng. Bạn còn {left} lần thử."),
                en: format!("The code is wrong. You have {left} tries left."),
            },
        )]
    };
    match state.records().interactions.get_mut(interaction_id) {
        Some(open) => open.step = interaction.step.clone(),
        None => return Refusal::Expired.into_response(),
    }
    render(state, &interaction, "", &errors, StatusCode::BAD_REQUEST)
}

pub async fn cancel(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Form<CancelForm>, FormRejection>,
) -> Result<Response, Refusal> {
    let (interaction_id, interaction, _) = verified(&state, &headers, form)?;
    state.records().interactions.remove(&interaction_id);
    let request = &interaction.request;
    let mut response = error_redirect(
        &state,
        &request.redirect_uri,
        "access_denied",
        "the citizen cancelled the sign-in",
        &request.state,
    );
    response.headers_mut().append(
        header::SET_COOKIE,
        cookies::clear(INTERACTION_COOKIE, state.secure_cookies),
    );
    Ok(response)
}
