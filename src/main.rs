fn main() {
    console_error_panic_hook::set_once();
    // index.html's loading message, shown while this code downloaded; the app shows its own from here on.
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(pulse::app::App);
}
