use leptos::prelude::*;
use pulse_core::chart::{ChartSpec, VersionPoint, VersionsSpec};

use crate::ui::chart::ChartCanvas;

/// F1 across a model's versions, with the threshold line and the Production and champion holders.
#[component]
pub fn F1VersionsChart(
    /// The model's name, for exported file names.
    #[prop(into)]
    model: String,
    /// One point per version with an F1.
    points: Vec<VersionPoint>,
    /// The model's threshold, if configured.
    threshold: Option<f64>,
    /// The metric's name, for the axis.
    #[prop(into)]
    metric: String,
) -> impl IntoView {
    let label = format!(
        "{metric} across {} versions{}",
        points.len(),
        threshold
            .map(|t| format!(", threshold {t}"))
            .unwrap_or_default()
    );
    let file_name = format!(
        "{}-{metric}-versions",
        pulse_core::format::file_stem(&model)
    );
    let spec = ChartSpec::Versions(VersionsSpec {
        metric,
        points,
        threshold,
    });
    view! {
        <ChartCanvas
            spec=Signal::stored(Some(spec))
            label
            measure="pulse:chart:f1-versions"
            file_name
            height=280
        />
    }
}
