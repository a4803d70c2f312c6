//! A tree and the files it uses. `uses: ["red-flags.parts.ron"]` brings in a parts file's nodes
//! and sources: they are checked with the tree's own, and every diagnostic is placed in the file
//! it is in. A parts file may use others; a loop of uses is reported, never followed, and a file
//! used twice is read once.

use std::ops::Range;
use std::path::{Path, PathBuf};

use time::Date;

use super::check::{self, Finding, Scope};
use super::decode;
use super::file::{self, FileError};
use super::index::Index;
use super::locate::Locator;
use super::model::{PartsFile, TreeFile};
use super::place::Place;
use super::problem::Problem;
use super::span::Span;
use super::{Diagnostic, Loaded, Tree, date};

/// A file a tree uses, as read.
#[derive(Clone, Debug)]
pub struct Part {
    /// Where it was read from: the using file's folder joined with the path it gave.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// The most files one tree may use, counting those its parts use: far more than a clinic needs,
/// and a hostile chain of files is not read without end.
pub const MAX_PARTS: usize = 100;

/// Whether a file is a parts file: named `*.parts.ron`.
pub fn is_parts_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".parts.ron"))
}

/// Reads and checks the file at `path` (a tree, or a parts file on its own) with every file it
/// uses.
pub fn load_file(path: &Path) -> Result<Loaded, FileError> {
    let bytes = file::read(path)?;
    Ok(load_at(path, bytes))
}

/// As [`load_file`], with the file's bytes already read.
pub fn load_at(path: &Path, bytes: Vec<u8>) -> Loaded {
    match super::text(bytes) {
        Ok(text) => load_in(Some(path), is_parts_file(path), text, date::today()),
        Err((text, span)) => Loaded::failed(text, Problem::InvalidUtf8, span),
    }
}

/// Loads a tree (with `parts`, a parts file on its own) from its text. `path` is where it was
/// read, and the files it uses are found beside it; with no path, in the current folder.
pub(super) fn load_in(path: Option<&Path>, parts: bool, text: String, today: Date) -> Loaded {
    let decoded = if parts {
        decode::decode_as::<PartsFile>(&text).map(as_tree)
    } else {
        decode::decode(&text).map(|tree| (tree, Vec::new()))
    };
    let (tree, external) = match decoded {
        Ok(file) => file,
        Err((problem, span)) => return Loaded::failed(text, problem, span),
    };
    if tree.uses.is_empty() && !parts {
        // One file on its own.
        let index = Index::new(&tree.nodes);
        let findings = check::check(&tree, &index, today, &Scope::alone(&tree));
        let diagnostics = super::locate_all(&text, findings);
        return Loaded {
            text,
            tree: Tree::compile(tree, index),
            diagnostics,
            decoded: true,
            parts: Vec::new(),
        };
    }
    let here = path.unwrap_or(Path::new("tree.ron"));
    let mut reading = Reading {
        files: vec![Read {
            path: here.to_path_buf(),
            text: String::new(),
        }],
        found: Vec::new(),
        decoded: Vec::new(),
        bytes: text.len() as u64,
    };
    let mut stack: Vec<PathBuf> = path
        .and_then(|p| p.canonicalize().ok())
        .into_iter()
        .collect();
    let mut seen = stack.clone();
    reading.visit(0, &tree.uses, &mut stack, &mut seen);
    reading.check(text, tree, external, parts, today)
}

/// A parts file read as a tree with no start, and the ids it needs.
fn as_tree(parts: PartsFile) -> (TreeFile, Vec<Box<str>>) {
    let tree = TreeFile {
        title: parts.title,
        format: parts.format,
        start: "".into(),
        disclaimer: "".into(),
        version: None,
        locale: None,
        signed_off: None,
        review_due: None,
        uses: parts.uses,
        sources: parts.sources,
        nodes: parts.nodes,
    };
    (tree, parts.needs)
}

