//! `tread [TREE]`: walk a tree in the terminal.

use std::io::IsTerminal;
use std::path::Path;

use crate::failure::{Failure, Outcome};
use crate::tui::{self, Ended, Theme};
use crate::walk::Walk;
use crate::watch::Watcher;

pub use super::open::{BUNDLED, BUNDLED_NAME};

/// Walks the tree at `path`, or the bundled one; with `watch`, reloads it after each edit.
pub fn run(path: Option<&Path>, watch: bool) -> Outcome {
    let (_, tree) = super::open::open(path, "walked")?;
    let walk = Walk::new(&tree);
    if let Some(which) = not_a_terminal() {
        return Err(Failure::NoTerminal(which));
    }
    let theme = if crate::report::no_color() {
        Theme::PLAIN
    } else {
        Theme::COLOR
    };
    let watcher = path.filter(|_| watch).map(Watcher::new);
    match tui::run(tree, walk, theme, watcher) {
        Ok(Ended::Quit) => Ok(()),
        Ok(Ended::Signal(n)) => Err(Failure::Signal(n)),
        Err(e) => Err(Failure::Terminal(e)),
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
