//! The model registry: stages, a model's versions and aliases, promotion rules, per-model thresholds and the
//! promotion history Pulse keeps in version tags.
pub mod confirm;
pub mod history;
pub mod model_state;
pub mod promotion;
pub mod stage;
pub mod threshold;
