//! Signing in to an MLflow that asks for a login, and the header's "Signed in as … / Sign out".

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use pulse_core::api::{ApiError, Credentials};

use crate::api;
use crate::app::{split_page, use_config};
use crate::hooks::use_credentials::CredentialsState;
use crate::ui::error_view::ErrorView;

type Render = fn() -> AnyView;

/// The form's view, from a wasm chunk of its own: most visits never need it.
#[wasm_split(sign_in, wasm_split_path = ::leptos::wasm_split, fallible)]
fn sign_in_code() -> Result<Render, SplitLoaderError> {
    Ok(|| view! { <SignIn /> }.into_any())
}

/// [`SignIn`] once its code is here (nothing shows while it downloads; a failed download says so).
#[component]
pub fn LazySignIn() -> impl IntoView {
    let code = LocalResource::new(sign_in_code);
    move || {
        code.get()
            .map(|code| split_page(code.map(|render| render())))
    }
}

/// The sign-in form, shown instead of the page while MLflow answers 401. The credentials are checked against
/// MLflow before they are kept, so a wrong password is said here and never loops.
#[component]
fn SignIn() -> impl IntoView {
    let state = expect_context::<CredentialsState>();
    let cfg = use_config();
    let (username, password) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let invalid = RwSignal::new(None::<String>);
    let check = Action::new_local(move |credentials: &Credentials| {
        let (cfg, credentials) = (cfg.clone(), credentials.clone());
        async move {
            api::check_credentials(&cfg, &credentials).await?;
            Ok::<_, ApiError>(credentials)
        }
    });
    Effect::new(move || {
        if let Some(Ok(credentials)) = check.value().get() {
            password.set(String::new());
            state.sign_in(credentials);
        }
    });
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match Credentials::basic(&username.get_untracked(), &password.get_untracked()) {
            Ok(credentials) => {
                invalid.set(None);
                check.dispatch(credentials);
            }
            Err(e) => invalid.set(Some(e.to_string())),
        }
    };
    let reason = move || match state.sign_in_needed.get() {
        Some(ApiError::BadCredentials) => {
            "MLflow no longer accepts the saved sign-in. Sign in again."
        }
        _ => "This MLflow server requires a login.",
    };
    let problem = move || {
        match (invalid.get(), check.value().get()) {
        (Some(message), _) => Some(view! { <p class="result conflict" role="alert">{message}</p> }.into_any()),
        (None, Some(Err(ApiError::BadCredentials))) => Some(view! {
            <p class="result conflict" role="alert">"Wrong username or password: MLflow did not accept them."</p>
        }.into_any()),
        (None, Some(Err(e))) => Some(view! { <ErrorView error=e /> }.into_any()),
        _ => None,
    }
    };
    view! {
        <section class="sign-in" aria-labelledby="sign-in-title">
            <h1 id="sign-in-title">"Sign in to MLflow"</h1>
            <p role="status">{reason}</p>
            // method="post": should the handler ever not run, the password still stays out of the URL.
            <form method="post" aria-label="Sign in to MLflow" on:submit=submit>
                <label>"Username"
                    <input type="text" name="username" autocomplete="username" required
                        prop:value=username on:input=move |ev| username.set(event_target_value(&ev)) />
                </label>
                <label>"Password"
                    <input type="password" name="password" autocomplete="current-password" required
                        prop:value=password on:input=move |ev| password.set(event_target_value(&ev)) />
                </label>
                <button class="primary" type="submit" disabled=move || check.pending().get()>
                    {move || if check.pending().get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
            {problem}
            <p class="hint">"Your credentials stay in this browser tab (sessionStorage) and go only to the MLflow server; Sign out forgets them."</p>
        </section>
    }
}

/// "Signed in as …" and the Sign out button, in the header while someone is signed in.
#[component]
pub fn SignedIn() -> impl IntoView {
    let state = use_context::<CredentialsState>();
    move || {
        let state = state?;
        let user = state.username.get()?;
        Some(view! {
            <span class="signed-in">
                <span>"Signed in as " <strong>{user}</strong></span>
                <button on:click=move |_| state.sign_out()>"Sign out"</button>
            </span>
        })
    }
}