/// A file read: where from, and its text (the loaded file's own text is kept apart).
struct Read {
    path: PathBuf,
    text: String,
}

/// A parts file that decoded: which file it is, the file that used it and the entry of that
/// file's `uses` that names it.
struct Decoded {
    file: usize,
    parts: PartsFile,
    user: usize,
    entry: usize,
}

/// Where a problem the reading found is: a place in a file, or a span ron gave.
enum At {
    Place(Place),
    Span(Span),
}

/// A problem the reading of uses found, in its file.
struct Found {
    file: usize,
    problem: Problem,
    at: At,
    also: Option<(usize, Place)>,
}

/// The files a tree uses, read one after another.
struct Reading {
    /// Every file read, the loaded one first.
    files: Vec<Read>,
    /// The bytes of the files used, so far.
    bytes: u64,
    found: Vec<Found>,
    decoded: Vec<Decoded>,
}

impl Reading {
    fn found(&mut self, file: usize, problem: Problem, at: At) {
        self.found.push(Found {
            file,
            problem,
            at,
            also: None,
        });
    }

    /// Reads the files named by `uses` in file `user`, and the files they use in turn.
    /// `stack` holds the files being read (a file among them is a loop); `seen` every file read.
    fn visit(
        &mut self,
        user: usize,
        uses: &[Box<str>],
        stack: &mut Vec<PathBuf>,
        seen: &mut Vec<PathBuf>,
    ) {
        let dir = self.files[user]
            .path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        for (j, entry) in uses.iter().enumerate() {
            let at = || At::Place(Place::ListItem("uses", j));
            let path = dir.join(&**entry);
            let shown = path.display().to_string();
            if !is_parts_file(&path) {
                self.found(user, Problem::NotAPartsFile { path: shown }, at());
                continue;
            }
            // A parts file lies in the using file's folder or below, reached without a link:
            // a hostile tree could otherwise name any file, and a syntax error would quote it.
            if let Some(why) = outside(&dir, Path::new(&**entry)) {
                self.found(user, Problem::UsesOutside { path: shown, why }, at());
                continue;
            }
            let unreadable = |why: String| Problem::UsedFileUnreadable {
                path: shown.clone(),
                why,
            };
            let size = match std::fs::symlink_metadata(&path) {
                Ok(meta) => meta.len(),
                Err(e) => {
                    self.found(user, unreadable(why(&FileError::from_io(&path, e))), at());
                    continue;
                }
            };
            let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
            if let Some(k) = stack.iter().position(|p| *p == canonical) {
                let mut chain: Vec<String> =
                    stack[k..].iter().map(|p| name(p, &self.files)).collect();
                chain.push(shown);
                self.found(user, Problem::UsesCycle { chain }, at());
                continue;
            }
            if seen.contains(&canonical) {
                // Used twice (two parts files both use a third): its nodes come in once.
                continue;
            }
            if self.files.len() > MAX_PARTS {
                self.found(user, Problem::TooMuchUsed { files: true }, at());
                continue;
            }
            if self.bytes.saturating_add(size) > file::MAX_FILE_SIZE {
                self.found(user, Problem::TooMuchUsed { files: false }, at());
                continue;
            }
            seen.push(canonical.clone());
            let bytes = match file::read(&path) {
                Ok(bytes) => bytes,
                Err(e) => {
                    self.found(user, unreadable(why(&e)), at());
                    continue;
                }
            };
            self.bytes = self.bytes.saturating_add(bytes.len() as u64);
            let file = self.files.len();
            let text = match super::text(bytes) {
                Ok(text) => text,
                Err((text, span)) => {
                    self.files.push(Read { path, text });
                    self.found(file, Problem::InvalidUtf8, At::Span(span));
                    continue;
                }
            };
            let parts = decode::decode_as::<PartsFile>(&text);
            self.files.push(Read { path, text });
            match parts {
                Err((problem, span)) => self.found(file, problem, At::Span(span)),
                Ok(parts) => {
                    let uses = parts.uses.clone();
                    self.decoded.push(Decoded {
                        file,
                        parts,
                        user,
                        entry: j,
                    });
                    stack.push(canonical);
                    self.visit(file, &uses, stack, seen);
                    stack.pop();
                }
            }
        }
    }

