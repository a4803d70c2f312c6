//! `tread [TREE]`: walk a tree in the terminal, recording the call.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::cli::SeatArgs;
use crate::failure::{Failure, Outcome};
use crate::record::config::Settings;
use crate::record::writer::Status;
use crate::record::{Recorder, Seat, Setting, TreeStamp, time_text};
use crate::tui::{self, Ended, Recording, Start, Theme};
use crate::walk::{Action, Walk};
use crate::watch::Watcher;

pub use super::open::{BUNDLED, BUNDLED_NAME};

/// How the walk is asked for.
pub struct Asked<'a> {
    pub tree: Option<&'a Path>,
    pub watch: bool,
    pub no_record: bool,
    pub resume: Option<&'a str>,
    pub seat: &'a SeatArgs,
    /// Line by line on standard input and output.
    pub plain: bool,
    /// The answers for a plain walk, instead of standard input: `2,2,1`.
    pub answers: Option<&'a str>,
    /// Leave the mouse to the terminal.
    pub no_mouse: bool,
}

/// Walks the tree at `path` (or in the seat's trees directory, or the bundled one), recording
/// the call unless asked not to; with `watch`, reloads it after each edit (not recorded).
pub fn run(asked: Asked) -> Outcome {
    let settings = super::calls::settings(asked.seat)?;
    let resumed = match asked.resume {
        Some(id) => Some(super::calls::load_here(&settings, id)?),
        None => None,
    };
    // A call another tread has open now is not taken up here too.
    if let Some(call) = &resumed
        && let Ok(None) = crate::record::claim::Claim::take(&settings.store, call.id)
    {
        return Err(Failure::CallInUse(call.id.to_string()));
    }
    if let Some(call) = &resumed
        && let Some(ending) = call.ending.filter(|e| {
            matches!(
                e,
                crate::record::Ending::Outcome | crate::record::Ending::NextCaller
            )
        })
    {
        return Err(Failure::NotResumable(call.id.to_string(), ending.name()));
    }
    let path = match (asked.tree, &resumed) {
        (Some(tree), _) => Some(find(tree, settings.trees.as_deref())),
        (None, Some(call)) => super::calls::call_tree(call),
        (None, None) => None,
    };
    let theme = if crate::report::no_color() {
        Theme::PLAIN
    } else {
        Theme::COLOR
    };
    let mouse = settings.mouse && !asked.no_mouse;
    // A directory (or, with no tree named, the seat's trees directory) is a library to choose
    // a tree from.
    let library = match (&path, &resumed) {
        (Some(p), None) if p.is_dir() => Some(p.clone()),
        (None, None) => settings.trees.clone().filter(|d| d.is_dir()),
        _ => None,
    };
    if let Some(dir) = library {
        if asked.plain || asked.watch {
            return Err(Failure::LibraryNeedsTerminal);
        }
        if let Some(which) = not_a_terminal() {
            return Err(Failure::NoTerminal(which));
        }
        let books = crate::library::open(&dir)
            .map_err(|e| Failure::File(crate::tree::FileError::from_io(&dir, e)))?;
        let finished = tui::run_library(books, theme, mouse, |book| {
            let path = match &book.origin {
                crate::library::Origin::Bundled => None,
                crate::library::Origin::File(p) => Some(p.clone()),
            };
            let prepared = prepare(path, &settings, &asked, None).map_err(|e| e.to_string())?;
            Ok(prepared.start(theme, mouse))
        })
        .map_err(Failure::Terminal)?;
        // What each walk leaves to say; a signal's exit status wins.
        let mut outcome = Ok(());
        for finished in finished {
            let said = ended(finished, &settings);
            if said.is_err() {
                outcome = said;
            }
        }
        return outcome;
    }
    let prepared = prepare(path, &settings, &asked, resumed)?;
    if asked.plain {
        return plain(
            &prepared.tree,
            prepared.walk,
            prepared.recording,
            prepared.notice.as_deref(),
            asked.answers,
            &settings,
        );
    }
    // The tree is read and checked first: a broken one is refused before any terminal.
    if let Some(which) = not_a_terminal() {
        return Err(Failure::NoTerminal(which));
    }
    let finished = tui::run(prepared.start(theme, mouse)).map_err(Failure::Terminal)?;
    ended(finished, &settings)
}

