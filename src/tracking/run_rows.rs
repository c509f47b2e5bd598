//! The runs table's rows in view, written straight into the DOM.
//!
//! Scrolling fast brings about ten new rows a frame. As Leptos views each row cost about a hundred DOM calls
//! (every element also gets a placeholder node, every cell its own text node), which took most of a frame. Here a
//! row is one deep clone of a template row plus a property per cell, and rows that stay in view are not touched.
//! The texts come from `pulse_core` ([`RowText`]) and are written as text, never as markup. The checkboxes' and
//! fold toggles' events are handled once, on the table body (see [`row_event`]).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::mem;

use leptos::prelude::document;
use pulse_core::api::Run;
use pulse_core::tracking::experiments_compare::experiment_label;
use pulse_core::tracking::loaded_runs::TreeRow;
use pulse_core::tracking::row_text::{Fold, RowText};
use pulse_core::tracking::runs_table::Column;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// What every row's cells depend on: the columns, and the experiment names of a table over several experiments.
type Layout = (Vec<Column>, Option<BTreeMap<String, String>>);

/// What the rows in view show.
pub struct Window<'a> {
    /// The tree rows in view, and the position of the first among all rows.
    pub rows: &'a [TreeRow],
    pub first: usize,
    /// All loaded runs (`TreeRow::index` points into them).
    pub runs: &'a [Run],
    pub columns: &'a [Column],
    pub selected: &'a [String],
    /// Experiment names, for a table over several experiments (an Experiment column).
    pub names: Option<&'a BTreeMap<String, String>>,
    /// Changes whenever the runs or the tree rows change (not when only the window moves).
    pub generation: u64,
}

/// The rows in the DOM, in order, and what they were built with.
#[derive(Default)]
pub struct Rendered {
    rows: Vec<Shown>,
    /// The columns and experiment names the rows were built with; rows are rebuilt when these change.
    built_with: Option<Layout>,
    template: Option<Element>,
    selected: Vec<String>,
    /// The window's generation at the last sync (see [`Window::generation`]).
    generation: Option<u64>,
}

/// One row in the DOM and what it shows.
struct Shown {
    text: RowText,
    start: Option<i64>,
    /// Its position among all rows.
    at: usize,
    el: Element,
    /// Whether it is in the DOM yet.
    placed: bool,
}

impl Rendered {
    /// Makes the rows between `top` and `bottom` (the spacer rows) show `window`. A row whose run and texts are
    /// unchanged keeps its element (and so its focus), whatever its position; a row whose texts changed (a
    /// refreshed run, a fold) is built again, and focus follows it.
    pub fn sync(&mut self, top: &Element, bottom: &Element, window: &Window) {
        let same_layout = self.built_with.as_ref().is_some_and(|(columns, names)| {
            columns == window.columns && names.as_ref() == window.names
        });
        if !same_layout {
            self.clear();
            self.template = template(window.columns, window.names.is_some());
            self.built_with = Some((window.columns.to_vec(), window.names.cloned()));
        }
        let Some(template) = &self.template else {
            return;
        };
        // Scrolling only changes which rows show; a new list of runs or a fold may change what they say, and
        // their order.
        let fresh = self.generation != Some(window.generation);
        self.generation = Some(window.generation);
        let focus = fresh.then(Focus::take).flatten();
        let mut rows = reconcile(template, mem::take(&mut self.rows), window, fresh);
        if fresh {
            place_in_order(top, bottom, &mut rows);
        } else {
            place_new(bottom, &mut rows);
        }
        self.rows = rows;
        self.mark_selected(window.selected);
        if let Some(focus) = focus {
            focus.restore(&self.rows);
        }
    }

    /// Ticks the checkboxes of the selected runs: every row after a change of selection, else only new rows
    /// (which [`build_row`] ticked already).
    fn mark_selected(&mut self, selected: &[String]) {
        if self.selected == selected {
            return;
        }
        for shown in &self.rows {
            set_selected(&shown.el, selected.contains(&shown.text.id));
        }
        self.selected = selected.to_vec();
    }

    /// Takes every row out of the DOM.
    pub fn clear(&mut self) {
        for shown in self.rows.drain(..) {
            shown.el.remove();
        }
    }
}

