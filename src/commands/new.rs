//! `tread new PATH`: a starter tree that checks clean, with comments on every field.

use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::Path;
use std::process::ExitCode;

/// The starter tree; a test checks that it checks clean.
pub const STARTER: &str = include_str!("starter.ron");

/// Writes the starter tree to `path`, never over an existing file.
pub fn run(path: &Path) -> ExitCode {
    let file = OpenOptions::new().write(true).create_new(true).open(path);
    let mut file = match file {
        Ok(file) => file,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            eprintln!(
                "error: `{}` already exists; tread new never overwrites a file",
                path.display()
            );
            return ExitCode::from(2);
        }
        Err(e) => {
            eprintln!("error: `{}` cannot be created: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    if let Err(e) = file
        .write_all(STARTER.as_bytes())
        .and_then(|()| file.sync_all())
    {
        // Never leave half a tree behind.
        drop(file);
        let _ = std::fs::remove_file(path);
        eprintln!("error: `{}` could not be written: {e}", path.display());
        return ExitCode::from(2);
    }
    let done = format!(
        "wrote {}: walk it with `tread {0}`, check it with `tread check {0}`\n",
        path.display()
    );
    super::output::print(done.as_bytes())
}
