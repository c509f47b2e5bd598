//! The field readers of the stats contract. Each takes whatever JSON is there and never fails, so one odd
//! field cannot cost the document. They read straight from the parser, without building a
//! `serde_json::Value`: a document with a thousand updates arrives on every poll.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::contract::{ModelStats, Outcome, Status, Update};
use super::timestamp::parse_rfc3339;
use crate::api::{metric_text, unclamp};

/// The visits of a string, number, boolean or null, for a visitor that reads them all as its default.
macro_rules! scalars_are_default {
    () => {
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(Default::default())
        }
    };
}

/// Reads past an array without building it.
fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// Reads past an object without building it.
fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// One JSON value as a field reader sees it: strings, numbers and booleans kept, arrays and objects only
/// named (and skipped by the parser without being built).
enum Scalar<'a> {
    Text(Cow<'a, str>),
    Int(i128),
    Float(f64),
    Bool(bool),
    Null,
    Nested(&'static str),
}

impl Scalar<'_> {
    /// A number or a numeric string as a finite f64; `"NaN"`, infinities, null and anything else are None.
    fn figure(&self) -> Option<f64> {
        let v = match self {
            Scalar::Int(i) => *i as f64,
            Scalar::Float(f) => unclamp(*f),
            Scalar::Text(s) => metric_text(s),
            _ => f64::NAN,
        };
        Some(v).filter(|v| v.is_finite())
    }

    /// The value as JSON would write it, for a status or outcome that is not a string.
    fn json(&self) -> String {
        match self {
            Scalar::Text(s) => format!("{s:?}"),
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Null => "null".to_owned(),
            Scalar::Nested(kind) => (*kind).to_owned(),
        }
    }
}

impl<'de> Deserialize<'de> for Scalar<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Scalar::Text(Cow::Borrowed(v)))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Text(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Scalar::Text(Cow::Owned(v)))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Scalar::Int(v.into()))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Scalar::Int(v.into()))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Scalar::Float(v))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Bool(v))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Scalar::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        skip_seq(seq)?;
        Ok(Scalar::Nested("[…]"))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        skip_map(map)?;
        Ok(Scalar::Nested("{…}"))
    }
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar<'de>, D::Error> {
    Scalar::deserialize(d)
}

pub(super) fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Ok(match scalar(d)? {
        Scalar::Text(s) => Some(s.trim().to_owned()).filter(|s| !s.is_empty()),
        n @ (Scalar::Int(_) | Scalar::Float(_)) => Some(n.json()),
        _ => None,
    })
}

pub(super) fn text_or_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    Ok(text(d)?.unwrap_or_default())
}

pub(super) fn time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match scalar(d)? {
        Scalar::Text(s) => parse_rfc3339(&s),
        _ => None,
    })
}

/// A count: finite and not negative; a fraction is rounded.
pub(super) fn count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(as_count(&scalar(d)?))
}

fn as_count(raw: &Scalar) -> Option<u64> {
    raw.figure()
        .filter(|v| *v >= 0.0 && *v < u64::MAX as f64)
        .map(|v| v.round() as u64)
}

/// A rate, a latency or a duration: finite and not negative.
pub(super) fn amount<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(scalar(d)?.figure().filter(|v| *v >= 0.0))
}

/// An interval: finite and above zero.
pub(super) fn positive<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(scalar(d)?.figure().filter(|v| *v > 0.0))
}

/// A share or a score: in [0, 1].
pub(super) fn ratio<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(scalar(d)?.figure().filter(|v| (0.0..=1.0).contains(v)))
}

pub(super) fn status<'de, D: Deserializer<'de>>(d: D) -> Result<Status, D::Error> {
    Ok(match scalar(d)? {
        Scalar::Text(s) => Status::parse(&s),
        Scalar::Null => Status::Missing,
        other => Status::Unknown(other.json()),
    })
}

pub(super) fn outcome<'de, D: Deserializer<'de>>(d: D) -> Result<Outcome, D::Error> {
    Ok(match scalar(d)? {
        Scalar::Text(s) => Outcome::parse(&s),
        Scalar::Null => Outcome::Missing,
        other => Outcome::Unknown(other.json()),
    })
}

/// A nested object; anything that is not one reads as its default (every field None).
pub(super) fn object<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(d.deserialize_any(ObjectVisitor(PhantomData))?
        .unwrap_or_default())
}

/// Some object of type `T`, or None for any other JSON value (which the parser skips).
struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        skip_seq(seq)?;
        Ok(None)
    }
    scalars_are_default!();
}

/// An array item: an object of type `T`, or None for anything else.
struct Item<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Item<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ObjectVisitor(PhantomData)).map(Item)
    }
}

/// The objects of an array; other items, and a non-array, are left out.
fn objects<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    d.deserialize_any(ObjectsVisitor(PhantomData))
}

struct ObjectsVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectsVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Item(item)) = seq.next_element::<Item<T>>()? {
            out.extend(item);
        }
        Ok(out)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        skip_map(map)?;
        Ok(Vec::new())
    }
    scalars_are_default!();
}

pub(super) fn models<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<ModelStats>, D::Error> {
    Ok(objects(d)?
        .into_iter()
        .filter_map(|mut m: ModelStats| {
            if m.key.is_empty() {
                m.key = m.registered_model.clone()?;
            }
            Some(m)
        })
        .collect())
}

pub(super) fn updates<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Update>, D::Error> {
    Ok(objects(d)?
        .into_iter()
        .filter_map(|mut u: Update| {
            if u.model.is_empty() {
                u.model = u.registered_model.clone()?;
            }
            Some(u)
        })
        .collect())
}

/// A map of label to count; entries whose value is not a count are left out, and a non-object is empty.
pub(super) fn counts<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, u64>, D::Error> {
    d.deserialize_any(CountsVisitor)
}

struct CountsVisitor;

impl<'de> Visitor<'de> for CountsVisitor {
    type Value = BTreeMap<String, u64>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some((k, v)) = map.next_entry::<String, Scalar>()? {
            if let Some(n) = as_count(&v) {
                out.insert(k, n);
            }
        }
        Ok(out)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        skip_seq(seq)?;
        Ok(BTreeMap::new())
    }
    scalars_are_default!();
}
