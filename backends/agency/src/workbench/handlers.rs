//! The workbench's routes: signing in and out, the queue, a case's page and the officer's steps.

use std::sync::Arc;

use axum::{
    extract::{
        rejection::{FormRejection, QueryRejection},
        MatchedPath, Path, Query, Request, State,
    },
    http::{header, HeaderMap, StatusCode},
    middleware::{self, Next},
    response::{Html, IntoResponse, Response},
    routing::{get, post},
    Form, Router,
};
use domain::text::Text;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use stand_in_support::SecurityHeaders;
use time::{macros::offset, OffsetDateTime};

use super::{
    audit, cases, officers,
    oidc::{RelyingParty, SignInError},
    pages::{self, FieldError, Typed},
    sessions::{self, Session},
};
use crate::{
    decision::{self, Verdict},
    state::AppState,
    store::{
        cases::{change, Move, Moved},
        Status,
    },
};

struct Workbench {
    app: AppState,
    eid: RelyingParty,
    /// Cookies get `Secure` on an `https` origin.
    secure: bool,
}

type Shared = Arc<Workbench>;

/// The workbench's routes, with the stand-ins' security headers (a CSP without inline code,
/// no framing) and `no-store` on every page. `public_url` is the origin officers' browsers use.
pub fn router(app: AppState, public_url: &str) -> Router {
    let config = &app.config.workbench;
    let eid = RelyingParty::new(
        &config.oidc_issuer,
        &config.oidc_client_id,
        &config.oidc_client_secret,
        format!("{public_url}/workbench/callback"),
    );
    let workbench = Arc::new(Workbench {
        eid,
        secure: public_url.starts_with("https://"),
        app,
    });
    let routes = Router::new()
        .route("/workbench", get(queue))
        .route("/workbench/sign-in", get(sign_in))
        .route("/workbench/callback", get(callback))
        .route("/workbench/sign-out", post(sign_out))
        .route("/workbench/cases/{reference}", get(case))
        .route("/workbench/cases/{reference}/{action}", post(act))
        .route(
            pages::STYLESHEET_PATH,
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                        (header::CACHE_CONTROL, "public, max-age=3600"),
                    ],
                    pages::STYLESHEET,
                )
            }),
        )
        .route_layer(middleware::from_fn(log))
        .with_state(workbench);
    SecurityHeaders::new(std::iter::empty::<&str>())
        .no_store_by_default()
        .wrap(routes)
}

/// One line per request: the method, the route as declared (so never a reference), the status.
async fn log(path: MatchedPath, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let response = next.run(request).await;
    tracing::info!(%method, route = path.as_str(), status = response.status().as_u16(), "workbench request");
    response
}

/// A page that ends a request early: its status and HTML.
struct Page(StatusCode, String);

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        (self.0, Html(self.1)).into_response()
    }
}

impl From<sqlx::Error> for Page {
    fn from(error: sqlx::Error) -> Self {
        tracing::error!(%error, "workbench database error");
        Page(
            StatusCode::SERVICE_UNAVAILABLE,
            pages::message(
                Text::new(
                    "Hệ thống tạm thời gián đoạn",
                    "The system is briefly unavailable",
                ),
                Text::new(
                    "Vui lòng thử lại sau ít phút.",
                    "Please try again in a few minutes.",
                ),
                Some(("/workbench", Text::new("Thử lại", "Try again"))),
                None,
            ),
        )
    }
}

type PageResult = Result<Response, Page>;

fn page(status: StatusCode, title: Text, text: Text, officer: Option<&Session>) -> Page {
    Page(
        status,
        pages::message(
            title,
            text,
            Some((
                "/workbench",
                Text::new("Về bàn làm việc", "Back to the workbench"),
            )),
            officer,
        ),
    )
}

fn not_found(officer: &Session) -> Page {
    page(
        StatusCode::NOT_FOUND,
        Text::new("Không tìm thấy hồ sơ", "Case not found"),
        Text::new(
            "Cơ quan của bạn không có hồ sơ với mã này.",
            "Your agency has no case with this reference.",
        ),
        Some(officer),
    )
}

fn redirect(location: &str, cookies: &[String]) -> Response {
    let mut response = (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, location.to_owned())],
    )
        .into_response();
    for cookie in cookies {
        if let Ok(value) = cookie.parse() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc()
}

/// Today in Vietnam, as deadlines are written.
fn today() -> String {
    now().to_offset(offset!(+7)).date().to_string()
}

