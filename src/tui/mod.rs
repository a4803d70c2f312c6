//! The full-screen face: keys become commands, commands change the app, the view draws it.

pub mod app;
mod events;
pub mod keys;
mod terminal;
pub mod theme;
pub mod view;

use std::io::{self, BufWriter, Stdout};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::Event as Input;
use signal_hook::consts::{SIGCONT, SIGTSTP};

use std::time::Instant;

use crate::tree::Tree;
use crate::walk::Walk;
use crate::watch::{self, Watcher};

pub use app::App;
use events::{Event, Events};
use keys::Command;
pub use theme::Theme;

/// The terminal tread draws on: crossterm, written through a buffer so that a frame goes out in
/// one write.
pub type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// How the walk ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// The person quit.
    Quit,
    /// A signal ended it (`SIGINT`, `SIGTERM`, `SIGHUP`), by number.
    Signal(i32),
}

/// Runs the full-screen walk until the person quits or a signal ends it. The terminal is put
/// back in every case: after a quit, a signal, an error, and a panic (ratatui's hook).
///
/// With a watcher, the file is looked at every [`watch::TICK`] and the tree reloaded after an edit.
pub fn run(tree: Tree, walk: Walk, theme: Theme, watcher: Option<Watcher>) -> io::Result<Ended> {
    terminal::enter()?;
    let result = Events::start().and_then(|events| event_loop(tree, walk, theme, watcher, &events));
    terminal::leave();
    result
}

fn event_loop(
    tree: Tree,
    walk: Walk,
    theme: Theme,
    mut watcher: Option<Watcher>,
    events: &Events,
) -> io::Result<Ended> {
    let mut terminal = terminal::term()?;
    let result = walk_on(&mut terminal, tree, walk, theme, watcher.as_mut(), events);
    terminal::close(terminal);
    result
}

fn walk_on(
    terminal: &mut Term,
    tree: Tree,
    walk: Walk,
    theme: Theme,
    mut watcher: Option<&mut Watcher>,
    events: &Events,
) -> io::Result<Ended> {
    let size = terminal.size()?;
    let mut app = App::new(tree, walk, (size.width, size.height), theme);
    let mut dirty = true;
    // Set when the last frame held a grapheme whose width the terminal may see otherwise than
    // ratatui: the next frame is drawn on a cleared screen, so no fragment of it stays.
    let mut uncertain = false;
    while !app.quit {
        if dirty {
            if uncertain {
                terminal::redraw_whole(terminal)?;
            }
            // Drawing measures how far each text can scroll; the app keeps that for its next
            // command.
            let mut limits = None;
            let frame = terminal
                .draw(|frame| limits = view::draw(&app, frame.area(), frame.buffer_mut()))?;
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
        let event = events.next(Some(tick));
        if event.is_none() && terminal::gone() {
            return Err(io::Error::other("the terminal has closed"));
        }
        if let Some(event) = event {
            dirty = true;
            match event {
                Event::Input(Input::Key(key)) => match keys::command(key) {
                    Some(Command::Suspend) => terminal::suspend(terminal)?,
                    Some(command) => app.update(command),
                    None => {}
                },
                // A resize is drawn, and measured, by the next frame; a paste answers nothing.
                Event::Input(_) => {}
                Event::Signal(SIGTSTP) => terminal::suspend(terminal)?,
                Event::Signal(SIGCONT) => terminal::resume(terminal)?,
                Event::Signal(signal) => return Ok(Ended::Signal(signal)),
                Event::Failed(e) => return Err(e),
            }
        }
        if let Some(watcher) = watcher.as_deref_mut()
            && let Some(reload) = watcher.poll(Instant::now())
        {
            app.reload(reload, &watcher.name());
            dirty = true;
        }
    }
    Ok(Ended::Quit)
}
