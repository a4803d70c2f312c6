//! `tread check`: every problem in every file, in one run, for people or for tools.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::cli::CheckFormat;
use crate::failure::{Failure, Outcome};
use crate::report::{self, Color};
use crate::tree::{self, FileError, Severity};

/// Checks files and directories, printing every diagnostic to standard output.
pub fn run(paths: &[PathBuf], format: CheckFormat, deny_warnings: bool) -> Outcome {
    let color = Color::for_stream(std::io::stdout().is_terminal());
    let mut out = std::io::stdout().lock();
    let mut tally = Tally::default();
    // Set when the reader closes the pipe (`| head`): nothing more is written, but every file is
    // still checked, so the exit code says what was found in all of them.
    let mut reader_gone = false;
    // Parts files already checked as used by a file before them: each is checked once, so a
    // directory of parts files that use each other in a chain is checked in linear time.
    let mut covered: std::collections::HashMap<PathBuf, String> = Default::default();
    for path in paths {
        let files = match expand(path) {
            Ok(files) if files.is_empty() => Err(FileError::NoTrees(path.to_path_buf())),
            other => other,
        };
        let files = match files {
            Ok(files) => files,
            Err(e) => {
                tally.unreadable(&mut out, format, &e);
                continue;
            }
        };
        for file in used_last(files) {
            let canonical = file.canonicalize().unwrap_or_else(|_| file.clone());
            if let Some(by) = covered.get(&canonical) {
                tally.files += 1;
                if format == CheckFormat::Human && !reader_gone {
                    let line = format!(
                        "{}: checked above, with {}\n",
                        crate::scrub::path(&file),
                        crate::scrub::name(by)
                    );
                    if super::output::finished(out.write_all(line.as_bytes()))?.is_none() {
                        reader_gone = true;
                    }
                }
                continue;
            }
            if crate::cases::is_cases_file(&file) {
                // A file of cases is checked as cases, with the tree it is for.
                let loaded = match crate::cases::load_file(&file, None) {
                    Ok(loaded) => loaded,
                    Err(e) => {
                        tally.unreadable(&mut out, format, &e);
                        continue;
                    }
                };
                let name = file.display().to_string();
                let texts = report::Texts::one(&name, &loaded.text);
                let text = match format {
                    CheckFormat::Human => human_of(&name, &texts, &loaded.diagnostics, color),
                    CheckFormat::Json => json_of(&texts, &loaded.diagnostics),
                };
                tally.count(loaded.counts());
                if !reader_gone
                    && super::output::finished(out.write_all(text.as_bytes()))?.is_none()
                {
                    reader_gone = true;
                }
                continue;
            }
            let bytes = match tree::file::read(&file) {
                Ok(bytes) => bytes,
                Err(e) => {
                    tally.unreadable(&mut out, format, &e);
                    continue;
                }
            };
            let loaded = tree::load_at(&file, bytes);
            let name = file.display().to_string();
            for part in &loaded.parts {
                if let Ok(part) = part.path.canonicalize() {
                    covered.entry(part).or_insert_with(|| name.clone());
                }
            }
            let text = match format {
                CheckFormat::Human => human(&name, &loaded, color),
                CheckFormat::Json => json_lines(&name, &loaded),
            };
            tally.add(&loaded);
            if reader_gone {
                continue;
            }
            if super::output::finished(out.write_all(text.as_bytes()))?.is_none() {
                reader_gone = true;
            }
        }
    }
    if format == CheckFormat::Human && tally.files > 1 {
        let _ = writeln!(
            out,
            "checked {} files: {}",
            tally.files,
            report::counts(tally.errors, tally.warnings)
        );
    }
    let _ = out.flush();
    if tally.unreadable > 0 {
        Err(Failure::Unreadable)
    } else if tally.errors > 0 || (deny_warnings && tally.warnings > 0) {
        Err(Failure::Problems)
    } else {
        Ok(())
    }
}

#[derive(Default)]
struct Tally {
    files: usize,
    errors: usize,
    warnings: usize,
    unreadable: usize,
}

impl Tally {
    fn add(&mut self, loaded: &tree::Loaded) {
        self.count(loaded.counts());
    }

    fn count(&mut self, (errors, warnings): (usize, usize)) {
        self.files += 1;
        self.errors += errors;
        self.warnings += warnings;
    }

    /// A file that could not be read: one line on standard error, and for tools one object too.
    fn unreadable(&mut self, out: &mut impl Write, format: CheckFormat, e: &FileError) {
        self.unreadable += 1;
        let _ = writeln!(
            std::io::stderr(),
            "error: {}",
            crate::scrub::one_line(&e.to_string())
        );
        if format == CheckFormat::Json {
            let _ = writeln!(out, "{}", json_unreadable(e));
        }
    }
}

