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
    let (mut tree, external) = match decoded {
        Ok(file) => file,
        Err((problem, span)) => return Loaded::failed(text, problem, span),
    };
    if tree.uses.is_empty() && !parts {
        // One file on its own.
        let shared = super::shared::resolve(&mut tree);
        let index = Index::new(&tree.nodes);
        let findings = shared.merge(check::check(&tree, &index, today, &Scope::alone(&tree)));
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
    let folder = here.parent().unwrap_or(Path::new(""));
    // Every file used is opened below this folder, from a handle on it.
    let root = rustix::fs::open(
        if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        },
        rustix::fs::OFlags::DIRECTORY | rustix::fs::OFlags::RDONLY | rustix::fs::OFlags::CLOEXEC,
        rustix::fs::Mode::empty(),
    );
    let mut reading = Reading {
        folder: folder.to_path_buf(),
        root,
        files: vec![Read {
            path: here.to_path_buf(),
            below: PathBuf::new(),
            text: String::new(),
        }],
        found: Vec::new(),
        decoded: Vec::new(),
        bytes: text.len() as u64,
    };
    let main = path
        .and_then(|p| std::fs::metadata(p).ok())
        .map(|m| identity(&m));
    let mut stack: Vec<(FileId, usize)> = main.into_iter().map(|id| (id, 0)).collect();
    let mut seen: Vec<FileId> = main.into_iter().collect();
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
        scale: Vec::new(),
        words: Default::default(),
        texts: Default::default(),
        glossary: Default::default(),
        uses: parts.uses,
        sources: parts.sources,
        nodes: parts.nodes,
    };
    (tree, parts.needs)
}

/// A file read: where from (as shown, and below the loaded file's folder), and its text (the
/// loaded file's own text is kept apart).
struct Read {
    path: PathBuf,
    below: PathBuf,
    text: String,
}

/// A file's identity on its disk, whatever names lead to it.
type FileId = (u64, u64);

