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
    open_stamped(path, purpose).map(|o| (o.name, o.tree))
}

/// A tree opened for a command, with what a call's record and live reload need.
pub struct Opened {
    /// The file's name for messages.
    pub name: String,
    pub tree: Tree,
    /// The SHA-256 of the file's bytes and of the files it uses.
    pub sha256: String,
    /// The files it uses, to watch with it.
    pub parts: Vec<std::path::PathBuf>,
}

/// As [`open`], with the SHA-256 of the file's bytes, for the record of a call.
pub fn open_stamped(path: Option<&Path>, purpose: &str) -> Result<Opened, Failure> {
    let (name, sha256, loaded) = match path {
        Some(path) => match tree::load_file(path) {
            // The fingerprint covers the files the tree uses, as they are part of it.
            Ok(loaded) => (
                path.display().to_string(),
                crate::record::sha256(&loaded.all_bytes()),
                loaded,
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
        let parts = loaded.parts.iter().map(|p| p.path.clone()).collect();
        return match loaded.tree {
            Some(tree) => Ok(Opened {
                name,
                tree: tree.expanded(),
                sha256,
                parts,
            }),
            // A file with no errors and no tree: shared nodes, with no start of their own.
            None => Err(Failure::PartsOnly(name, purpose.to_string())),
        };
    }
    let color = Color::for_stream(std::io::stderr().is_terminal());
    let mut text = String::new();
    let errors: Vec<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .collect();
    let texts = report::Texts::new(&name, &loaded);
    for d in &errors {
        report::render(&mut text, &texts, d, color);
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
