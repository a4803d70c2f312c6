//! How diagnostics are printed for people: `file:line:col`, the line, a caret, a hint.

use std::fmt::Write;

use crate::tree::span::{line_col, line_of};
use crate::tree::{Diagnostic, Severity};

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

/// Writes one diagnostic the way rustc and just do:
///
/// ```text
/// error[dangling-link]: choice "Yes" leads to `ambulence`, which is not a node
///   --> trees/x.ron:14:37
///    |
/// 14 |                 (label: "Yes", next: "ambulence"),
///    |                                      ^^^^^^^^^^^
///    = hint: did you mean `ambulance`?
/// ```
pub fn render(out: &mut String, name: &str, text: &str, d: &Diagnostic, color: Color) {
    let paint = |code: &str, s: &str| match color {
        Color::Always => format!("\x1b[{code}m{s}\x1b[0m"),
        Color::Never => s.to_string(),
    };
    let (word, tint) = match d.severity() {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
    };
    let at = line_col(text, d.span.start);
    let gutter = at.line.to_string().len();
    let pad = " ".repeat(gutter);
    let _ = writeln!(
        out,
        "{}: {}",
        paint(tint, &format!("{word}[{}]", d.problem.code())),
        paint("1", &d.problem.message())
    );
    let _ = writeln!(
        out,
        "{pad}{} {name}:{}:{}",
        paint("1;34", "-->"),
        at.line,
        at.col
    );
    let line = line_of(text, d.span.start);
    if !line.is_empty() || !text.is_empty() {
        let bar = paint("1;34", "|");
        // The caret runs under the span, but no further than the end of its line.
        let width = text[d.span.start.min(text.len())..d.span.end.min(text.len())]
            .split('\n')
            .next()
            .map_or(0, |s| s.chars().count())
            .max(1);
        let (shown, caret_at, width) = window(line, at.col - 1, width);
        let _ = writeln!(out, "{pad} {bar}");
        let _ = writeln!(out, "{} {bar} {shown}", paint("1;34", &at.line.to_string()));
        let _ = writeln!(
            out,
            "{pad} {bar} {}{}",
            " ".repeat(caret_at),
            paint(tint, &"^".repeat(width))
        );
    }
    if let Some(also) = d.also {
        let first = line_col(text, also.start);
        let _ = writeln!(
            out,
            "{pad} {} note: {} {name}:{}:{}",
            paint("1;34", "="),
            d.problem.also_note(),
            first.line,
            first.col
        );
    }
    let _ = writeln!(
        out,
        "{pad} {} hint: {}",
        paint("1;34", "="),
        d.problem.hint()
    );
}

/// The longest source line shown whole; a longer one is cut to a window around the fault.
const MAX_SHOWN: usize = 100;

/// A source line made printable and short enough to read, with the caret's column and width in it.
fn window(line: &str, col: usize, width: usize) -> (String, usize, usize) {
    let chars: Vec<char> = crate::scrub::visible(line).chars().collect();
    if chars.len() <= MAX_SHOWN {
        return (chars.into_iter().collect(), col, width);
    }
    let from = col.saturating_sub(MAX_SHOWN / 3).min(chars.len());
    let to = (from + MAX_SHOWN).min(chars.len());
    let mut shown: String = chars[from..to].iter().collect();
    let mut caret = col - from;
    if from > 0 {
        shown.insert(0, '…');
        caret += 1;
    }
    if to < chars.len() {
        shown.push('…');
    }
    (shown, caret, width.min(to.saturating_sub(col)).max(1))
}

/// `3 errors, 1 warning`, or `no problems`.
pub fn counts(errors: usize, warnings: usize) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "no problems".into(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}