    /// Merges the parts into the tree, checks the whole, and places every problem in its file.
    fn check(
        mut self,
        text: String,
        mut tree: TreeFile,
        external: Vec<Box<str>>,
        parts: bool,
        today: Date,
    ) -> Loaded {
        let (nodes_from, sources_from) = (tree.nodes.len(), tree.sources.len());
        let mut owners = vec![Owner {
            file: 0,
            nodes: 0..nodes_from,
            sources: 0..sources_from,
        }];
        let mut needs = Vec::new();
        for d in std::mem::take(&mut self.decoded) {
            if d.parts.format != super::model::FORMAT_VERSION {
                let problem = Problem::UnsupportedFormat {
                    found: d.parts.format,
                };
                self.found(d.file, problem, At::Place(Place::Field("format")));
            }
            if d.parts.title.trim().is_empty() {
                let problem = Problem::EmptyText {
                    field: "title",
                    id: "the parts file".into(),
                };
                self.found(d.file, problem, At::Place(Place::Field("title")));
            }
            let (n, s) = (tree.nodes.len(), tree.sources.len());
            tree.nodes.append(d.parts.nodes);
            tree.sources.append(d.parts.sources);
            owners.push(Owner {
                file: d.file,
                nodes: n..tree.nodes.len(),
                sources: s..tree.sources.len(),
            });
            needs.push((d.file, d.user, d.entry, d.parts.needs));
        }
        let index = Index::new(&tree.nodes);
        // What each parts file needs, the tree (or another part) defines. A link to a need
        // that is missing is reported once, as the need.
        for (k, id) in external.iter().enumerate() {
            if !super::is_snake_case(id) {
                let problem = Problem::BadId {
                    id: id.to_string(),
                    what: "needed",
                };
                self.found(0, problem, At::Place(Place::ListItem("needs", k)));
            }
        }
        let mut external: std::collections::HashSet<Box<str>> = external.into_iter().collect();
        for (file, user, entry, ids) in needs {
            for (k, id) in ids.iter().enumerate() {
                if !super::is_snake_case(id) {
                    let problem = Problem::BadId {
                        id: id.to_string(),
                        what: "needed",
                    };
                    self.found(file, problem, At::Place(Place::ListItem("needs", k)));
                    continue;
                }
                if index.find(&tree.nodes, id).is_none() && external.insert(id.clone()) {
                    let problem = Problem::MissingNeed {
                        file: self.files[file].path.display().to_string(),
                        id: id.to_string(),
                    };
                    self.found.push(Found {
                        file: user,
                        problem,
                        at: At::Place(Place::ListItem("uses", entry)),
                        also: Some((file, Place::ListItem("needs", k))),
                    });
                }
            }
        }
        let scope = Scope {
            external: Some(&external),
            parts,
            nodes_from,
            sources_from,
        };
        let findings = check::check(&tree, &index, today, &scope);
        let mut files = std::mem::take(&mut self.files);
        files[0].text = text;
        let diagnostics = locate(&files, &owners, findings, self.found);
        let text = std::mem::take(&mut files[0].text);
        Loaded {
            text,
            tree: Tree::compile(tree, index),
            diagnostics,
            decoded: true,
            parts: files
                .into_iter()
                .skip(1)
                .map(|r| Part {
                    path: r.path,
                    text: r.text,
                })
                .collect(),
        }
    }
}

/// Why a path in `uses` leads outside the using file's folder (`dir`), if it does: an absolute
/// path, a `..`, or a link on the way.
fn outside(dir: &Path, entry: &Path) -> Option<&'static str> {
    use std::path::Component;
    let mut at = dir.to_path_buf();
    for part in entry.components() {
        match part {
            Component::Normal(name) => at.push(name),
            Component::CurDir => continue,
            Component::ParentDir => return Some("the path goes up a folder (`..`)"),
            Component::RootDir | Component::Prefix(_) => return Some("the path is absolute"),
        }
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Some("the path goes through a symbolic link");
        }
    }
    None
}

