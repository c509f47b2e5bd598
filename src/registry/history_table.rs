use leptos::prelude::*;
use pulse_core::format::format_metric;
use pulse_core::registry::history::HistoryEntry;

use crate::time::local_datetime;
use crate::ui::table_head::TableHead;

/// A model's promotions as recorded by Pulse in version tags, newest first.
#[component]
pub fn HistoryTable(
    /// The entries, newest first.
    entries: Vec<HistoryEntry>,
) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="empty">"No promotions recorded by Pulse for this model yet."</p> }.into_any();
    }
    let f1 = |v: Option<f64>| v.map(format_metric).unwrap_or_else(|| "—".to_owned());
    view! {
        <table class="history" aria-label="Promotion history">
            <TableHead labels=vec!["When", "Action", "Version", "Previous holder", "F1", "Previous F1", "Threshold", "Comment"] />
            <tbody>
                {entries
                    .into_iter()
                    .map(|e| {
                        let action = if e.overridden { format!("{} (override)", e.action) } else { e.action.clone() };
                        view! {
                            <tr>
                                <td>{local_datetime(e.at)}</td>
                                <td>{action}</td>
                                <td>{format!("v{}", e.version)}</td>
                                <td>{e.from.map(|v| format!("v{v}")).unwrap_or_else(|| "—".to_owned())}</td>
                                <td class="num">{f1(e.f1)}</td>
                                <td class="num">{f1(e.from_f1)}</td>
                                <td class="num">{f1(e.threshold)}</td>
                                <td>{e.comment}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
