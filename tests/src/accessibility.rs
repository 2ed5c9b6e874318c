//! Automated accessibility checks in the page the browser shows: axe-core's rules for WCAG 2.2
//! level AA, and reflow at a narrow width (WCAG 1.4.10: no horizontal scrolling at 320 CSS pixels).
//! Both run their scripts through WebDriver, which the page's Content-Security-Policy does not
//! govern, so the portal's policy needs no exception for them. The reflow check also works with
//! JavaScript off; axe-core does not, as it waits on timers that only run with JavaScript on.

use crate::browser::{Browser, Mode};
use crate::stack::workspace_root;
use serde_json::{json, Value};
use std::sync::OnceLock;

/// The rule sets checked: WCAG 2.0, 2.1 and 2.2, levels A and AA.
const WCAG_TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// Runs axe on the whole document and describes each failed rule on one line.
const RUN_AXE: &str = r#"
const [tags, done] = arguments;
axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
  .then((results) => done(results.violations.map((violation) =>
    `${violation.id} (${violation.impact}): ${violation.help}; ` +
    `${violation.nodes.length} element(s), first ${violation.nodes[0].target.join(" ")}`)))
  .catch((error) => done({ error: String(error) }));
"#;

/// The WCAG A and AA rules axe-core finds broken on the current page, one line each: rule id,
/// impact, what the rule asks, and the first element that breaks it. Empty means none found.
pub fn axe_violations(browser: &Browser) -> Vec<String> {
    assert_eq!(
        browser.mode,
        Mode::JavaScript,
        "axe-core needs JavaScript on"
    );
    if browser.execute("return typeof window.axe") != json!("object") {
        browser.execute(axe_source());
    }
    let result = browser.execute_async(RUN_AXE, vec![json!(WCAG_TAGS)]);
    match result {
        Value::Array(lines) => lines
            .into_iter()
            .map(|line| line.as_str().unwrap_or_default().to_string())
            .collect(),
        other => panic!("axe-core did not run on {}: {other}", browser.current_url()),
    }
}

/// Whether the page scrolls sideways when the viewport is `width_px` CSS pixels wide. The window
/// gets its former size back afterwards.
pub fn overflows_horizontally(browser: &Browser, width_px: u64) -> bool {
    let (width, height) = browser.window_size();
    browser.set_window_size(width_px, height);
    // A browser may keep some of the window's width for itself: widen by that much.
    let viewport = viewport_width(browser);
    if viewport != width_px {
        browser.set_window_size(width_px + width_px.saturating_sub(viewport), height);
    }
    let viewport = viewport_width(browser);
    assert_eq!(
        viewport, width_px,
        "the viewport cannot be made {width_px} CSS pixels wide"
    );
    let overflows = browser.execute(
        "const root = document.documentElement; return root.scrollWidth > root.clientWidth;",
    );
    browser.set_window_size(width, height);
    overflows == json!(true)
}

/// Whether the focused element shows that it has the focus: an outline that is drawn (not none,
/// not zero wide, not transparent) or a box shadow, while the browser deems focus worth showing.
pub fn focus_is_visible(browser: &Browser) -> bool {
    browser.execute(SHOWS_FOCUS) == json!(true)
}

const SHOWS_FOCUS: &str = r#"
const element = document.activeElement;
if (!element || !element.matches(":focus-visible")) return false;
const style = getComputedStyle(element);
const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
  && !/^(transparent|rgba\(.*, 0\))$/.test(style.outlineColor);
return outline || style.boxShadow !== "none";
"#;

fn viewport_width(browser: &Browser) -> u64 {
    browser
        .execute("return window.innerWidth;")
        .as_u64()
        .expect("the viewport's width")
}

/// axe-core's script, pinned in tools/package-lock.json and installed by scripts/setup.sh.
fn axe_source() -> &'static str {
    static SOURCE: OnceLock<String> = OnceLock::new();
    SOURCE.get_or_init(|| {
        let path = workspace_root().join("tools/node_modules/axe-core/axe.min.js");
        std::fs::read_to_string(&path).unwrap_or_else(|error| {
            panic!(
                "{} cannot be read ({error}); scripts/setup.sh installs it",
                path.display()
            )
        })
    })
}
