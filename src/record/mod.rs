//! The record of a call: who took it, on which tree, every step, back step and note with its
//! time, the outcome, and how the call ended.
//!
//! A [`Recorder`] lives in the app and is pure: the app tells it what happened and it turns that
//! into [`Entry`]s, each for the store as it happens ([`writer`] takes them off the walk's
//! thread). The same entries, applied to a [`Call`], make the call again, which is how the writer
//! keeps a copy in memory for when the store cannot be written, and how the tests check it.

pub mod claim;
pub mod config;
pub mod csv;
pub mod digest;
pub mod outbox;
pub mod replay;
pub mod report;
pub mod row;
pub mod server;
pub mod store;
pub mod summary;
pub mod time_text;
pub mod writer;

use serde::Serialize;
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use uuid::Uuid;

use crate::tree::{Node, NodeId, Tree};

/// The tree a call was taken on, as it was then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TreeStamp {
    /// Its title.
    pub title: String,
    /// The version its authors gave it, if any.
    pub version: Option<String>,
    /// When its content falls due for review, if it says.
    pub review_due: Option<String>,
    /// Where it was read from (`(bundled)` for the tree tread carries).
    pub path: String,
    /// The SHA-256 of the file's bytes, in hex.
    pub sha256: String,
}

impl TreeStamp {
    /// The stamp of a tree read from `bytes` at `path`.
    pub fn of(tree: &Tree, path: &str, bytes: &[u8]) -> TreeStamp {
        TreeStamp {
            title: tree.title.to_string(),
            version: tree.version.as_deref().map(str::to_string),
            review_due: tree.review_due.as_deref().map(str::to_string),
            path: path.to_string(),
            sha256: sha256(bytes),
        }
    }
}

/// The SHA-256 of some bytes, in lower-case hex.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Who took a call, and where.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Seat {
    /// The seat (a desk, a phone line).
    pub seat: String,
    /// The person at it.
    pub person: String,
}

/// A warning sign of the tree: its node and title, so a summary can say which were not asked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Flag {
    /// The node's id.
    pub node: String,
    /// Its title.
    pub title: String,
}

/// How a call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// An outcome was reached and the walk left there.
    Outcome,
    /// The person quit before an outcome.
    Quit,
    /// `r`: the next caller.
    NextCaller,
    /// A signal ended tread.
    Signal(i32),
    /// tread crashed (a panic).
    Crashed,
    /// A plain walk's input ended (or its answers did not fit) before an outcome.
    InputEnded,
}

impl Ending {
    /// The ending as the store and the JSON spell it: `outcome`, `signal 15`.
    pub fn name(self) -> String {
        match self {
            Ending::Outcome => "outcome".into(),
            Ending::Quit => "quit".into(),
            Ending::NextCaller => "next caller".into(),
            Ending::Signal(n) => format!("signal {n}"),
            Ending::Crashed => "crashed".into(),
            Ending::InputEnded => "input ended".into(),
        }
    }

    /// The ending from its name.
    pub fn parse(name: &str) -> Option<Ending> {
        Some(match name {
            "outcome" => Ending::Outcome,
            "quit" => Ending::Quit,
            "next caller" => Ending::NextCaller,
            "crashed" => Ending::Crashed,
            "input ended" => Ending::InputEnded,
            _ => Ending::Signal(name.strip_prefix("signal ")?.parse().ok()?),
        })
    }
}

impl Serialize for Ending {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.name())
    }
}

/// What happened at one moment of a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventKind {
    /// A question answered, or an info step read out (`index` 0, the answer `Continue`).
    Step {
        node: String,
        title: String,
        answer: String,
        index: usize,
        red_flag: bool,
        positive: bool,
        /// The answer's value, when the tree gives it one (a short machine-readable id).
        value: Option<String>,
    },
    /// A list of warning signs answered, and how: `yes: <sign>`, `not sure: <sign>`, `none of
    /// these`, `asked one at a time`. Each sign asked follows as a step of its own.
    Checklist {
        node: String,
        title: String,
        answer: String,
    },
    /// Back from this node to the one before.
    Back { node: String, title: String },
    /// The walk moved without an answer: resumed, or followed an edited tree.
    Jump {
        node: String,
        title: String,
        reason: String,
    },
    /// A note typed at this node; `draft` when the call ended with the note still open.
    Note {
        node: String,
        title: String,
        text: String,
        draft: bool,
    },
    /// An outcome reached.
    Outcome {
        node: String,
        title: String,
        urgency: String,
        /// The level's place on the tree's scale (0 the most urgent), when known: a call's
        /// outcome is the most urgent it reached since it last went back from one.
        rank: Option<u32>,
    },
}

