//! `tread check`: every problem in every file, in one run.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::report::{self, Color};
use crate::tree::{self, FileError, Severity};

/// Checks files and directories, printing every diagnostic to standard output.
pub fn run(paths: &[PathBuf]) -> ExitCode {
    let color = if std::io::stdout().is_terminal() && !no_color() {
        Color::Always
    } else {
        Color::Never
    };
    let mut out = std::io::stdout().lock();
    let (mut files, mut errors, mut warnings, mut unreadable) = (0, 0, 0, 0);
    for path in paths {
        let found = match expand(path) {
            Ok(found) => found,
            Err(e) => {
                eprintln!("error: {e}");
                unreadable += 1;
                continue;
            }
        };
        if found.is_empty() {
            eprintln!("error: `{}` holds no .ron files", path.display());
            unreadable += 1;
        }
        for file in found {
            let bytes = match tree::file::read(&file) {
                Ok(bytes) => bytes,
                Err(e) => {
                    eprintln!("error: {e}");
                    unreadable += 1;
                    continue;
                }
            };
            files += 1;
            let loaded = tree::load(bytes);
            let name = file.display().to_string();
            let mut text = String::new();
            for d in &loaded.diagnostics {
                report::render(&mut text, &name, &loaded.text, d, color);
                text.push('\n');
            }
            let e = loaded
                .diagnostics
                .iter()
                .filter(|d| d.severity() == Severity::Error)
                .count();
            let w = loaded.diagnostics.len() - e;
            (errors, warnings) = (errors + e, warnings + w);
            let verdict = if e + w == 0 {
                "ok".to_string()
            } else {
                report::counts(e, w)
            };
            text.push_str(&format!("{name}: {verdict}\n"));
            if out.write_all(text.as_bytes()).is_err() {
                return ExitCode::from(2);
            }
        }
    }
    if files > 1 {
        let _ = writeln!(
            out,
            "checked {files} files: {}",
            report::counts(errors, warnings)
        );
    }
    let _ = out.flush();
    if unreadable > 0 {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `NO_COLOR` set to anything but the empty string turns colour off (no-color.org).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// A file as itself; a directory as every `*.ron` file below it, sorted, not following links.
fn expand(path: &Path) -> Result<Vec<PathBuf>, FileError> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => FileError::NotFound(path.to_path_buf()),
        _ => FileError::Io(path.to_path_buf(), e),
    })?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut dirs = vec![path.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| FileError::Io(dir.clone(), e))?;
        for entry in entries {
            let entry = entry.map_err(|e| FileError::Io(dir.clone(), e))?;
            let kind = entry
                .file_type()
                .map_err(|e| FileError::Io(entry.path(), e))?;
            let p = entry.path();
            if kind.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "ron") {
                found.push(p);
            }
        }
    }
    found.sort();
    Ok(found)
}
