//! The tree file: its typed model, decoding with ron, the checks, and where problems lie.
//!
//! Data flows one way: bytes → [`load`] → a [`Loaded`] holding the tree (when it decoded) and every
//! diagnostic, each at its place in the text.

mod check;
mod compiled;
pub mod date;
mod decode;
pub mod entries;
pub mod file;
pub mod glossary;
mod index;
pub(crate) mod lint;
pub mod locate;
pub mod model;
mod place;
pub mod problem;
pub mod scale;
pub mod shape;
mod shared;
pub mod span;
mod suggest;
pub mod table;
mod uses;

pub use check::is_snake_case;
pub use compiled::Tree;
pub use file::FileError;
pub use model::{
    Choice, Counts, Link, Node, NodeId, PartsFile, SignOff, Source, TreeFile, Urgency,
};
pub use problem::{Problem, Severity};
pub use span::Span;
pub use suggest::{Guess, closest};
pub use uses::{Part, is_parts_file, load_at, load_file};

use check::Finding;
use locate::Locator;

/// One problem at its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong.
    pub problem: Problem,
    /// Where, as bytes of the text.
    pub span: Span,
    /// Another place the problem involves (where a repeated id was first defined).
    pub also: Option<Span>,
    /// The file `span` is in: 0 for the file loaded, then 1, 2, … for the files it uses, in
    /// the order of [`Loaded::parts`].
    pub file: usize,
    /// The file `also` is in.
    pub also_file: usize,
}

impl Diagnostic {
    /// Errors stop a tree from being walked.
    pub fn severity(&self) -> Severity {
        self.problem.severity()
    }
}

/// A tree file after loading and checking.
pub struct Loaded {
    /// The text (with a byte-order mark removed, and invalid UTF-8 replaced).
    pub text: String,
    /// The tree, when the text decoded and its `start` names a node.
    pub tree: Option<Tree>,
    /// Every problem found, in the order of the text.
    pub diagnostics: Vec<Diagnostic>,
    /// Whether the text decoded (ron read it as a tree file): the checks ran, whatever they
    /// found. `false` leaves one diagnostic, the reason.
    pub decoded: bool,
    /// The files the tree uses (`uses`), and the files those use, in the order they were read.
    pub parts: Vec<Part>,
}

impl Loaded {
    /// A text that did not decode, and why.
    fn failed(text: String, problem: Problem, span: Span) -> Loaded {
        let diagnostics = vec![Diagnostic {
            problem,
            span,
            also: None,
            file: 0,
            also_file: 0,
        }];
        Loaded {
            text,
            tree: None,
            diagnostics,
            decoded: false,
            parts: Vec::new(),
        }
    }

    /// The text of file `file` of the diagnostics (0: the file loaded; then its parts).
    pub fn text_of(&self, file: usize) -> &str {
        match file.checked_sub(1).and_then(|i| self.parts.get(i)) {
            Some(part) => &part.text,
            None => &self.text,
        }
    }

    /// The name of file `file` of the diagnostics, the file loaded being called `name`.
    pub fn name_of(&self, file: usize, name: &str) -> String {
        match file.checked_sub(1).and_then(|i| self.parts.get(i)) {
            Some(part) => part.path.display().to_string(),
            None => name.to_string(),
        }
    }

    /// Every file's bytes, the loaded file's first: what a call's record fingerprints.
    pub fn all_bytes(&self) -> Vec<u8> {
        let mut bytes = self.text.as_bytes().to_vec();
        for part in &self.parts {
            bytes.extend_from_slice(part.text.as_bytes());
        }
        bytes
    }

    /// How many diagnostics are errors, and how many warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .count();
        (errors, self.diagnostics.len() - errors)
    }

    /// `true` when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error)
    }

    /// The tree, if it can be walked (decoded, and no errors).
    pub fn walkable(self) -> Option<Tree> {
        if self.has_errors() {
            None
        } else {
            self.tree.map(Tree::expanded)
        }
    }
}

/// Loads and checks a tree from the bytes of a file (files it uses are read from the current
/// directory: [`load_at`] reads them from beside the file).
pub fn load(bytes: Vec<u8>) -> Loaded {
    match text(bytes) {
        Ok(text) => load_text(text),
        Err((text, span)) => Loaded::failed(text, Problem::InvalidUtf8, span),
    }
}

/// A file's text without its byte-order mark, or, when it is not UTF-8, the text with
/// replacement characters and where the first bad byte was.
fn text(bytes: Vec<u8>) -> Result<String, (String, Span)> {
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(text)
        }
        Err(e) => {
            let mut at = e.utf8_error().valid_up_to();
            let mut text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
                at -= '\u{feff}'.len_utf8();
            }
            // The replacement character stands where the first bad byte was.
            Err((text, Span::new(at, at + '\u{fffd}'.len_utf8())))
        }
    }
}

/// Loads and checks a tree from text, with today's date for the review it may be due.
pub fn load_text(text: String) -> Loaded {
    load_text_on(text, date::today())
}

/// Loads and checks a tree from text as on the day `today`.
pub fn load_text_on(text: String, today: time::Date) -> Loaded {
    uses::load_in(None, false, text, today)
}

/// Places become spans only here, and only when there is something to report.
fn locate_all(text: &str, findings: Vec<Finding>) -> Vec<Diagnostic> {
    if findings.is_empty() {
        return Vec::new();
    }
    let locator = Locator::new(text);
    let mut out: Vec<Diagnostic> = findings
        .into_iter()
        .map(|f| Diagnostic {
            span: locator.span_or_near(f.place),
            also: f.also.map(|p| locator.span_or_near(p)),
            problem: f.problem,
            file: 0,
            also_file: 0,
        })
        .collect();
    out.sort_by_key(|d| (d.span.start, d.severity()));
    out
}

/// Decodes a file of another kind tread reads (a file of cases) with the options trees are
/// read with, or says what is wrong and where.
pub fn decode_as<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, (Problem, Span)> {
    if text.trim().is_empty() {
        return Err((Problem::EmptyFile, Span::new(0, 0)));
    }
    decode::decode_as(text)
}

/// The ron options tree files are read with (for benchmarks that compare against ron alone:
/// `ron_options().from_str::<TreeFile>(text)`).
pub fn ron_options() -> ron::Options {
    decode::options()
}
