use leptos::prelude::*;
use pulse_core::api::ApiError;
use pulse_core::registry::confirm::{Confirmation, Outcome};
use pulse_core::registry::promotion::{refusal_message, Review};

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
    // Keyboard users land in the dialog; Escape leaves it.
    let cancel = NodeRef::<leptos::html::Button>::new();
    Effect::new(move || {
        if let Some(b) = cancel.get() {
            let _ = b.focus();
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            on_close.run(());
        }
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
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="promote-title">
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
                    <button node_ref=cancel on:click=move |_| on_close.run(())>{move || if spent.get() { "Close" } else { "Cancel" }}</button>
                    <button class="primary" disabled=blocked on:click=confirm>
                        {move || if pending.get() { "Writing…" } else { "Confirm" }}
                    </button>
                </div>
            </div>
        </div>
    }
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
