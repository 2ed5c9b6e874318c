//! A small WebDriver client for headless Chromium. Tests find things as a person does — a link by
//! its text, a button by its name, a field by its label — so a page that lacks accessible names
//! cannot be driven, and the test fails.

use crate::stack_process::free_port;
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Every journey is tested twice: as most people browse, and with JavaScript off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    JavaScript,
    NoJavaScript,
}

impl Mode {
    pub const BOTH: [Mode; 2] = [Mode::JavaScript, Mode::NoJavaScript];
}

pub struct Browser {
    pub mode: Mode,
    driver: Child,
    endpoint: String,
    http: reqwest::blocking::Client,
    _profile: tempfile::TempDir,
    /// How many fields the test typed into: the measure of what a citizen had to type.
    pub typed_fields: usize,
}

/// An element handle, valid until the page changes. The driver gives one node the same handle
/// every time, so handles compare equal exactly when they are the same element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element(String);

/// Keys pressed as a person presses them, in WebDriver's key codes.
#[derive(Clone, Copy, Debug)]
pub enum Key {
    Tab,
    Enter,
    Space,
    ArrowDown,
}

impl Key {
    fn code(self) -> &'static str {
        match self {
            Key::Tab => "\u{E004}",
            Key::Enter => "\u{E007}",
            Key::Space => "\u{E00D}",
            Key::ArrowDown => "\u{E015}",
        }
    }
}

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    pub fn start(mode: Mode) -> Browser {
        let port = free_port();
        let driver = Command::new(chromedriver())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs (scripts/setup.sh --browser installs it)");
        let profile = tempfile::tempdir().expect("profile directory");
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(60))
            .build()
            .expect("HTTP client");
        let mut browser = Browser {
            mode,
            driver,
            endpoint: format!("http://127.0.0.1:{port}"),
            http,
            _profile: profile,
            typed_fields: 0,
        };
        browser.wait_for_driver();
        browser.open_session();
        browser
    }

    fn wait_for_driver(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self
                .http
                .get(format!("{}/status", self.endpoint))
                .send()
                .is_ok()
            {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("chromedriver did not start");
    }

    fn open_session(&mut self) {
        let mut prefs = json!({});
        if self.mode == Mode::NoJavaScript {
            prefs = json!({ "profile.managed_default_content_settings.javascript": 2 });
        }
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": chromium(),
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                        "--disable-background-networking", "--disable-component-update",
                        "--disable-sync", "--no-first-run", "--disable-quic",
                        "--window-size=1024,900",
                        format!("--user-data-dir={}", self._profile.path().display()),
                    ],
                    "prefs": prefs,
                }
            }}
        });
        let response = self.raw("POST", "/session", capabilities);
        let session = response["sessionId"]
            .as_str()
            .expect("session id")
            .to_string();
        self.endpoint = format!("{}/session/{session}", self.endpoint);
        self.command(
            "POST",
            "/timeouts",
            json!({ "implicit": 3000, "pageLoad": 30000 }),
        );
    }

    fn raw(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.endpoint);
        let request = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).json(&body),
        };
        let response: Value = request
            .send()
            .expect("chromedriver answers")
            .json()
            .expect("WebDriver JSON");
        response["value"].clone()
    }

    /// Runs a WebDriver command; a WebDriver error fails the test with its message.
    fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let value = self.try_command(method, path, body);
        match value {
            Ok(value) => value,
            Err(error) => panic!("WebDriver {method} {path}: {error}"),
        }
    }

    fn try_command(&self, method: &str, path: &str, body: Value) -> Result<Value, String> {
        let value = self.raw(method, path, body);
        match value.get("error").and_then(Value::as_str) {
            Some(error) => Err(format!(
                "{error}: {}",
                value["message"].as_str().unwrap_or_default()
            )),
            None => Ok(value),
        }
    }

    pub fn goto(&self, url: &str) {
        self.command("POST", "/url", json!({ "url": url }));
    }

    pub fn current_url(&self) -> String {
        self.command("GET", "/url", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// The value of a cookie of the current page's site, HttpOnly ones included, so that a test
    /// can ask the server directly what the browser's session is worth.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.try_command("GET", &format!("/cookie/{name}"), Value::Null)
            .ok()
            .and_then(|cookie| cookie["value"].as_str().map(str::to_string))
    }

    /// The page's HTML as the browser holds it.
    pub fn source(&self) -> String {
        self.command("GET", "/source", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn title(&self) -> String {
        self.command("GET", "/title", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn find_all(&self, xpath: &str) -> Vec<Element> {
        self.command(
            "POST",
            "/elements",
            json!({ "using": "xpath", "value": xpath }),
        )
        .as_array()
        .map(|elements| {
            elements
                .iter()
                .filter_map(|e| e[ELEMENT_KEY].as_str())
                .map(|id| Element(id.to_string()))
                .collect()
        })
        .unwrap_or_default()
    }

    pub fn find(&self, xpath: &str) -> Element {
        self.try_find(xpath)
            .unwrap_or_else(|| panic!("nothing matches {xpath} on {}", self.current_url()))
    }

    pub fn try_find(&self, xpath: &str) -> Option<Element> {
        self.try_command(
            "POST",
            "/element",
            json!({ "using": "xpath", "value": xpath }),
        )
        .ok()
        .and_then(|value| {
            value[ELEMENT_KEY]
                .as_str()
                .map(|id| Element(id.to_string()))
        })
    }

    pub fn text(&self, element: &Element) -> String {
        self.command("GET", &format!("/element/{}/text", element.0), Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub fn attribute(&self, element: &Element, name: &str) -> Option<String> {
        self.command(
            "GET",
            &format!("/element/{}/attribute/{name}", element.0),
            Value::Null,
        )
        .as_str()
        .map(str::to_string)
    }

    /// A DOM property, such as the current `value` of a field.
    pub fn property(&self, element: &Element, name: &str) -> Option<String> {
        self.command(
            "GET",
            &format!("/element/{}/property/{name}", element.0),
            Value::Null,
        )
        .as_str()
        .map(str::to_string)
    }

    /// The accessible name the browser computes, as a screen reader would announce it.
    pub fn accessible_name(&self, element: &Element) -> String {
        self.command(
            "GET",
            &format!("/element/{}/computedlabel", element.0),
            Value::Null,
        )
        .as_str()
        .unwrap_or_default()
        .to_string()
    }

    pub fn click(&self, element: &Element) {
        self.command("POST", &format!("/element/{}/click", element.0), json!({}));
    }

    /// The visible text of the whole page; empty while a navigation replaces the page.
    pub fn page_text(&self) -> String {
        self.try_find("//body")
            .and_then(|body| {
                self.try_command("GET", &format!("/element/{}/text", body.0), Value::Null)
                    .ok()
            })
            .and_then(|text| text.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    pub fn click_link(&self, text: &str) {
        let link = self.find(&with_text("//a", text));
        self.click(&link);
    }

    pub fn click_button(&self, name: &str) {
        let button = self.find(&format!(
            "//button[normalize-space(.)={0}] | //input[@type='submit' and @value={0}]",
            literal(name)
        ));
        self.click(&button);
    }

    /// The input a `<label>` with this text points to.
    pub fn field(&self, label: &str) -> Element {
        let label_element = self.find(&format!(
            "//label[normalize-space(.)={0} or normalize-space(text())={0}]",
            literal(label)
        ));
        let id = self
            .attribute(&label_element, "for")
            .unwrap_or_else(|| panic!("label {label:?} has no `for`"));
        self.find(&format!("//*[@id={}]", literal(&id)))
    }

    /// Types into the field with this label, replacing what it held, as a person would.
    pub fn fill(&mut self, label: &str, value: &str) {
        let field = self.field(label);
        self.command("POST", &format!("/element/{}/clear", field.0), json!({}));
        self.command(
            "POST",
            &format!("/element/{}/value", field.0),
            json!({ "text": value }),
        );
        self.typed_fields += 1;
    }

    /// Chooses a file for the file input with this label, as a person picks one from their disk.
    pub fn upload(&self, label: &str, path: &std::path::Path) {
        let field = self.field(label);
        self.command(
            "POST",
            &format!("/element/{}/value", field.0),
            json!({ "text": path.display().to_string() }),
        );
    }

    /// Waits until `condition` holds, for what JavaScript does after an event.
    pub fn wait_until(&self, what: &str, condition: impl Fn(&Browser) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if condition(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let page: String = self.source().chars().take(3000).collect();
        panic!(
            "timed out waiting for {what} on {}; the page says: {page}",
            self.current_url()
        );
    }

    /// Runs a script in the page (JavaScript mode only), returning its value.
    pub fn execute(&self, script: &str) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            json!({ "script": script, "args": [] }),
        )
    }

    /// Runs an asynchronous script (JavaScript mode only): it receives `args`, then a callback as
    /// its last argument, and its value is what it passes to that callback.
    pub fn execute_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.command(
            "POST",
            "/execute/async",
            json!({ "script": script, "args": args }),
        )
    }

    /// Presses and releases a key in whatever has the focus.
    pub fn press(&self, key: Key) {
        let code = key.code();
        self.command(
            "POST",
            "/actions",
            json!({ "actions": [{
                "type": "key",
                "id": "keyboard",
                "actions": [{ "type": "keyDown", "value": code }, { "type": "keyUp", "value": code }],
            }]}),
        );
    }

    /// The element that has the keyboard focus (the body when nothing has).
    pub fn focused(&self) -> Element {
        let value = self.command("GET", "/element/active", Value::Null);
        Element(
            value[ELEMENT_KEY]
                .as_str()
                .expect("an active element")
                .to_string(),
        )
    }

    /// The outer size of the window, in CSS pixels.
    pub fn window_size(&self) -> (u64, u64) {
        let rect = self.command("GET", "/window/rect", Value::Null);
        (
            rect["width"].as_u64().expect("window width"),
            rect["height"].as_u64().expect("window height"),
        )
    }

    pub fn set_window_size(&self, width: u64, height: u64) {
        self.command(
            "POST",
            "/window/rect",
            json!({ "width": width, "height": height }),
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.http.delete(&self.endpoint).send();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// An XPath to the elements at `path` whose text, spaces normalised, is `text`.
pub fn with_text(path: &str, text: &str) -> String {
    format!("{path}[normalize-space(.)={}]", literal(text))
}

/// An XPath string literal, quoting text that may itself hold quotes.
pub fn literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

fn chromium() -> String {
    std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into())
}

fn chromedriver() -> String {
    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into())
}
