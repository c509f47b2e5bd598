use leptos::prelude::*;

/// A two-column table of names and values (params, tags, metrics). Values are text, never HTML.
#[component]
pub fn KvTable(
    /// Accessible name of the table.
    #[prop(into)]
    label: String,
    /// The rows, already in display order.
    rows: Vec<(String, String)>,
    /// Said when there are no rows.
    #[prop(into)]
    empty: String,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">{empty}</p> }.into_any();
    }
    view! {
        <table class="kv" aria-label=label>
            <tbody>
                {rows
                    .into_iter()
                    .map(|(k, v)| {
                        let title = v.clone();
                        view! {
                            <tr>
                                <th scope="row">{k}</th>
                                <td title=title>{v}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}
