//! Calls on their way to the shared store.
//!
//! A seat records every call in its own SQLite store first, so a call is never lost to a
//! network or a server that is down. Once a call has ended it waits to be sent; the sender
//! sends the waiting calls oldest first, each whole in one transaction, and notes each as sent
//! only after the server has committed it. A call whose note was lost (tread stopped between
//! the two) is sent again and the server, keyed by the call's id, keeps it once.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use super::server::{Server, ServerError, Target};
use super::store::Store;

/// How sending goes, as the title bar says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sending {
    /// Every ended call is on the server.
    Sent,
    /// The server cannot be reached or refused: how many calls wait, and why.
    Offline { waiting: usize, why: String },
    /// The server is there, but refused a call for what is in it: how many wait, and why.
    Refused { waiting: usize, why: String },
}

impl Sending {
    /// `offline: 2 calls waiting`, for the title bar; nothing when all is sent.
    pub fn words(&self) -> Option<String> {
        match self {
            Sending::Sent => None,
            Sending::Offline { waiting: 1, .. } => Some("offline: 1 call waiting".into()),
            Sending::Offline { waiting, .. } => Some(format!("offline: {waiting} calls waiting")),
            Sending::Refused { waiting: 1, .. } => Some("1 call refused by the server".into()),
            Sending::Refused { waiting, .. } => Some(format!(
                "{waiting} calls not sent: one refused by the server"
            )),
        }
    }
}

/// `1 ended call waits`, `2 ended calls wait`.
pub fn waiting_words(n: usize) -> String {
    if n == 1 {
        "1 ended call waits".into()
    } else {
        format!("{n} ended calls wait")
    }
}

/// `1 call`, `2 calls`.
pub fn calls_words(n: u64) -> String {
    if n == 1 {
        "1 call".into()
    } else {
        format!("{n} calls")
    }
}

/// Why sending stopped.
#[derive(Debug)]
pub enum SendError {
    /// The seat's own store failed.
    Local(PathBuf, String),
    /// The server failed.
    Server(ServerError),
    /// The server refused a call for what is in it; the others were sent.
    Refused {
        id: uuid::Uuid,
        server: String,
        why: String,
    },
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SendError::Local(p, why) => {
                write!(f, "this seat's store `{}` failed: {why}", p.display())
            }
            SendError::Server(e) => write!(f, "{e}"),
            SendError::Refused { id, server, why } => write!(
                f,
                "the server {server} refused call {id} ({why}); it stays at this seat (`tread calls show {}` shows it), and the calls after it were sent",
                &id.to_string()[..13]
            ),
        }
    }
}

/// Sends every call waiting in `local`, oldest first; how many were sent (also when sending
/// stopped part way). A call the server refuses for what is in it (not for the connection or
/// the login) is passed over, so that it does not hold up the calls after it, and named.
pub fn send_waiting(local: &mut Store, server: &mut Server) -> Result<usize, (usize, SendError)> {
    let path = local.path().to_path_buf();
    let mut sent = 0;
    let mut refused = None;
    let failed = |sent, e: rusqlite::Error| (sent, SendError::Local(path.clone(), e.to_string()));
    for id in local.waiting().map_err(|e| failed(0, e))? {
        let call = local.load(id).map_err(|e| failed(sent, e))?;
        match server.send(&call) {
            Ok(_) => {}
            Err(ServerError::Failed { server, why }) => {
                refused.get_or_insert(SendError::Refused { id, server, why });
                continue;
            }
            Err(e) => return Err((sent, SendError::Server(e))),
        }
        local.mark_sent(&call).map_err(|e| failed(sent, e))?;
        sent += 1;
    }
    match refused {
        Some(e) => Err((sent, e)),
        None => Ok(sent),
    }
}

/// How many calls wait in the store at `path` (none when there is no store yet).
pub fn waiting(path: &Path) -> usize {
    match Store::open_existing(path, false) {
        Ok(Some(store)) => store.waiting().map_or(0, |w| w.len()),
        _ => 0,
    }
}

