//! A call in one row, for reports: kept beside the call in both stores (schema 4) and made
//! again whenever the call ends, so a report over a million calls reads a million short rows
//! instead of fifteen million events.

use super::{Call, EventKind};

/// What a report needs of one call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Digest {
    /// The day the call started, at the seat (`2026-11-26`).
    pub day: String,
    /// Questions and lists answered, counting those taken back.
    pub steps: i64,
    /// Times the call went back a step.
    pub backs: i64,
    /// Seconds from the start to the outcome the call ended at, if it reached one.
    pub seconds: Option<i64>,
    /// The nodes of the path the call ended on, joined by ` > `.
    pub path: String,
    /// A number standing for the path, so calls group by it cheaply.
    pub path_id: i64,
    /// The warning signs that came up (a positive answer), their node ids joined by spaces.
    pub signs: Option<String>,
    /// The steps gone back from, once for each time, their node ids joined by spaces.
    pub back_from: Option<String>,
}

impl Digest {
    /// The digest of a call as it stands.
    pub fn of(call: &Call) -> Digest {
        let start = time::UtcOffset::from_whole_seconds(call.offset_minutes.saturating_mul(60))
            .ok()
            .and_then(|offset| call.started.checked_to_offset(offset))
            .unwrap_or(call.started)
            .date();
        let day = format!(
            "{:04}-{:02}-{:02}",
            start.year(),
            u8::from(start.month()),
            start.day()
        );
        let mut steps = 0;
        let mut backs = 0;
        let mut signs: Vec<&str> = Vec::new();
        let mut back_from: Vec<&str> = Vec::new();
        for event in &call.events {
            match &event.kind {
                EventKind::Step {
                    node,
                    red_flag,
                    positive,
                    ..
                } => {
                    steps += 1;
                    if *red_flag && *positive && !signs.contains(&node.as_str()) {
                        signs.push(node);
                    }
                }
                EventKind::Checklist { .. } => steps += 1,
                EventKind::Back { node, .. } => {
                    backs += 1;
                    back_from.push(node);
                }
                _ => {}
            }
        }
        let joined = |ids: Vec<&str>| (!ids.is_empty()).then(|| ids.join(" "));
        // The time to the outcome the call ended at: the last time it was reached.
        // Less the time the call lay stopped before it was taken up again (`--resume`): from
        // the last event before each resume to the resume.
        let reached_at = call.outcome.as_ref().and_then(|reached| {
            call.events.iter().rposition(
                |e| matches!(&e.kind, EventKind::Outcome { node, .. } if *node == reached.node),
            )
        });
        let seconds = reached_at.map(|at| {
            let away: i64 = call.events[..at]
                .windows(2)
                .filter(|w| {
                    matches!(&w[1].kind, EventKind::Jump { reason, .. } if reason.starts_with("resumed"))
                })
                .map(|w| (w[1].at - w[0].at).whole_seconds().max(0))
                .sum();
            ((call.events[at].at - call.started).whole_seconds() - away).max(0)
        });
        let mut path = String::new();
        for event in call.path() {
            if !path.is_empty() {
                path.push_str(" > ");
            }
            path.push_str(node_of(&event.kind));
        }
        if let Some(reached) = &call.outcome {
            if !path.is_empty() {
                path.push_str(" > ");
            }
            path.push_str(&reached.node);
        }
        Digest {
            day,
            steps,
            backs,
            seconds,
            path_id: path_id(&path),
            path,
            signs: joined(signs),
            back_from: joined(back_from),
        }
    }
}

fn node_of(kind: &EventKind) -> &str {
    match kind {
        EventKind::Step { node, .. }
        | EventKind::Checklist { node, .. }
        | EventKind::Back { node, .. }
        | EventKind::Jump { node, .. }
        | EventKind::Note { node, .. }
        | EventKind::Outcome { node, .. } => node,
    }
}

/// The first eight bytes of the path's SHA-256, as a signed number (both stores keep 64-bit
/// signed integers): the same on every seat and every version of tread.
pub fn path_id(path: &str) -> i64 {
    let hash = super::sha256(path.as_bytes());
    u64::from_str_radix(&hash[..16], 16).unwrap_or(0) as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::time_text::parse;
    use crate::record::{Ending, Event, Flag, Reached, Seat, TreeStamp};

    fn at(text: &str) -> time::OffsetDateTime {
        parse(text).unwrap()
    }

    fn event(seq: u32, minute: i64, kind: EventKind) -> Event {
        Event {
            seq,
            at: at("2026-11-25T23:50:00Z") + time::Duration::minutes(minute),
            kind,
        }
    }

    fn step(node: &str) -> EventKind {
        EventKind::Step {
            node: node.into(),
            title: node.into(),
            answer: "No".into(),
            index: 1,
            red_flag: false,
            positive: false,
            value: None,
        }
    }

    #[test]
    fn a_call_in_one_row() {
        let call = Call {
            id: uuid::Uuid::nil(),
            seat: Seat {
                seat: "Desk".into(),
                person: "Sam".into(),
            },
            started: at("2026-11-25T23:50:00Z"),
            offset_minutes: 60,
            ended: Some(at("2026-11-26T00:10:00Z")),
            ending: Some(Ending::Outcome),
            tree: TreeStamp {
                title: "T".into(),
                version: None,
                review_due: None,
                path: "t.ron".into(),
                sha256: "00".into(),
            },
            tread_version: "0".into(),
            red_flags: Vec::<Flag>::new(),
            outcome: Some(Reached {
                node: "gp".into(),
                title: "GP".into(),
                urgency: "Routine".into(),
                rank: Some(3),
            }),
            events: vec![
                event(1, 1, step("a")),
                event(2, 2, step("b")),
                event(
                    3,
                    3,
                    EventKind::Back {
                        node: "b".into(),
                        title: "b".into(),
                    },
                ),
                event(4, 4, step("c")),
                event(
                    5,
                    12,
                    EventKind::Outcome {
                        node: "gp".into(),
                        title: "GP".into(),
                        urgency: "Routine".into(),
                        rank: Some(3),
                    },
                ),
            ],
        };
        let d = Digest::of(&call);
        // 23:50 UTC is 00:50 the next day at a seat an hour ahead.
        assert_eq!(d.day, "2026-11-26");
        assert_eq!((d.steps, d.backs, d.seconds), (3, 1, Some(720)));
        assert_eq!(d.path, "a > c > gp");
        assert_ne!(
            d.path_id,
            Digest::of(&Call {
                events: vec![],
                ..call.clone()
            })
            .path_id
        );
        // Taken up again after ten minutes away: the time away is not time to the outcome.
        let mut resumed = call;
        resumed.events.insert(
            3,
            event(
                4,
                13,
                EventKind::Jump {
                    node: "b".into(),
                    title: "b".into(),
                    reason: "resumed; it had ended (quit) at 23:53".into(),
                },
            ),
        );
        for e in &mut resumed.events[4..] {
            e.at += time::Duration::minutes(10);
        }
        assert_eq!(Digest::of(&resumed).seconds, Some(720));
    }
}
