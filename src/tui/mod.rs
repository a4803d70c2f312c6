//! The full-screen face: keys become commands, commands change the app, the view draws it.

pub mod app;
pub mod clean;
pub mod keys;
pub mod theme;
pub mod view;

use std::io::{self, BufWriter, Stdout};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{self, Event};

use std::time::Instant;

use crate::tree::Tree;
use crate::walk::Walk;
use crate::watch::{self, Watcher};

pub use app::App;
pub use theme::Theme;

/// The terminal tread draws on: crossterm, written through a buffer so that a frame goes out in
/// one write.
pub type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Runs the full-screen walk until the person quits. The terminal is put back afterwards, and
/// after a panic too (ratatui's hook).
///
/// With a watcher, the file is looked at every [`watch::TICK`] and the tree reloaded after an edit.
pub fn run(tree: Tree, walk: Walk, theme: Theme, watcher: Option<Watcher>) -> io::Result<()> {
    // Raw mode, the alternate screen, and the panic hook that undoes both.
    drop(ratatui::try_init()?);
    let result = event_loop(tree, walk, theme, watcher);
    ratatui::restore();
    result
}

fn event_loop(
    tree: Tree,
    walk: Walk,
    theme: Theme,
    mut watcher: Option<Watcher>,
) -> io::Result<()> {
    let backend = CrosstermBackend::new(BufWriter::with_capacity(1 << 16, io::stdout()));
    let mut terminal: Term = Terminal::new(backend)?;
    let size = terminal.size()?;
    let mut app = App::new(tree, walk, (size.width, size.height), theme);
    let mut dirty = true;
    while !app.quit {
        if dirty {
            terminal.draw(|frame| frame.render_widget(&app, frame.area()))?;
            dirty = false;
        }
        // Without a file to watch, wait for the next key; with one, look at the file each tick.
        let ready = watcher.is_none() || event::poll(watch::TICK)?;
        if ready {
            dirty = true;
            match event::read()? {
                Event::Key(key) => {
                    if let Some(command) = keys::command(key) {
                        app.update(command);
                    }
                }
                Event::Resize(width, height) => app.resize(width, height),
                _ => {}
            }
        }
        if let Some(watcher) = watcher.as_mut()
            && let Some(reload) = watcher.poll(Instant::now())
        {
            app.reload(reload, &watcher.name());
            dirty = true;
        }
    }
    Ok(())
}