/// The sender's thread, and the way to wake it.
pub struct Sender {
    wake: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
    /// Closed when the thread ends.
    done: mpsc::Receiver<()>,
}

/// How long leaving tread waits for a send under way: a server that has stopped answering
/// does not keep tread from ending (the call waits at the seat, unsent).
const LEAVING: Duration = Duration::from_secs(5);

/// How long an offline seat waits before it tries the server again.
const RETRY: Duration = Duration::from_secs(3);
/// How long an online seat waits for a call to end before it looks again anyway.
const IDLE: Duration = Duration::from_secs(30);

impl Sender {
    /// Starts the thread: it sends at once whatever is waiting from before, then whenever
    /// woken (a call has ended) and every few seconds while the server is away. `report` is
    /// called whenever how sending goes changes.
    pub fn start(
        local: PathBuf,
        target: Target,
        report: impl Fn(Sending) + Send + 'static,
    ) -> Sender {
        let (wake, woken) = mpsc::channel::<()>();
        let (finished, done) = mpsc::channel::<()>();
        let thread = thread::Builder::new()
            .name("send".into())
            .spawn(move || {
                // Dropped as the thread ends, however it ends.
                let _finished = finished;
                let mut server: Option<Server> = None;
                let mut last: Option<Sending> = None;
                loop {
                    let now = attempt(&local, &target, &mut server);
                    let offline = matches!(now, Sending::Offline { .. });
                    if last.as_ref() != Some(&now) {
                        report(now.clone());
                        last = Some(now);
                    }
                    match woken.recv_timeout(if offline { RETRY } else { IDLE }) {
                        Ok(()) | Err(RecvTimeoutError::Timeout) => {}
                        // The walk is over: the last call goes now, unless the server is away
                        // (then it waits for the next tread, or `tread store send`).
                        Err(RecvTimeoutError::Disconnected) => {
                            if !offline {
                                let now = attempt(&local, &target, &mut server);
                                if last.as_ref() != Some(&now) {
                                    report(now);
                                }
                            }
                            return;
                        }
                    }
                }
            })
            .ok();
        Sender {
            wake: thread.as_ref().map(|_| wake),
            thread,
            done,
        }
    }

    /// A call has ended: send it.
    pub fn wake(&self) {
        if let Some(wake) = &self.wake {
            let _ = wake.send(());
        }
    }

    /// Sends what can be sent, and stops.
    pub fn finish(mut self) {
        self.wake = None;
        if let Err(mpsc::RecvTimeoutError::Timeout) = self.done.recv_timeout(LEAVING) {
            // Still waiting on the server: left to end with tread.
            return;
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// One round: connect if need be, and send everything waiting.
fn attempt(local: &Path, target: &Target, server: &mut Option<Server>) -> Sending {
    let mut store = match Store::open_existing(local, true) {
        Ok(Some(store)) => store,
        Ok(None) => return Sending::Sent,
        Err(e) => {
            return Sending::Offline {
                waiting: 0,
                why: e.to_string(),
            };
        }
    };
    // Counted over the store already open.
    let waiting = |store: &Store| store.waiting().map_or(0, |w| w.len());
    let connected = match server.take() {
        Some(s) => server.insert(s),
        None => match Server::open_within(target) {
            Ok(s) => server.insert(s),
            Err(e) => {
                return Sending::Offline {
                    waiting: waiting(&store),
                    why: e.to_string(),
                };
            }
        },
    };
    match send_waiting(&mut store, connected) {
        Ok(_) => Sending::Sent,
        Err((_, e @ SendError::Refused { .. })) => Sending::Refused {
            waiting: waiting(&store),
            why: e.to_string(),
        },
        Err((_, e)) => {
            // A connection that failed once is made afresh next time.
            *server = None;
            Sending::Offline {
                waiting: waiting(&store),
                why: e.to_string(),
            }
        }
    }
}
