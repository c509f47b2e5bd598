//! A stats document's record of updates, read once per distinct text.

use std::fmt;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;

use super::contract::Update;
use super::lenient::updates;

/// A document's updates, read from their JSON when first asked for. A document whose updates are the same text as
/// the previous poll's takes that poll's list instead ([`Updates::reuse`]): a service's record changes when it
/// decides, its figures on every poll, and a long-running service sends a thousand updates each time.
#[derive(Clone, Default)]
pub struct Updates {
    /// The JSON they are read from; None when made from a list.
    text: Option<Arc<str>>,
    list: OnceLock<Arc<Vec<Update>>>,
}

impl Updates {
    /// Takes `previous`'s list when both come from the same text and this one has not been read yet.
    pub fn reuse(&self, previous: &Updates) {
        if self.list.get().is_none() && self.text.is_some() && self.text == previous.text {
            if let Some(list) = previous.list.get() {
                let _ = self.list.set(list.clone());
            }
        }
    }

    fn list(&self) -> &Arc<Vec<Update>> {
        self.list
            .get_or_init(|| Arc::new(self.text.as_deref().map(read_updates).unwrap_or_default()))
    }
}

impl std::ops::Deref for Updates {
    type Target = [Update];
    fn deref(&self) -> &[Update] {
        self.list()
    }
}

impl<'a> IntoIterator for &'a Updates {
    type Item = &'a Update;
    type IntoIter = std::slice::Iter<'a, Update>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl PartialEq for Updates {
    fn eq(&self, other: &Updates) -> bool {
        let (a, b) = (self.list(), other.list());
        Arc::ptr_eq(a, b) || a == b
    }
}

impl fmt::Debug for Updates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl From<Vec<Update>> for Updates {
    fn from(list: Vec<Update>) -> Updates {
        Updates {
            text: None,
            list: OnceLock::from(Arc::new(list)),
        }
    }
}

/// Keeps the `updates` field's JSON as it is, to be read when first asked for.
pub(super) fn updates_text<'de, D: Deserializer<'de>>(d: D) -> Result<Updates, D::Error> {
    let raw = Box::<RawValue>::deserialize(d)?;
    Ok(Updates {
        text: Some(Arc::from(raw.get())),
        list: OnceLock::new(),
    })
}

/// The updates in `text` (valid JSON: the document's parser took it), read leniently: whatever is there.
fn read_updates(text: &str) -> Vec<Update> {
    #[derive(Deserialize)]
    struct List(#[serde(deserialize_with = "updates")] Vec<Update>);
    serde_json::from_str::<List>(text)
        .map(|l| l.0)
        .unwrap_or_default()
}
