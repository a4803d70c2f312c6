//! The store's own thread: the walk hands it entries and never waits for the disk.
//!
//! The thread keeps each open call in memory as well. When the store cannot be opened or
//! written, the call is written whole to a fallback file instead (beside the store, or in the
//! temporary directory), again after every entry, so that nothing typed is lost; the status the
//! walk shows says so, and where.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};

use uuid::Uuid;

use super::store::Store;
use super::{Call, Entry};

/// Whether calls are being saved, as the title bar and banner say it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    /// Each step is saved to the store as it happens.
    Saving,
    /// The store cannot be used: why, and the file the call is kept in instead.
    NotSaved { why: String, kept: Option<PathBuf> },
}

/// The shared server calls are sent to once they end, and who to tell how that goes.
pub type Shared = (
    super::server::Target,
    Box<dyn Fn(super::outbox::Sending) + Send>,
);

/// The writer thread, and the way to it.
pub struct Writer {
    send: Option<Sender<Entry>>,
    thread: Option<JoinHandle<Status>>,
}

impl Writer {
    /// Starts the thread for the store at `path`. `report` is called, on the thread, whenever
    /// the status changes (the first time once the store is open, or has failed to open).
    /// With a shared server, each call is sent to it once it has ended and is in the store.
    pub fn start(
        path: PathBuf,
        shared: Option<Shared>,
        report: impl Fn(Status) + Send + 'static,
    ) -> Writer {
        let (send, entries) = mpsc::channel::<Entry>();
        let thread = thread::Builder::new()
            .name("record".into())
            .spawn(move || {
                let mut state = State::open(path);
                report(state.status());
                // Started once the store is made: the sender reads it.
                let sender = shared.map(|(target, tell)| {
                    super::outbox::Sender::start(state.path.clone(), target, tell)
                });
                for entry in entries {
                    let before = state.status();
                    state.take(&entry);
                    if let (Entry::End { .. }, Some(sender)) = (&entry, &sender) {
                        sender.wake();
                    }
                    let after = state.status();
                    if after != before {
                        report(after);
                    }
                }
                if let Some(sender) = sender {
                    sender.finish();
                }
                state.last_word()
            })
            .ok();
        Writer {
            send: thread.as_ref().map(|_| send),
            thread,
        }
    }

    /// Hands entries to the thread; never blocks.
    pub fn send(&self, entries: Vec<Entry>) {
        if let Some(send) = &self.send {
            for entry in entries {
                let _ = send.send(entry);
            }
        }
    }

    /// Waits for every entry handed over to be written, and says how it went.
    pub fn finish(mut self) -> Option<Status> {
        self.send = None;
        self.thread.take().and_then(|t| t.join().ok())
    }
}

/// What the thread knows.
struct State {
    store: Result<Store, String>,
    path: PathBuf,
    /// Calls begun and not ended, as recorded so far.
    open: HashMap<Uuid, Call>,
    /// Calls the store failed for, and where each is kept instead.
    unsaved: HashMap<Uuid, Option<PathBuf>>,
    /// The last failure, if the latest call is not being saved.
    failure: Option<(String, Option<PathBuf>)>,
    /// The calls this tread has open, claimed so that no other takes them up.
    claims: HashMap<Uuid, super::claim::Claim>,
}

impl State {
    fn open(path: PathBuf) -> State {
        let store = Store::open(&path).map_err(|e| e.to_string());
        let failure = store.as_ref().err().map(|why| (why.clone(), None));
        State {
            store,
            path,
            open: HashMap::new(),
            unsaved: HashMap::new(),
            failure,
            claims: HashMap::new(),
        }
    }

    /// How it went, in the end: a call that never reached the store is named, wherever it is
    /// kept, even when later calls were saved.
    fn last_word(&self) -> Status {
        match (&self.failure, self.unsaved.iter().next()) {
            (Some(_), _) | (None, None) => self.status(),
            (None, Some((id, kept))) => Status::NotSaved {
                why: format!("call {id} could not be written"),
                kept: kept.clone(),
            },
        }
    }

    fn status(&self) -> Status {
        match &self.failure {
            None => Status::Saving,
            Some((why, kept)) => Status::NotSaved {
                why: why.clone(),
                kept: kept.clone(),
            },
        }
    }

    fn take(&mut self, entry: &Entry) {
        // A store that could not be opened is tried again with each entry (on this thread:
        // the walk never waits for it).
        if self.store.is_err() {
            self.store = Store::open(&self.path).map_err(|e| e.to_string());
        }
        let id = match entry {
            Entry::Begin(call) => {
                self.open.insert(call.id, (**call).clone());
                call.id
            }
            Entry::Event(id, _) | Entry::End { id, .. } | Entry::Reopen(id) => *id,
        };
        if let Entry::Begin(_) | Entry::Reopen(_) = entry
            && let Ok(Some(claim)) = super::claim::Claim::take(&self.path, id)
        {
            self.claims.insert(id, claim);
        }
        // A resumed call was begun by an earlier tread: read it back, to keep it whole.
        if let (Entry::Reopen(_), Ok(store)) = (entry, &self.store)
            && let Ok(call) = store.load(id)
        {
            self.open.insert(id, call);
        }
        if let Some(call) = self.open.get_mut(&id) {
            call.apply(entry);
        }
        let written = match (&mut self.store, self.unsaved.contains_key(&id)) {
            (Err(why), _) => Err(why.clone()),
            (Ok(store), false) => store
                .write(entry)
                .map_err(|e| format!("the store failed: {e}")),
            // A call the store failed for is tried again whole, in place of what it has.
            (Ok(store), true) => match self.open.get(&id) {
                Some(call) => store
                    .write_call(call)
                    .map_err(|e| format!("the store failed: {e}")),
                None => Err("the call is not known".into()),
            },
        };
        match written {
            Ok(()) => {
                if let Some(Some(kept)) = self.unsaved.remove(&id) {
                    let _ = std::fs::remove_file(kept);
                }
                // The banner is about the call being taken: one that begins saved is saved.
                if self.unsaved.is_empty() || matches!(entry, Entry::Begin(_)) {
                    self.failure = None;
                }
            }
            Err(why) => {
                self.unsaved.entry(id).or_insert(None);
                self.failure = Some((why, None));
                self.keep(id);
            }
        }
        if let Entry::End { .. } = entry {
            self.open.remove(&id);
            self.claims.remove(&id);
        }
    }

    /// Writes the call whole to its fallback file (again), and says where.
    fn keep(&mut self, id: Uuid) {
        let Some(call) = self.open.get(&id) else {
            return;
        };
        let json = serde_json::to_string_pretty(call).unwrap_or_default();
        // Short enough for the banner to show whole; the file holds the full id.
        let name = format!("tread-unsaved-call-{}.json", &id.to_string()[..13]);
        let beside = self.path.parent().map(|d| d.join(&name));
        let places = beside.into_iter().chain([std::env::temp_dir().join(&name)]);
        let mut kept = None;
        for place in places {
            if write_whole(&place, json.as_bytes()).is_ok() {
                kept = Some(place);
                break;
            }
        }
        self.unsaved.insert(id, kept.clone());
        if let Some((_, at)) = &mut self.failure {
            *at = kept;
        }
    }
}

/// Writes a file whole or not at all (a new temporary file renamed over it), readable only by
/// its owner. The temporary file is made afresh (`O_EXCL`), so nothing already at its path (a
/// link planted in a shared directory) is followed or written.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let temporary = path.with_extension(format!("{}-{stamp}.part", std::process::id()));
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temporary)?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .and_then(|()| fs::rename(&temporary, path));
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}
