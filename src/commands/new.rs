//! `tread new PATH`: a starter tree that checks clean, with comments on every field.

use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::Path;

use crate::failure::{Failure, Outcome};

/// The starter tree; a test checks that it checks clean.
pub const STARTER: &str = include_str!("starter.ron");

/// Writes the starter tree to `path`, never over an existing file.
pub fn run(path: &Path) -> Outcome {
    let file = OpenOptions::new().write(true).create_new(true).open(path);
    let mut file = match file {
        Ok(file) => file,
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            return Err(Failure::Exists(path.to_path_buf()));
        }
        Err(e) => return Err(Failure::CannotCreate(path.to_path_buf(), e)),
    };
    if let Err(e) = file
        .write_all(STARTER.as_bytes())
        .and_then(|()| file.sync_all())
    {
        // Never leave half a tree behind.
        drop(file);
        let _ = std::fs::remove_file(path);
        return Err(Failure::CannotWrite(path.to_path_buf(), e));
    }
    let done = format!(
        "wrote {}: walk it with `tread {0}`, check it with `tread check {0}`\n",
        crate::scrub::one_line(&path.display().to_string())
    );
    super::output::print(done.as_bytes())
}
