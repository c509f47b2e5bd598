use leptos::prelude::*;
use pulse_core::api::ApiError;
use pulse_core::registry::confirm::{Confirmation, Outcome};
use pulse_core::registry::promotion::{refusal_message, Review};
use wasm_bindgen::JsCast;

use crate::hooks::use_promotion::use_promotion;
use crate::ui::error_view::ErrorView;

/// The confirmation for one registry write: what changes (holder, both F1s, the difference, the
/// threshold), an override for concerns, an optional comment, and one request however often it is clicked.
#[component]
pub fn PromoteDialog(
    /// The registered model.
    #[prop(into)]
    model: String,
    /// The change, as reviewed when the dialog opened.
    review: Review,
    /// Closes the dialog.
    on_close: Callback<()>,
    /// Called after a write or a conflict, so the page re-reads the registry.
    on_changed: Callback<()>,
) -> impl IntoView {
    let promotion = use_promotion(on_changed);
    let archive = RwSignal::new(review.archives_by_default());
    let overridden = RwSignal::new(false);
    let comment = RwSignal::new(String::new());
    let needs_override = review.needs_override();
    let confirm = {
        let (model, review) = (model.clone(), review.clone());
        move |_| {
            promotion.confirm.run(Confirmation {
                model: model.clone(),
                review: review.clone(),
                archive_existing: archive.get_untracked(),
                overridden: overridden.get_untracked(),
                comment: comment.get_untracked(),
            })
        }
    };
    let (pending, spent) = (promotion.pending, promotion.spent);
    let blocked = move || pending.get() || spent.get() || (needs_override && !overridden.get());
    // While a write is on its way the dialog stays: closing it would hide how the write ended.
    let close = move || {
        if !pending.get_untracked() {
            on_close.run(());
        }
    };
    // Keyboard users land in the dialog, Tab stays in it, Escape leaves it, and focus goes back to the button
    // that opened it.
    let cancel = NodeRef::<leptos::html::Button>::new();
    let modal = NodeRef::<leptos::html::Div>::new();
    return_focus_on_close(review.candidate.clone());
    // On Cancel (Close once spent), and on the dialog itself while the write disables both buttons, so Tab and
    // Escape still reach it.
    Effect::new(move || {
        if pending.get() {
            if let Some(m) = modal.get() {
                let _ = m.focus();
            }
        } else if let Some(b) = cancel.get() {
            let _ = b.focus();
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => close(),
        // A held Enter that opened the dialog must not go on to press the button focused in it.
        "Enter" if ev.repeat() => ev.prevent_default(),
        "Tab" => {
            if let Some(modal) = modal.get_untracked() {
                keep_tab_inside(&modal, &ev);
            }
        }
        _ => {}
    };
    let archive_toggle = review
        .offers_archive()
        .then(|| view! { <Toggle checked=archive label=review.archive_label() /> });
    let concerns = (!review.concerns.is_empty()).then(|| {
        let items = review.concerns.iter().map(|c| view! { <li>{c.message()}</li> });
        view! {
            <div class="concerns" role="alert">
                <ul>{items.collect_view()}</ul>
                <Toggle checked=overridden label="I have checked this and want to go ahead anyway" />
            </div>
        }
    });

    view! {
        <div class="modal-backdrop" on:keydown=on_key>
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="promote-title" tabindex="-1" node_ref=modal>
                <h2 id="promote-title">{review.title()}</h2>
                <ReviewTable review=review.clone() />
                {archive_toggle}
                {concerns}
                <label class="comment">
                    "Comment (kept in the model's promotion history)"
                    <textarea rows="2" prop:value=comment on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </label>
                {move || promotion.outcome.get().map(|result| view! { <OutcomeView result model=model.clone() /> })}
                <div class="modal-actions">
                    <button node_ref=cancel disabled=move || pending.get() on:click=move |_| close()>
                        {move || if spent.get() { "Close" } else { "Cancel" }}
                    </button>
                    <button class="primary" disabled=blocked on:click=confirm>
                        {move || if pending.get() { "Writing…" } else { "Confirm" }}
                    </button>
                </div>
            </div>
        </div>
    }
}

/// Focuses, when the dialog closes, what had focus when it opened (the button that opened it). After a write the
/// page has drawn its versions again: then the button of the same name, else the first of the candidate's row.
fn return_focus_on_close(candidate: String) {
    let opener = document()
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let label = opener.as_ref().and_then(|o| o.get_attribute("aria-label"));
    let opener = send_wrapper::SendWrapper::new(opener);
    on_cleanup(move || {
        let back = opener
            .take()
            .filter(|el| el.is_connected())
            .or_else(|| redrawn_opener(label.as_deref(), &candidate));
        if let Some(el) = back {
            let _ = el.focus();
        }
    });
}

/// The versions table's button named `label`, else the first button in the row of `version`.
fn redrawn_opener(label: Option<&str>, version: &str) -> Option<web_sys::HtmlElement> {
    let buttons = html_elements(document().query_selector_all("tr[data-version] button"));
    let row_of = |b: &web_sys::HtmlElement| {
        b.closest("tr")
            .ok()
            .flatten()
            .and_then(|tr| tr.get_attribute("data-version"))
    };
    let named = buttons
        .iter()
        .find(|b| label.is_some() && b.get_attribute("aria-label").as_deref() == label);
    named
        .or_else(|| {
            buttons
                .iter()
                .find(|b| row_of(b).as_deref() == Some(version))
        })
        .cloned()
}

/// Tab from the dialog's last control goes to its first, and Shift+Tab from the first to the last.
fn keep_tab_inside(modal: &web_sys::HtmlDivElement, ev: &leptos::ev::KeyboardEvent) {
    let controls =
        html_elements(modal.query_selector_all("button:not([disabled]), input, textarea, a[href]"));
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        return;
    };
    let active = document().active_element();
    let at = |el: &web_sys::HtmlElement| active.as_ref() == Some(el.unchecked_ref());
    let to = match (ev.shift_key(), at(first), at(last)) {
        (true, true, _) => last,
        (false, _, true) => first,
        _ => return,
    };
    ev.prevent_default();
    let _ = to.focus();
}

/// The HTML elements a `querySelectorAll` found, none when it failed.
fn html_elements(
    found: Result<web_sys::NodeList, wasm_bindgen::JsValue>,
) -> Vec<web_sys::HtmlElement> {
    let Ok(found) = found else {
        return Vec::new();
    };
    (0..found.length())
        .filter_map(|i| found.item(i)?.dyn_into().ok())
        .collect()
}

/// "What will change": target, holder, candidate, F1 difference, threshold.
#[component]
fn ReviewTable(review: Review) -> impl IntoView {
    let rows = review.rows().map(|(label, value)| {
        view! { <tr><th scope="row">{label}</th><td>{value}</td></tr> }
    });
    view! {
        <table class="kv" aria-label="What will change">
            <tbody>{rows.into_iter().collect_view()}</tbody>
        </table>
    }
}

/// A labelled checkbox bound to a signal.
#[component]
fn Toggle(checked: RwSignal<bool>, #[prop(into)] label: String) -> impl IntoView {
    view! {
        <label class="toggle">
            <input type="checkbox" prop:checked=checked on:change=move |ev| checked.set(event_target_checked(&ev)) />
            {label}
        </label>
    }
}

/// How the confirmation ended: core's words, MLflow's refusal explained, or the error with its details.
#[component]
fn OutcomeView(result: Result<Outcome, ApiError>, model: String) -> impl IntoView {
    match result {
        Ok(outcome) => match outcome.message() {
            (text, true) => view! { <p class="result conflict" role="alert">{text}</p> }.into_any(),
            (text, false) => view! { <p class="result ok" role="status">{text}</p> }.into_any(),
        },
        Err(e) => match refusal_message(&e, &model) {
            Some(message) => {
                view! { <p class="result conflict" role="alert">{message}</p> }.into_any()
            }
            None => view! { <ErrorView error=e /> }.into_any(),
        },
    }
}