/// One event, numbered in its call, with its time (UTC).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// From 1, in order.
    pub seq: u32,
    /// When it happened.
    pub at: OffsetDateTime,
    pub kind: EventKind,
}

/// `{"seq": 1, "at": "…", "kind": "step", …the kind's fields}`: written out by hand, as
/// `#[serde(flatten)]` goes through a map of its own for every event (the record benchmark
/// measured it at a fifth of an export's time).
impl Serialize for Event {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("seq", &self.seq)?;
        let at = time_text::utc_bytes(self.at);
        map.serialize_entry("at", std::str::from_utf8(&at).unwrap_or_default())?;
        match &self.kind {
            EventKind::Step {
                node,
                title,
                answer,
                index,
                red_flag,
                positive,
                value,
            } => {
                map.serialize_entry("kind", "step")?;
                map.serialize_entry("node", node)?;
                map.serialize_entry("title", title)?;
                map.serialize_entry("answer", answer)?;
                map.serialize_entry("index", index)?;
                map.serialize_entry("red_flag", red_flag)?;
                map.serialize_entry("positive", positive)?;
                if let Some(value) = value {
                    map.serialize_entry("value", value)?;
                }
            }
            EventKind::Checklist {
                node,
                title,
                answer,
            } => {
                map.serialize_entry("kind", "checklist")?;
                map.serialize_entry("node", node)?;
                map.serialize_entry("title", title)?;
                map.serialize_entry("answer", answer)?;
            }
            EventKind::Back { node, title } => {
                map.serialize_entry("kind", "back")?;
                map.serialize_entry("node", node)?;
                map.serialize_entry("title", title)?;
            }
            EventKind::Jump {
                node,
                title,
                reason,
            } => {
                map.serialize_entry("kind", "jump")?;
                map.serialize_entry("node", node)?;
                map.serialize_entry("title", title)?;
                map.serialize_entry("reason", reason)?;
            }
            EventKind::Note {
                node,
                title,
                text,
                draft,
            } => {
                map.serialize_entry("kind", "note")?;
                map.serialize_entry("node", node)?;
                map.serialize_entry("title", title)?;
                map.serialize_entry("text", text)?;
                map.serialize_entry("draft", draft)?;
            }
            EventKind::Outcome {
                node,
                title,
                urgency,
                rank,
            } => {
                map.serialize_entry("kind", "outcome")?;
                map.serialize_entry("node", node)?;
                map.serialize_entry("title", title)?;
                map.serialize_entry("urgency", urgency)?;
                if let Some(rank) = rank {
                    map.serialize_entry("rank", rank)?;
                }
            }
        }
        map.end()
    }
}

/// The outcome a call reached: the most urgent since it last went back from an outcome.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Reached {
    pub node: String,
    pub title: String,
    pub urgency: String,
    /// The level's place on the tree's scale, when known.
    #[serde(skip)]
    pub rank: Option<u32>,
}

/// A whole call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Call {
    /// A UUID (version 7, so ids sort by when calls started).
    pub id: Uuid,
    #[serde(flatten)]
    pub seat: Seat,
    /// When it started (UTC).
    #[serde(with = "time_text::rfc3339")]
    pub started: OffsetDateTime,
    /// The seat's offset from UTC then, in minutes.
    pub offset_minutes: i32,
    /// When it ended, once it has.
    #[serde(with = "time_text::rfc3339_option")]
    pub ended: Option<OffsetDateTime>,
    /// How it ended, once it has.
    pub ending: Option<Ending>,
    /// The tree, as it was.
    pub tree: TreeStamp,
    /// The version of tread that took it.
    pub tread_version: String,
    /// The tree's warning signs.
    pub red_flags: Vec<Flag>,
    /// The outcome the call is at (the last reached, unless it stepped back from it).
    pub outcome: Option<Reached>,
    /// Everything that happened, in order.
    pub events: Vec<Event>,
}

