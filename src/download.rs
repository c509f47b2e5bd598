//! Saving exports (CSV, SVG, PNG) as files the browser downloads.

use wasm_bindgen::JsCast;

/// Offers `content` as a download named `file_name`.
pub fn save_text(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&content.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)
        .map_err(|_| "the browser could not build the file".to_owned())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not offer the file".to_owned())?;
    let result = save_url(file_name, &url);
    // Revoked later: revoking right after the click can cancel the download in some browsers.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(60),
    );
    result
}

/// Offers a URL (e.g. a canvas's data URL) as a download named `file_name`.
pub fn save_url(file_name: &str, url: &str) -> Result<(), String> {
    let document = leptos::prelude::document();
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "the browser could not offer the file".to_owned())?
        .unchecked_into();
    a.set_href(url);
    a.set_download(file_name);
    a.click();
    Ok(())
}
