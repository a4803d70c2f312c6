//! From text to a typed tree with ron, and ron's errors as problems at their places.

use ron::error::{Error as RonError, SpannedError};
use ron::extensions::Extensions;

use super::model::TreeFile;
use super::problem::Problem;
use super::span::{LineCol, Span, offset_of};

/// The ron options every tree file is read with. `implicit_some` lets authors write
/// `why: "…"` rather than `why: Some("…")`; the recursion limit stays ron's default (128).
pub fn options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Decodes a tree with ron, or says what is wrong and where.
pub fn decode(text: &str) -> Result<TreeFile, (Problem, Span)> {
    decode_as(text)
}

/// Decodes a file of any of the kinds tread reads (a tree, a parts file), or says what is
/// wrong and where.
pub fn decode_as<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, (Problem, Span)> {
    if text.trim().is_empty() {
        return Err((Problem::EmptyFile, Span::new(0, 0)));
    }
    options().from_str(text).map_err(|e| {
        let (mut problem, span) = from_ron(&e, text);
        // ron ends a `//` comment only at a line feed: in a file whose lines end in a lone CR
        // (old Mac style), a comment runs to the end of the file.
        if let Problem::Syntax { hint, .. } = &mut problem
            && lone_cr(text)
        {
            *hint = "this file ends its lines with a lone CR, and a `//` comment runs to the next line feed: save it with LF (or CRLF) line ends";
        }
        (problem, span)
    })
}

