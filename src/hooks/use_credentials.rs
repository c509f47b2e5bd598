//! Who is signed in to MLflow. The credentials live in memory and in this tab's sessionStorage (so a reload or
//! a deep link opened in the same tab stays signed in; closing the tab forgets them), never in localStorage,
//! the URL or a log. "Sign out" clears both. What is kept names the MLflow it is for, and is restored only for
//! that one.

use std::sync::Arc;

use leptos::prelude::*;
use pulse_core::api::{ApiError, Credentials, KeptSignIn};
use pulse_core::config::Config;

use crate::api::credentials::{on_sign_in_needed, set_credentials};

/// The sessionStorage key (src/early.js reads it too); the value is a [`KeptSignIn`].
const STORAGE_KEY: &str = "pulse.mlflow.credentials";

/// Options of [`use_credentials`].
pub struct UseCredentialsOptions {
    /// The runtime configuration: credentials go only to its `mlflow_url`'s origin.
    pub config: Arc<Config>,
}

/// The sign-in state, shared through context.
#[derive(Clone, Copy)]
pub struct CredentialsState {
    /// Who is signed in; `None` when nobody is.
    pub username: RwSignal<Option<String>>,
    /// Set while MLflow wants a sign-in (it answered 401); the app shows the sign-in form instead of the page.
    pub sign_in_needed: RwSignal<Option<ApiError>>,
    /// Changes on every sign-in and sign-out, so the pages mounted under it read everything again.
    pub session: RwSignal<u32>,
    mlflow_url: StoredValue<String>,
    /// MLflow's absolute address, which the kept sign-in names.
    mlflow_address: StoredValue<String>,
}

impl CredentialsState {
    /// Keeps credentials MLflow accepted and shows the page again.
    pub fn sign_in(&self, credentials: Credentials) {
        let kept = KeptSignIn::new(&self.mlflow_address.get_value(), credentials.clone());
        if let (Some(storage), Ok(value)) = (storage(), serde_json::to_string(&kept)) {
            let _ = storage.set_item(STORAGE_KEY, &value);
        }
        self.username.set(Some(credentials.username.clone()));
        set_credentials(&self.mlflow_url.get_value(), Some(credentials));
        self.sign_in_needed.set(None);
        self.session.update(|s| *s += 1);
    }

    /// Forgets the credentials, in memory and in sessionStorage.
    pub fn sign_out(&self) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(STORAGE_KEY);
        }
        set_credentials(&self.mlflow_url.get_value(), None);
        self.username.set(None);
        self.session.update(|s| *s += 1);
    }
}

/// Restores this tab's sign-in, if any, and listens for MLflow's 401s.
pub fn use_credentials(options: UseCredentialsOptions) -> CredentialsState {
    let mlflow_url = options.config.mlflow_url.clone();
    let mlflow_address = address_of(&mlflow_url);
    let stored: Option<Credentials> = storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|value| serde_json::from_str::<KeptSignIn>(&value).ok())
        .and_then(|kept| kept.for_mlflow(&mlflow_address));
    let state = CredentialsState {
        username: RwSignal::new(stored.as_ref().map(|c| c.username.clone())),
        sign_in_needed: RwSignal::new(None),
        session: RwSignal::new(0),
        mlflow_url: StoredValue::new(mlflow_url.clone()),
        mlflow_address: StoredValue::new(mlflow_address),
    };
    set_credentials(&mlflow_url, stored);
    let needed = state.sign_in_needed;
    on_sign_in_needed(move |error| {
        // Once the form shows, later 401s (the header's health poll) leave it, and what is typed, alone.
        if needed.try_with_untracked(Option::is_none) == Some(true) {
            needed.set(Some(error));
        }
    });
    state
}

/// MLflow's absolute address: `mlflow_url` (`""`: proxied beside Pulse) resolved against the page's base, so two
/// Pulses under different paths of one origin name different MLflows.
fn address_of(mlflow_url: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    let relative = if mlflow_url.is_empty() {
        "./"
    } else {
        mlflow_url
    };
    web_sys::Url::new_with_base(relative, &base)
        .map(|u| u.href())
        .unwrap_or_else(|_| format!("{base} {mlflow_url}"))
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}