/// The files in an order that checks each parts file once: first every file no other file here
/// uses (each checked with the files it uses), then the rest (those in a loop of uses), each in
/// the order given. A file's `uses` are read without checking anything else in it.
fn used_last(files: Vec<PathBuf>) -> Vec<PathBuf> {
    #[derive(serde::Deserialize)]
    struct Uses {
        #[serde(default)]
        uses: Vec<String>,
    }
    let id = |p: &Path| p.canonicalize().ok();
    let mut used = std::collections::HashSet::new();
    for file in files
        .iter()
        .filter(|f| tree::is_parts_file(f) || crate::library::is_tree_file(f))
    {
        let Ok(bytes) = tree::file::read(file) else {
            continue;
        };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        let Ok(found) = tree::ron_options().from_str::<Uses>(text) else {
            continue;
        };
        let dir = file.parent().unwrap_or(Path::new(""));
        used.extend(found.uses.iter().filter_map(|u| id(&dir.join(u))));
    }
    let (rest, first): (Vec<PathBuf>, Vec<PathBuf>) = files
        .into_iter()
        .partition(|f| id(f).is_some_and(|c| used.contains(&c)));
    first.into_iter().chain(rest).collect()
}

/// A diagnostic for tools; a file that could not be read has no line or column.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    end_line: Option<usize>,
    end_column: Option<usize>,
    severity: &'static str,
    code: &'static str,
    message: String,
    hint: Option<String>,
}

/// The most diagnostics of one file shown for people (the verdict still counts them all): a
/// file with more is better read as JSON, and rendering each costs time.
pub(super) const SHOWN: usize = 1_000;

/// Every diagnostic of a file for people, then a line with the verdict.
pub fn human(name: &str, loaded: &tree::Loaded, color: Color) -> String {
    let texts = report::Texts::new(name, loaded);
    human_of(name, &texts, &loaded.diagnostics, color)
}

/// As [`human`], for any file's diagnostics and texts.
fn human_of(
    name: &str,
    texts: &report::Texts,
    diagnostics: &[tree::Diagnostic],
    color: Color,
) -> String {
    let mut text = String::new();
    for d in diagnostics.iter().take(SHOWN) {
        report::render(&mut text, texts, d, color);
        text.push('\n');
    }
    if diagnostics.len() > SHOWN {
        text.push_str(&format!(
            "… and {} more not shown here: `tread check --format json` lists every one\n\n",
            diagnostics.len() - SHOWN
        ));
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let verdict = if errors + warnings == 0 {
        "ok".to_string()
    } else {
        report::counts(errors, warnings)
    };
    text.push_str(&format!("{}: {verdict}\n", crate::scrub::name(name)));
    text
}

/// A file that could not be read, as one JSON object (no line or column).
pub(super) fn json_unreadable(e: &FileError) -> String {
    let file = e.path().display().to_string();
    let object = JsonDiagnostic {
        file: &file,
        line: None,
        column: None,
        end_line: None,
        end_column: None,
        severity: "error",
        code: e.code(),
        message: e.to_string(),
        hint: None,
    };
    crate::scrub::json(serde_json::to_string(&object).unwrap_or_default())
}

/// One JSON object per diagnostic, one per line. Lines and columns count from 1; columns count
/// characters, as ron does; the end is one past the last character.
fn json_lines(name: &str, loaded: &tree::Loaded) -> String {
    let texts = report::Texts::new(name, loaded);
    json_of(&texts, &loaded.diagnostics)
}

/// As [`json_lines`], for any file's diagnostics and texts.
pub(super) fn json_of(texts: &report::Texts, diagnostics: &[tree::Diagnostic]) -> String {
    let mut text = String::new();
    for d in diagnostics {
        let lines = texts.lines(d.file);
        let (start, end) = (lines.line_col(d.span.start), lines.line_col(d.span.end));
        let severity = match d.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let object = JsonDiagnostic {
            file: texts.name(d.file),
            line: Some(start.line),
            column: Some(start.col),
            end_line: Some(end.line),
            end_column: Some(end.col),
            severity,
            code: d.problem.code(),
            message: d.problem.message(),
            hint: Some(d.problem.hint()),
        };
        text.push_str(&crate::scrub::json(
            serde_json::to_string(&object).unwrap_or_default(),
        ));
        text.push('\n');
    }
    text
}

/// A file as itself; a directory as every tree file below it (`*.ron`, not `*.cases.ron`, as
/// the library takes them) and every parts file (`*.parts.ron`, checked on its own), sorted,
/// not following links.
fn expand(path: &Path) -> Result<Vec<PathBuf>, FileError> {
    let meta = std::fs::metadata(path).map_err(|e| FileError::from_io(path, e))?;
    if !meta.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut dirs = vec![path.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| FileError::from_io(&dir, e))?;
        for entry in entries {
            let entry = entry.map_err(|e| FileError::from_io(&dir, e))?;
            let kind = entry
                .file_type()
                .map_err(|e| FileError::from_io(&entry.path(), e))?;
            let p = entry.path();
            // Links are not followed: a link in a tree directory may lead anywhere (a secret
            // the diagnostics would quote). A link named on the command line is read.
            if kind.is_dir() {
                dirs.push(p);
            } else if kind.is_file()
                && (crate::library::is_tree_file(&p)
                    || tree::is_parts_file(&p)
                    || crate::cases::is_cases_file(&p))
            {
                found.push(p);
            }
        }
    }
    found.sort();
    Ok(found)
}
