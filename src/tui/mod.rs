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

use crate::tree::Tree;
use crate::walk::Walk;

pub use app::App;
pub use theme::Theme;

/// The terminal tread draws on: crossterm, written through a buffer so that a frame goes out in
/// one write.
pub type Term = Terminal<CrosstermBackend<BufWriter<Stdout>>>;

/// Runs the full-screen walk until the person quits. The terminal is put back afterwards, and
/// after a panic too (ratatui's hook).
pub fn run(tree: Tree, walk: Walk, theme: Theme) -> io::Result<()> {
    // Raw mode, the alternate screen, and the panic hook that undoes both.
    drop(ratatui::try_init()?);
    let result = event_loop(tree, walk, theme);
    ratatui::restore();
    result
}

fn event_loop(tree: Tree, walk: Walk, theme: Theme) -> io::Result<()> {
    let backend = CrosstermBackend::new(BufWriter::with_capacity(1 << 16, io::stdout()));
    let mut terminal: Term = Terminal::new(backend)?;
    let size = terminal.size()?;
    let mut app = App::new(tree, walk, (size.width, size.height), theme);
    while !app.quit {
        terminal.draw(|frame| frame.render_widget(&app, frame.area()))?;
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
    Ok(())
}
