//! How a command fails: one type, one variant for each kind of failure, each with its exit
//! status. `lib::run` prints the message once and turns the status into the process's own.
//!
//! The statuses are a table in the README ("Exit codes"), which a test reads.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::tree::FileError;

/// Exit status 1: what was asked for is wrong in the tree itself.
pub const PROBLEMS: u8 = 1;
/// Exit status 2: tread could not do what was asked (a file, the command line, the terminal).
pub const UNUSABLE: u8 = 2;
/// Exit status 3: a replayed call takes another path through the tree as it is now.
pub const DIVERGED: u8 = 3;
/// Exit status 4: a plain walk's input ended before an outcome.
pub const UNFINISHED: u8 = 4;
/// A walk ended by signal `n` exits with `SIGNALLED + n`, as shells expect.
pub const SIGNALLED: u8 = 128;

/// Why a command did not succeed.
#[derive(Debug)]
pub enum Failure {
    /// Trees with errors (or, with `--deny-warnings`, warnings); every diagnostic has been
    /// printed already.
    Problems,
    /// `--min-coverage` written wrong: why.
    BadCoverage(String),
    /// Files `tread check` could not read; each has been reported already.
    Unreadable,
    /// A file that cannot be read.
    File(FileError),
    /// `--to` names no node of the tree.
    NoSuchNode { id: String, hint: String },
    /// `tread new` never overwrites a file.
    Exists(PathBuf),
    /// A file that cannot be created.
    CannotCreate(PathBuf, io::Error),
    /// A file that was created but could not be written (and has been removed again).
    CannotWrite(PathBuf, io::Error),
    /// Standard output cannot be written (other than by a reader who has stopped reading).
    Output(io::Error),
    /// The walk is full-screen and this stream is not a terminal.
    NoTerminal(&'static str),
    /// The terminal failed during the walk.
    Terminal(io::Error),
    /// The walk was ended by this signal.
    Signal(i32),
    /// The seat's settings cannot be read.
    Config(crate::record::config::ConfigError),
    /// The store of calls cannot be used.
    Store(crate::record::store::StoreError),
    /// Reading or writing the store failed.
    StoreFailed(std::path::PathBuf, String),
    /// The shared store (a PostgreSQL server) cannot be used.
    Server(crate::record::server::ServerError),
    /// `--format chart` without a terminal.
    ChartsNeedTerminal(&'static str),
    /// A call from the shared store names its tree by a path on a seat's computer.
    NameTheTree(String),
    /// The shared store cannot be reached; this seat's own store can be read.
    ServerAway(crate::record::server::ServerError, PathBuf),
    /// `--tz` is not an offset from UTC.
    BadTz(String),
    /// A report's reads failed: the store, and what it said.
    ReportFailed(String, String),
    /// Calls waiting at this seat could not all be sent: how many were, and why not the rest.
    NotSent(usize, crate::record::outbox::SendError),
    /// No call has this id, or an id starting so.
    NoSuchCall(String),
    /// Several calls have ids starting so.
    AmbiguousCall(String, Vec<String>),
    /// A call that reached its outcome, or ended for the next caller, is not taken up again.
    NotResumable(String, String),
    /// A time or an age that cannot be read (`--since`, `--older-than`).
    BadWhen(&'static str, String),
    /// A replayed call parts from the tree as it is now; what was found has been printed.
    Diverged,
    /// A plain walk's input ended before an outcome (it has been said).
    InputEnded,
    /// `--urgency` names no urgency.
    BadUrgency(String),
    /// Another tread has this call open.
    CallInUse(String),
    /// An id too short to name a call.
    ShortId(String),
    /// A library is chosen from on the screen, not line by line or under `--watch`.
    LibraryNeedsTerminal,
    /// `tread calls to-case` on a call that cannot be a case: its id, and why.
    NotACase(String, &'static str),
    /// A parts file where a tree was wanted: its name, and what was to be done ("walked").
    PartsOnly(String, String),
    /// `tread upgrade` on a file it cannot rewrite: which, and why.
    NotUpgradable(PathBuf, &'static str),
    /// `tread test` or `learn` on a tree with no cases file beside it: the tree, and where its
    /// cases were looked for.
    NoCases(PathBuf, PathBuf),
}

impl Failure {
    /// The process's exit status.
    pub fn status(&self) -> u8 {
        match self {
            Failure::Problems => PROBLEMS,
            Failure::Diverged => DIVERGED,
            Failure::InputEnded => UNFINISHED,
            Failure::Signal(n) => SIGNALLED.saturating_add(*n as u8),
            _ => UNUSABLE,
        }
    }

    /// What to tell the person, unless it has been said already.
    pub fn message(&self) -> Option<String> {
        match self {
            Failure::Problems
            | Failure::Unreadable
            | Failure::Signal(_)
            | Failure::Diverged
            | Failure::InputEnded => None,
            other => Some(other.to_string()),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Problems => f.write_str("the trees have problems"),
            Failure::Unreadable => f.write_str("some files could not be read"),
            Failure::BadCoverage(why) => write!(f, "--min-coverage {why}"),
            Failure::File(e) => write!(f, "{e}"),
            Failure::NoSuchNode { id, hint } => write!(f, "`--to {id}` names no node; {hint}"),
            Failure::Exists(path) => write!(
                f,
                "`{}` already exists; tread new never overwrites a file",
                path.display()
            ),
            Failure::CannotCreate(path, e) => {
                write!(f, "`{}` cannot be created: {e}", path.display())
            }
            Failure::CannotWrite(path, e) => {
                write!(f, "`{}` could not be written: {e}", path.display())
            }
            Failure::Output(e) => write!(f, "cannot write to standard output: {e}"),
            Failure::NoTerminal(which) => write!(
                f,
                "the walk is full-screen and {which} is not a terminal; \
                 run tread in a terminal, or walk line by line with `tread --plain` (answers from \
                 standard input, or `--answers ,1,2`)"
            ),
            Failure::Terminal(e) => write!(f, "the terminal failed: {e}"),
            Failure::Signal(n) => write!(f, "ended by signal {n}"),
            Failure::Config(e) => write!(f, "{e}"),
            Failure::Store(e) => write!(f, "{e}"),
            Failure::StoreFailed(path, e) => {
                write!(f, "the store `{}` failed: {e}", path.display())
            }
            Failure::Server(e) => write!(f, "{e}"),
            Failure::ServerAway(e, local) => match crate::scrub::shell_quoted(&local.display().to_string()) {
                Some(path) => write!(f, "{e}; this seat's own calls are read with `tread calls --store {path}`"),
                None => write!(f, "{e}; this seat's own calls can be read by giving its store with --store"),
            },
            Failure::ChartsNeedTerminal(which) => write!(
                f,
                "charts are drawn on a terminal and {which} is not one; give --format text, json or csv"
            ),
            Failure::NameTheTree(id) => write!(
                f,
                "call `{id}` comes from the shared store, and its tree's path is a seat's, not this computer's; name the tree file after the id"
            ),
            Failure::BadTz(text) => write!(
                f,
                "`--tz {text}` is not an offset from UTC: give it as +01:00, -05:30 or UTC (named zones such as Europe/London are not known to tread)"
            ),
            Failure::ReportFailed(from, why) => write!(f, "the report could not be read from {from}: {why}"),
            Failure::NotSent(sent, why) => {
                let rest = match why {
                    crate::record::outbox::SendError::Refused { .. } => "",
                    _ => "; the rest wait at this seat, to be sent with the next call or by `tread store send`",
                };
                write!(
                    f,
                    "sent {}, then: {why}{rest}",
                    crate::record::outbox::calls_words(*sent as u64)
                )
            }
            Failure::NoSuchCall(id) => {
                write!(f, "no call has the id `{id}`; `tread calls` lists them")
            }
            Failure::AmbiguousCall(id, ids) => write!(
                f,
                "`{id}` starts the ids of several calls ({}…); give more of the id",
                ids.join(", ")
            ),
            Failure::NotResumable(id, ending) => write!(
                f,
                "call `{id}` ended ({ending}); only a call that was quit, crashed or ended by a signal can be taken up again"
            ),
            Failure::BadWhen(flag, text) => write!(
                f,
                "`{flag} {text}` is not a time: give a date (2026-11-01) or an age in hours, days or weeks (12h, 90d, 2w)"
            ),
            Failure::Diverged => f.write_str("the call takes another path through the tree now"),
            Failure::InputEnded => f.write_str("the input ended before an outcome"),
            Failure::NotACase(id, why) => write!(f, "call `{id}` cannot be written as a case: {why}"),
            Failure::PartsOnly(name, purpose) => write!(
                f,
                "`{name}` is a parts file, whose nodes trees use, and cannot be {purpose} on its own: name a tree that uses it"
            ),
            Failure::NotUpgradable(path, why) => {
                write!(f, "`{}` cannot be upgraded: {why}", path.display())
            }
            Failure::NoCases(tree, cases) => write!(
                f,
                "`{}` has no cases: write them in `{}` (trees/README.md shows how, under \"Cases\"), or name a file of cases with --cases",
                tree.display(),
                cases.display(),
            ),
            Failure::LibraryNeedsTerminal => f.write_str(
                "a library of trees is chosen from in the full-screen walk; name a tree file for --plain, --answers or --watch",
            ),
            Failure::ShortId(id) => write!(
                f,
                "`{id}` is too short to name a call: give at least its first four characters (`tread calls` shows thirteen)"
            ),
            Failure::CallInUse(id) => write!(
                f,
                "call `{id}` is open in another tread now; take it up there, or when that one has ended"
            ),
            Failure::BadUrgency(text) => write!(
                f,
                "`--urgency {text}` is not an urgency: give Emergency, Urgent, Soon, Routine or SelfCare (or as the screen shows them: SELF-CARE), or another scale's level by its id (OutOfCycle)"
            ),
        }
    }
}

/// What a command returns.
pub type Outcome = Result<(), Failure>;