/// One change to the record, as the store takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    /// A call begins (with no events yet).
    Begin(Box<Call>),
    /// Something happened in a call.
    Event(Uuid, Event),
    /// A call ended.
    End {
        id: Uuid,
        at: OffsetDateTime,
        ending: Ending,
    },
    /// A call that ended is taken up again (`tread --resume`).
    Reopen(Uuid),
}

impl Call {
    /// Applies an entry for this call (others are ignored).
    pub fn apply(&mut self, entry: &Entry) {
        match entry {
            Entry::Begin(_) => {}
            Entry::Event(id, event) if *id == self.id => {
                match &event.kind {
                    EventKind::Outcome {
                        node,
                        title,
                        urgency,
                        rank,
                    } => {
                        // A move on from an outcome never makes the call less urgent than it
                        // was: going back from the outcome does (a correction).
                        let milder = matches!(
                            (self.outcome.as_ref().and_then(|o| o.rank), rank),
                            (Some(was), Some(now)) if *now > was
                        );
                        if !milder {
                            self.outcome = Some(Reached {
                                node: node.clone(),
                                title: title.clone(),
                                urgency: urgency.clone(),
                                rank: *rank,
                            });
                        }
                    }
                    // Back from the outcome: the call is no longer at it.
                    EventKind::Back { node, .. }
                        if self.outcome.as_ref().is_some_and(|o| &o.node == node) =>
                    {
                        self.outcome = None;
                    }
                    _ => {}
                }
                self.events.push(event.clone());
            }
            Entry::End { id, at, ending } if *id == self.id => {
                self.ended = Some(*at);
                self.ending = Some(*ending);
            }
            Entry::Reopen(id) if *id == self.id => {
                self.ended = None;
                self.ending = None;
            }
            _ => {}
        }
    }

    /// The notes, in order.
    pub fn notes(&self) -> impl Iterator<Item = (&Event, &str)> {
        self.events.iter().filter_map(|e| match &e.kind {
            EventKind::Note { text, .. } => Some((e, text.as_str())),
            _ => None,
        })
    }

    /// The path the call ended on: each step (and jump) still standing once back steps are
    /// taken away.
    pub fn path(&self) -> Vec<&Event> {
        let mut path: Vec<&Event> = Vec::new();
        for e in &self.events {
            match &e.kind {
                EventKind::Step { .. } | EventKind::Checklist { .. } => path.push(e),
                // A resume is where a call picked up, not a move back can undo.
                EventKind::Jump { reason, .. } if !reason.starts_with("resumed") => path.push(e),
                EventKind::Back { .. } => {
                    path.pop();
                }
                _ => {}
            }
        }
        path
    }
}

/// What a call is taken with: the seat, the tree's stamp and its warning signs.
#[derive(Clone, Debug)]
pub struct Setting {
    pub seat: Seat,
    pub tree: TreeStamp,
    pub red_flags: Vec<Flag>,
}

impl Setting {
    /// The setting for a tree, taken at a seat.
    pub fn new(seat: Seat, tree: &Tree, stamp: TreeStamp) -> Setting {
        // In the order they are asked: the summary's "not asked" are those after the last asked.
        let red_flags = tree
            .red_flags()
            .into_iter()
            .map(|n| Flag {
                node: tree.id(n).to_string(),
                title: tree.node(n).title().to_string(),
            })
            .collect();
        Setting {
            seat,
            tree: stamp,
            red_flags,
        }
    }
}

/// The most bytes of one note kept in the record: pages of typing, and a paste of a whole
/// file cannot fill the store.
pub const NOTE_MAX: usize = 64 * 1024;

/// The clock a recorder reads (a test gives a fixed one).
pub type Clock = fn() -> OffsetDateTime;

/// Records one call after another, as entries for the store.
pub struct Recorder {
    setting: Setting,
    clock: Clock,
    offset_minutes: i32,
    call: Call,
    outbox: Vec<Entry>,
    /// Whether the call is in the record yet: it is from its first event on, so a walk left at
    /// the first screen records no call.
    begun: bool,
}

impl Recorder {
    /// Begins the first call.
    pub fn new(setting: Setting, clock: Clock, offset_minutes: i32) -> Recorder {
        let call = Recorder::fresh(&setting, clock, offset_minutes);
        Recorder {
            outbox: Vec::new(),
            setting,
            clock,
            offset_minutes,
            call,
            begun: false,
        }
    }

