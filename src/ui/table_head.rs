use leptos::prelude::*;

/// The header row of a plain data table: one column header per label.
#[component]
pub fn TableHead(
    /// Column labels, left to right.
    labels: Vec<&'static str>,
) -> impl IntoView {
    view! {
        <thead>
            <tr>{labels.into_iter().map(|l| view! { <th scope="col">{l}</th> }).collect_view()}</tr>
        </thead>
    }
}
