//! `tread [TREE]`: walk a tree in the terminal.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use crate::tui::{self, Ended, Theme};
use crate::walk::Walk;
use crate::watch::Watcher;

pub use super::open::{BUNDLED, BUNDLED_NAME};

/// Walks the tree at `path`, or the bundled one; with `watch`, reloads it after each edit.
pub fn run(path: Option<&Path>, watch: bool) -> ExitCode {
    let (name, tree) = match super::open::open(path, "walked") {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let walk = match Walk::new(&tree) {
        Ok(walk) => walk,
        Err(refusal) => {
            eprintln!("error: {name}: {refusal}");
            return ExitCode::from(1);
        }
    };
    if let Some(which) = not_a_terminal() {
        eprintln!(
            "error: the walk is full-screen and {which} is not a terminal; \
             run tread in a terminal (`tread check` works in pipes)"
        );
        return ExitCode::from(2);
    }
    let theme = if crate::report::no_color() {
        Theme::PLAIN
    } else {
        Theme::COLOR
    };
    let watcher = path.filter(|_| watch).map(Watcher::new);
    match tui::run(tree, walk, theme, watcher) {
        Ok(Ended::Quit) => ExitCode::SUCCESS,
        // The shell's convention for a process ended by a signal: 128 + its number.
        Ok(Ended::Signal(n)) => ExitCode::from(128 + n as u8),
        Err(e) => {
            eprintln!("error: the terminal failed: {e}");
            ExitCode::from(2)
        }
    }
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