/// How a file that could not be used failed, in a few words (the message names the file).
fn why(e: &FileError) -> String {
    match e {
        FileError::NotFound(_) => "there is no such file".into(),
        FileError::IsDirectory(_) => "it is a folder".into(),
        FileError::NotRegular(_) => "it is not a regular file".into(),
        FileError::TooLarge(..) => format!("it is over {} MiB", file::MAX_FILE_SIZE / 1024 / 1024),
        FileError::NoTrees(_) => "it holds no trees".into(),
        FileError::Io(_, e) => e.to_string(),
    }
}

/// A file's name as the reading shows it, from its canonical path.
fn name(canonical: &Path, files: &[Read]) -> String {
    files
        .iter()
        .find(|r| r.path.canonicalize().ok().as_deref() == Some(canonical))
        .map_or_else(
            || canonical.display().to_string(),
            |r| r.path.display().to_string(),
        )
}

/// Which nodes and sources of the merged tree came from which file.
struct Owner {
    file: usize,
    nodes: Range<usize>,
    sources: Range<usize>,
}

/// A place in the merged tree as a place in the file it is in.
fn localize(owners: &[Owner], place: Place) -> (usize, Place) {
    let node = |i: usize| {
        owners
            .iter()
            .find(|o| o.nodes.contains(&i))
            .map_or((0, i), |o| (o.file, i - o.nodes.start))
    };
    match place {
        Place::NodeKey(i) => {
            let (f, i) = node(i);
            (f, Place::NodeKey(i))
        }
        Place::NodeField(i, name) => {
            let (f, i) = node(i);
            (f, Place::NodeField(i, name))
        }
        Place::ChoiceLabel(i, j) => {
            let (f, i) = node(i);
            (f, Place::ChoiceLabel(i, j))
        }
        Place::ChoiceNext(i, j) => {
            let (f, i) = node(i);
            (f, Place::ChoiceNext(i, j))
        }
        Place::Item(i, name, j) => {
            let (f, i) = node(i);
            (f, Place::Item(i, name, j))
        }
        Place::SourceKey(i) => owners
            .iter()
            .find(|o| o.sources.contains(&i))
            .map_or((0, place), |o| {
                (o.file, Place::SourceKey(i - o.sources.start))
            }),
        other => (0, other),
    }
}

/// Every problem at its span in its file, in the order of the files and then of the text.
fn locate(
    files: &[Read],
    owners: &[Owner],
    findings: Vec<Finding>,
    found: Vec<Found>,
) -> Vec<Diagnostic> {
    let mut locators: Vec<Option<Locator>> = files.iter().map(|_| None).collect();
    let mut span = |file: usize, place: Place| {
        locators[file]
            .get_or_insert_with(|| Locator::new(&files[file].text))
            .span_or_near(place)
    };
    let mut out = Vec::with_capacity(findings.len() + found.len());
    for f in findings {
        let (file, place) = localize(owners, f.place);
        let also = f.also.map(|p| localize(owners, p));
        out.push(Diagnostic {
            span: span(file, place),
            also: also.map(|(af, ap)| span(af, ap)),
            problem: f.problem,
            file,
            also_file: also.map_or(file, |(af, _)| af),
        });
    }
    for f in found {
        let at = match f.at {
            At::Place(place) => span(f.file, place),
            At::Span(s) => s,
        };
        out.push(Diagnostic {
            span: at,
            also: f.also.map(|(af, ap)| span(af, ap)),
            problem: f.problem,
            file: f.file,
            also_file: f.also.map_or(f.file, |(af, _)| af),
        });
    }
    out.sort_by_key(|d| (d.file, d.span.start, d.severity()));
    out
}