/// The rows for `window`: those already in the DOM kept (when `fresh`, only if they still say the same), the
/// others built; rows no longer wanted leave the DOM. A run MLflow's paging listed twice has a row per listing:
/// the n-th row of a run takes the n-th of its rows shown, in order.
fn reconcile(template: &Element, old: Vec<Shown>, window: &Window, fresh: bool) -> Vec<Shown> {
    let mut by_id: HashMap<String, VecDeque<Shown>> = HashMap::new();
    for shown in old {
        by_id
            .entry(shown.text.id.clone())
            .or_default()
            .push_back(shown);
    }
    let mut rows = Vec::with_capacity(window.rows.len());
    for (at, row) in (window.first..).zip(window.rows) {
        let Some(run) = window.runs.get(row.index) else {
            continue;
        };
        let kept = by_id
            .get_mut(&run.info.run_id)
            .and_then(VecDeque::pop_front);
        if !fresh {
            if let Some(kept) = kept {
                rows.push(kept);
                continue;
            }
        }
        let text = RowText::new(run, row, window.columns);
        let start = run.info.start_time;
        match kept {
            Some(mut kept) if kept.text == text && kept.start == start => {
                if kept.at != at {
                    let _ = kept
                        .el
                        .set_attribute("aria-rowindex", &(at + 2).to_string());
                    kept.at = at;
                }
                rows.push(kept);
            }
            stale => {
                if let Some(stale) = stale {
                    stale.el.remove();
                }
                if let Some(el) = build_row(template, run, &text, at, window) {
                    let placed = false;
                    rows.push(Shown {
                        text,
                        start,
                        at,
                        el,
                        placed,
                    });
                }
            }
        }
    }
    for gone in by_id.into_values().flatten() {
        gone.el.remove();
    }
    rows
}

/// Puts new rows in before the row that follows them (or the bottom spacer): kept rows are in order already,
/// as they are after a scroll.
fn place_new(bottom: &Element, rows: &mut [Shown]) {
    let mut anchor = bottom.clone();
    for shown in rows.iter_mut().rev() {
        if !shown.placed {
            if let Some(parent) = anchor.parent_node() {
                let _ = parent.insert_before(&shown.el, Some(&anchor));
            }
            shown.placed = true;
        }
        anchor = shown.el.clone();
    }
}

/// Puts the rows between the spacers in order, moving only those not already in place.
fn place_in_order(top: &Element, bottom: &Element, rows: &mut [Shown]) {
    let Some(parent) = top.parent_node() else {
        return;
    };
    let mut cursor = top.next_sibling();
    for shown in rows.iter_mut() {
        if cursor
            .as_ref()
            .is_some_and(|c| c.is_same_node(Some(&shown.el)))
        {
            cursor = shown.el.next_sibling();
        } else {
            let before: &web_sys::Node = match &cursor {
                Some(node) => node,
                None => bottom,
            };
            let _ = parent.insert_before(&shown.el, Some(before));
        }
        shown.placed = true;
    }
}

/// The control that had focus in a row, to focus again in the row built in its place.
struct Focus {
    el: Element,
    run_id: String,
    control: &'static str,
}

impl Focus {
    fn take() -> Option<Self> {
        let el = document().active_element()?;
        let run_id = el.closest("tr.run").ok()??.get_attribute("data-run-id")?;
        let control = ["input", "button.fold", "a"]
            .into_iter()
            .find(|c| el.matches(c).unwrap_or(false))?;
        Some(Self {
            el,
            run_id,
            control,
        })
    }

    fn restore(self, rows: &[Shown]) {
        if self.el.is_connected() {
            return;
        }
        let again = rows
            .iter()
            .find(|s| s.text.id == self.run_id)
            .and_then(|s| s.el.query_selector(self.control).ok().flatten())
            .and_then(|c| c.dyn_into::<HtmlElement>().ok());
        if let Some(control) = again {
            let _ = control.focus();
        }
    }
}

/// The run id of the row an event happened in, when it came from `selector` (e.g. the row's checkbox).
pub fn row_event(ev: &web_sys::Event, selector: &str) -> Option<String> {
    let target: Element = ev.target()?.dyn_into().ok()?;
    target.closest(selector).ok()??;
    target.closest("tr.run").ok()??.get_attribute("data-run-id")
}