fn identity(meta: &std::fs::Metadata) -> FileId {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
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
    /// The loaded file's folder, and a handle on it that every file used is opened from.
    folder: PathBuf,
    root: rustix::io::Result<rustix::fd::OwnedFd>,
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
    /// `stack` holds the files being read, with their place (a file among them is a loop);
    /// `seen` every file read.
    fn visit(
        &mut self,
        user: usize,
        uses: &[Box<str>],
        stack: &mut Vec<(FileId, usize)>,
        seen: &mut Vec<FileId>,
    ) {
        let dir = self.files[user]
            .below
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        for (j, entry) in uses.iter().enumerate() {
            let at = || At::Place(Place::ListItem("uses", j));
            let below = dir.join(&**entry);
            let path = self.folder.join(&below);
            let shown = path.display().to_string();
            if !is_parts_file(&path) {
                self.found(user, Problem::NotAPartsFile { path: shown }, at());
                continue;
            }
            // A parts file lies in the using file's folder or below, reached without a link:
            // a hostile tree could otherwise name any file, and a syntax error would quote it.
            if let Some(why) = outside(Path::new(&**entry)) {
                self.found(user, Problem::UsesOutside { path: shown, why }, at());
                continue;
            }
            let file = match self.open(&below) {
                Ok(file) => file,
                Err(Refused::Outside(why)) => {
                    self.found(user, Problem::UsesOutside { path: shown, why }, at());
                    continue;
                }
                Err(Refused::Unreadable(why)) => {
                    let problem = Problem::UsedFileUnreadable { path: shown, why };
                    self.found(user, problem, at());
                    continue;
                }
            };
            let Ok(meta) = file.metadata() else {
                continue;
            };
            let id = identity(&meta);
            if let Some(k) = stack.iter().position(|&(s, _)| s == id) {
                let mut chain: Vec<String> = stack[k..]
                    .iter()
                    .map(|&(_, f)| self.files[f].path.display().to_string())
                    .collect();
                chain.push(shown);
                self.found(user, Problem::UsesCycle { chain }, at());
                continue;
            }
            if seen.contains(&id) {
                // Used twice (two parts files both use a third): its nodes come in once.
                continue;
            }
            if self.files.len() > MAX_PARTS {
                self.found(user, Problem::TooMuchUsed { files: true }, at());
                continue;
            }
            if self.bytes.saturating_add(meta.len()) > file::MAX_FILE_SIZE {
                self.found(user, Problem::TooMuchUsed { files: false }, at());
                continue;
            }
            seen.push(id);
            let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
            let room = file::MAX_FILE_SIZE - self.bytes;
            if let Err(e) =
                std::io::Read::read_to_end(&mut std::io::Read::take(&file, room + 1), &mut bytes)
            {
                let problem = Problem::UsedFileUnreadable {
                    path: shown,
                    why: e.to_string(),
                };
                self.found(user, problem, at());
                continue;
            }
            if bytes.len() as u64 > room {
                // It grew while it was read.
                self.found(user, Problem::TooMuchUsed { files: false }, at());
                continue;
            }
            self.bytes = self.bytes.saturating_add(bytes.len() as u64);
            let file = self.files.len();
            let text = match super::text(bytes) {
                Ok(text) => text,
                Err((text, span)) => {
                    self.files.push(Read { path, below, text });
                    self.found(file, Problem::InvalidUtf8, At::Span(span));
                    continue;
                }
            };
            let parts = decode::decode_as::<PartsFile>(&text);
            self.files.push(Read { path, below, text });
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
                    stack.push((id, file));
                    self.visit(file, &uses, stack, seen);
                    stack.pop();
                }
            }
        }
    }

    /// Opens `below` (plain names) from the handle on the loaded file's folder, each folder on
    /// the way opened from the one before and none of them, nor the file, followed if it is a
    /// link: a folder swapped for a link between a look and an open is refused, not followed.
    /// The file must be a regular file with no other name (a hard link).
    fn open(&self, below: &Path) -> Result<std::fs::File, Refused> {
        use rustix::fs::{Mode, OFlags, openat};
        use rustix::io::Errno;
        let refused = |e: Errno| match e {
            Errno::LOOP | Errno::NOTDIR => {
                Refused::Outside("the path goes through a symbolic link")
            }
            Errno::NOENT => Refused::Unreadable("there is no such file".into()),
            e => Refused::Unreadable(std::io::Error::from(e).to_string()),
        };
        let root = self.root.as_ref().map_err(|&e| refused(e))?;
        let names: Vec<&std::ffi::OsStr> = below
            .components()
            .filter_map(|c| match c {
                std::path::Component::Normal(name) => Some(name),
                _ => None,
            })
            .collect();
        let Some((last, folders)) = names.split_last() else {
            return Err(Refused::Unreadable("the path names no file".into()));
        };
        let mut dir: Option<rustix::fd::OwnedFd> = None;
        for name in folders {
            let flags = OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::RDONLY | OFlags::CLOEXEC;
            let next = match &dir {
                Some(d) => openat(d, *name, flags, Mode::empty()),
                None => openat(root, *name, flags, Mode::empty()),
            };
            dir = Some(next.map_err(refused)?);
        }
        // Not blocking: a FIFO opened for reading would wait for a writer.
        let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK;
        let fd = match &dir {
            Some(d) => openat(d, *last, flags, Mode::empty()),
            None => openat(root, *last, flags, Mode::empty()),
        }
        .map_err(refused)?;
        let file = std::fs::File::from(fd);
        let meta = file
            .metadata()
            .map_err(|e| Refused::Unreadable(e.to_string()))?;
        if meta.is_dir() {
            return Err(Refused::Unreadable("it is a folder".into()));
        }
        if !meta.is_file() {
            return Err(Refused::Unreadable("it is not a regular file".into()));
        }
        if std::os::unix::fs::MetadataExt::nlink(&meta) > 1 {
            return Err(Refused::Outside(
                "the file has other names (hard links); use a file of its own",
            ));
        }
        Ok(file)
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
            if !super::model::format_known(d.parts.format) {
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
        let shared = super::shared::resolve(&mut tree);
        let findings = shared.merge(check::check(&tree, &index, today, &scope));
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

/// Why a path in `uses` leads outside the using file's folder, if it does by its words: an
/// absolute path, or a `..`. (A link on the way is refused when the file is opened.)
fn outside(entry: &Path) -> Option<&'static str> {
    use std::path::Component;
    entry.components().find_map(|part| match part {
        Component::ParentDir => Some("the path goes up a folder (`..`)"),
        Component::RootDir | Component::Prefix(_) => Some("the path is absolute"),
        _ => None,
    })
}

/// Why a file named in `uses` was not opened.
enum Refused {
    /// It lies outside the folder, or is reached through a link.
    Outside(&'static str),
    /// It cannot be read as a parts file.
    Unreadable(String),
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