/// What a walk of one tree starts from.
struct Prepared {
    tree: crate::tree::Tree,
    walk: Walk,
    recording: Recording,
    notice: Option<String>,
    watcher: Option<Watcher>,
}

impl Prepared {
    fn start(self, theme: Theme, mouse: bool) -> Start {
        Start {
            tree: self.tree,
            walk: self.walk,
            theme,
            watcher: self.watcher,
            recording: self.recording,
            notice: self.notice,
            mouse,
            quiz: None,
        }
    }
}

/// Opens the tree at `path` (or the bundled one), and sets up its record: a new call, a
/// resumed one, or none (`--watch`, `--no-record`).
fn prepare(
    path: Option<PathBuf>,
    settings: &crate::record::config::Settings,
    asked: &Asked,
    resumed: Option<crate::record::Call>,
) -> Result<Prepared, Failure> {
    let opened = super::open::open_stamped(path.as_deref(), "walked")?;
    let (tree, sha256, parts) = (opened.tree, opened.sha256, opened.parts);
    let stamp_path = match &path {
        Some(p) => std::fs::canonicalize(p)
            .unwrap_or_else(|_| p.clone())
            .display()
            .to_string(),
        None => super::calls::BUNDLED_PATH.to_string(),
    };
    let stamp = TreeStamp {
        sha256,
        ..TreeStamp::of(&tree, &stamp_path, b"")
    };
    let seat = Seat {
        seat: settings.seat.clone(),
        person: settings.person.clone(),
    };
    let setting = Setting::new(seat, &tree, stamp);
    let clock = time::OffsetDateTime::now_utc;
    let offset = time_text::seat_offset();
    let mut walk = Walk::new(&tree);
    let mut notice = None;
    let recording = if asked.watch {
        Recording::Off("not recorded: --watch")
    } else if asked.no_record {
        Recording::Off("not recorded: --no-record")
    } else {
        let recorder = match resumed {
            Some(call) => {
                let changed = call.tree.sha256 != setting.tree.sha256;
                let before = match (call.ending, call.ended) {
                    (Some(ending), Some(at)) => format!(
                        "it had ended ({}) at {}",
                        ending.name(),
                        &time_text::local(at, call.offset_minutes)[11..16]
                    ),
                    _ => "it had stopped without an ending (killed, or the power went)".into(),
                };
                let (taken, stopped) = follow(&tree, &mut walk, &call);
                let mut recorder = Recorder::resume(setting, clock, offset, call);
                let reason = if changed {
                    notice = Some(format!(
                        "resumed; the tree has changed since this call: {taken} of its answers still apply{}",
                        stopped
                            .map(|parting| format!("; then {parting}"))
                            .unwrap_or_default()
                    ));
                    format!("resumed, the tree had changed; {before}")
                } else {
                    notice = Some(format!("resumed where the call stopped ({taken} answers)"));
                    format!("resumed; {before}")
                };
                recorder.jump(&tree, walk.current(), &reason);
                recorder
            }
            None => Recorder::new(setting, clock, offset),
        };
        let server = super::calls::seat_server(settings)?.map(Box::new);
        Recording::Store(settings.store.clone(), server, Box::new(recorder))
    };
    let watcher = path
        .filter(|_| asked.watch)
        .map(|p| Watcher::new(&p, parts));
    Ok(Prepared {
        tree,
        walk,
        recording,
        notice,
        watcher,
    })
}

/// What is said after a walk, and how tread exits.
fn ended(finished: tui::Finished, settings: &crate::record::config::Settings) -> Outcome {
    not_saved(finished.saved.as_ref());
    if let (id, Some(ending)) = finished.last
        && finished.recorded
    {
        resume_hint(id, ending, settings);
    }
    // Whatever the last call was (the next caller's, not begun, has no ending).
    if finished.recorded {
        say_waiting(settings);
    }
    match finished.ended {
        Ended::Quit | Ended::Interrupted => Ok(()),
        Ended::Signal(n) => Err(Failure::Signal(n)),
    }
}