/// `GET /workbench`: the officer's queue, or the way to sign in.
async fn queue(State(workbench): State<Shared>, headers: HeaderMap) -> PageResult {
    let db = &workbench.app.db;
    let Some(officer) = sessions::find(db, &headers, now()).await? else {
        return Ok(Html(pages::sign_in()).into_response());
    };
    let open = cases::open_of(db, &officer).await?;
    audit::record(
        db,
        &officer.personal_id,
        &officer.agency,
        None,
        "queue",
        "shown",
    )
    .await?;
    Ok(Html(pages::queue(&officer, &open, &today())).into_response())
}

/// `GET /workbench/sign-in`: off to the eID, the sign-in's `state` kept here and in a cookie.
async fn sign_in(State(workbench): State<Shared>) -> PageResult {
    let started = workbench
        .eid
        .start()
        .await
        .map_err(|error| eid_failed(&error))?;
    sessions::begin_sign_in(
        &workbench.app.db,
        &started.state,
        &started.nonce,
        &started.pkce_verifier,
        now(),
    )
    .await?;
    Ok(redirect(
        &started.authorize_url,
        &[sessions::sign_in_cookie(&started.state, workbench.secure)],
    ))
}

fn eid_failed(error: &SignInError) -> Page {
    tracing::warn!(%error, "officer sign-in failed");
    let status = match error {
        SignInError::ProviderUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        SignInError::Rejected(_) => StatusCode::BAD_REQUEST,
    };
    Page(
        status,
        pages::message(
            Text::new("Chưa đăng nhập được", "You could not be signed in"),
            Text::new(
                "Không hoàn tất được việc đăng nhập với VNeID. Vui lòng đăng nhập lại.",
                "Signing in with VNeID did not complete. Please sign in again.",
            ),
            Some((
                "/workbench/sign-in",
                Text::new("Đăng nhập lại", "Sign in again"),
            )),
            None,
        ),
    )
}

