//! Where in a tree file a problem lies, named by its meaning rather than its bytes.
//!
//! The checks name places; only when there is something to report does the locator turn them into
//! byte spans, so a clean file never pays for positions.

impl Place {
    /// The node (by its number in file order) the place is in, if it is in one.
    pub fn node(&self) -> Option<usize> {
        match *self {
            Place::NodeKey(i)
            | Place::NodeField(i, _)
            | Place::ChoiceLabel(i, _)
            | Place::ChoiceNext(i, _)
            | Place::Item(i, _, _) => Some(i),
            _ => None,
        }
    }
}

/// A place in a tree file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// The value of a top-level field (`start`, `format`, …).
    Field(&'static str),
    /// The id of source number `.0` (from 0, in file order).
    SourceKey(usize),
    /// The id of node number `.0` (from 0, in file order).
    NodeKey(usize),
    /// The value of a field of node number `.0`.
    NodeField(usize, &'static str),
    /// The `label` of choice `.1` of node `.0`.
    ChoiceLabel(usize, usize),
    /// The `next` of choice `.1` of node `.0`.
    ChoiceNext(usize, usize),
    /// Entry `.2` of the list field `.1` of node `.0` (its `sources`, `advice`, `steps`).
    Item(usize, &'static str, usize),
    /// Field `.1` inside the top-level field `.0` (`signed_off.on`).
    Within(&'static str, &'static str),
    /// Entry `.1` of the top-level list `.0` (`uses`, `needs`).
    ListItem(&'static str, usize),
    /// The key of entry `.1` of the top-level map `.0` (a term of the `glossary`).
    MapKey(&'static str, usize),
    /// The value of entry `.1` of the top-level map `.0` (a term's definition).
    MapValue(&'static str, usize),
}
