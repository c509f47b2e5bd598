//! What the runs table works out from all the loaded runs (their metric and param keys, and the nesting of child
//! runs under their parents), kept up to date a page at a time: a large experiment's next page reads its own runs
//! for these, not all the runs loaded before it again. Only the rows in table order are laid out whole each time.

use std::collections::hash_map::Entry;
use std::collections::{BTreeSet, HashMap, HashSet};

use super::runs_table::ordered_metric_keys;
use crate::api::Run;

/// One line of the runs table after nesting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeRow {
    /// Index into the loaded runs.
    pub index: usize,
    /// 0 for top-level runs, 1 for their children, and so on.
    pub depth: usize,
    /// Loaded children (direct).
    pub children: usize,
    /// Whether this run's children are folded away.
    pub collapsed: bool,
}

/// The keys and the nesting of one list of runs that grows at its end (a paged query's runs).
#[derive(Debug, Default)]
pub struct LoadedRuns {
    /// Which list the runs taken in belong to (see [`LoadedRuns::update`]).
    list: u64,
    metrics: BTreeSet<String>,
    params: BTreeSet<String>,
    /// Each run id's first index: a run listed twice (MLflow's paging can) nests under its first.
    by_id: HashMap<String, usize>,
    /// Each run's children, for every run taken in: its length is how many are.
    children: Vec<Vec<usize>>,
    is_child: Vec<bool>,
    /// Runs whose parent is not loaded, by the parent's id: they are top-level runs until it is.
    orphans: HashMap<String, Vec<usize>>,
}

impl LoadedRuns {
    /// All of `runs` taken in at once.
    pub fn new(runs: &[Run]) -> Self {
        let mut loaded = Self::default();
        loaded.update(runs, 0);
        loaded
    }

    /// Takes in `runs`, list `list` as it is now. When it is the list taken in last time and has not shrunk,
    /// only its runs past those are read (a page appended); a new list, or a shorter one, is read whole.
    pub fn update(&mut self, runs: &[Run], list: u64) {
        if list != self.list || runs.len() < self.children.len() {
            *self = Self {
                list,
                ..Self::default()
            };
        }
        let start = self.children.len();
        let added = runs.get(start..).unwrap_or_default();
        for run in added {
            add_keys(&mut self.metrics, run.data.metrics.iter().map(|m| &m.key));
            add_keys(&mut self.params, run.data.params.iter().map(|p| &p.key));
        }
        self.nest(start, added);
    }

    /// Nests `added`, the runs from index `start` on, under their parents, and earlier runs under them.
    fn nest(&mut self, start: usize, added: &[Run]) {
        let len = start + added.len();
        self.children.resize(len, Vec::new());
        self.is_child.resize(len, false);
        // Every new id first, so a parent later in the same page is found; earlier runs waiting for it are
        // its first children, in order.
        for (i, run) in (start..).zip(added) {
            if let Entry::Vacant(e) = self.by_id.entry(run.info.run_id.clone()) {
                e.insert(i);
                if let Some(waiting) = self.orphans.remove(&run.info.run_id) {
                    waiting.iter().for_each(|&c| self.is_child[c] = true);
                    self.children[i] = waiting;
                }
            }
        }
        for (i, run) in (start..).zip(added) {
            let Some(parent) = run.parent_id() else {
                continue;
            };
            match self.by_id.get(parent) {
                Some(&p) if p != i => {
                    self.children[p].push(i);
                    self.is_child[i] = true;
                }
                // Its own parent: a top-level run.
                Some(_) => {}
                None => self.orphans.entry(parent.to_owned()).or_default().push(i),
            }
        }
    }

    /// Metric keys present in the runs: `primary` (the F1 metric) first, then other `eval_*`, then the rest,
    /// each group alphabetical.
    pub fn metric_keys(&self, primary: &str) -> Vec<String> {
        ordered_metric_keys(self.metrics.iter().map(String::as_str), primary)
    }

    /// Param keys present in the runs, alphabetical.
    pub fn param_keys(&self) -> Vec<String> {
        self.params.iter().cloned().collect()
    }

