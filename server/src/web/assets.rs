//! Static assets, loaded once at start-up: content-hashed URLs, compressed ahead of time with
//! Brotli and gzip, served from memory with immutable caching. A page never waits for them to be
//! compressed, and a new build gets new URLs so no browser keeps a stale copy.

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::path::Path as FsPath;

/// The WebAssembly package's base name, as `wasm-bindgen --out-name` writes it.
pub const PACKAGE_NAME: &str = "portal";
const STYLESHEET: &str = "portal.css";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "public, max-age=3600";

struct Asset {
    content_type: &'static str,
    cache_control: &'static str,
    identity: Vec<u8>,
    brotli: Vec<u8>,
    gzip: Vec<u8>,
}

/// Every asset by its URL path.
#[derive(Default)]
pub struct AssetStore {
    by_path: HashMap<String, Asset>,
    pub stylesheet_url: String,
    /// The hashed package directory (`pkg/<hash>`), when the WebAssembly package was built.
    pub package_dir: Option<String>,
}

impl AssetStore {
    /// Reads the site directory the build produced: `portal.css`, `pkg/portal.js`,
    /// `pkg/portal_bg.wasm` and the files of `public/`.
    pub fn load(site_dir: &FsPath) -> std::io::Result<Self> {
        let mut store = AssetStore::default();

        let css = std::fs::read(site_dir.join(STYLESHEET))?;
        store.stylesheet_url = format!("/assets/portal.{}.css", short_hash(&[&css]));
        store.insert(store.stylesheet_url.clone(), css, IMMUTABLE);

        let js = std::fs::read(site_dir.join("pkg").join(format!("{PACKAGE_NAME}.js")));
        let wasm = std::fs::read(site_dir.join("pkg").join(format!("{PACKAGE_NAME}_bg.wasm")));
        match (js, wasm) {
            (Ok(js), Ok(wasm)) => {
                let dir = format!("pkg/{}", short_hash(&[&js, &wasm]));
                store.insert(format!("/{dir}/{PACKAGE_NAME}.js"), js, IMMUTABLE);
                store.insert(format!("/{dir}/{PACKAGE_NAME}_bg.wasm"), wasm, IMMUTABLE);
                store.package_dir = Some(dir);
            }
            _ => tracing::warn!(
                "no WebAssembly package in the site directory: pages render without islands"
            ),
        }

        let public = site_dir.join("public");
        if public.is_dir() {
            for entry in std::fs::read_dir(public)? {
                let entry = entry?;
                if entry.file_type()?.is_file() {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    store.insert(format!("/{name}"), std::fs::read(entry.path())?, REVALIDATE);
                }
            }
        }
        Ok(store)
    }

    fn insert(&mut self, path: String, identity: Vec<u8>, cache_control: &'static str) {
        let content_type = content_type(&path);
        let compressible = !content_type.starts_with("image/") || content_type == "image/svg+xml";
        let (brotli, gzip) = if compressible {
            (compress_brotli(&identity), compress_gzip(&identity))
        } else {
            (Vec::new(), Vec::new())
        };
        self.by_path.insert(
            path,
            Asset {
                content_type,
                cache_control,
                identity,
                brotli,
                gzip,
            },
        );
    }

    /// Sizes of an asset as sent (raw, gzip, brotli), for reports.
    pub fn sizes(&self, path: &str) -> Option<(usize, usize, usize)> {
        self.by_path
            .get(path)
            .map(|asset| (asset.identity.len(), asset.gzip.len(), asset.brotli.len()))
    }

    pub fn serve(&self, path: &str, request_headers: &HeaderMap) -> Option<Response> {
        let asset = self.by_path.get(path)?;
        let accepted = request_headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("");
        let accepts = |coding: &str| {
            accepted
                .split(',')
                .any(|part| part.trim().starts_with(coding))
        };
        let (body, encoding) = if !asset.brotli.is_empty() && accepts("br") {
            (&asset.brotli, Some("br"))
        } else if !asset.gzip.is_empty() && accepts("gzip") {
            (&asset.gzip, Some("gzip"))
        } else {
            (&asset.identity, None)
        };
        let mut response = Response::new(Body::from(body.clone()));
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(asset.content_type),
        );
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(asset.cache_control),
        );
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        if let Some(encoding) = encoding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        Some(response)
    }
}

fn short_hash(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("txt") => "text/plain; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

fn compress_brotli(data: &[u8]) -> Vec<u8> {
    let mut output = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &data[..], &mut output, &params).expect("in-memory compression");
    output
}

fn compress_gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).expect("in-memory compression");
    encoder.finish().expect("in-memory compression")
}
