use std::collections::HashMap;

use leptos::prelude::*;
use pulse_core::tracking::runs_table::Column;
use wasm_bindgen::JsCast;

/// A drop-down of checkboxes choosing which metric and param columns the runs table shows; Escape or a click
/// elsewhere closes it. The checkboxes are made
/// when it first opens: the runs table's first rows do not wait for a checkbox per metric and param.
#[component]
pub fn ColumnsPicker(
    /// Every metric key, in display order.
    #[prop(into)]
    metrics: Signal<Vec<String>>,
    /// Every param key, in display order.
    #[prop(into)]
    params: Signal<Vec<String>>,
    /// The columns showing now.
    #[prop(into)]
    visible: Signal<Vec<Column>>,
    /// The user's explicit choices, keyed by [`Column::id`].
    choices: RwSignal<HashMap<String, bool>>,
    /// The drop-down's button text.
    #[prop(default = "Columns")]
    title: &'static str,
) -> impl IntoView {
    let group =
        move |title: &'static str, make: fn(String) -> Column, keys: Signal<Vec<String>>| {
            view! {
                <fieldset>
                    <legend>{title}</legend>
                    {move || {
                        keys.get()
                            .into_iter()
                            .map(|key| {
                                let column = make(key.clone());
                                let id = column.id();
                                let checked = move || visible.with(|v| v.contains(&column));
                                view! {
                                    <label>
                                        <input
                                            type="checkbox"
                                            prop:checked=checked
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                choices.update(|c| {
                                                    c.insert(id.clone(), on);
                                                });
                                            }
                                        />
                                        {key}
                                    </label>
                                }
                            })
                            .collect_view()
                    }}
                </fieldset>
            }
        };
    let opened = RwSignal::new(false);
    let details = NodeRef::<leptos::html::Details>::new();
    let summary = NodeRef::<leptos::html::Summary>::new();
    // Like a menu: Escape closes it (focus back on its button), and so does a click elsewhere on the page.
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if ev.key() != "Escape" {
            return;
        }
        if let (Some(d), Some(s)) = (details.get_untracked(), summary.get_untracked()) {
            if d.open() {
                ev.prevent_default();
                d.set_open(false);
                let _ = s.focus();
            }
        }
    };
    // Tabbing out of it closes it too.
    let on_focus_out = move |ev: web_sys::FocusEvent| {
        let Some(d) = details.get_untracked() else {
            return;
        };
        let to = ev
            .related_target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        if to.is_some_and(|n| !d.contains(Some(&n))) {
            d.set_open(false);
        }
    };
    let outside = window_event_listener(leptos::ev::pointerdown, move |ev| {
        let Some(d) = details.get_untracked() else {
            return;
        };
        let inside = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .is_some_and(|n| d.contains(Some(&n)));
        if d.open() && !inside {
            d.set_open(false);
        }
    });
    on_cleanup(move || outside.remove());
    view! {
        <details class="columns-picker" node_ref=details on:keydown=on_key on:focusout=on_focus_out
            on:toggle=move |_| if !opened.get_untracked() { opened.set(true) }>
            <summary node_ref=summary>{title}</summary>
            <div class="columns-menu">
                {move || {
                    opened
                        .get()
                        .then(|| {
                            view! {
                                {group("Metrics", Column::Metric, metrics)}
                                {group("Params", Column::Param, params)}
                            }
                        })
                }}
            </div>
        </details>
    }
}