    /// The runs in table order: children follow their parent, in server order, and descendants of `collapsed`
    /// runs are left out. Children whose parent is not loaded are top-level rows; a parent cycle cannot hang
    /// it. `runs` is the list taken in last.
    pub fn rows(&self, runs: &[Run], collapsed: &HashSet<String>) -> Vec<TreeRow> {
        let n = self.children.len();
        let is_folded = |i: usize| {
            !collapsed.is_empty()
                && runs
                    .get(i)
                    .is_some_and(|r| collapsed.contains(&r.info.run_id))
        };
        let mut out = Vec::with_capacity(n);
        let mut seen = vec![false; n];
        let roots = (0..n).filter(|&i| !self.is_child[i]);
        // Runs caught in a parent cycle have no root; they are shown at the top level after the rest.
        for root in roots.chain(0..n) {
            if seen[root] {
                continue;
            }
            let mut stack = vec![(root, 0)];
            while let Some((i, depth)) = stack.pop() {
                if std::mem::replace(&mut seen[i], true) {
                    continue;
                }
                let folded = is_folded(i);
                out.push(TreeRow {
                    index: i,
                    depth,
                    children: self.children[i].len(),
                    collapsed: folded,
                });
                if folded {
                    self.mark_descendants(i, &mut seen);
                } else {
                    stack.extend(self.children[i].iter().rev().map(|&c| (c, depth + 1)));
                }
            }
        }
        out
    }

    fn mark_descendants(&self, i: usize, seen: &mut [bool]) {
        let mut stack = self.children[i].clone();
        while let Some(c) = stack.pop() {
            if !std::mem::replace(&mut seen[c], true) {
                stack.extend(self.children[c].iter().copied());
            }
        }
    }
}