    /// Whether the call is in the record (something happened in it).
    pub fn begun(&self) -> bool {
        self.begun
    }

    /// Takes up a call recorded earlier (`tread --resume`); the caller records where it picks
    /// up with [`Recorder::jump`].
    pub fn resume(setting: Setting, clock: Clock, offset_minutes: i32, mut call: Call) -> Recorder {
        let reopen = Entry::Reopen(call.id);
        call.apply(&reopen);
        Recorder {
            setting,
            clock,
            offset_minutes,
            call,
            outbox: vec![reopen],
            begun: true,
        }
    }

    fn fresh(setting: &Setting, clock: Clock, offset_minutes: i32) -> Call {
        let started = clock();
        let ms = (started.unix_timestamp_nanos() / 1_000_000) as u64;
        // One context for the process: ids of calls begun in the same millisecond still sort
        // in the order they began (the store exports calls in id order).
        static IDS: std::sync::Mutex<uuid::ContextV7> =
            std::sync::Mutex::new(uuid::ContextV7::new());
        Call {
            id: Uuid::new_v7(uuid::Timestamp::from_unix(
                &IDS,
                ms / 1000,
                (ms % 1000) as u32 * 1_000_000,
            )),
            seat: setting.seat.clone(),
            started,
            offset_minutes,
            ended: None,
            ending: None,
            tree: setting.tree.clone(),
            tread_version: env!("CARGO_PKG_VERSION").to_string(),
            red_flags: setting.red_flags.clone(),
            outcome: None,
            events: Vec::new(),
        }
    }

    /// The call being recorded, as recorded so far.
    pub fn call(&self) -> &Call {
        &self.call
    }

    /// How many notes this call has at the node with this id.
    pub fn notes_at(&self, node: &str) -> usize {
        self.call
            .events
            .iter()
            .filter(|e| matches!(&e.kind, EventKind::Note { node: n, .. } if n == node))
            .count()
    }

    /// The entries not yet handed to the store, oldest first.
    pub fn drain(&mut self) -> Vec<Entry> {
        std::mem::take(&mut self.outbox)
    }

    fn push(&mut self, kind: EventKind) {
        if self.call.ending.is_some() {
            return;
        }
        if !self.begun {
            self.begun = true;
            self.outbox.push(Entry::Begin(Box::new(self.call.clone())));
        }
        let event = Event {
            seq: self.call.events.len() as u32 + 1,
            at: (self.clock)(),
            kind,
        };
        let entry = Entry::Event(self.call.id, event);
        self.call.apply(&entry);
        self.outbox.push(entry);
    }

    /// Applies a walk action and records what it did: a step, a step back, or (`Restart`) the
    /// end of this call and the start of the next caller's. A refused action records nothing.
    pub fn act(
        &mut self,
        tree: &Tree,
        walk: &mut crate::walk::Walk,
        action: crate::walk::Action,
    ) -> Result<(), crate::walk::Refusal> {
        use crate::walk::Action;
        let from = walk.current();
        // A call that reached its outcome ended there, whatever comes next.
        let ending = if walk.is_finished(tree) {
            Ending::Outcome
        } else {
            Ending::NextCaller
        };
        // A step back can leave several steps at once (a checklist's mark): each is recorded.
        let before: Vec<NodeId> = match action {
            Action::Back | Action::BackTo(_) => walk.steps().iter().map(|s| s.node).collect(),
            _ => Vec::new(),
        };
        let at = walk.steps().len() - 1;
        walk.apply(tree, action)?;
        let to = walk.current();
        match action {
            Action::Choose(i) => self.step(tree, from, i, to),
            Action::Continue if matches!(tree.node(from), Node::Checklist { .. }) => {
                self.checklist(tree, from, "asked one at a time", to);
            }
            Action::Continue => self.step(tree, from, 0, to),
            Action::Mark(_) | Action::Unsure(_) | Action::NoneApply => {
                let sign = |k: usize| {
                    let items = tree.items(from);
                    items
                        .get(k)
                        .map_or("", |&i| tree.node(i).title())
                        .to_string()
                };
                let how = match action {
                    Action::Mark(k) => format!("yes: {}", sign(k)),
                    Action::Unsure(k) => format!("not sure: {}", sign(k)),
                    _ => "none of these".to_string(),
                };
                let steps = walk.steps();
                self.checklist(tree, from, &how, steps[at + 1].node);
                // Each item asked, as it was answered; those after the mark were not reached.
                for pair in steps[at + 1..].windows(2) {
                    let index = pair[0].answer.unwrap_or(0);
                    self.step(tree, pair[0].node, index, pair[1].node);
                }
            }
            Action::Back | Action::BackTo(_) => {
                for &node in before[walk.steps().len()..].iter().rev() {
                    self.back(tree, node);
                }
            }
            Action::Restart => self.next_caller(ending),
            Action::Jump(_) => {
                let reason = format!("jumped from {}", tree.node(from).title());
                self.jump(tree, to, &reason);
            }
        }
        Ok(())
    }

