//! Whether a value clears a model's threshold: the rule behind the pass/fail colour of a version's F1
//! (the promote review applies the same rule, `promotion::Review::passes_threshold`).

/// `Some(true)` when `value >= threshold`, `Some(false)` below it, `None` without a value or a threshold.
pub fn clears(value: Option<f64>, threshold: Option<f64>) -> Option<bool> {
    Some(value? >= threshold?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::promotion::{Review, Target};
    use crate::registry::stage::Stage;

    #[test]
    fn table() {
        for (value, threshold, want) in [
            (Some(0.8), Some(0.75), Some(true)),
            (Some(0.75), Some(0.75), Some(true)),
            (Some(0.7), Some(0.75), Some(false)),
            (Some(f64::NAN), Some(0.75), Some(false)),
            (None, Some(0.75), None),
            (Some(0.8), None, None),
            (None, None, None),
        ] {
            assert_eq!(clears(value, threshold), want, "{value:?} vs {threshold:?}");
        }
    }

    #[test]
    fn agrees_with_the_promote_review() {
        for (f1, threshold) in [
            (Some(0.8), Some(0.75)),
            (Some(0.7), Some(0.75)),
            (None, Some(0.7)),
            (Some(0.9), None),
        ] {
            let target = Target::Stage(Stage::Production.as_str().into());
            let review = Review::new(target, ("1", f1), None, threshold);
            assert_eq!(clears(f1, threshold), review.passes_threshold());
        }
    }
}
