//! The runs table's rows in view, written straight into the DOM.
//!
//! Scrolling fast brings about ten new rows a frame. As Leptos views each row cost about a hundred DOM calls
//! (every element also gets a placeholder node, every cell its own text node), which took most of a frame. Here a
//! row is one deep clone of a template row plus a property per cell, and rows that stay in view are not touched.
//! The texts come from `pulse_core` ([`RowText`]) and are written as text, never as markup. The checkboxes' and
//! fold toggles' events are handled once, on the table body (see [`row_event`]).

use std::collections::{BTreeMap, HashMap};

use leptos::prelude::document;
use pulse_core::api::Run;
use pulse_core::tracking::experiments_compare::experiment_label;
use pulse_core::tracking::row_text::{Fold, RowText};
use pulse_core::tracking::runs_table::{Column, TreeRow};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// What identifies a row's DOM: the run, its position, and its place in the tree.
type RowKey = (String, usize, usize, bool, usize);
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
}

/// The rows in the DOM, in order, and what they were built with.
#[derive(Default)]
pub struct Rendered {
    rows: Vec<(RowKey, Element)>,
    /// The columns and experiment names the rows were built with; rows are rebuilt when these change.
    built_with: Option<Layout>,
    template: Option<Element>,
    selected: Vec<String>,
}

impl Rendered {
    /// Makes the rows between `top` and `bottom` (the spacer rows) show `window`.
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
        let mut old: HashMap<RowKey, Element> = self.rows.drain(..).collect();
        let wanted: Vec<(RowKey, &TreeRow, &Run)> = (window.first..)
            .zip(window.rows)
            .filter_map(|(at, row)| {
                let run = window.runs.get(row.index)?;
                let key = (
                    run.info.run_id.clone(),
                    at,
                    row.depth,
                    row.collapsed,
                    row.children,
                );
                Some((key, row, run))
            })
            .collect();
        for (key, el) in &old {
            if !wanted.iter().any(|(k, ..)| k == key) {
                el.remove();
            }
        }
        // From the bottom up, so each new row goes in before the one after it; rows kept stay where they are.
        let mut anchor = bottom.clone();
        let mut rows = Vec::with_capacity(wanted.len());
        for (key, row, run) in wanted.into_iter().rev() {
            let el = match old.remove(&key) {
                Some(el) => el,
                None => {
                    let Some(el) = build_row(template, run, row, key.1, window) else {
                        continue;
                    };
                    let _ = top
                        .parent_node()
                        .map(|p| p.insert_before(&el, Some(&anchor)));
                    el
                }
            };
            anchor = el.clone();
            rows.push((key, el));
        }
        rows.reverse();
        self.rows = rows;
        self.mark_selected(window.selected);
    }

    /// Ticks the checkboxes of the selected runs: every row after a change of selection, else only new rows
    /// (which [`build_row`] ticked already).
    fn mark_selected(&mut self, selected: &[String]) {
        if self.selected == selected {
            return;
        }
        for ((id, ..), el) in &self.rows {
            set_selected(el, selected.contains(id));
        }
        self.selected = selected.to_vec();
    }

    /// Takes every row out of the DOM.
    pub fn clear(&mut self) {
        for (_, el) in self.rows.drain(..) {
            el.remove();
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
    let cell = |class: &str, child: Option<(&str, &str)>| -> Option<()> {
        let td = doc.create_element("td").ok()?;
        td.set_class_name(class);
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
    row: &TreeRow,
    at: usize,
    w: &Window,
) -> Option<Element> {
    let text = RowText::new(run, row, w.columns);
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
    fill_name(&next()?, &text)?;
    if let Some(names) = w.names {
        next()?.set_text_content(Some(&experiment_label(names, run)));
    }
    let badge = next()?.first_element_child()?;
    badge.set_class_name(&text.status_class);
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