    /// Answer `index` given at `node` (an info step read out is answer 0), arriving at `to`.
    pub fn step(&mut self, tree: &Tree, node: NodeId, index: usize, to: NodeId) {
        let here = tree.node(node);
        let (answer, red_flag, positive, value) = match here {
            Node::Question {
                choices, red_flag, ..
            } => {
                let choice = &choices[index];
                let value = choice.value.as_deref().map(str::to_string);
                (choice.label.to_string(), *red_flag, choice.positive, value)
            }
            _ => ("Continue".to_string(), false, false, None),
        };
        self.push(EventKind::Step {
            node: tree.id(node).to_string(),
            title: here.title().to_string(),
            answer,
            index,
            red_flag,
            positive,
            value,
        });
        self.arrived(tree, to);
    }

    /// A checklist left as `how` says (`index` 0: it is always left for its first item), for
    /// `to`.
    fn checklist(&mut self, tree: &Tree, node: NodeId, how: &str, to: NodeId) {
        self.push(EventKind::Checklist {
            node: tree.id(node).to_string(),
            title: tree.node(node).title().to_string(),
            answer: how.to_string(),
        });
        self.arrived(tree, to);
    }

    /// Back from `node`.
    pub fn back(&mut self, tree: &Tree, node: NodeId) {
        self.push(EventKind::Back {
            node: tree.id(node).to_string(),
            title: tree.node(node).title().to_string(),
        });
    }

    /// The walk moved to `to` without an answer, for `reason`.
    pub fn jump(&mut self, tree: &Tree, to: NodeId, reason: &str) {
        self.push(EventKind::Jump {
            node: tree.id(to).to_string(),
            title: tree.node(to).title().to_string(),
            reason: reason.to_string(),
        });
        self.arrived(tree, to);
    }

    fn arrived(&mut self, tree: &Tree, to: NodeId) {
        if let Node::Outcome { title, urgency, .. } = tree.node(to) {
            self.push(EventKind::Outcome {
                node: tree.id(to).to_string(),
                title: title.to_string(),
                urgency: urgency.name().to_string(),
                rank: tree.scale().rank(urgency).map(|r| r as u32),
            });
        }
    }

    /// A note typed at `node`: at most [`NOTE_MAX`] bytes are kept, and a longer one says so.
    pub fn note(&mut self, tree: &Tree, node: NodeId, text: &str, draft: bool) {
        if text.trim().is_empty() {
            return;
        }
        let mut cut = text.len().min(NOTE_MAX);
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = if cut < text.len() {
            format!(
                "{} [cut: the note was longer than {} KiB]",
                &text[..cut],
                NOTE_MAX / 1024
            )
        } else {
            text.to_string()
        };
        let text = text.as_str();
        self.push(EventKind::Note {
            node: tree.id(node).to_string(),
            title: tree.node(node).title().to_string(),
            text: text.to_string(),
            draft,
        });
    }

    /// Ends the call (once; later calls do nothing). A call in which nothing happened is not
    /// recorded at all.
    pub fn end(&mut self, ending: Ending) {
        if self.call.ending.is_some() || !self.begun {
            return;
        }
        let entry = Entry::End {
            id: self.call.id,
            at: (self.clock)(),
            ending,
        };
        self.call.apply(&entry);
        self.outbox.push(entry);
    }

    /// Ends this call (as `ending`: at its outcome, or cut short for the next caller) and
    /// begins the next caller's.
    pub fn next_caller(&mut self, ending: Ending) {
        self.end(ending);
        self.call = Recorder::fresh(&self.setting, self.clock, self.offset_minutes);
        self.begun = false;
    }
}
