//! Cases: callers written down (what they say, the answers they give, the outcome the tree must
//! reach), in a file beside the tree (`x.cases.ron` for `x.ron`). For authors they are the
//! tree's tests; for students, a quiz; for reviewers, a measure of what no case reaches.
//!
//! Data flows as for trees: file → decode (ron) → check (each case walked through the tree, its
//! mistakes at their line and column) → run.

pub mod coverage;
pub mod run;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::tree::locate::{Locator, Step};
use crate::tree::{self, Diagnostic, Problem, Span, Tree};

pub use run::{Answer, End, Walked};

/// The format version of cases files this build reads.
pub const FORMAT_VERSION: u32 = 1;

/// A file of cases, as it is written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CasesFile {
    /// The format version the file is written for.
    pub format: u32,
    /// The tree the cases are for, from this file's folder; by default the file of the same
    /// name without `.cases` (`back.cases.ron` is for `back.ron`).
    #[serde(default)]
    pub tree: Option<Box<str>>,
    /// The cases, in order.
    pub cases: Vec<Case>,
}

/// One caller written down.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// A short id, snake_case.
    pub id: Box<str>,
    /// A line that says who is calling.
    pub title: Box<str>,
    /// What the caller says, in their words (the quiz shows it; the answers are not in it).
    #[serde(default)]
    pub story: Box<str>,
    /// The answers, by their words, from the first step: info steps are read out without one.
    /// At a list of warning signs: a sign's title (it applies), `not sure: ` and a title, `none
    /// of these`, or `one at a time` (the signs then answered one by one).
    pub answers: Vec<Box<str>>,
    /// The id of the outcome the tree must reach.
    pub outcome: Box<str>,
    /// Words to group cases by.
    #[serde(default)]
    pub tags: Vec<Box<str>>,
}

/// A cases file after loading and checking.
pub struct Loaded {
    /// The file's text.
    pub text: String,
    /// The cases, when the text decoded.
    pub file: Option<CasesFile>,
    /// The tree they are for, when it could be read and walked.
    pub tree: Option<Tree>,
    /// Where the tree was read from (`(bundled)` for the tree tread carries).
    pub tree_name: String,
    /// Every problem, in the order of the text.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// How many diagnostics are errors, and how many warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity() == tree::Severity::Error)
            .count();
        (errors, self.diagnostics.len() - errors)
    }
}

/// Whether a file is a file of cases: named `*.cases.ron`.
pub fn is_cases_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(".cases.ron"))
}

/// The cases file for a tree file: `x.ron` → `x.cases.ron`.
pub fn beside(tree: &Path) -> PathBuf {
    let stem = tree
        .file_name()
        .and_then(|n| n.to_str())
        .map(|n| n.strip_suffix(".ron").unwrap_or(n))
        .unwrap_or("tree");
    tree.with_file_name(format!("{stem}.cases.ron"))
}

/// The tree file a cases file is for, by default: `x.cases.ron` → `x.ron`.
fn tree_beside(cases: &Path) -> PathBuf {
    let name = cases
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("")
        .strip_suffix(".cases.ron")
        .unwrap_or("tree");
    cases.with_file_name(format!("{name}.ron"))
}

/// Reads and checks the cases file at `path` with the tree it names (or the one beside it).
pub fn load_file(path: &Path, tree_path: Option<&Path>) -> Result<Loaded, tree::FileError> {
    let bytes = tree::file::read(path)?;
    if bytes.len() as u64 > tree::file::MAX_CASES_SIZE {
        return Err(tree::FileError::TooManyCases(
            path.to_path_buf(),
            bytes.len() as u64,
        ));
    }
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Ok(load_text(text, |file| {
        // A tree named on the command line wins over the file's own `tree`.
        let tree_path = match (tree_path, &file.tree) {
            (Some(given), _) => given.to_path_buf(),
            (None, Some(name)) => {
                let here = path.parent().unwrap_or(Path::new(""));
                let named = here.join(&**name);
                if let Err(why) = inside(here, name) {
                    return (named.display().to_string(), Err(why.to_string()));
                }
                named
            }
            (None, None) => tree_beside(path),
        };
        let name = tree_path.display().to_string();
        if tree::is_parts_file(&tree_path) {
            return (
                name,
                Err("is a parts file, whose nodes trees use: name the tree".into()),
            );
        }
        if is_cases_file(&tree_path) {
            return (
                name,
                Err("is a file of cases, not a tree: name the tree".into()),
            );
        }
        match tree::load_file(&tree_path) {
            Ok(loaded) => (name, Ok(loaded)),
            Err(e) => (name, Err(e.to_string())),
        }
    }))
}

