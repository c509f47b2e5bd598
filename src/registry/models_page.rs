use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use pulse_core::api::{follow_token, RegisteredModel};
use pulse_core::format::format_metric;
use pulse_core::registry::model_state::serving_version;
use pulse_core::registry::promotion::Target;
use pulse_core::registry::stage::Stage;
use pulse_core::tracking::query::MODELS_PAGE_SIZE;
use pulse_core::url_state::with_query;

use crate::api::{search_registered_models, version_f1_of};
use crate::app::{app_href, use_config};
use crate::time::local_datetime_or_dash;
use crate::ui::error_view::ErrorView;
use crate::ui::search_box::SearchBox;
use crate::ui::table_head::TableHead;

/// `/models`: every registered model with its Production and Staging versions, aliases, and the F1 of
/// the version that serves.
#[component]
pub fn ModelsPage() -> impl IntoView {
    let cfg = use_config();
    let query = use_query_map();
    let navigate = use_navigate();
    let search = Memo::new(move |_| query.read().get("q").unwrap_or_default());
    let models = LocalResource::new({
        let cfg = cfg.clone();
        move || {
            let (cfg, q) = (cfg.clone(), search.get());
            async move { search_registered_models(&cfg, &q).await }
        }
    });
    let on_search = Callback::new(move |q: String| {
        navigate(
            &with_query("/models", &[("q", q.trim())]),
            Default::default(),
        )
    });
    // Set while a search or a refresh reads again (the last list stays until it comes).
    let pending = RwSignal::new(false);
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Models"</h1>
                <SearchBox label="Search models" placeholder="name contains…" value=search on_submit=on_search
                    on_refresh=Callback::new(move |_| models.refetch()) error=Signal::stored(None::<String>) />
            </div>
            <div class="progress" class:active=move || pending.get() aria-hidden="true"></div>
            <div aria-busy=move || pending.get().to_string()>
            <Transition set_pending=pending.write_only()
                fallback=|| view! { <p class="loading" role="status">"Loading models…"</p> }>
                {move || Suspend::new(async move {
                    match models.await {
                        Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| models.refetch()) /> }.into_any(),
                        Ok(found) if found.registered_models.is_empty() => view! {
                            <p class="empty">{no_models(&search.get_untracked())}</p>
                        }.into_any(),
                        Ok(found) => {
                            let more = follow_token(None, found.next_page_token.clone()).is_some().then(|| view! {
                                <p class="muted" role="status">{format!("The first {MODELS_PAGE_SIZE} models by name; search to find others.")}</p>
                            });
                            view! { <ModelsTable list=found.registered_models /> {more} }.into_any()
                        }
                    }
                })}
            </Transition>
            </div>
        </section>
    }
}

/// What an empty list says: that nothing matches the search, or that nothing is registered.
fn no_models(search: &str) -> String {
    if search.trim().is_empty() {
        "No registered models. Register one with mlflow.register_model().".to_owned()
    } else {
        format!("No model name contains “{}”.", search.trim())
    }
}

#[component]
fn ModelsTable(list: Vec<RegisteredModel>) -> impl IntoView {
    view! {
        <table class="models" aria-label="Models">
            <TableHead labels=vec!["Name", "Production", "Staging", "Aliases", "Serving F1", "Last update", "Description"] />
            <tbody>{list.into_iter().map(|m| view! { <ModelRow model=m /> }).collect_view()}</tbody>
        </table>
    }
}

#[component]
fn ModelRow(model: RegisteredModel) -> impl IntoView {
    let cfg = use_config();
    let in_stage = |stage: Stage| {
        Target::Stage(stage.as_str().to_owned())
            .holders(&model, &model.latest_versions)
            .join(", ")
    };
    let (production, staging) = (in_stage(Stage::Production), in_stage(Stage::Staging));
    let serving = serving_version(&model);
    let serving_label = serving
        .as_ref()
        .map(|v| format!("v{v}"))
        .unwrap_or_default();
    let f1 = LocalResource::new({
        let (name, known) = (model.name.clone(), model.latest_versions.clone());
        move || {
            let (cfg, name, known, serving) =
                (cfg.clone(), name.clone(), known.clone(), serving.clone());
            async move {
                match serving {
                    Some(v) => version_f1_of(&cfg, &name, &v, &known).await,
                    None => Ok(None),
                }
            }
        }
    });
    let aliases = model
        .aliases
        .iter()
        .map(|a| view! { <span class="chip">{format!("@{} → v{}", a.alias, a.version)}</span> })
        .collect_view();
    let href = format!("/models/{}", js_sys::encode_uri_component(&model.name));
    let name = model.name.clone();
    view! {
        <tr>
            <td><A href=app_href(&href)>{model.name.clone()}</A></td>
            <td>{production}</td>
            <td>{staging}</td>
            <td><div class="chips">{aliases}</div></td>
            <td class="num">
                {move || match f1.get() {
                    None => view! { <span>"…"</span> }.into_any(),
                    Some(Ok(Some(v))) => view! { <span>{format!("{} ({serving_label})", format_metric(v))}</span> }.into_any(),
                    Some(Ok(None)) => view! { <span>"—"</span> }.into_any(),
                    Some(Err(e)) => view! {
                        <span class="warn-text" title=e.to_string()>{format!("not read: {}", e.title())}</span>
                        " "
                        <button type="button" class="link" on:click=move |_| f1.refetch()>
                            "Try again"<span class="visually-hidden">{format!(" to read the F1 of {name}")}</span>
                        </button>
                    }.into_any(),
                }}
            </td>
            <td>{local_datetime_or_dash(model.last_updated_timestamp)}</td>
            <td class="description">{model.description.clone()}</td>
        </tr>
    }
}
