fn main() {
    // A panic's message and place in the console, in debug builds: the release build stops at a panic without
    // formatting one (panic=immediate-abort, scripts/env.sh).
    console_error_panic_hook::set_once();
    // index.html's loading message, shown while this code downloaded; the app shows its own from here on.
    if let Some(boot) = leptos::prelude::document().get_element_by_id("boot") {
        boot.remove();
    }
    leptos::mount::mount_to_body(pulse::app::App);
}