/// An empty row with every cell, to clone: select, name, [experiment], status, start, duration, user, columns.
fn template(columns: &[Column], experiment: bool) -> Option<Element> {
    let doc = document();
    let tr = doc.create_element("tr").ok()?;
    tr.set_class_name("run");
    tr.set_attribute("role", "row").ok()?;
    let cell = |class: &str, child: Option<(&str, &str)>| -> Option<()> {
        let td = doc.create_element("td").ok()?;
        td.set_class_name(class);
        td.set_attribute("role", "cell").ok()?;
        if let Some((tag, class)) = child {
            let inner = doc.create_element(tag).ok()?;
            if !class.is_empty() {
                inner.set_class_name(class);
            }
            if tag == "input" {
                inner.set_attribute("type", "checkbox").ok()?;
            }
            td.append_child(&inner).ok()?;
        }
        tr.append_child(&td).ok().map(|_| ())
    };
    cell("select", Some(("input", "")))?;
    cell("name", Some(("a", "")))?;
    if experiment {
        cell("experiment", None)?;
    }
    cell("status", Some(("span", "badge")))?;
    for class in ["start", "duration", "user"] {
        cell(class, None)?;
    }
    for column in columns {
        cell(column.cell_class(), None)?;
    }
    Some(tr)
}

/// A clone of the template filled with one run's texts.
fn build_row(
    template: &Element,
    run: &Run,
    text: &RowText,
    at: usize,
    w: &Window,
) -> Option<Element> {
    let tr: Element = template.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    tr.set_attribute("aria-rowindex", &(at + 2).to_string())
        .ok()?;
    tr.set_attribute("data-run-id", &text.id).ok()?;
    let mut cell = tr.first_element_child();
    let mut next = || {
        let this = cell.take()?;
        cell = this.next_element_sibling();
        Some(this)
    };
    let select = next()?;
    let input: HtmlInputElement = select.first_element_child()?.dyn_into().ok()?;
    input.set_attribute("aria-label", &text.select_label).ok()?;
    fill_name(&next()?, text)?;
    if let Some(names) = w.names {
        next()?.set_text_content(Some(&experiment_label(names, run)));
    }
    let badge = next()?.first_element_child()?;
    badge.set_class_name(text.status_class);
    badge.set_text_content(Some(&text.status));
    let start = crate::time::local_datetime_or_dash(run.info.start_time);
    for value in [&start, &text.duration, &text.user] {
        next()?.set_text_content(Some(value));
    }
    for (shown, exact) in &text.cells {
        let td = next()?;
        td.set_text_content(Some(shown));
        td.set_attribute("title", exact).ok()?;
    }
    set_selected(&tr, w.selected.contains(&text.id));
    Some(tr)
}

/// The name cell: indent, fold toggle, link, and the count of hidden children.
fn fill_name(td: &Element, text: &RowText) -> Option<()> {
    let td_html: &HtmlElement = td.dyn_ref()?;
    td_html
        .style()
        .set_property("padding-left", &text.indent)
        .ok()?;
    let link = td.first_element_child()?;
    link.set_attribute("href", &text.href).ok()?;
    link.set_attribute("title", &text.name).ok()?;
    link.set_text_content(Some(&text.name));
    if let Some(fold) = &text.fold {
        fold_toggle(td, &link, fold)?;
    }
    Some(())
}

fn fold_toggle(td: &Element, link: &Element, fold: &Fold) -> Option<()> {
    let doc = document();
    let button = doc.create_element("button").ok()?;
    button.set_class_name("fold");
    button
        .set_attribute("aria-expanded", &fold.expanded.to_string())
        .ok()?;
    button.set_attribute("aria-label", &fold.label).ok()?;
    button.set_text_content(Some(fold.glyph));
    td.insert_before(&button, Some(link)).ok()?;
    if let Some(hidden) = &fold.hidden {
        let count = doc.create_element("span").ok()?;
        count.set_class_name("child-count");
        count.set_text_content(Some(hidden));
        td.append_child(&count).ok()?;
    }
    Some(())
}

fn set_selected(tr: &Element, selected: bool) {
    tr.set_class_name(if selected { "run selected" } else { "run" });
    if let Some(input) = tr
        .first_element_child()
        .and_then(|td| td.first_element_child())
        .and_then(|el| el.dyn_into::<HtmlInputElement>().ok())
    {
        input.set_checked(selected);
    }
}
