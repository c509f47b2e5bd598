use std::time::Duration;

use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::app::{app_href, use_config};
use crate::hooks::use_serving::ServingState;
use crate::serving::badge::AlertsBadge;
use crate::theme::ThemeToggle;
use crate::time::sleep;
use crate::ui::sign_in::SignedIn;

/// How often the header re-checks the server.
const HEALTH_EVERY: Duration = Duration::from_secs(10);
/// When the first check comes, after start-up.
const FIRST_CHECK_AFTER_MS: i32 = 1_500;

/// The top bar: navigation, the MLflow server with its health and version, who is signed in, and the theme
/// switch.
#[component]
pub fn Header() -> impl IntoView {
    let cfg = use_config();
    let origin = window().location().origin().unwrap_or_default();
    let server = cfg.server_label(&origin);
    let tick = RwSignal::new(0u32);
    // A hidden tab (a background browser tab, a collapsed Streamlit iframe) does not poll the server.
    set_interval(
        move || {
            if !document().hidden() {
                tick.update(|t| *t += 1)
            }
        },
        HEALTH_EVERY,
    );
    let status = LocalResource::new(move || {
        let first = tick.get() == 0;
        let cfg = cfg.clone();
        async move {
            // The page's own first requests go before the first check's two: MLflow often runs one worker.
            if first {
                sleep(FIRST_CHECK_AFTER_MS).await;
            }
            (api::health(&cfg).await, api::version(&cfg).await.ok())
        }
    });
    let health = move || match status.get() {
        None => view! { <span class="health pending">"checking…"</span> }.into_any(),
        Some((Ok(_), version)) => {
            let version = version.map(|v| format!("MLflow {v}")).unwrap_or_default();
            view! {
                <span class="health up" title="GET /health answered OK">"● up"</span>
                <span class="version">{version}</span>
            }
            .into_any()
        }
        Some((Err(e), _)) => {
            // The reason in words a screen reader reads too, not only in the tooltip.
            let reason = e.to_string();
            view! {
                <span class="health down" title=reason.clone()>
                    "● unreachable"<span class="visually-hidden">{format!(": {reason}")}</span>
                </span>
            }
            .into_any()
        }
    };
    let badge = use_context::<ServingState>().map(|state| view! { <AlertsBadge state /> });
    view! {
        <header class="topbar">
            <A href=app_href("/") attr:class="brand">
                "Pulse"
            </A>
            <nav aria-label="Main">
                <A href=app_href("/serving")>"Serving"</A>
                <A href=app_href("/experiments")>"Experiments"</A>
                <A href=app_href("/models")>"Models"</A>
            </nav>
            <div class="topbar-end">
                {badge}
                <div class="server" aria-live="polite">
                    <span class="server-url" title="MLflow server">
                        {server}
                    </span>
                    {health}
                </div>
            </div>
            <SignedIn />
            <ThemeToggle />
        </header>
    }
}