#[derive(Deserialize)]
struct Callback {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

fn forbidden(text: Text) -> Page {
    Page(
        StatusCode::FORBIDDEN,
        pages::message(
            Text::new("Không có quyền truy cập", "Access denied"),
            text,
            None,
            None,
        ),
    )
}

/// `GET /workbench/callback`: the eID's answer. The `state` must be the one this browser was
/// given (no one else's sign-in can be slipped into it), the ID token verified, the account
/// level 2, and the person an officer.
async fn callback(
    State(workbench): State<Shared>,
    headers: HeaderMap,
    query: Result<Query<Callback>, QueryRejection>,
) -> PageResult {
    let db = &workbench.app.db;
    let Ok(Query(callback)) = query else {
        return Err(eid_failed(&SignInError::Rejected(
            "unreadable callback".into(),
        )));
    };
    let pending = match (
        &callback.state,
        sessions::cookie(&headers, sessions::SIGN_IN_COOKIE),
    ) {
        (Some(state), Some(kept)) if sessions::same_secret(kept, state) => {
            sessions::take_sign_in(db, state, now()).await?
        }
        _ => None,
    };
    let (Some((nonce, verifier)), Some(code), None) = (pending, &callback.code, &callback.error)
    else {
        return Err(eid_failed(&SignInError::Rejected(
            "no sign-in under way for this state, or the eID refused".into(),
        )));
    };
    let verified = workbench
        .eid
        .finish(code, &nonce, &verifier)
        .await
        .map_err(|error| eid_failed(&error))?;
    let mut connection = db.pool().acquire().await?;
    let agency = officers::agency_of(&mut connection, &verified.personal_id).await?;
    drop(connection);
    // Refusals are audited too: who tried to sign in to the workbench, and why they could not.
    let who = verified.personal_id.as_str();
    let Some(agency) = agency.filter(|_| verified.level_2) else {
        let (outcome, why) = if verified.level_2 {
            let why = Text::new(
                "Tài khoản này không phải tài khoản cán bộ của cơ quan nào.",
                "This account is not an officer of any agency.",
            );
            ("not_an_officer", why)
        } else {
            let why = Text::new(
                "Bàn làm việc của cán bộ cần tài khoản định danh điện tử mức độ 2. Tài khoản của \
                 bạn mới ở mức độ 1: hãy đến cơ quan công an để xác thực mức độ 2.",
                "The officers' workbench needs a level 2 electronic identity. Yours is level 1: \
                 verify it at level 2 at a police office.",
            );
            ("level_1", why)
        };
        audit::record(db, who, "", None, "sign_in", outcome).await?;
        return Err(forbidden(why));
    };
    let id = sessions::open(db, who, &agency, now()).await?;
    audit::record(db, who, &agency, None, "sign_in", "done").await?;
    Ok(redirect(
        "/workbench",
        &[
            sessions::session_cookie(&id, workbench.secure),
            sessions::set_cookie(sessions::SIGN_IN_COOKIE, "", 0, workbench.secure),
        ],
    ))
}

/// The fields of the workbench's forms; all optional, so that what is missing is told in a page
/// rather than a bare rejection.
#[derive(Deserialize, Default)]
struct Fields {
    csrf: Option<String>,
    from: Option<String>,
    round: Option<String>,
    reason_vi: Option<String>,
    reason_en: Option<String>,
    request_vi: Option<String>,
    request_en: Option<String>,
    document: Option<String>,
}

/// The session, if the form carries its CSRF token.
async fn officer_posting(
    workbench: &Workbench,
    headers: &HeaderMap,
    fields: &Fields,
) -> Result<Session, Page> {
    let officer = sessions::find(&workbench.app.db, headers, now()).await?;
    match officer {
        Some(officer)
            if fields
                .csrf
                .as_deref()
                .is_some_and(|token| sessions::same_secret(&officer.csrf, token)) =>
        {
            Ok(officer)
        }
        _ => Err(forbidden(Text::new(
            "Biểu mẫu đã hết hạn hoặc phiên đăng nhập đã kết thúc. Hãy mở lại trang và gửi lại.",
            "The form has expired or you are signed out. Open the page again and resend it.",
        ))),
    }
}

fn bad_form() -> Page {
    page(
        StatusCode::BAD_REQUEST,
        Text::new("Biểu mẫu không đọc được", "The form could not be read"),
        Text::new(
            "Hãy mở lại trang hồ sơ và gửi lại biểu mẫu.",
            "Open the case page again and send the form again.",
        ),
        None,
    )
}

/// `POST /workbench/sign-out`.
async fn sign_out(
    State(workbench): State<Shared>,
    headers: HeaderMap,
    form: Result<Form<Fields>, FormRejection>,
) -> PageResult {
    let Form(fields) = form.map_err(|_| bad_form())?;
    let officer = officer_posting(&workbench, &headers, &fields).await?;
    sessions::close(&workbench.app.db, &headers).await?;
    audit::record(
        &workbench.app.db,
        &officer.personal_id,
        &officer.agency,
        None,
        "sign_out",
        "done",
    )
    .await?;
    let mut response = Html(pages::message(
        Text::new("Đã đăng xuất", "Signed out"),
        Text::new(
            "Bạn đã đăng xuất khỏi bàn làm việc.",
            "You have signed out of the workbench.",
        ),
        Some(("/workbench", Text::new("Đăng nhập lại", "Sign in again"))),
        None,
    ))
    .into_response();
    if let Ok(value) =
        sessions::set_cookie(sessions::SESSION_COOKIE, "", 0, workbench.secure).parse()
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    Ok(response)
}

/// `GET /workbench/cases/{reference}`: the case, if it is the officer's agency's.
async fn case(
    State(workbench): State<Shared>,
    headers: HeaderMap,
    Path(reference): Path<String>,
) -> PageResult {
    let db = &workbench.app.db;
    let Some(officer) = sessions::find(db, &headers, now()).await? else {
        return Ok(redirect("/workbench", &[]));
    };
    let Some(opened) = cases::of_agency(db, &officer, &reference).await? else {
        audit::record(
            db,
            &officer.personal_id,
            &officer.agency,
            Some(&reference),
            "view",
            "not_found",
        )
        .await?;
        return Err(not_found(&officer));
    };
    audit::record(
        db,
        &officer.personal_id,
        &officer.agency,
        Some(&reference),
        "view",
        "shown",
    )
    .await?;
    Ok(Html(pages::case(
        &officer,
        &opened.case,
        &opened.hand_over,
        &opened.answers,
        &today(),
        &Typed::default(),
        &[],
    ))
    .into_response())
}

/// Free text an officer writes for the citizen: line breaks as `\n`, 1 to 2000 characters,
/// nothing invisible that would make it read otherwise than it is stored (control characters,
/// bidirectional overrides).
fn officer_text(typed: &str) -> Option<String> {
    let text = typed.replace("\r\n", "\n").trim().to_owned();
    let hidden = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    let length = text.chars().count();
    (length > 0 && length <= 2000 && !text.chars().any(hidden)).then_some(text)
}

const TEXT_RULE: Text = Text::new(
    "Nhập từ 1 đến 2000 ký tự, không có ký tự điều khiển.",
    "Write 1 to 2000 characters, without control characters.",
);

/// The Vietnamese (required) and English (optional, the Vietnamese when empty) of a text field,
/// or the errors to show.
fn vi_en(
    vi: Option<&str>,
    en: Option<&str>,
    fields: (&'static str, &'static str),
    errors: &mut Vec<FieldError>,
) -> Value {
    let vi = officer_text(vi.unwrap_or_default());
    if vi.is_none() {
        errors.push(FieldError {
            field: fields.0,
            message: TEXT_RULE,
        });
    }
    let en = match en.map(str::trim).filter(|text| !text.is_empty()) {
        None => vi.clone(),
        Some(typed) => {
            let en = officer_text(typed);
            if en.is_none() {
                errors.push(FieldError {
                    field: fields.1,
                    message: TEXT_RULE,
                });
            }
            en
        }
    };
    json!({ "vi": vi.unwrap_or_default(), "en": en.unwrap_or_default() })
}

/// `POST /workbench/cases/{reference}/{approve|refuse|ask}`: the officer's step, taken from the
/// status and round the page showed; a page older than the case's last change gets 409.
async fn act(
    State(workbench): State<Shared>,
    headers: HeaderMap,
    Path((reference, action)): Path<(String, String)>,
    form: Result<Form<Fields>, FormRejection>,
) -> PageResult {
    let db = &workbench.app.db;
    let Form(fields) = form.map_err(|_| bad_form())?;
    let officer = officer_posting(&workbench, &headers, &fields).await?;
    // Every refused step is audited too: an officer probing other agencies' references, or
    // posting a page that no longer stands, leaves a trace as a step taken does.
    let refused = |outcome: &'static str, page: Page| async {
        let (officer, reference, action) = (&officer, &reference, &action);
        audit::record(
            db,
            &officer.personal_id,
            &officer.agency,
            Some(reference),
            action,
            outcome,
        )
        .await?;
        Err::<Response, Page>(page)
    };
    let Some(opened) = cases::of_agency(db, &officer, &reference).await? else {
        return refused("not_found", not_found(&officer)).await;
    };
    let seen_status: Option<Status> = fields
        .from
        .as_deref()
        .and_then(|from| serde_json::from_value(Value::String(from.to_owned())).ok());
    let seen_round = fields
        .round
        .as_deref()
        .and_then(|round| round.parse::<i64>().ok());
    let (Some(from), Some(round)) = (seen_status, seen_round) else {
        return refused("bad_form", bad_form()).await;
    };
    // A page older than the case's last change is refused before anything else — its text is not
    // checked (the officer must see the case as it now stands) and nothing is written — unless
    // the case stands where this very step took it: a repeat, which `change` answers as one.
    let Some(target) = target_of(&action) else {
        return refused("not_found", not_found(&officer)).await;
    };
    let stale = (from, round) != (opened.case.status, opened.case.round);
    if stale && opened.case.status != target {
        return refused("conflict", conflict(&officer, &reference)).await;
    }
    let mut errors = Vec::new();
    let mut detail = Map::new();
    let mut hold = None;
    let to = match target {
        // The same decision as the automatic mode's: the case held, the registry writes, then
        // the record; nothing else lands on the case meanwhile.
        Status::Approved => {
            match decision::approve(&workbench.app, &reference, (from, Some(round))).await? {
                Verdict::Decided(to, decided, held) => {
                    detail = decided;
                    hold = Some(held);
                    to
                }
                Verdict::NotNow => return Err(registry_unavailable(&officer, &reference)),
                // Approved already, as this step asked: answered with the case as it stands.
                Verdict::Busy if stale => {
                    let (who, agency) = (&officer.personal_id, &officer.agency);
                    audit::record(db, who, agency, Some(&reference), &action, "repeated").await?;
                    return Ok(redirect(&format!("/workbench/cases/{reference}"), &[]));
                }
                Verdict::Busy => return refused("conflict", conflict(&officer, &reference)).await,
                Verdict::NotFound => return Err(not_found(&officer)),
            }
        }
        Status::Refused => {
            let reason = vi_en(
                fields.reason_vi.as_deref(),
                fields.reason_en.as_deref(),
                ("reason_vi", "reason_en"),
                &mut errors,
            );
            detail.insert("reason".into(), reason);
            Status::Refused
        }
        _ => {
            let mut request = vi_en(
                fields.request_vi.as_deref(),
                fields.request_en.as_deref(),
                ("request_vi", "request_en"),
                &mut errors,
            );
            if fields.document.is_some() {
                request["document"] = Value::Bool(true);
            }
            detail.insert("request".into(), request);
            Status::MoreInformationNeeded
        }
    };
    if !errors.is_empty() {
        audit::record(
            db,
            &officer.personal_id,
            &officer.agency,
            Some(&reference),
            &action,
            "invalid",
        )
        .await?;
        let typed = Typed {
            reason_vi: fields.reason_vi.unwrap_or_default(),
            reason_en: fields.reason_en.unwrap_or_default(),
            request_vi: fields.request_vi.unwrap_or_default(),
            request_en: fields.request_en.unwrap_or_default(),
            document: fields.document.is_some(),
        };
        let html = pages::case(
            &officer,
            &opened.case,
            &opened.hand_over,
            &opened.answers,
            &today(),
            &typed,
            &errors,
        );
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(html)).into_response());
    }
    let step = Move {
        from: Some(from),
        round: Some(round),
        to,
        automatic: false,
        detail,
        hold,
    };
    let moved = change(db, &reference, step, workbench.app.config.automatic_delay).await?;
    let outcome = match &moved {
        Moved::Done(_) => "done",
        Moved::Repeated(_) => "repeated",
        Moved::NotFound => "not_found",
        Moved::NotAllowed(_) | Moved::Held => "conflict",
    };
    audit::record(
        db,
        &officer.personal_id,
        &officer.agency,
        Some(&reference),
        &action,
        outcome,
    )
    .await?;
    match moved {
        Moved::Done(_) | Moved::Repeated(_) => {
            workbench.app.wake_worker();
            Ok(redirect(&format!("/workbench/cases/{reference}"), &[]))
        }
        Moved::NotFound => Err(not_found(&officer)),
        Moved::NotAllowed(_) | Moved::Held => Err(conflict(&officer, &reference)),
    }
}

