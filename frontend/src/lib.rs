//! Hydrates the islands of a server-rendered page. Everything else on the page is plain HTML that
//! works without this module, which is why it stays this small.

// Links the app crate so that the island functions it exports end up in the WebAssembly module.
extern crate app;

use wasm_bindgen::prelude::wasm_bindgen;

#[wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_islands();
}
