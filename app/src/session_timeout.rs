//! The warning before a signed-in session ends for inactivity (WCAG 2.2.1, timing adjustable): some
//! time before the end, an alert says so and offers to continue; at the end, it says the session
//! is over. Continuing is a plain form posted to `/auth/extend`, so it works whether or not the
//! island has been hydrated; without JavaScript the page footer states the limit instead.

use crate::strings::strings;
use domain::text::Lang;
use leptos::prelude::*;
use std::time::Duration;

/// The longest warning: enough to notice, read and press the button (the criterion asks for at
/// least 20 seconds).
const MAX_WARNING_SECONDS: u64 = 5 * 60;

/// Where a signed-in page's session stands when the page is rendered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionClock {
    /// The idle limit the portal applies.
    pub idle_seconds: u64,
    /// Until the session ends if nothing else happens (the server counts from the last activity
    /// it recorded, which may be before this page).
    pub seconds_left: u64,
}

/// How long before the end the warning shows: five minutes, or half of a shorter limit.
pub fn warning_lead(idle_seconds: u64) -> u64 {
    MAX_WARNING_SECONDS.min(idle_seconds / 2)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Active,
    Ending,
    Ended,
}

#[island]
pub fn SessionTimeout(
    lang: Lang,
    seconds_left: u64,
    warning_seconds: u64,
    return_to: String,
) -> impl IntoView {
    let text = strings(lang);
    let (phase, set_phase) = signal(Phase::Active);
    // Effects run only in the browser, so the server renders the quiet state.
    Effect::new(move |_| {
        let warn_in = seconds_left.saturating_sub(warning_seconds);
        set_timeout(
            move || set_phase.set(Phase::Ending),
            Duration::from_secs(warn_in),
        );
        set_timeout(
            move || set_phase.set(Phase::Ended),
            Duration::from_secs(seconds_left),
        );
    });
    let left_when_warned = seconds_left.min(warning_seconds);
    // The live region exists from the start and only its content changes, which is what screen
    // readers announce reliably.
    view! {
        <div class="session-timeout" role="alert">
            {move || {
                let (title, body, button) = match phase.get() {
                    Phase::Active => return None,
                    Phase::Ending => (
                        text.session_ending_title,
                        text.session_ending_body(left_when_warned),
                        text.session_continue,
                    ),
                    // The same form: `/auth/extend` sends a visitor whose session is gone to sign in.
                    Phase::Ended => (
                        text.session_ended_title,
                        text.session_ended_body.to_string(),
                        text.session_sign_in_again,
                    ),
                };
                Some(
                    view! {
                        <div class="session-timeout__panel">
                            <h2 class="session-timeout__title">{title}</h2>
                            <p>{body}</p>
                            <form method="post" action="/auth/extend">
                                <input type="hidden" name="return_to" value=return_to.clone() />
                                <button type="submit" class="button">{button}</button>
                            </form>
                        </div>
                    },
                )
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::warning_lead;

    #[test]
    fn the_warning_comes_five_minutes_early_or_halfway_through_a_short_limit() {
        assert_eq!(warning_lead(30 * 60), 5 * 60);
        assert_eq!(warning_lead(10 * 60), 5 * 60);
        assert_eq!(warning_lead(6 * 60), 3 * 60);
        assert_eq!(warning_lead(12), 6);
    }
}
