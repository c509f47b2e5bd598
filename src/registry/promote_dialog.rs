use leptos::prelude::*;
use pulse_core::api::ApiError;
use pulse_core::format::{format_delta, format_metric};
use pulse_core::registry::promotion::{refusal_message, Review, Target};

use crate::api::promote::{promote, Outcome, PromoteRequest};
use crate::app::use_config;
use crate::ui::error_view::ErrorView;

fn f1_text(v: Option<f64>) -> String {
    v.map_or_else(|| "unknown".to_owned(), format_metric)
}

/// After a write or a conflict the dialog is spent: confirming again would act on a stale review.
fn finished(outcome: &Option<Result<Outcome, ApiError>>) -> bool {
    matches!(
        outcome,
        Some(Ok(Outcome::Done { .. } | Outcome::Conflict { .. }))
    )
}

/// The verb phrase of a review, e.g. "Promote to Production" or "Move alias @champion to".
pub fn action_label(review: &Review) -> String {
    match (&review.target, review.removal) {
        (Target::Alias(a), true) => format!("Remove alias @{a} from"),
        (Target::Alias(a), false) => format!("Move alias @{a} to"),
        (Target::Stage(s), _) if s == "Archived" => "Archive".to_owned(),
        (Target::Stage(s), _) => format!("Promote to {s}:"),
    }
}

fn title(review: &Review) -> String {
    format!("{} version {}", action_label(review), review.candidate)
}

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
    let cfg = use_config();
    let is_stage_move = matches!(&review.target, Target::Stage(s) if s != "Archived");
    let archive = RwSignal::new(matches!(&review.target, Target::Stage(s) if s == "Production"));
    let overridden = RwSignal::new(false);
    let comment = RwSignal::new(String::new());
    let busy = StoredValue::new(false);
    let outcome = RwSignal::new(None::<Result<Outcome, ApiError>>);
    let needs_override = review.needs_override();

    let action = Action::new_local(move |req: &PromoteRequest| {
        let (cfg, req) = (cfg.clone(), req.clone());
        async move { promote(&cfg, &req).await }
    });
    Effect::new(move || {
        if let Some(result) = action.value().get() {
            busy.set_value(false);
            if matches!(result, Ok(Outcome::Done { .. } | Outcome::Conflict { .. })) {
                on_changed.run(());
            }
            outcome.set(Some(result));
        }
    });
    let confirm = {
        let (model, review) = (model.clone(), review.clone());
        move |_| {
            // A second click while the first request is in flight, or after it, sends nothing.
            if busy.get_value() || finished(&outcome.get_untracked()) {
                return;
            }
            busy.set_value(true);
            outcome.set(None);
            action.dispatch(PromoteRequest {
                model: model.clone(),
                review: review.clone(),
                archive_existing: is_stage_move && archive.get_untracked(),
                overridden: overridden.get_untracked(),
                comment: comment.get_untracked(),
            });
        }
    };
    let pending = action.pending();
    let done = move || finished(&outcome.get());
    let blocked = move || pending.get() || done() || (needs_override && !overridden.get());

    let holder_row = match &review.holder {
        Some(h) => format!("version {h} (F1 {})", f1_text(review.holder_f1)),
        None if review.removal => "—".to_owned(),
        None => "nobody".to_owned(),
    };
    let threshold_row = match (review.threshold, review.passes_threshold()) {
        (Some(t), Some(true)) => format!("{} — passes", format_metric(t)),
        (Some(t), Some(false)) => format!("{} — below threshold", format_metric(t)),
        (Some(t), None) => format!("{} — cannot tell", format_metric(t)),
        (None, _) => "none configured".to_owned(),
    };
    let delta_row = review.delta().map_or_else(|| "—".to_owned(), format_delta);
    let target_label = review.target.to_string();
    let candidate_row = format!(
        "version {} (F1 {})",
        review.candidate,
        f1_text(review.candidate_f1)
    );
    let holder_label = review.holder.clone();
    let concerns = review.concerns.clone();
    let heading = title(&review);
    let model_name = model.clone();
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

    view! {
        <div class="modal-backdrop" on:keydown=on_key>
            <div class="modal" role="dialog" aria-modal="true" aria-labelledby="promote-title">
                <h2 id="promote-title">{heading}</h2>
                <table class="kv" aria-label="What will change">
                    <tbody>
                        <tr><th scope="row">"Target"</th><td>{target_label}</td></tr>
                        <tr><th scope="row">"Current holder"</th><td>{holder_row}</td></tr>
                        <tr><th scope="row">"Candidate"</th><td>{candidate_row}</td></tr>
                        <tr><th scope="row">"F1 difference"</th><td>{delta_row}</td></tr>
                        <tr><th scope="row">"Threshold"</th><td>{threshold_row}</td></tr>
                    </tbody>
                </table>
                {is_stage_move.then(|| view! {
                    <label class="toggle">
                        <input type="checkbox" prop:checked=archive on:change=move |ev| archive.set(event_target_checked(&ev)) />
                        {match &holder_label {
                            Some(h) => format!("Archive the current holder (version {h})"),
                            None => "Archive any version that holds this stage".to_owned(),
                        }}
                    </label>
                })}
                {(!concerns.is_empty()).then(|| view! {
                    <div class="concerns" role="alert">
                        <ul>{concerns.iter().map(|c| view! { <li>{c.message()}</li> }).collect_view()}</ul>
                        <label class="toggle">
                            <input type="checkbox" prop:checked=overridden on:change=move |ev| overridden.set(event_target_checked(&ev)) />
                            "I have checked this and want to go ahead anyway"
                        </label>
                    </div>
                })}
                <label class="comment">
                    "Comment (kept in the model's promotion history)"
                    <textarea rows="2" prop:value=comment on:input=move |ev| comment.set(event_target_value(&ev))></textarea>
                </label>
                {move || outcome.get().map(|result| match result {
                    Ok(Outcome::Done { holder_now, history_error }) => view! {
                        <p class="result ok" role="status">
                            {format!("Done. MLflow now reports {} for this target.",
                                holder_now.map_or_else(|| "no version".to_owned(), |v| format!("version {v}")))}
                            {history_error.map(|e| format!(" The history tag could not be written: {e}"))}
                        </p>
                    }.into_any(),
                    Ok(Outcome::Conflict { shown, now }) => view! {
                        <p class="result conflict" role="alert">
                            {format!("Conflict: this dialog showed {} as the holder, but MLflow now says {}. \
                                      Someone changed the registry; nothing was written. Close and review again.",
                                shown.map_or_else(|| "nobody".to_owned(), |v| format!("version {v}")),
                                now.map_or_else(|| "nobody".to_owned(), |v| format!("version {v}")))}
                        </p>
                    }.into_any(),
                    Ok(Outcome::NeedsOverride) => view! {
                        <p class="result conflict" role="alert">"Tick the override first; nothing was written."</p>
                    }.into_any(),
                    Err(e) => match refusal_message(&e, &model_name) {
                        Some(message) => view! { <p class="result conflict" role="alert">{message}</p> }.into_any(),
                        None => view! { <ErrorView error=e /> }.into_any(),
                    },
                })}
                <div class="modal-actions">
                    <button node_ref=cancel on:click=move |_| on_close.run(())>{move || if done() { "Close" } else { "Cancel" }}</button>
                    <button class="primary" disabled=blocked on:click=confirm>
                        {move || if pending.get() { "Writing…" } else { "Confirm" }}
                    </button>
                </div>
            </div>
        </div>
    }
}
