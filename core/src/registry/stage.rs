//! MLflow's model-version stages, named once: the version table's stage moves and the registry's
//! counts read them from here rather than from string literals.

/// A model-version stage, as MLflow spells it in `current_stage`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stage {
    /// No stage (`None`).
    None,
    /// `Staging`.
    Staging,
    /// `Production`.
    Production,
    /// `Archived`.
    Archived,
}

impl Stage {
    /// The stages a version can be moved to from the version table, in button order.
    pub const MOVES: [Stage; 3] = [Stage::Staging, Stage::Production, Stage::Archived];

    /// MLflow's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::None => "None",
            Stage::Staging => "Staging",
            Stage::Production => "Production",
            Stage::Archived => "Archived",
        }
    }

    /// The stage MLflow spells `text`, if any (MLflow compares stages case-insensitively).
    pub fn parse(text: &str) -> Option<Stage> {
        [
            Stage::None,
            Stage::Staging,
            Stage::Production,
            Stage::Archived,
        ]
        .into_iter()
        .find(|s| s.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// Whether a version's `current_stage` is this stage.
    pub fn is(self, current_stage: &str) -> bool {
        Stage::parse(current_stage) == Some(self)
    }

    /// The text of the button that moves a version to this stage.
    pub fn move_label(self) -> String {
        match self {
            Stage::Archived => "Archive".to_owned(),
            s => format!("→ {}", s.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_round_trip() {
        for (text, stage) in [
            ("None", Some(Stage::None)),
            ("Staging", Some(Stage::Staging)),
            ("production", Some(Stage::Production)),
            (" Archived ", Some(Stage::Archived)),
            ("Prod", None),
            ("", None),
        ] {
            assert_eq!(Stage::parse(text), stage, "{text:?}");
            if let Some(s) = stage {
                assert_eq!(Stage::parse(s.as_str()), Some(s));
            }
        }
    }

    #[test]
    fn moves_and_labels() {
        let labels: Vec<String> = Stage::MOVES.iter().map(|s| s.move_label()).collect();
        assert_eq!(labels, ["→ Staging", "→ Production", "Archive"]);
        assert!(Stage::Production.is("Production"));
        assert!(!Stage::Production.is("Staging"));
        assert!(!Stage::None.is(""));
    }
}
