//! Opening a tree that must check clean before a command can use it.

use std::io::{IsTerminal, Write};
use std::path::Path;

use crate::failure::Failure;
use crate::report::{self, Color};
use crate::tree::{self, Severity, Tree};

/// The bundled tree, compiled in.
pub const BUNDLED: &str = include_str!("../../trees/back-pain-botox.ron");
/// How the bundled tree is named in messages.
pub const BUNDLED_NAME: &str = "trees/back-pain-botox.ron";

/// A tree read from `path` (or the bundled one) with no errors, and its name for messages; or,
/// with every error printed to standard error, why not. `purpose` finishes "cannot be …" in the
/// message: "walked", "drawn".
pub fn open(path: Option<&Path>, purpose: &str) -> Result<(String, Tree), Failure> {
    open_stamped(path, purpose).map(|(name, tree, _)| (name, tree))
}

/// As [`open`], with the SHA-256 of the file's bytes, for the record of a call.
pub fn open_stamped(path: Option<&Path>, purpose: &str) -> Result<(String, Tree, String), Failure> {
    let (name, sha256, loaded) = match path {
        Some(path) => match tree::file::read(path) {
            Ok(bytes) => (
                path.display().to_string(),
                crate::record::sha256(&bytes),
                tree::load(bytes),
            ),
            Err(e) => return Err(Failure::File(e)),
        },
        None => (
            BUNDLED_NAME.to_string(),
            crate::record::sha256(BUNDLED.as_bytes()),
            tree::load_text(BUNDLED.to_string()),
        ),
    };
    if !loaded.has_errors() {
        return loaded
            .tree
            .map(|t| (name, t, sha256))
            .ok_or(Failure::Problems);
    }
    let color = Color::for_stream(std::io::stderr().is_terminal());
    let mut text = String::new();
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .collect();
    let lines = crate::tree::span::Lines::new(&loaded.text);
    for d in &errors {
        report::render(&mut text, &name, &lines, d, color);
        text.push('\n');
    }
    let name = crate::scrub::one_line(&name);
    text.push_str(&format!(
        "error: `{name}` cannot be {purpose}: {} (`tread check {name}` lists warnings too)\n",
        report::counts(errors.len(), 0)
    ));
    // Standard error may be gone (a closed terminal): nothing is left to tell.
    let _ = std::io::stderr().write_all(text.as_bytes());
    Err(Failure::Problems)
}
