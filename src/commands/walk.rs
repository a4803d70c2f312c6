//! `tread [TREE]`: walk a tree in the terminal.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use crate::report::{self, Color};
use crate::tree::{self, Loaded, Severity};
use crate::tui::{self, Theme};
use crate::walk::Walk;

/// The bundled tree, compiled in.
pub const BUNDLED: &str = include_str!("../../trees/back-pain-botox.ron");
/// How the bundled tree is named in messages.
pub const BUNDLED_NAME: &str = "trees/back-pain-botox.ron";

/// Walks the tree at `path`, or the bundled one.
pub fn run(path: Option<&Path>) -> ExitCode {
    let (name, loaded) = match path {
        Some(path) => match tree::file::read(path) {
            Ok(bytes) => (path.display().to_string(), tree::load(bytes)),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
        None => (
            BUNDLED_NAME.to_string(),
            tree::load_text(BUNDLED.to_string()),
        ),
    };
    let Some(tree) = walkable(&name, loaded) else {
        return ExitCode::from(1);
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
    let theme = if super::check::no_color() {
        Theme::PLAIN
    } else {
        Theme::COLOR
    };
    match tui::run(tree, walk, theme) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: the terminal failed: {e}");
            ExitCode::from(2)
        }
    }
}

/// The tree, or every error printed to standard error and `None`.
fn walkable(name: &str, loaded: Loaded) -> Option<tree::Tree> {
    if !loaded.has_errors() {
        return loaded.tree;
    }
    let color = if std::io::stderr().is_terminal() && !super::check::no_color() {
        Color::Always
    } else {
        Color::Never
    };
    let mut text = String::new();
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .collect();
    for d in &errors {
        report::render(&mut text, name, &loaded.text, d, color);
        text.push('\n');
    }
    text.push_str(&format!(
        "error: `{name}` cannot be walked: {} (`tread check {name}` lists warnings too)\n",
        report::counts(errors.len(), 0)
    ));
    eprint!("{text}");
    None
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
