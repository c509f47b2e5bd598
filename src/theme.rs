//! Light and dark theme: follows the OS until the user picks, and remembers the pick.

use leptos::prelude::*;
use pulse_core::url_state::HostTheme;

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

fn apply(theme: Theme, remember: bool) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute(
            "data-theme",
            if resolves_dark(theme) {
                "dark"
            } else {
                "light"
            },
        );
    }
    if !remember {
        return;
    }
    if let Ok(Some(storage)) = window().local_storage() {
        let _ = storage.set_item(STORAGE_KEY, theme.as_str());
    }
}

/// The theme the user picked, shared by the toggle and every chart (provided by the app shell).
#[derive(Debug, Clone, Copy)]
pub struct ThemeState(pub RwSignal<Theme>);

impl ThemeState {
    /// Reads the stored pick.
    pub fn new() -> ThemeState {
        ThemeState(RwSignal::new(stored()))
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
        apply(theme, false);
        ThemeState(RwSignal::new(theme))
    }
}

impl Default for ThemeState {
    fn default() -> Self {
        ThemeState::new()
    }
}

/// Whether the page is dark, as a signal that changes with the toggle (so charts redraw in the new colours).
pub fn use_dark() -> Signal<bool> {
    let theme = use_context::<ThemeState>().unwrap_or_default().0;
    Signal::derive(move || resolves_dark(theme.get()))
}

fn resolves_dark(theme: Theme) -> bool {
    match theme {
        Theme::Dark => true,
        Theme::Light => false,
        Theme::System => window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches()),
    }
}

/// A button that cycles System → Light → Dark.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let theme = use_context::<ThemeState>().unwrap_or_default().0;
    Effect::new(move || apply(theme.get(), true));
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
