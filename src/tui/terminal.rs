//! Taking the terminal, and giving it back: on quitting, on a signal, and around a suspend.
//!
//! ratatui owns the terminal (`ratatui::try_init` enters raw mode and the alternate screen and
//! installs the panic hook that undoes both). It has no call for taking the terminal back after
//! a suspend without installing that hook a second time, so [`resume`] does those two steps
//! itself, with the same crossterm commands.

use std::io::{self, BufWriter, stdout};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use std::sync::atomic::{AtomicBool, Ordering};

use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{Clear, ClearType, EnterAlternateScreen, enable_raw_mode};
use signal_hook::consts::SIGTSTP;

use super::Term;

/// Whether the walk takes the mouse (set by [`enter`], kept for [`resume`]).
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Raw mode, the alternate screen, and the panic hook that puts both back; with `mouse`, clicks
/// and the wheel come to tread (and text is selected with Shift held, as terminals allow).
pub fn enter(mouse: bool) -> io::Result<()> {
    drop(ratatui::try_init()?);
    MOUSE.store(mouse, Ordering::Relaxed);
    // A paste arrives as one event, which the walk ignores, never as key presses that answer.
    execute!(stdout(), EnableBracketedPaste)?;
    if mouse {
        execute!(stdout(), EnableMouseCapture)?;
    }
    Ok(())
}

/// The terminal as it was before tread: raw mode off, the alternate screen left, the cursor
/// shown. Failures are ignored: after a hang-up there is no terminal left to repair.
pub fn leave() {
    if MOUSE.load(Ordering::Relaxed) {
        let _ = execute!(stdout(), DisableMouseCapture);
    }
    let _ = execute!(stdout(), DisableBracketedPaste);
    let _ = ratatui::try_restore();
    let _ = execute!(stdout(), Show);
}

/// `true` once the terminal tread draws on has hung up (closed, or its connection gone).
///
/// The input thread cannot say so: after a hang-up crossterm's reader retries forever, so when
/// no `SIGHUP` arrives (ignored, blocked, or sent elsewhere) the event loop asks this itself
/// whenever it has waited [`ALIVE`] for an event.
pub fn gone() -> bool {
    use rustix::event::{PollFd, PollFlags, poll};
    let out = stdout();
    let mut fds = [PollFd::new(&out, PollFlags::empty())];
    let zero = rustix::event::Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    match poll(&mut fds, Some(&zero)) {
        Ok(_) => fds[0]
            .revents()
            .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL),
        Err(_) => true,
    }
}

/// How long the event loop waits for an event before it asks whether the terminal is [`gone`].
pub const ALIVE: std::time::Duration = std::time::Duration::from_secs(1);

/// Lets a terminal go: its cursor shown again if it can be. When it cannot (the terminal has
/// hung up), the value is forgotten rather than dropped, because ratatui's `Drop` would report
/// the failure with `eprintln!`, which panics when standard error has gone with the terminal.
pub fn close(mut terminal: Term) {
    if terminal.show_cursor().is_err() {
        std::mem::forget(terminal);
    }
}

/// A terminal to draw on, through a buffer so that a frame goes out in one write. Its buffers
/// start empty, so its first frame draws every cell that is not blank.
pub fn term() -> io::Result<Term> {
    let backend = CrosstermBackend::new(BufWriter::with_capacity(1 << 16, stdout()));
    Terminal::new(backend)
}

/// Hands the terminal back and stops the process as the shell expects (`SIGTSTP`'s default),
/// then, once continued with `fg`, takes the terminal again for a whole new frame.
pub fn suspend(terminal: &mut Term) -> io::Result<()> {
    leave();
    signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
    resume(terminal)
}

/// Clears the screen and starts a fresh [`term`], so that the next frame draws every cell.
/// (Not `Terminal::clear`, for the reason given at [`resume`].)
pub fn redraw_whole(terminal: &mut Term) -> io::Result<()> {
    execute!(stdout(), Clear(ClearType::All))?;
    close(std::mem::replace(terminal, term()?));
    Ok(())
}

/// Takes the terminal again after the process was stopped and continued: raw mode, the
/// alternate screen cleared, and a fresh [`term`] so that the next frame is drawn whole.
///
/// (ratatui's `Terminal::clear` would ask the terminal where its cursor is, and the answer
/// would go to the input thread, which is already waiting for a key.)
pub fn resume(terminal: &mut Term) -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableBracketedPaste,
        Clear(ClearType::All)
    )?;
    if MOUSE.load(Ordering::Relaxed) {
        execute!(stdout(), EnableMouseCapture)?;
    }
    close(std::mem::replace(terminal, term()?));
    Ok(())
}
