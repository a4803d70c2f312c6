//! Taking the terminal, and giving it back: on quitting, on a signal, and around a suspend.
//!
//! ratatui owns the terminal (`ratatui::try_init` enters raw mode and the alternate screen and
//! installs the panic hook that undoes both). It has no call for taking the terminal back after
//! a suspend without installing that hook a second time, so [`resume`] does those two steps
//! itself, with the same crossterm commands.

use std::io::{self, stdout};

use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{EnterAlternateScreen, enable_raw_mode};
use signal_hook::consts::SIGTSTP;

use super::Term;

/// Raw mode, the alternate screen, and the panic hook that puts both back.
pub fn enter() -> io::Result<()> {
    drop(ratatui::try_init()?);
    Ok(())
}

/// The terminal as it was before tread: raw mode off, the alternate screen left, the cursor
/// shown. Failures are ignored: after a hang-up there is no terminal left to repair.
pub fn leave() {
    let _ = ratatui::try_restore();
    let _ = execute!(stdout(), Show);
}

/// Hands the terminal back and stops the process as the shell expects (`SIGTSTP`'s default),
/// then, once continued with `fg`, takes the terminal again and draws the whole screen anew.
pub fn suspend(terminal: &mut Term) -> io::Result<()> {
    leave();
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    resume(terminal)
}

/// Takes the terminal again after the process was stopped and continued, and clears it so the
/// next frame is drawn whole.
pub fn resume(terminal: &mut Term) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(stdout(), EnterAlternateScreen)?;
    terminal.clear()
}