/// After a call left before its outcome (quit, a signal, the end of input), says on standard
/// error how to take it up again; the store is named when it is not the one tread finds by
/// itself.
fn resume_hint(id: uuid::Uuid, ending: crate::record::Ending, settings: &Settings) {
    use crate::record::Ending;
    if !matches!(
        ending,
        Ending::Quit | Ending::Signal(_) | Ending::InputEnded
    ) {
        return;
    }
    let store = settings.store.as_path();
    // With a shared store, the server: the call is found at this seat or there, and sent
    // there once it ends again.
    let named = match &settings.server {
        Some(url) => Some(url.clone()),
        None if Some(store) == crate::record::config::default_store().as_deref() => None,
        None => Some(store.display().to_string()),
    };
    // Quoted for the shell; a store whose name is not plain text is not repeated at all.
    let (named, after) = match named.as_deref().map(crate::scrub::shell_quoted) {
        None => (String::new(), ""),
        Some(Some(quoted)) => (format!(" --store {quoted}"), ""),
        Some(None) => (String::new(), ", with the same --store"),
    };
    let _ = writeln!(
        std::io::stderr(),
        "The call was left before an outcome; take it up again with `tread --resume {}{named}`{after}.",
        &id.to_string()[..13]
    );
}

/// With a shared store, says on standard error how many ended calls are left waiting at this
/// seat as tread leaves (the server was away), and how they go.
fn say_waiting(settings: &Settings) {
    if settings.server.is_none() {
        return;
    }
    let n = crate::record::outbox::waiting(&settings.store);
    if n > 0 {
        let _ = writeln!(
            std::io::stderr(),
            "note: {} at this seat for the shared store, to be sent with the next call or by `tread store send`",
            crate::record::outbox::waiting_words(n)
        );
    }
}

/// Says on standard error that the call was not saved, and where it is kept, if so.
fn not_saved(saved: Option<&Status>) {
    if let Some(Status::NotSaved { why, kept }) = saved {
        let kept = match kept {
            Some(path) => format!(
                "the call is kept in `{}`",
                crate::scrub::one_line(&path.display().to_string())
            ),
            None => "the call could not be kept in a file either".into(),
        };
        let _ = writeln!(
            std::io::stderr(),
            "warning: the call was not saved to the store ({}); {kept}",
            crate::scrub::one_line(why)
        );
    }
}

