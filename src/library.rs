//! A library of trees: every tree file below a directory, each read and checked, with what a
//! person choosing one needs to see (its title, its size, when it changed, whether it checks).
//! The bundled tree is always there (once: a file here that is the same tree stands for it).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::tree::{self, Counts, Severity};

/// Where a tree of the library comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The tree tread carries.
    Bundled,
    /// A file.
    File(PathBuf),
}

/// How a tree checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Health {
    /// No problems, or warnings only (how many).
    Walkable { warnings: usize },
    /// Errors: how many, and the first as `line:col: message`. Never walked.
    Broken { errors: usize, first: String },
}

/// One tree of the library.
#[derive(Clone, Debug)]
pub struct Book {
    pub origin: Origin,
    /// The tree's title, or the file's name when it has none to read.
    pub title: String,
    /// Its nodes by kind, when it could be read.
    pub counts: Option<Counts>,
    /// When the file last changed.
    pub changed: Option<SystemTime>,
    pub health: Health,
}

impl Book {
    /// Whether it may be walked.
    pub fn walkable(&self) -> bool {
        matches!(self.health, Health::Walkable { .. })
    }

    /// The file's path as shown, or `(bundled)`.
    pub fn place(&self) -> String {
        match &self.origin {
            Origin::Bundled => "(bundled)".into(),
            Origin::File(p) => p.display().to_string(),
        }
    }
}

/// Whether a file below a library is a tree file: `*.ron`, and not a file of cases (which
/// live beside trees, as `*.cases.ron`) or of shared nodes (`*.parts.ron`, used by trees).
pub fn is_tree_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    name.ends_with(".ron") && !name.ends_with(".cases.ron") && !name.ends_with(".parts.ron")
}

/// Every tree below `dir` (sorted, links inside not followed), then the bundled one.
pub fn open(dir: &Path) -> std::io::Result<Vec<Book>> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            let kind = entry.file_type()?;
            let path = entry.path();
            if kind.is_dir() {
                dirs.push(path);
            } else if kind.is_file() && is_tree_file(&path) {
                files.push(path);
            }
        }
    }
    files.sort();
    // The bundled tree is listed once: not again when a file here is the same tree, byte for
    // byte (a copy of `trees/`, say).
    let bundled_bytes = crate::commands::walk::BUNDLED.as_bytes();
    let copy = files.iter().any(|f| {
        std::fs::metadata(f).is_ok_and(|m| m.len() == bundled_bytes.len() as u64)
            && std::fs::read(f).is_ok_and(|b| b == bundled_bytes)
    });
    let mut books: Vec<Book> = files.into_iter().map(read).collect();
    if !copy {
        books.push(bundled());
    }
    Ok(books)
}

fn read(path: PathBuf) -> Book {
    let changed = std::fs::metadata(&path).and_then(|m| m.modified()).ok();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let loaded = match tree::load_file(&path) {
        Ok(loaded) => loaded,
        Err(e) => {
            return Book {
                origin: Origin::File(path),
                title: name,
                counts: None,
                changed,
                health: Health::Broken {
                    errors: 1,
                    first: e.to_string(),
                },
            };
        }
    };
    described(Origin::File(path), name, changed, loaded)
}

fn bundled() -> Book {
    let loaded = tree::load_text(crate::commands::walk::BUNDLED.to_string());
    described(Origin::Bundled, "bundled tree".into(), None, loaded)
}

fn described(
    origin: Origin,
    name: String,
    changed: Option<SystemTime>,
    loaded: tree::Loaded,
) -> Book {
    let (errors, warnings) = loaded.counts();
    let health = if errors == 0 {
        Health::Walkable { warnings }
    } else {
        let first = loaded
            .diagnostics
            .iter()
            .find(|d| d.severity() == Severity::Error)
            .map(|d| {
                let at = d.span.start_in(loaded.text_of(d.file));
                let place = match d.file {
                    0 => String::new(),
                    n => format!("{}:", loaded.name_of(n, "")),
                };
                format!("{place}{}:{}: {}", at.line, at.col, d.problem.message())
            })
            .unwrap_or_default();
        Health::Broken { errors, first }
    };
    let (title, counts) = match &loaded.tree {
        Some(t) => (t.title.to_string(), Some(t.counts())),
        None => (name, None),
    };
    Book {
        origin,
        title,
        counts,
        changed,
        health,
    }
}

/// The books whose title or file name hold every word of `filter` (any case), in order.
pub fn filter<'b>(books: &'b [Book], filter: &str) -> Vec<(usize, &'b Book)> {
    let words: Vec<String> = filter.split_whitespace().map(str::to_lowercase).collect();
    books
        .iter()
        .enumerate()
        .filter(|(_, b)| {
            let hay = format!("{} {}", b.title, b.place()).to_lowercase();
            words.iter().all(|w| hay.contains(w))
        })
        .collect()
}
