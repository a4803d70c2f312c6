//! Watching a tree file for edits, for live reload while an author works.
//!
//! The file's stamp (modification time, length and, on Unix, inode) is compared on every tick,
//! so an edit in place and an editor's save by writing a new file and renaming it over the old
//! one are both seen. A change is acted on once the stamp has been still for [`SETTLE`], so a
//! save in several writes reloads once, with the finished file.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use std::fmt;

use crate::tree::span::LineCol;
use crate::tree::{self, Diagnostic, FileError, Severity, Tree};

/// How long a changed file must stay unchanged before it is read.
pub const SETTLE: Duration = Duration::from_millis(150);

/// How often the event loop looks at the file.
pub const TICK: Duration = Duration::from_millis(100);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    inode: u64,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    let inode = std::os::unix::fs::MetadataExt::ino(&meta);
    #[cfg(not(unix))]
    let inode = 0;
    Some(Stamp {
        modified: meta.modified().ok(),
        len: meta.len(),
        inode,
    })
}

/// What an edit turned out to be.
pub enum Reload {
    /// A tree that checks clean: walk this one now.
    Tree(Box<Tree>),
    /// The edit does not check, or the file cannot be read. The last good tree stays.
    Failed(Failed),
}

/// Why an edit was not taken.
#[derive(Debug)]
pub enum Failed {
    /// The file cannot be read.
    Unreadable(FileError),
    /// The first error, at its line and column, and how many errors there are; `file` names
    /// the file it is in when that is a file the tree uses.
    Problems {
        diagnostic: Diagnostic,
        at: LineCol,
        file: Option<String>,
        errors: usize,
    },
}

impl fmt::Display for Failed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failed::Unreadable(e) => write!(f, "{e}"),
            Failed::Problems {
                diagnostic,
                at,
                file,
                errors,
            } => {
                write!(
                    f,
                    "{}:{}: {}",
                    at.line,
                    at.col,
                    diagnostic.problem.message()
                )?;
                if let Some(file) = file {
                    write!(f, " (in {file})")?;
                }
                if *errors > 1 {
                    write!(f, " (and {} more)", errors - 1)?;
                }
                Ok(())
            }
        }
    }
}

/// One watched tree file, and the files it uses.
pub struct Watcher {
    path: PathBuf,
    /// The files the tree used when last read: an edit to one reloads the tree too.
    parts: Vec<PathBuf>,
    seen: Vec<Option<Stamp>>,
    changed_at: Option<Instant>,
}

impl Watcher {
    /// Watches `path` and the files `parts` (those it uses), taking their current state as
    /// already loaded.
    pub fn new(path: &Path, parts: Vec<PathBuf>) -> Watcher {
        let mut watcher = Watcher {
            path: path.to_path_buf(),
            parts,
            seen: Vec::new(),
            changed_at: None,
        };
        watcher.seen = watcher.stamps();
        watcher
    }

    fn stamps(&self) -> Vec<Option<Stamp>> {
        std::iter::once(&self.path)
            .chain(&self.parts)
            .map(|p| stamp(p))
            .collect()
    }

    /// Looks at the files; once an edit has settled, reads and checks the tree.
    pub fn poll(&mut self, now: Instant) -> Option<Reload> {
        let current = self.stamps();
        if current != self.seen {
            self.seen = current;
            self.changed_at = Some(now);
            return None;
        }
        let changed_at = self.changed_at?;
        if now.duration_since(changed_at) < SETTLE {
            return None;
        }
        self.changed_at = None;
        Some(self.reload())
    }

    fn reload(&mut self) -> Reload {
        let loaded = match tree::load_file(&self.path) {
            Ok(loaded) => loaded,
            Err(e) => return Reload::Failed(Failed::Unreadable(e)),
        };
        // The files the tree uses now: a new `uses` is watched from here on.
        let parts: Vec<PathBuf> = loaded.parts.iter().map(|p| p.path.clone()).collect();
        if parts != self.parts {
            self.parts = parts;
            self.seen = self.stamps();
        }
        let (errors, _) = loaded.counts();
        let first_error = loaded
            .diagnostics
            .iter()
            .find(|d| d.severity() == Severity::Error);
        // A text that does not decode, or whose start names no node, has an error, so a tree
        // with none always compiled.
        if let Some(d) = first_error {
            return Reload::Failed(Failed::Problems {
                at: d.span.start_in(loaded.text_of(d.file)),
                file: (d.file > 0).then(|| loaded.name_of(d.file, "")),
                diagnostic: d.clone(),
                errors,
            });
        }
        match loaded.tree {
            Some(tree) => Reload::Tree(Box::new(tree.expanded())),
            None => Reload::Failed(Failed::Unreadable(FileError::Io(
                self.path.clone(),
                std::io::Error::other("the file holds no tree"),
            ))),
        }
    }

    /// The watched file's name, for messages.
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }
}