/// The status an officer's step of this name moves a case to; `None` for no such step.
fn target_of(action: &str) -> Option<Status> {
    match action {
        "approve" => Some(Status::Approved),
        "refuse" => Some(Status::Refused),
        "ask" => Some(Status::MoreInformationNeeded),
        _ => None,
    }
}

/// 409: the case moved on since the officer's page was drawn.
fn conflict(officer: &Session, reference: &str) -> Page {
    Page(
        StatusCode::CONFLICT,
        pages::message(
            Text::new("Hồ sơ đã thay đổi", "The case has changed"),
            Text::new(
                "Hồ sơ đã được xử lý tiếp kể từ khi bạn mở trang, nên bước này không được thực hiện. Hãy mở lại hồ sơ để xem trạng thái hiện tại.",
                "The case has moved on since you opened the page, so this step was not taken. Open the case again to see where it stands.",
            ),
            Some((
                &format!("/workbench/cases/{reference}"),
                Text::new("Mở lại hồ sơ", "Open the case again"),
            )),
            Some(officer),
        ),
    )
}

/// 503: approving needs the registry, which did not answer; nothing was decided, and the writes
/// already made are not made twice when the officer tries again (same keys).
fn registry_unavailable(officer: &Session, reference: &str) -> Page {
    Page(
        StatusCode::SERVICE_UNAVAILABLE,
        pages::message(
            Text::new("Chưa thể phê duyệt", "Not approved yet"),
            Text::new(
                "Cơ sở dữ liệu dân cư tạm thời không phản hồi nên kết quả chưa được ghi. Hồ sơ vẫn giữ nguyên; hãy thử phê duyệt lại sau ít phút.",
                "The population registry did not answer, so the decision was not written. The case is as it was; try approving again in a few minutes.",
            ),
            Some((
                &format!("/workbench/cases/{reference}"),
                Text::new("Mở lại hồ sơ", "Open the case again"),
            )),
            Some(officer),
        ),
    )
}
