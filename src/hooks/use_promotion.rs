//! One confirmation of a promote dialog: at most one request however often Confirm is clicked, and none
//! after a write or a conflict (the dialog's review is stale then).

use leptos::prelude::*;
use pulse_core::api::ApiError;
use pulse_core::registry::confirm::{Confirmation, Outcome};

use crate::api::promote::promote;
use crate::app::use_config;

/// What [`use_promotion`] returns.
#[derive(Clone, Copy)]
pub struct UsePromotionReturn {
    /// Sends the confirmation, unless one is in flight or the dialog is spent.
    pub confirm: Callback<Confirmation>,
    /// A request is in flight.
    pub pending: Signal<bool>,
    /// How the last confirmation ended.
    pub outcome: Signal<Option<Result<Outcome, ApiError>>>,
    /// After a write or a conflict: confirming again would act on a stale review.
    pub spent: Signal<bool>,
}

/// Promotes on confirm; `on_changed` runs after a write or a conflict, so the page re-reads the registry.
pub fn use_promotion(on_changed: Callback<()>) -> UsePromotionReturn {
    let cfg = use_config();
    let busy = StoredValue::new(false);
    let outcome = RwSignal::new(None::<Result<Outcome, ApiError>>);
    let spent =
        Signal::derive(move || outcome.with(|o| matches!(o, Some(Ok(done)) if done.is_final())));
    let action = Action::new_local(move |c: &Confirmation| {
        let (cfg, c) = (cfg.clone(), c.clone());
        async move { promote(&cfg, &c).await }
    });
    Effect::new(move || {
        if let Some(result) = action.value().get() {
            busy.set_value(false);
            if matches!(&result, Ok(o) if o.changed_registry()) {
                on_changed.run(());
            }
            outcome.set(Some(result));
        }
    });
    let confirm = Callback::new(move |c: Confirmation| {
        if busy.get_value() || spent.get_untracked() {
            return;
        }
        busy.set_value(true);
        outcome.set(None);
        action.dispatch(c);
    });
    UsePromotionReturn {
        confirm,
        pending: action.pending().into(),
        outcome: outcome.into(),
        spent,
    }
}
