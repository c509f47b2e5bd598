//! A part of a page rendered one task later.

use leptos::prelude::*;

use crate::time::next_task;

/// Renders `children` in the task after this one, so a first visit's render is cut into tasks the browser can
/// paint and answer input between. For what comes last where it is put: nothing moves when it appears.
#[component]
pub fn NextTask(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        next_task().await;
        ready.try_set(true);
    });
    move || ready.get().then(|| children())
}