/// Whether `name`, a file of cases' `tree`, stays inside the file's folder `here` as a `uses`
/// of a tree must: a relative path with no `..`, and no symbolic link along it.
fn inside(here: &Path, name: &str) -> Result<(), &'static str> {
    use std::path::Component;
    let path = Path::new(name);
    if !path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Err(
            "is outside this file's folder: name the tree by a path inside it, without `..`",
        );
    }
    let mut at = here.to_path_buf();
    for part in path.components() {
        at.push(part);
        if std::fs::symlink_metadata(&at).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(
                "is reached through a symbolic link, which is not followed: name the file itself",
            );
        }
    }
    Ok(())
}

/// Checks the cases in `text`; `tree` reads the tree they are for, given the decoded file, and
/// says where it was read from.
pub fn load_text(
    text: String,
    tree: impl FnOnce(&CasesFile) -> (String, Result<tree::Loaded, String>),
) -> Loaded {
    let file = match crate::tree::decode_as::<CasesFile>(&text) {
        Ok(file) => file,
        Err((problem, span)) => {
            let diagnostics = vec![diagnostic(problem, span, None)];
            return Loaded {
                text,
                file: None,
                tree: None,
                tree_name: String::new(),
                diagnostics,
            };
        }
    };
    let (tree_name, read) = tree(&file);
    let mut found: Vec<Found> = Vec::new();
    let tree = match read {
        Err(why) => {
            let problem = Problem::TreeNotWalkable {
                tree: tree_name.clone(),
                why: format!("cannot be read: {why}"),
            };
            found.push((problem, vec![StepOwned::Field("tree")], None));
            None
        }
        Ok(loaded) => {
            let (errors, _) = loaded.counts();
            match loaded.walkable() {
                Some(tree) => Some(tree),
                None => {
                    let problem = Problem::TreeNotWalkable {
                        tree: tree_name.clone(),
                        why: format!(
                            "has {errors} error{} and cannot be walked",
                            if errors == 1 { "" } else { "s" }
                        ),
                    };
                    found.push((problem, vec![StepOwned::Field("tree")], None));
                    None
                }
            }
        }
    };
    if file.format != FORMAT_VERSION {
        found.push((
            Problem::UnsupportedFormat { found: file.format },
            vec![StepOwned::Field("format")],
            None,
        ));
    }
    check(&file, tree.as_ref(), &mut found);
    let diagnostics = locate(&text, found);
    Loaded {
        text,
        file: Some(file),
        tree,
        tree_name,
        diagnostics,
    }
}

/// A problem, where it is, and another place it involves.
type Found = (Problem, Vec<StepOwned>, Option<Vec<StepOwned>>);

