//! A map from ids to values that keeps every entry, in file order.
//!
//! serde's maps keep only the last of two equal keys, so a node id defined twice would vanish
//! without a word. Decoding into a list of pairs keeps both, and the checks report the repeat.

use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};

/// Id → value pairs in the order they appear in the file, repeats included.
#[derive(Debug)]
pub struct Entries<T>(Vec<(String, T)>);

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<T> Entries<T> {
    /// Adds another file's entries after these.
    pub fn append(&mut self, other: Entries<T>) {
        self.0.extend(other.0);
    }

    /// Puts `value` in place of entry `i`'s, keeping its key.
    pub fn replace(&mut self, i: usize, value: T) {
        self.0[i].1 = value;
    }

    /// Entry `i`, to change.
    pub fn entry_mut(&mut self, i: usize) -> &mut (String, T) {
        &mut self.0[i]
    }

    /// Adds an entry at the end.
    pub fn push(&mut self, key: String, value: T) {
        self.0.push((key, value));
    }
}

impl<T> Deref for Entries<T> {
    type Target = [(String, T)];
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Entries<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map from ids to entries")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(pair) = map.next_entry()? {
                    v.push(pair);
                }
                Ok(Entries(v))
            }
        }
        d.deserialize_map(V(PhantomData))
    }
}
