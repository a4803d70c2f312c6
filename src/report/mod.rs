//! How diagnostics are printed for people: `file:line:col`, the line, a caret, a hint.

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use crate::scrub;
use crate::tree::span::Lines;
use crate::tree::{Diagnostic, Loaded, Severity, Span};

/// The texts a diagnostic may quote, each with the name it is shown by: the file loaded, then
/// the files it uses, in the order of [`Diagnostic::file`].
pub struct Texts<'a> {
    files: Vec<(String, Lines<'a>)>,
}

impl<'a> Texts<'a> {
    /// The texts of a loaded file called `name`, and of its parts.
    pub fn new(name: &str, loaded: &'a Loaded) -> Texts<'a> {
        let files = (0..=loaded.parts.len())
            .map(|i| {
                let name = crate::scrub::name(&loaded.name_of(i, name));
                (name, Lines::new(loaded.text_of(i)))
            })
            .collect();
        Texts { files }
    }

    /// One text called `name` (a file of cases).
    pub fn one(name: &str, text: &'a str) -> Texts<'a> {
        Texts {
            files: vec![(crate::scrub::name(name), Lines::new(text))],
        }
    }

    /// The name and lines of file `file` (the loaded file's for any other number).
    fn file(&self, file: usize) -> &(String, Lines<'a>) {
        self.files.get(file).unwrap_or(&self.files[0])
    }

    /// The name of file `file`.
    pub fn name(&self, file: usize) -> &str {
        &self.file(file).0
    }

    /// The lines of file `file`.
    pub fn lines(&self, file: usize) -> &Lines<'a> {
        &self.file(file).1
    }
}

/// Whether to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    /// Plain text.
    Never,
    /// ANSI colours for the severity and the caret.
    Always,
}

impl Color {
    /// Colour for a stream that is a terminal, unless `NO_COLOR` says otherwise.
    pub fn for_stream(is_terminal: bool) -> Color {
        if is_terminal && !no_color() {
            Color::Always
        } else {
            Color::Never
        }
    }
}

/// `NO_COLOR` set to anything but the empty string turns colour off (no-color.org).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Writes one diagnostic the way rustc and just do, rendered by annotate-snippets (which
/// measures columns on screen, so the caret stays under the fault after wide characters):
///
/// ```text
/// error[dangling-link]: choice "Yes" leads to `ambulence`, which is not a node
///   --> trees/x.ron:14:37
///    |
/// 14 |                 (label: "Yes", next: "ambulence"),
///    |                                      ^^^^^^^^^^^
///    |
///    = hint: did you mean `ambulance`?
/// ```
///
/// The lines quoted go through [`scrub::visible`], so a control character in a tree shows as a
/// symbol and never reaches the terminal; the file's name goes through [`scrub::one_line`].
/// Only a window of a long line is read ([`REACH`] bytes either side of the fault), so a file
/// that is one long line with many faults is still rendered in linear time.
pub fn render(out: &mut String, texts: &Texts, d: &Diagnostic, color: Color) {
    let level = match d.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    // Messages quote ids, labels and targets from the tree: one line, no control characters.
    let message = scrub::one_line(&d.problem.message());
    let hint = scrub::one_line(&d.problem.hint());
    let note = d.problem.also_note();
    // Where each quoted span is (its file's name, its line), and the column annotate-snippets
    // will print for it, which counts from the start of the window rather than of the line.
    let mut columns: Vec<(String, usize, usize, usize)> = Vec::new();
    let mut quoted =
        |file: usize, span: Span, kind: AnnotationKind, label: Option<&'static str>| {
            let name = scrub::one_line(texts.name(file));
            let lines = texts.lines(file);
            let at = lines.line_col(span.start);
            let (window, offset) = lines.line_around(span.start, REACH);
            let line = scrub::visible(window);
            // The span in characters of its window, as byte offsets into the scrubbed window (which
            // has the same characters, some replaced by visible symbols).
            let from = window[..offset].chars().count();
            columns.push((name.clone(), at.line, from + 1, at.col));
            let len = span
                .end
                .saturating_sub(span.start)
                .min(window.len() - offset);
            let chars = window[offset..offset + len].chars().count().max(1);
            let byte = |c: usize| line.char_indices().nth(c).map_or(line.len(), |(i, _)| i);
            let range = byte(from)
                ..byte(from + chars)
                    .max(byte(from) + 1)
                    .min(line.len().max(byte(from)));
            let annotation = kind.span(range);
            let annotation = match label {
                Some(label) => annotation.label(label),
                None => annotation,
            };
            Snippet::source(line)
                .line_start(at.line)
                .path(name)
                .annotation(annotation)
        };
    let mut group = level
        .primary_title(message)
        .id(d.problem.code())
        .element(quoted(d.file, d.span, AnnotationKind::Primary, None));
    if let Some(also) = d.also {
        group = group.element(quoted(
            d.also_file,
            also,
            AnnotationKind::Context,
            Some(note),
        ));
    }
    let group = group.element(Level::HELP.with_name("hint").message(hint));
    let renderer = match color {
        Color::Always => Renderer::styled(),
        Color::Never => Renderer::plain(),
    };
    // A long line is cut to a window around the fault, so a caret is never lost off screen.
    let renderer = renderer.term_width(MAX_SHOWN);
    let mut text = renderer.render(&[group]);
    // Each `file:line:col` says the column in the whole line.
    let mut from = 0;
    for (name, line, shown, real) in columns {
        let wrong = format!("{name}:{line}:{shown}");
        if let Some(i) = text[from..].find(&wrong) {
            let at = from + i;
            let right = format!("{name}:{line}:{real}");
            text.replace_range(at..at + wrong.len(), &right);
            from = at + right.len();
        }
    }
    out.push_str(&text);
    out.push('\n');
}

/// How many bytes of a line either side of a fault are read; far more than is ever shown.
const REACH: usize = 512;

/// The widest a diagnostic is drawn; a longer source line is cut to a window around the fault.
const MAX_SHOWN: usize = 100;

/// `1 error`, `3 errors`: a count and its word, which takes an `s` unless the count is one.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// `3 errors, 1 warning`, or `no problems`.
pub fn counts(errors: usize, warnings: usize) -> String {
    match (errors, warnings) {
        (0, 0) => "no problems".into(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}