/// A step into the file, owned.
#[derive(Clone, Copy, Debug)]
enum StepOwned {
    Field(&'static str),
    Item(usize),
}

/// The steps to case `i`'s field `field`.
fn at_case(i: usize, field: &'static str) -> Vec<StepOwned> {
    vec![
        StepOwned::Field("cases"),
        StepOwned::Item(i),
        StepOwned::Field(field),
    ]
}

/// Every case walked through the tree: each mistake, at its place.
fn check(file: &CasesFile, tree: Option<&Tree>, found: &mut Vec<Found>) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, case) in file.cases.iter().enumerate() {
        let id = case.id.to_string();
        if !tree::is_snake_case(&case.id) {
            let problem = Problem::BadId {
                id: id.clone(),
                what: "case",
            };
            found.push((problem, at_case(i, "id"), None));
        }
        if let Some(&k) = first.get(&*case.id) {
            let problem = Problem::DuplicateCase { id: id.clone() };
            found.push((problem, at_case(i, "id"), Some(at_case(k, "id"))));
        } else {
            first.insert(&case.id, i);
        }
        // Words that reach the screen and the terminal: no control characters in them.
        let texts = [
            ("id", &*case.id),
            ("title", &*case.title),
            ("story", &*case.story),
        ];
        let tags = case.tags.iter().map(|t| ("tags", &**t));
        let answers = case.answers.iter().map(|a| ("answers", &**a));
        for (field, text) in texts.into_iter().chain(tags).chain(answers) {
            if let Some(char) = tree::lint::control_char(text) {
                let problem = Problem::ControlChar {
                    field,
                    id: id.clone(),
                    char,
                };
                found.push((problem, at_case(i, field), None));
            }
        }
        if case.story.trim().is_empty() {
            found.push((
                Problem::NoStory { case: id.clone() },
                at_case(i, "id"),
                None,
            ));
        }
        let Some(tree) = tree else {
            continue;
        };
        match tree.find(&case.outcome) {
            Some(o) if matches!(tree.node(o), tree::Node::Outcome { .. }) => {}
            _ => {
                let outcomes = tree
                    .nodes
                    .iter()
                    .filter(|(_, n)| matches!(n, tree::Node::Outcome { .. }))
                    .map(|(k, _)| k.as_str());
                let problem = Problem::UnknownOutcome {
                    case: id.clone(),
                    outcome: case.outcome.to_string(),
                    suggestion: tree::closest(&case.outcome, outcomes),
                };
                found.push((problem, at_case(i, "outcome"), None));
            }
        }
        let walked = run::walk(tree, case);
        let answer = |j: usize| {
            let mut at = at_case(i, "answers");
            at.push(StepOwned::Item(j));
            at
        };
        match walked.end {
            End::Reached(_) => {}
            End::Stopped(at) => {
                let problem = Problem::CaseStopsEarly {
                    case: id.clone(),
                    at: tree.id(at).to_string(),
                };
                found.push((problem, at_case(i, "answers"), None));
            }
            End::LeftOver { outcome, from } => {
                let problem = Problem::AnswersLeftOver {
                    case: id.clone(),
                    outcome: tree.id(outcome).to_string(),
                    count: case.answers.len() - from,
                };
                found.push((problem, answer(from), None));
            }
            End::Unknown {
                at,
                answer: j,
                suggestion,
            } => {
                let problem = Problem::UnknownAnswer {
                    at: tree.id(at).to_string(),
                    answer: case.answers[j].to_string(),
                    suggestion,
                };
                found.push((problem, answer(j), None));
            }
        }
    }
}

/// Places become spans: only when there is something to report.
fn locate(text: &str, found: Vec<Found>) -> Vec<Diagnostic> {
    if found.is_empty() {
        return Vec::new();
    }
    let locator = Locator::new(text);
    let span = |steps: &[StepOwned]| {
        let steps: Vec<Step> = steps
            .iter()
            .map(|s| match *s {
                StepOwned::Field(f) => Step::Field(f),
                StepOwned::Item(i) => Step::Item(i),
            })
            .collect();
        locator.span_at(&steps)
    };
    let mut out: Vec<Diagnostic> = found
        .into_iter()
        .map(|(problem, at, also)| diagnostic(problem, span(&at), also.map(|a| span(&a))))
        .collect();
    out.sort_by_key(|d| (d.span.start, d.severity()));
    out
}

fn diagnostic(problem: Problem, span: Span, also: Option<Span>) -> Diagnostic {
    Diagnostic {
        problem,
        span,
        also,
        file: 0,
        also_file: 0,
    }
}
