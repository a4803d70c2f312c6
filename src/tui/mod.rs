//! The full-screen face: keys become commands, commands change the app, the view draws it.

pub mod app;
pub mod charts;
mod events;
pub mod keys;
mod library;
mod requests;
mod terminal;
pub mod theme;
pub mod view;

use std::io::{self, BufWriter, Stdout};
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{Event as Input, KeyEvent, KeyModifiers};
use signal_hook::consts::{SIGCONT, SIGTSTP};

use std::time::{Duration, Instant};

use crate::record::outbox::Sending;
use crate::record::server::Target;
use crate::record::writer::{Status, Writer};
use crate::record::{Ending, Recorder};
use crate::tree::Tree;
use crate::walk::Walk;
use crate::watch::{self, Watcher};

pub use app::App;
use events::{Event, Events};
use keys::{Command, Typing};
pub use theme::Theme;

/// The terminal tread draws on: crossterm, written through a buffer so that a frame goes out in
/// one write.
pub type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// How the walk ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// The person quit (in a library, back to the list).
    Quit,
    /// The person left with Ctrl-C: tread ends, even in a library.
    Interrupted,
    /// A signal ended it (`SIGINT`, `SIGTERM`, `SIGHUP`), by number.
    Signal(i32),
}

/// Whether and where the walk is recorded.
pub enum Recording {
    /// Not recorded, for this reason (shown in the title bar).
    Off(&'static str),
    /// Recorded in the store at this path, as this recorder says; with a shared server, each
    /// call sent to it once it ends.
    Store(PathBuf, Option<Box<Target>>, Box<Recorder>),
}

/// What the walk starts with.
pub struct Start {
    pub tree: Tree,
    pub walk: Walk,
    pub theme: Theme,
    pub watcher: Option<Watcher>,
    pub recording: Recording,
    /// A message to show in the banner from the start (a resumed call).
    pub notice: Option<String>,
    /// Whether clicks and the wheel come to tread.
    pub mouse: bool,
    /// A quiz of the tree's cases, instead of a call.
    pub quiz: Option<crate::learn::Quiz>,
}

/// How the walk went: how it ended, and whether its calls were saved (`None` when not
/// recorded).
pub struct Finished {
    pub ended: Ended,
    pub saved: Option<Status>,
    /// The last call, and how it ended.
    pub last: (uuid::Uuid, Option<Ending>),
    /// Whether the walk was recorded.
    pub recorded: bool,
    /// The rounds of the quiz, as they ended, when the walk was one (the first, then each retry
    /// of the cases missed).
    pub rounds: Vec<crate::learn::Quiz>,
}

/// Runs the full-screen walk until the person quits or a signal ends it. The terminal is put
/// back in every case: after a quit, a signal, an error, and a panic (ratatui's hook). The call
/// is ended in its record in every case too, a panic included (as crashed), before tread goes.
///
/// With a watcher, the file is looked at every [`watch::TICK`] and the tree reloaded after an edit.
pub fn run(start: Start) -> io::Result<Finished> {
    terminal::enter(start.mouse)?;
    let result = Events::start().and_then(|events| event_loop(start, &events));
    terminal::leave();
    result
}

/// Runs a library: the trees below a directory, to choose one from. `make` sets up the walk of
/// the tree chosen (or says why it cannot be walked); the walk then runs as [`run`] does, in
/// the same terminal session. `None` when the person leaves without choosing.
pub fn run_library(
    books: Vec<crate::library::Book>,
    theme: Theme,
    mouse: bool,
    mut make: impl FnMut(&crate::library::Book) -> Result<Start, String>,
) -> io::Result<Vec<Finished>> {
    terminal::enter(mouse)?;
    let result = Events::start().and_then(|events| {
        // Each walk quit goes back to the list; Ctrl-C or a signal ends tread.
        let mut walks = Vec::new();
        while let Some(start) = library::choose(&books, theme, &events, &mut make)? {
            let finished = event_loop(start, &events)?;
            let again = finished.ended == Ended::Quit;
            walks.push(finished);
            if !again {
                break;
            }
        }
        Ok(walks)
    });
    terminal::leave();
    result
}

fn event_loop(start: Start, events: &Events) -> io::Result<Finished> {
    let Start {
        tree,
        walk,
        theme,
        mut watcher,
        recording,
        notice,
        mouse: _,
        quiz,
    } = start;
    let mut terminal = terminal::term()?;
    let size = terminal.size()?;
    let mut app = App::new(tree, walk, (size.width, size.height), theme);
    app.notice = notice;
    if app.walk.is_underway() {
        app.screen = app::Screen::Walk(app::Place::default());
    }
    if let Some(quiz) = quiz {
        app.start_quiz(quiz);
    }
    let writer = match recording {
        Recording::Off(why) => {
            app.recording = app::Recording::Off(why);
            None
        }
        Recording::Store(path, server, recorder) => {
            app.record = *recorder;
            app.recording = app::Recording::Starting;
            let wake = events.sender();
            let shared = server.map(|target| {
                let target = *target;
                let wake = events.sender();
                let tell: Box<dyn Fn(Sending) + Send> = Box::new(move |sending| {
                    let _ = wake.send(Event::Sending(sending));
                });
                (target, tell)
            });
            Some(Writer::start(path, shared, move |status| {
                let _ = wake.send(Event::Record(status));
            }))
        }
    };
    let walked = std::panic::catch_unwind(AssertUnwindSafe(|| {
        walk_on(
            &mut terminal,
            &mut app,
            watcher.as_mut(),
            writer.as_ref(),
            events,
        )
    }));
    // However the walk ended, the call ends in its record, with any note still open.
    let ending = match &walked {
        Ok(Ok(Ended::Quit | Ended::Interrupted)) => None,
        Ok(Ok(Ended::Signal(n))) => Some(Ending::Signal(*n)),
        Ok(Err(_)) => Some(Ending::Quit),
        Err(_) => Some(Ending::Crashed),
    };
    app.finish(ending);
    let saved = writer.and_then(|w| {
        w.send(app.record.drain());
        w.finish()
    });
    terminal::close(terminal);
    let last = (app.record.call().id, app.record.call().ending);
    let recorded = !matches!(app.recording, app::Recording::Off(_));
    match walked {
        Ok(ended) => ended.map(|ended| Finished {
            ended,
            saved,
            last,
            recorded,
            rounds: app.rounds.drain(..).chain(app.quiz.take()).collect(),
        }),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

fn walk_on(
    terminal: &mut Term,
    app: &mut App,
    mut watcher: Option<&mut Watcher>,
    writer: Option<&Writer>,
    events: &Events,
) -> io::Result<Ended> {
    let mut dirty = true;
    // Set when the last frame held a grapheme whose width the terminal may see otherwise than
    // ratatui: the next frame is drawn on a cleared screen, so no fragment of it stays.
    let mut uncertain = false;
    while !app.quit {
        if let Some(writer) = writer {
            writer.send(app.record.drain());
        }
        for request in std::mem::take(&mut app.requests) {
            app.flash = Some(requests::carry_out(request, terminal.backend_mut()));
        }
        if dirty {
            if uncertain {
                terminal::redraw_whole(terminal)?;
            }
            // Drawing measures how far each text can scroll; the app keeps that for its next
            // command.
            let mut limits = None;
            let frame = terminal
                .draw(|frame| limits = view::draw(app, frame.area(), frame.buffer_mut()))?;
            uncertain = frame
                .buffer
                .content
                .iter()
                .any(|cell| crate::scrub::uncertain_width(cell.symbol()));
            if let Some(limits) = limits {
                app.measured(limits);
            }
            dirty = false;
        }
        // Wait for the next event; with a file to watch, look at it each tick. A wait that
        // ends with nothing asks whether the terminal has hung up.
        let tick = watcher.as_ref().map_or(terminal::ALIVE, |_| watch::TICK);
        let mut next = events.next(Some(tick));
        if next.is_none() && terminal::gone() {
            return Err(io::Error::other("the terminal has closed"));
        }
        // Every event already waiting is taken before the next frame, so keys and signals never
        // queue behind slow frames. Keys typed ahead onto a list of warning signs, before it
        // was ever shown, are dropped: there a digit marks a sign (a "2" meant as "no" to the
        // question before would mark the list's second sign).
        let mut onto_list = false;
        let mut dropped = 0;
        while let Some(event) = next.take() {
            dirty = true;
            let at = app.walk.current();
            if let Event::Input(Input::Key(key)) = &event
                && onto_list
                && !key.modifiers.contains(KeyModifiers::CONTROL)
            {
                dropped += 1;
                next = events.next(Some(Duration::ZERO));
                continue;
            }
            match event {
                // Esc and a key at once arrive as Alt and the key: the note closes, and the key
                // means what it means.
                Event::Input(Input::Key(key))
                    if app.typing() && key.modifiers.contains(KeyModifiers::ALT) =>
                {
                    app.update(Command::CloseNote);
                    let key = KeyEvent::new(key.code, key.modifiers - KeyModifiers::ALT);
                    if let Some(command) = keys::command(key) {
                        app.update(command);
                    }
                }
                Event::Input(Input::Key(key)) if app.typing() => match keys::typing(key) {
                    Some(Typing::Command(Command::Suspend)) => terminal::suspend(terminal)?,
                    Some(Typing::Command(command)) => app.update(command),
                    Some(Typing::Text(input)) => app.type_key(input),
                    None => {}
                },
                Event::Input(Input::Key(key)) => match keys::command(key) {
                    Some(Command::Suspend) => terminal::suspend(terminal)?,
                    Some(command) => app.update(command),
                    None => {}
                },
                Event::Input(Input::Mouse(event)) if !app.typing() => {
                    if let Some(command) = keys::mouse(event) {
                        app.update(command);
                    }
                }
                // A paste goes into an open note as one piece; elsewhere it answers nothing.
                Event::Input(Input::Paste(text)) => app.paste(&text),
                // A resize is drawn, and measured, by the next frame.
                Event::Input(_) => {}
                Event::Record(status) => app.recording = status.into(),
                Event::Sending(sending) => app.sending = sending.words(),
                Event::Signal(SIGTSTP) => terminal::suspend(terminal)?,
                Event::Signal(SIGCONT) => terminal::resume(terminal)?,
                Event::Signal(signal) => return Ok(Ended::Signal(signal)),
                Event::Failed(e) => return Err(e),
            }
            if app.walk.current() != at && matches!(app.node(), crate::tree::Node::Checklist { .. })
            {
                onto_list = true;
            }
            if !app.quit {
                next = events.next(Some(Duration::ZERO));
            }
        }
        if dropped > 0 {
            app.flash = Some(format!(
                "{dropped} key{} typed ahead not taken: this is a list of signs, read it first",
                if dropped == 1 { "" } else { "s" }
            ));
        }
        if let Some(watcher) = watcher.as_deref_mut()
            && let Some(reload) = watcher.poll(Instant::now())
        {
            app.reload(reload, &watcher.name());
            dirty = true;
        }
    }
    Ok(if app.interrupted {
        Ended::Interrupted
    } else {
        Ended::Quit
    })
}