/// Adds the keys not yet in `set`, copying only those.
fn add_keys<'a>(set: &mut BTreeSet<String>, keys: impl Iterator<Item = &'a String>) {
    for key in keys {
        if !set.contains(key) {
            set.insert(key.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracking::test_runs::run;

    /// Run ids with depth, in table order.
    fn ids(runs: &[Run], rows: &[TreeRow]) -> Vec<(String, usize)> {
        rows.iter()
            .map(|r| (runs[r.index].info.run_id.clone(), r.depth))
            .collect()
    }

    #[test]
    fn children_follow_parents() {
        let runs = vec![
            run("c1", Some("p"), &[], &[]),
            run("x", None, &[], &[]),
            run("p", None, &[], &[]),
            run("c2", Some("p"), &[], &[]),
            run("g", Some("c2"), &[], &[]),
            run("orphan", Some("missing"), &[], &[]),
        ];
        let rows = LoadedRuns::new(&runs).rows(&runs, &HashSet::new());
        let want = [
            ("x", 0),
            ("p", 0),
            ("c1", 1),
            ("c2", 1),
            ("g", 2),
            ("orphan", 0),
        ];
        assert_eq!(ids(&runs, &rows), want.map(|(a, b)| (a.to_owned(), b)));
        assert_eq!(rows[1].children, 2);

        let collapsed: HashSet<String> = ["p".to_owned()].into();
        let rows = LoadedRuns::new(&runs).rows(&runs, &collapsed);
        assert_eq!(
            ids(&runs, &rows),
            [("x", 0), ("p", 0), ("orphan", 0)].map(|(a, b)| (a.to_owned(), b))
        );
        assert!(rows[1].collapsed);
    }

    #[test]
    fn parent_cycles_self_parents_and_repeated_runs_terminate() {
        let runs = vec![
            run("a", Some("b"), &[], &[]),
            run("b", Some("a"), &[], &[]),
            run("s", Some("s"), &[], &[]),
            run("a", None, &[], &[]),
        ];
        let rows = LoadedRuns::new(&runs).rows(&runs, &HashSet::new());
        assert_eq!(rows.len(), 4);
        assert_eq!(
            ids(&runs, &rows),
            [("s", 0), ("a", 0), ("a", 0), ("b", 1)].map(|(s, d)| (s.to_owned(), d))
        );
    }

    /// Lists where a page can hold a parent of runs loaded before it, a child of runs loaded before it, a run
    /// seen before, a cycle, or a run whose parent never comes.
    fn lists() -> Vec<Vec<Run>> {
        let nested = vec![
            run("c1", Some("p"), &["eval_f1", "loss"], &["lr"]),
            run("g", Some("c1"), &["acc"], &[]),
            run("c0", Some("p"), &[], &[]),
            run("x", Some("never"), &[], &["batch"]),
            run("p", None, &["eval_f1"], &["lr", "depth"]),
            run("c2", Some("p"), &["eval_auc"], &[]),
            run("c1", Some("q"), &["zeta"], &[]),
            run("a", Some("b"), &[], &[]),
            run("q", Some("p"), &[], &["opt"]),
            run("b", Some("a"), &[], &[]),
            run("s", Some("s"), &["f1"], &[]),
            run("late", Some("x"), &[], &[]),
        ];
        let flat = (0..9)
            .map(|i| run(&format!("r{i}"), None, &[&format!("m{}", i % 3)], &["p"]))
            .collect();
        vec![nested, flat, Vec::new()]
    }

    /// `runs` taken in as pages of these sizes, in turn (an empty page among them), until all are in.
    fn paged(runs: &[Run], sizes: &[usize]) -> LoadedRuns {
        let mut loaded = LoadedRuns::default();
        let mut end = 0;
        for size in sizes.iter().cycle() {
            end = (end + size).min(runs.len());
            loaded.update(&runs[..end], 7);
            if end == runs.len() {
                break;
            }
        }
        loaded
    }

    #[test]
    fn page_by_page_is_the_same_as_all_at_once() {
        let sizes: [&[usize]; 5] = [&[1], &[2], &[3, 0, 1], &[5, 2], &[100]];
        for runs in lists() {
            let whole = LoadedRuns::new(&runs);
            for sizes in sizes {
                let loaded = paged(&runs, sizes);
                for folded in [HashSet::new(), ["p".to_owned(), "a".to_owned()].into()] {
                    assert_eq!(loaded.rows(&runs, &folded), whole.rows(&runs, &folded));
                }
                assert_eq!(loaded.metric_keys("eval_f1"), whole.metric_keys("eval_f1"));
                assert_eq!(loaded.param_keys(), whole.param_keys());
            }
        }
    }

    #[test]
    fn the_nested_list_page_by_page() {
        let runs = lists().remove(0);
        let rows = paged(&runs, &[2, 3]).rows(&runs, &HashSet::new());
        // Top-level runs in server order: x (its parent never loads) with late under it, then p with c1 (loaded
        // two pages before p) and g, c0, c2 and q, the second c1 under q; s is its own parent; a and b, a
        // cycle, come last.
        let want = [
            ("x", 0),
            ("late", 1),
            ("p", 0),
            ("c1", 1),
            ("g", 2),
            ("c0", 1),
            ("c2", 1),
            ("q", 1),
            ("c1", 2),
            ("s", 0),
            ("a", 0),
            ("b", 1),
        ];
        assert_eq!(ids(&runs, &rows), want.map(|(s, d)| (s.to_owned(), d)));
    }

    #[test]
    fn a_new_or_shorter_list_is_read_again() {
        let flat = lists().remove(1);
        let reversed: Vec<Run> = flat.iter().rev().cloned().collect();
        let mut loaded = LoadedRuns::default();
        loaded.update(&flat, 1);
        // As long as the last, but another list: read whole, not taken as the same runs.
        loaded.update(&reversed, 2);
        let none = HashSet::new();
        assert_eq!(
            loaded.rows(&reversed, &none),
            LoadedRuns::new(&reversed).rows(&reversed, &none)
        );
        loaded.update(&reversed[..3], 2);
        let short = LoadedRuns::new(&reversed[..3]);
        assert_eq!(
            loaded.rows(&reversed[..3], &none),
            short.rows(&reversed[..3], &none)
        );
        assert_eq!(loaded.metric_keys(""), short.metric_keys(""));
        assert_eq!(loaded.param_keys(), ["p"]);
    }
}