/// Whether a text has a carriage return not followed by a line feed.
fn lone_cr(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

fn from_ron(err: &SpannedError, text: &str) -> (Problem, Span) {
    let at = |p: ron::error::Position| {
        offset_of(
            text,
            LineCol {
                line: p.line,
                col: p.col,
            },
        )
    };
    let (start, end) = (at(err.span.start), at(err.span.end));
    let (mut start, end) = (start.min(end), start.max(end));
    // ron's span can start at the white space before the value it stopped at: point at the value.
    let skipped = text[start..].len() - text[start..].trim_start_matches([' ', '\t']).len();
    if !text[start + skipped..].starts_with(['\n', '\r']) {
        start += skipped;
    }
    match wrong_type(&err.code, text, start) {
        // The caret goes under the whole value found.
        Some(problem) => (problem, Span::new(start, start + token_len(&text[start..]))),
        None => (problem(&err.code), Span::new(start, end.max(start))),
    }
}

/// A value of the wrong kind where ron names only the token it wanted: said in the tree's own
/// words (which names a field takes), with the value that was found.
fn wrong_type(code: &RonError, text: &str, at: usize) -> Option<Problem> {
    let found = token_at(text, at);
    let (expected, hint) = match code {
        RonError::ExpectedBoolean => ("`true` or `false`", "write it without quotes"),
        RonError::ExpectedInteger => ("a whole number", "write it without quotes: 1"),
        RonError::ExpectedString => (
            "text in double quotes",
            "put text in double quotes: \"like this\"",
        ),
        RonError::ExpectedIdentifier | RonError::SuggestRawIdentifier(_) => {
            match field_before(text, at) {
                Some("urgency") => (
                    "a level of the scale, as a name (`Emergency`, `Urgent`, `Soon`, `Routine` or `SelfCare` when the tree declares no scale)",
                    "write the name without quotes: `urgency: Urgent`",
                ),
                // A value right after a quoted map key is a node.
                Some("\"") => (
                    "a node: `Question(…)`, `Info(…)` or `Outcome(…)`",
                    "write the kind of node, then its fields in parentheses",
                ),
                _ => return None,
            }
        }
        _ => return None,
    };
    Some(Problem::WrongType {
        expected: expected.to_string(),
        found,
        hint,
    })
}

/// The value that starts at `at`, as written (a quoted string, a number, a name or a bracket),
/// cut short if long.
fn token_at(text: &str, at: usize) -> String {
    let rest = &text[at..];
    let len = token_len(rest);
    let token: String = rest[..len].chars().take(40).collect();
    if token.chars().count() < rest[..len].chars().count() {
        format!("`{token}…`")
    } else {
        format!("`{token}`")
    }
}

/// The length in bytes of the value at the start of `rest`.
fn token_len(rest: &str) -> usize {
    if let Some(quoted) = rest.strip_prefix('"') {
        quoted.find(['"', '\n']).map_or(rest.len(), |i| i + 2)
    } else if rest.starts_with(['[', '(', '{']) {
        1
    } else {
        rest.find(|c: char| c.is_whitespace() || ",)]}".contains(c))
            .unwrap_or(rest.len())
    }
}

/// The name of the field whose value starts at `at` (`urgency` in `urgency: 3`), or `"` when
/// the value follows a quoted map key.
fn field_before(text: &str, at: usize) -> Option<&str> {
    let before = text[..at].trim_end();
    let before = before.strip_suffix(':')?.trim_end();
    if before.ends_with('"') {
        return Some("\"");
    }
    // The name is ASCII; whatever stands before it may not be, so count back by characters.
    let name: usize = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .map(char::len_utf8)
        .sum();
    Some(&before[before.len() - name..])
}

fn syntax(message: &str, hint: &'static str) -> Problem {
    Problem::Syntax {
        message: message.to_string(),
        hint,
    }
}

fn problem(code: &RonError) -> Problem {
    match code {
        RonError::NoSuchStructField {
            expected,
            found,
            outer,
        } => Problem::UnknownField {
            field: found.clone(),
            within: outer.clone(),
            expected,
        },
        RonError::MissingStructField { field, outer } => Problem::MissingField {
            field,
            within: outer.clone(),
        },
        RonError::DuplicateStructField { field, outer } => Problem::DuplicateField {
            field,
            within: outer.clone(),
        },
        RonError::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => Problem::UnknownVariant {
            found: found.clone(),
            within: outer.clone(),
            expected,
        },
        RonError::InvalidValueForType { expected, found } => Problem::WrongType {
            expected: expected.clone(),
            found: found.clone(),
            hint: "see trees/README.md for each field's type",
        },
        RonError::ExceededRecursionLimit => syntax(
            "brackets are nested too deeply",
            "a tree file never needs nesting this deep; check the brackets",
        ),
        RonError::Utf8Error(_) => Problem::InvalidUtf8,
        RonError::Eof => syntax(
            "the file ends too soon",
            "a bracket or a quote is not closed",
        ),
        RonError::ExpectedComma => {
            syntax("expected `,`", "separate fields and list items with commas")
        }
        RonError::ExpectedMapColon => syntax("expected `:`", "write each entry as `\"id\": value`"),
        RonError::ExpectedString => syntax(
            "expected a string",
            "put text in double quotes: \"like this\"",
        ),
        RonError::ExpectedStringEnd => syntax("this string is not closed", "add the closing `\"`"),
        RonError::ExpectedInteger => {
            syntax("expected a whole number", "write it without quotes: 1")
        }
        RonError::IntegerOutOfBounds => syntax(
            "this number is out of range",
            "see trees/README.md for each field's type",
        ),
        RonError::ExpectedBoolean => {
            syntax("expected `true` or `false`", "write it without quotes")
        }
        RonError::ExpectedArray => syntax(
            "expected `[`",
            "a list goes in square brackets: [\"a\", \"b\"]",
        ),
        RonError::ExpectedArrayEnd => syntax("expected `]`", "close the list, or add a comma"),
        RonError::ExpectedMap => syntax("expected `{`", "a map goes in braces: { \"id\": value }"),
        RonError::ExpectedMapEnd => syntax("expected `}`", "close the map, or add a comma"),
        RonError::ExpectedStructLike | RonError::ExpectedNamedStructLike(_) => syntax(
            "expected `(`",
            "a record goes in parentheses: (field: value)",
        ),
        RonError::ExpectedOptionEnd | RonError::ExpectedStructLikeEnd => {
            syntax("expected `)`", "close the parentheses, or add a comma")
        }
        RonError::ExpectedDifferentStructName { expected, found } => Problem::Syntax {
            message: format!("expected `{expected}`, found `{found}`"),
            hint: "see trees/README.md for the names each field takes",
        },
        RonError::ExpectedIdentifier => {
            syntax("expected a field name", "write fields as `name: value`")
        }
        RonError::InvalidEscape(what) => Problem::Syntax {
            message: format!("invalid escape in a string: {}", lower_first(what)),
            hint: "write a backslash as \\\\ and a quote as \\\"",
        },
        RonError::UnclosedBlockComment => syntax("a `/*` comment is not closed", "add `*/`"),
        RonError::UnexpectedChar(c) => Problem::Syntax {
            message: format!("unexpected character `{}`", c.escape_debug()),
            hint: "check the punctuation just before it",
        },
        RonError::TrailingCharacters => syntax(
            "there is text after the end of the tree",
            "the tree is one `( … )`: remove what follows it",
        ),
        other => Problem::Syntax {
            message: lower_first(&other.to_string()),
            hint: "compare with the example in trees/README.md",
        },
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}
