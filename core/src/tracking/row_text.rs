//! What one row of the runs table says, cell by cell. The UI writes these strings into the DOM as they are
//! (as text, never as markup), so every wording and format decision about a row is made here.

use crate::api::Run;
use crate::format::format_run_duration;
use crate::tracking::loaded_runs::TreeRow;
use crate::tracking::runs_table::Column;
use crate::url_state::encode_path_segment;

/// The status badge's class: one per status MLflow defines, a plain badge for anything else (a status from the
/// network never becomes a class of its own).
pub fn status_class(status: &str) -> &'static str {
    match status {
        "RUNNING" => "badge status-running",
        "SCHEDULED" => "badge status-scheduled",
        "FINISHED" => "badge status-finished",
        "FAILED" => "badge status-failed",
        "KILLED" => "badge status-killed",
        _ => "badge",
    }
}

/// The texts of one runs-table row, in column order (the start time, which needs the viewer's zone, and an
/// experiment's name, which needs the experiment list, are the UI's to add).
#[derive(Debug, Clone, PartialEq)]
pub struct RowText {
    /// The run id (the row's `data-run-id`).
    pub id: String,
    /// The run's name, or its `mlflow.runName` tag.
    pub name: String,
    /// The run page, relative to the app's base.
    pub href: String,
    /// The accessible name of the row's checkbox.
    pub select_label: String,
    /// Left padding of the name cell: deeper child runs sit further right.
    pub indent: String,
    /// The fold toggle of a run with loaded children.
    pub fold: Option<Fold>,
    /// The run's status as MLflow gives it.
    pub status: String,
    /// The status badge's class, e.g. `badge status-finished`.
    pub status_class: &'static str,
    /// How long the run took, `running`, or `—`.
    pub duration: String,
    /// Who started the run.
    pub user: String,
    /// Each metric or param column: the text shown and the exact value (the cell's tooltip).
    pub cells: Vec<(String, String)>,
}

/// The toggle that shows or hides a parent run's children.
#[derive(Debug, Clone, PartialEq)]
pub struct Fold {
    /// e.g. `Hide 3 child runs of sweep`.
    pub label: String,
    /// Whether the children show (the toggle's `aria-expanded`).
    pub expanded: bool,
    /// The toggle's arrow: ▾ when open, ▸ when folded.
    pub glyph: &'static str,
    /// e.g. ` +3`, shown after the name while the children are hidden.
    pub hidden: Option<String>,
}

impl RowText {
    /// The texts of `run`, shown as `row`, with `columns`.
    pub fn new(run: &Run, row: &TreeRow, columns: &[Column]) -> Self {
        let id = run.info.run_id.clone();
        let name = run.display_name().to_owned();
        let fold = (row.children > 0).then(|| Fold {
            label: format!(
                "{} {} child runs of {name}",
                if row.collapsed { "Show" } else { "Hide" },
                row.children
            ),
            expanded: !row.collapsed,
            glyph: if row.collapsed { "▸" } else { "▾" },
            hidden: row.collapsed.then(|| format!(" +{}", row.children)),
        });
        Self {
            href: format!("runs/{}", encode_path_segment(&id)),
            select_label: format!("Select run {name}"),
            indent: format!("{}rem", 0.5 + row.depth as f64 * 1.25),
            fold,
            status_class: status_class(&run.info.status),
            status: run.info.status.clone(),
            duration: format_run_duration(run),
            user: run.info.user_id.clone(),
            cells: columns
                .iter()
                .map(|c| (c.cell(run), c.exact(run)))
                .collect(),
            id,
            name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Metric, Tag};

    fn run() -> Run {
        let mut r = Run::default();
        r.info.run_id = "abc".into();
        r.info.run_name = "<b>sweep</b>".into();
        r.info.status = "FINISHED".into();
        r.info.user_id = "dana".into();
        r.data.metrics.push(Metric {
            key: "f1".into(),
            value: 0.123456789,
            timestamp: 0,
            step: 0,
            run_id: None,
        });
        r.data.params.push(Tag {
            key: "lr".into(),
            value: "3e-05".into(),
        });
        r
    }

    fn row(depth: usize, children: usize, collapsed: bool) -> TreeRow {
        TreeRow {
            index: 0,
            depth,
            children,
            collapsed,
        }
    }

    #[test]
    fn a_plain_row() {
        let columns = [
            Column::Metric("f1".into()),
            Column::Param("lr".into()),
            Column::Metric("missing".into()),
        ];
        let t = RowText::new(&run(), &row(0, 0, false), &columns);
        assert_eq!(
            t.name, "<b>sweep</b>",
            "names stay text; the DOM gets them as text"
        );
        assert_eq!(t.href, "runs/abc");
        assert_eq!(t.select_label, "Select run <b>sweep</b>");
        assert_eq!(t.indent, "0.5rem");
        assert_eq!(t.fold, None);
        assert_eq!(t.status_class, "badge status-finished");
        assert_eq!((t.status.as_str(), t.user.as_str()), ("FINISHED", "dana"));
        assert_eq!(
            t.cells,
            vec![
                ("0.12346".to_owned(), "0.123456789".to_owned()),
                ("3e-05".to_owned(), "3e-05".to_owned()),
                (String::new(), String::new()),
            ]
        );
    }

    #[test]
    fn parents_fold_and_children_indent() {
        let open = RowText::new(&run(), &row(0, 3, false), &[]);
        let fold = open.fold.expect("a parent has a fold toggle");
        assert_eq!(fold.label, "Hide 3 child runs of <b>sweep</b>");
        assert!(fold.expanded);
        assert_eq!((fold.glyph, fold.hidden), ("▾", None));

        let folded = RowText::new(&run(), &row(0, 3, true), &[]).fold.unwrap();
        assert_eq!(folded.label, "Show 3 child runs of <b>sweep</b>");
        assert_eq!((folded.glyph, folded.hidden.as_deref()), ("▸", Some(" +3")));

        assert_eq!(RowText::new(&run(), &row(2, 0, false), &[]).indent, "3rem");
    }

    #[test]
    fn network_text_never_becomes_a_class_or_a_path() {
        let mut odd = run();
        odd.info.status = "FINISHED visually-hidden".into();
        odd.info.run_id = "../models?x#y".into();
        let t = RowText::new(&odd, &row(0, 0, false), &[]);
        assert_eq!(t.status_class, "badge");
        assert_eq!(t.href, "runs/..%2Fmodels%3Fx%23y");
        assert_eq!(status_class("KILLED"), "badge status-killed");
    }
}
