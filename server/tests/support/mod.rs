//! What the integration tests share: the site directory the portal serves, and the headers every
//! response must carry.

use reqwest::header;
use std::path::Path;

/// The site as the build lays it out, minus the WebAssembly package (pages then have no islands).
pub fn assemble_site(site: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    std::fs::create_dir_all(site.join("public")).unwrap();
    let mut css_files: Vec<_> = std::fs::read_dir(root.join("style"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    css_files.sort();
    let css: String = css_files
        .iter()
        .map(|path| std::fs::read_to_string(path).unwrap())
        .collect();
    std::fs::write(site.join("portal.css"), css).unwrap();
    for entry in std::fs::read_dir(root.join("public")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), site.join("public").join(entry.file_name())).unwrap();
    }
}

pub fn assert_security_headers(response: &reqwest::Response) {
    let headers = response.headers();
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(csp.contains("script-src 'self' 'nonce-"), "{csp}");
    assert!(
        !csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"),
        "{csp}"
    );
    assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY");
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(headers[header::REFERRER_POLICY], "no-referrer");
    assert!(headers.contains_key("x-request-id"));
}