/// The walk line by line: answers from `answers` (`2,2,1`) or standard input, the walk on
/// standard output, recorded as any other.
fn plain(
    tree: &crate::tree::Tree,
    mut walk: Walk,
    recording: Recording,
    notice: Option<&str>,
    answers: Option<&str>,
    settings: &Settings,
) -> Outcome {
    let recorded = matches!(recording, Recording::Store(..));
    let (mut recorder, writer) = match recording {
        Recording::Store(path, server, recorder) => {
            let shared = server.map(|target| {
                let target = *target;
                let tell: Box<dyn Fn(crate::record::outbox::Sending) + Send> =
                    Box::new(|sending| {
                        if let crate::record::outbox::Sending::Offline { waiting, why }
                        | crate::record::outbox::Sending::Refused { waiting, why } = sending
                        {
                            let _ = writeln!(
                                std::io::stderr(),
                                "warning: the shared store cannot be used now ({}); {} at this seat, to be sent when it is back",
                                crate::scrub::one_line(&why),
                                crate::record::outbox::waiting_words(waiting)
                            );
                        }
                    });
                (target, tell)
            });
            let writer = crate::record::writer::Writer::start(path, shared, |status| {
                // Said once, when the file the call is kept in is known.
                if let Status::NotSaved {
                    why,
                    kept: Some(kept),
                } = status
                {
                    let _ = writeln!(
                        std::io::stderr(),
                        "warning: this call is not being saved ({}); it is kept in `{}`",
                        crate::scrub::one_line(&why),
                        crate::scrub::one_line(&kept.display().to_string())
                    );
                }
            });
            (*recorder, Some(writer))
        }
        Recording::Off(_) => {
            let seat = Seat {
                seat: String::new(),
                person: String::new(),
            };
            let setting = Setting::new(seat, tree, TreeStamp::of(tree, "", b""));
            (
                Recorder::new(setting, time::OffsetDateTime::now_utc, 0),
                None,
            )
        }
    };
    let send = |r: &mut Recorder| {
        let entries = r.drain();
        if let Some(w) = &writer {
            w.send(entries);
        }
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // What the banner says on the screen (a resumed call) comes first here.
    if let Some(notice) = notice {
        super::output::finished(writeln!(out, "{}", crate::scrub::one_line(notice)))?;
    }
    // Answers given in advance stand in for standard input, one a line; one that does not fit
    // its step stops the walk (`strict`), as the rest would answer the wrong questions.
    let mut input: Box<dyn std::io::BufRead> = match answers {
        Some(list) => {
            let lines: Vec<&str> = list.split(',').map(str::trim).collect();
            Box::new(std::io::Cursor::new(format!("{}\n", lines.join("\n"))))
        }
        None => Box::new(std::io::stdin().lock()),
    };
    let strict = answers.is_some();
    let ended = crate::plain::run(
        tree,
        &mut walk,
        &mut recorder,
        &mut input,
        &mut out,
        strict,
        send,
    );
    // However it ended (a reader who stopped reading too), the call ends in its record.
    recorder.end(crate::record::Ending::Quit);
    if let Some(w) = &writer {
        w.send(recorder.drain());
    }
    not_saved(writer.and_then(|w| w.finish()).as_ref());
    if let (true, Some(ending)) = (recorded, recorder.call().ending) {
        resume_hint(recorder.call().id, ending, settings);
        say_waiting(settings);
    }
    match super::output::finished(ended)? {
        Some(crate::plain::Ended::InputEnded | crate::plain::Ended::Misfit) => {
            Err(Failure::InputEnded)
        }
        _ => Ok(()),
    }
}

/// A tree named on the command line: the path itself, or else the seat's trees directory
/// holding it (with or without `.ron`).
fn find(tree: &Path, trees: Option<&Path>) -> PathBuf {
    if tree.exists() {
        return tree.to_path_buf();
    }
    let Some(dir) = trees else {
        return tree.to_path_buf();
    };
    let named = dir.join(tree);
    if named.exists() {
        return named;
    }
    let with_ron = dir.join(format!("{}.ron", tree.display()));
    if with_ron.exists() {
        with_ron
    } else {
        tree.to_path_buf()
    }
}

/// Takes a resumed call's answers through the tree as far as they still hold (as far as
/// `tread calls replay` finds the same path), and says where they part, if they do: how many
/// were taken, and the parting.
fn follow(
    tree: &crate::tree::Tree,
    walk: &mut Walk,
    call: &crate::record::Call,
) -> (usize, Option<String>) {
    use crate::record::EventKind;
    let found = crate::record::replay::replay(call, tree);
    for event in call.path().into_iter().take(found.matched) {
        let action = match &event.kind {
            EventKind::Jump { node, .. } => tree.find(node).map(Action::Jump),
            // However it was answered, the list was left for its first sign; the signs follow.
            EventKind::Checklist { .. } => Some(Action::Continue),
            EventKind::Step { answer, .. } => match tree.node(walk.current()) {
                crate::tree::Node::Question { choices, .. } => choices
                    .iter()
                    .position(|c| &*c.label == answer)
                    .map(Action::Choose),
                _ => Some(Action::Continue),
            },
            _ => None,
        };
        if action.is_none_or(|action| walk.apply(tree, action).is_err()) {
            break;
        }
    }
    (found.matched, found.parting.map(|(_, p)| p.to_string()))
}

/// Which standard stream is not a terminal, if one is not.
fn not_a_terminal() -> Option<&'static str> {
    if !std::io::stdin().is_terminal() {
        Some("standard input")
    } else if !std::io::stdout().is_terminal() {
        Some("standard output")
    } else {
        None
    }
}
