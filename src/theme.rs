//! Light and dark theme: follows the OS (also when it changes while Pulse is open) until the user picks, and
//! remembers the pick.

use leptos::prelude::*;
use pulse_core::url_state::HostTheme;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

const STORAGE_KEY: &str = "pulse-theme";

/// The user's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Theme {
    /// Follow the operating system.
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

impl Theme {
    fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    fn next(self) -> Theme {
        match self {
            Theme::System => Theme::Light,
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
        }
    }
}

fn stored() -> Theme {
    let saved = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
    match saved.as_deref() {
        Some("light") => Theme::Light,
        Some("dark") => Theme::Dark,
        _ => Theme::System,
    }
}

fn apply(theme: Theme, dark: bool, remember: bool) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-theme", if dark { "dark" } else { "light" });
    }
    if !remember {
        return;
    }
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(STORAGE_KEY, theme.as_str());
    }
}

/// The theme the user picked and the OS's, shared by the toggle and every chart (provided by the app shell).
#[derive(Debug, Clone, Copy)]
pub struct ThemeState {
    /// The pick.
    pub theme: RwSignal<Theme>,
    /// Whether the OS is dark now.
    os_dark: RwSignal<bool>,
}

impl ThemeState {
    /// Reads the stored pick, and follows the OS's setting as it changes.
    pub fn new() -> ThemeState {
        ThemeState {
            theme: RwSignal::new(stored()),
            os_dark: os_dark(),
        }
    }

    /// The host page's theme (`?theme=`) when it asks for one, else the stored pick. A host's theme is applied
    /// now and never stored, so an embed does not change the user's own pick.
    pub fn with_host(host: Option<HostTheme>) -> ThemeState {
        let Some(host) = host else {
            return ThemeState::new();
        };
        let theme = match host {
            HostTheme::Light => Theme::Light,
            HostTheme::Dark => Theme::Dark,
        };
        let state = ThemeState {
            theme: RwSignal::new(theme),
            os_dark: RwSignal::new(false),
        };
        apply(theme, state.dark_untracked(), false);
        state
    }

    /// Whether the page is dark (tracked).
    fn dark(&self) -> bool {
        match self.theme.get() {
            Theme::Dark => true,
            Theme::Light => false,
            Theme::System => self.os_dark.get(),
        }
    }

    fn dark_untracked(&self) -> bool {
        untrack(|| self.dark())
    }
}

/// The stored pick and the OS's setting now, without following it: for a chart drawn outside the app shell.
impl Default for ThemeState {
    fn default() -> Self {
        ThemeState {
            theme: RwSignal::new(stored()),
            os_dark: RwSignal::new(dark_query().is_some_and(|m| m.matches())),
        }
    }
}

fn dark_query() -> Option<web_sys::MediaQueryList> {
    window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
}

/// Whether the OS is dark, kept current by the media query's `change` event. The listener lives as long as the
/// app: the theme state is the app shell's.
fn os_dark() -> RwSignal<bool> {
    let query = dark_query();
    let dark = RwSignal::new(query.as_ref().is_some_and(|m| m.matches()));
    if let Some(query) = query {
        let read = query.clone();
        let on_change = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
            dark.try_set(read.matches());
        });
        let _ =
            query.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        on_change.forget();
    }
    dark
}

/// Whether the page is dark, as a signal that changes with the toggle and the OS (so charts redraw in the new
/// colours).
pub fn use_dark() -> Signal<bool> {
    let state = use_context::<ThemeState>().unwrap_or_default();
    Signal::derive(move || state.dark())
}

/// A button that cycles System → Light → Dark.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let state = use_context::<ThemeState>().unwrap_or_default();
    let theme = state.theme;
    Effect::new(move || apply(theme.get(), state.dark(), true));
    let label = move || format!("Theme: {}", theme.get().as_str());
    view! {
        <button
            class="theme-toggle"
            title=label
            aria-label=label
            on:click=move |_| theme.update(|t| *t = t.next())
        >
            {move || match theme.get() {
                Theme::System => "◐",
                Theme::Light => "☀",
                Theme::Dark => "☾",
            }}
        </button>
    }
}
