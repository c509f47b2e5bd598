use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use pulse_core::api::RegisteredModel;
use pulse_core::format::format_metric;
use pulse_core::registry::model_state::serving_version;
use pulse_core::registry::promotion::Target;
use pulse_core::registry::stage::Stage;
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
            async move {
                search_registered_models(&cfg, &q)
                    .await
                    .map(|r| r.registered_models)
            }
        }
    });
    let on_search = Callback::new(move |q: String| {
        navigate(
            &with_query("/models", &[("q", q.trim())]),
            Default::default(),
        )
    });
    view! {
        <section class="page">
            <div class="page-head">
                <h1>"Models"</h1>
                <SearchBox label="Search models" placeholder="name contains…" value=search on_submit=on_search
                    on_refresh=Callback::new(move |_| models.refetch()) error=Signal::stored(None::<String>) />
            </div>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading models…"</p> }>
                {move || Suspend::new(async move {
                    match models.await {
                        Err(e) => view! { <ErrorView error=e on_retry=Callback::new(move |_| models.refetch()) /> }.into_any(),
                        Ok(list) if list.is_empty() => view! {
                            <p class="empty">"No registered models. Register one with mlflow.register_model()."</p>
                        }.into_any(),
                        Ok(list) => view! { <ModelsTable list /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
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
                    None => None,
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
    view! {
        <tr>
            <td><A href=app_href(&href)>{model.name.clone()}</A></td>
            <td>{production}</td>
            <td>{staging}</td>
            <td><div class="chips">{aliases}</div></td>
            <td class="num">
                {move || match f1.get() {
                    None => "…".to_owned(),
                    Some(Some(v)) => format!("{} ({serving_label})", format_metric(v)),
                    Some(None) => "—".to_owned(),
                }}
            </td>
            <td>{local_datetime_or_dash(model.last_updated_timestamp)}</td>
            <td class="description">{model.description.clone()}</td>
        </tr>
    }
}
