//! Rows of the shared store, read into calls and written from them.

use postgres::Row;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::record::store::Listed;
use crate::record::time_text::parse;
use crate::record::{Call, Ending, Event, EventKind, Flag, Reached, Seat, TreeStamp};

fn time(text: &str) -> OffsetDateTime {
    parse(text).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

fn id(text: &str) -> Uuid {
    Uuid::parse_str(text).unwrap_or_default()
}

/// A call as `tread calls` lists it.
pub fn listed(r: &Row) -> Listed {
    Listed {
        id: id(r.get(0)),
        started: time(r.get(1)),
        offset_minutes: r.get::<_, i64>(2) as i32,
        ended: r.get::<_, Option<&str>>(3).map(time),
        ending: r.get::<_, Option<&str>>(4).and_then(Ending::parse),
        seat: r.get(5),
        person: r.get(6),
        tree: r.get(7),
        outcome: r.get(8),
        urgency: r.get(9),
        notes: r.get::<_, i64>(10) as usize,
    }
}

/// A call's row, in the order of `CALL_COLUMNS` (its events are read separately).
pub fn call(r: &Row) -> Call {
    let outcome = match (
        r.get::<_, Option<String>>(14),
        r.get::<_, Option<String>>(15),
    ) {
        (Some(node), Some(title)) => Some(Reached {
            node,
            title,
            urgency: r.get::<_, Option<String>>(16).unwrap_or_default(),
            rank: r.get::<_, Option<i64>>(17).map(|n| n as u32),
        }),
        _ => None,
    };
    Call {
        id: id(r.get(0)),
        seat: Seat {
            seat: r.get(1),
            person: r.get(2),
        },
        started: time(r.get(3)),
        offset_minutes: r.get::<_, i64>(4) as i32,
        ended: r.get::<_, Option<&str>>(5).map(time),
        ending: r.get::<_, Option<&str>>(6).and_then(Ending::parse),
        tree: TreeStamp {
            title: r.get(7),
            version: r.get(8),
            review_due: r.get(9),
            path: r.get(10),
            sha256: r.get(11),
        },
        tread_version: r.get(12),
        red_flags: serde_json::from_str::<Vec<Flag>>(r.get(13)).unwrap_or_default(),
        outcome,
        events: Vec::new(),
    }
}

/// An event's row, in the order of `EVENT_COLUMNS`.
pub fn event(r: &Row) -> Event {
    let node: String = r.get(3);
    let title: String = r.get(4);
    let text = |i: usize| r.get::<_, Option<String>>(i).unwrap_or_default();
    let kind = match r.get::<_, &str>(2) {
        "step" => EventKind::Step {
            node,
            title,
            answer: text(5),
            index: r.get::<_, Option<i64>>(6).unwrap_or(0) as usize,
            red_flag: r.get::<_, i64>(7) != 0,
            positive: r.get::<_, i64>(8) != 0,
            value: r.get(12),
        },
        "back" => EventKind::Back { node, title },
        "checklist" => EventKind::Checklist {
            node,
            title,
            answer: text(5),
        },
        "jump" => EventKind::Jump {
            node,
            title,
            reason: text(9),
        },
        "note" => EventKind::Note {
            node,
            title,
            text: text(9),
            draft: r.get::<_, i64>(10) != 0,
        },
        _ => EventKind::Outcome {
            node,
            title,
            urgency: text(11),
            rank: r.get::<_, Option<i64>>(13).map(|n| n as u32),
        },
    };
    Event {
        seq: r.get::<_, i64>(0) as u32,
        at: time(r.get(1)),
        kind,
    }
}

/// A call's events as columns, to be sent in one statement (`unnest`).
#[derive(Default)]
pub struct Columns {
    pub seq: Vec<i64>,
    pub at: Vec<String>,
    pub kind: Vec<&'static str>,
    pub node: Vec<String>,
    pub title: Vec<String>,
    pub answer: Vec<Option<String>>,
    pub idx: Vec<Option<i64>>,
    pub red_flag: Vec<i64>,
    pub positive: Vec<i64>,
    pub text: Vec<Option<String>>,
    pub draft: Vec<i64>,
    pub urgency: Vec<Option<String>>,
    pub value: Vec<Option<String>>,
    pub rank: Vec<Option<i64>>,
}

impl Columns {
    pub fn of(call: &Call) -> Columns {
        let mut c = Columns::default();
        let owned = |s: Option<&str>| s.map(str::to_string);
        for e in &call.events {
            let r = e.row();
            c.seq.push(i64::from(e.seq));
            c.at.push(crate::record::time_text::utc(e.at));
            c.kind.push(r.kind);
            c.node.push(r.node.to_string());
            c.title.push(r.title.to_string());
            c.answer.push(owned(r.answer));
            c.idx.push(r.idx);
            c.red_flag.push(i64::from(r.red_flag));
            c.positive.push(i64::from(r.positive));
            c.text.push(owned(r.text));
            c.draft.push(i64::from(r.draft));
            c.urgency.push(owned(r.urgency));
            c.value.push(owned(r.value));
            c.rank.push(r.rank.map(i64::from));
        }
        c
    }
}

/// The call with every NUL character in its text made U+FFFD, as PostgreSQL keeps no NUL.
pub fn without_nul(call: &Call) -> Call {
    let mut call = call.clone();
    let fix = |s: &mut String| {
        if s.contains('\0') {
            *s = s.replace('\0', "\u{FFFD}");
        }
    };
    fix(&mut call.seat.seat);
    fix(&mut call.seat.person);
    fix(&mut call.tree.title);
    fix(&mut call.tree.path);
    fix(&mut call.tree.sha256);
    fix(&mut call.tread_version);
    for s in [&mut call.tree.version, &mut call.tree.review_due]
        .into_iter()
        .flatten()
    {
        fix(s);
    }
    for flag in &mut call.red_flags {
        fix(&mut flag.node);
        fix(&mut flag.title);
    }
    if let Some(o) = &mut call.outcome {
        fix(&mut o.node);
        fix(&mut o.title);
        fix(&mut o.urgency);
    }
    for e in &mut call.events {
        match &mut e.kind {
            EventKind::Step {
                node,
                title,
                answer,
                value,
                ..
            } => {
                fix(node);
                fix(title);
                fix(answer);
                if let Some(v) = value {
                    fix(v);
                }
            }
            EventKind::Checklist {
                node,
                title,
                answer,
            } => {
                fix(node);
                fix(title);
                fix(answer);
            }
            EventKind::Back { node, title } => {
                fix(node);
                fix(title);
            }
            EventKind::Jump {
                node,
                title,
                reason: text,
            }
            | EventKind::Note {
                node, title, text, ..
            } => {
                fix(node);
                fix(title);
                fix(text);
            }
            EventKind::Outcome {
                node,
                title,
                urgency,
                ..
            } => {
                fix(node);
                fix(title);
                fix(urgency);
            }
        }
    }
    call
}
