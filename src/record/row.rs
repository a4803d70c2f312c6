//! An event as both stores keep it: one row of the `events` table, column by column. Written
//! here once, for the SQLite store, the shared store and the benchmarks alike.

use super::{Event, EventKind};

/// The columns of an event's row after `call_id`, `seq` and `at`, borrowed from the event.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct EventRow<'a> {
    /// `step`, `back`, `checklist`, `jump`, `note` or `outcome`.
    pub kind: &'static str,
    pub node: &'a str,
    pub title: &'a str,
    /// A step's or a list's answer.
    pub answer: Option<&'a str>,
    /// A step's answer, by number.
    pub idx: Option<i64>,
    pub red_flag: bool,
    pub positive: bool,
    /// A note's text, or why a jump was made.
    pub text: Option<&'a str>,
    pub draft: bool,
    /// An outcome's level.
    pub urgency: Option<&'a str>,
    /// A step's answer's value.
    pub value: Option<&'a str>,
    /// An outcome level's place on its scale.
    pub rank: Option<u32>,
}

impl Event {
    /// The event's row.
    pub fn row(&self) -> EventRow<'_> {
        match &self.kind {
            EventKind::Step {
                node,
                title,
                answer,
                index,
                red_flag,
                positive,
                value,
            } => EventRow {
                kind: "step",
                node,
                title,
                answer: Some(answer),
                idx: Some(*index as i64),
                red_flag: *red_flag,
                positive: *positive,
                value: value.as_deref(),
                ..EventRow::default()
            },
            EventKind::Checklist {
                node,
                title,
                answer,
            } => EventRow {
                kind: "checklist",
                node,
                title,
                answer: Some(answer),
                ..EventRow::default()
            },
            EventKind::Back { node, title } => EventRow {
                kind: "back",
                node,
                title,
                ..EventRow::default()
            },
            EventKind::Jump {
                node,
                title,
                reason,
            } => EventRow {
                kind: "jump",
                node,
                title,
                text: Some(reason),
                ..EventRow::default()
            },
            EventKind::Note {
                node,
                title,
                text,
                draft,
            } => EventRow {
                kind: "note",
                node,
                title,
                text: Some(text),
                draft: *draft,
                ..EventRow::default()
            },
            EventKind::Outcome {
                node,
                title,
                urgency,
                rank,
            } => EventRow {
                kind: "outcome",
                node,
                title,
                urgency: Some(urgency),
                rank: *rank,
                ..EventRow::default()
            },
        }
    }
}
