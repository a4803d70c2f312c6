//! Turns places into spans by reading the file once more, keeping positions this time.
//!
//! ron gives no positions for values in a file that parsed, so when the checks have something to
//! report this small reader walks the same text and records where each value is. It runs only on
//! text ron has already accepted, so it can be forgiving; it never recurses deeper than ron would.

use super::place::Place;
use super::span::Span;

/// A value and where it is.
#[derive(Debug)]
struct Val {
    span: Span,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// `Name(field: value, …)` or `(field: value, …)`.
    Struct(Vec<(String, Val)>),
    /// `[a, b]`, `(a, b)` or `Name(a, b)`.
    Seq(Vec<Val>),
    /// `{ key: value, … }`.
    Map(Vec<(Val, Val)>),
    /// `Some(value)`.
    Some(Box<Val>),
    /// Strings, numbers, names.
    Atom,
}

/// One step from a value into one inside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    /// A struct's field.
    Field(&'a str),
    /// A list's item, from 0.
    Item(usize),
}

/// A tree file read for positions.
pub struct Locator {
    root: Option<Val>,
}

impl Locator {
    /// Reads `src` for positions.
    pub fn new(src: &str) -> Locator {
        let mut r = Reader {
            text: src,
            src: src.as_bytes(),
            pos: 0,
        };
        r.skip_attributes();
        Locator { root: r.value(0) }
    }

    /// The span of a place, or `None` when the file does not have it.
    pub fn span(&self, place: Place) -> Option<Span> {
        let root = self.root.as_ref()?;
        let node = |i: usize| root.field("nodes")?.entry(i).map(|(_, v)| v);
        let item = |i: usize, field: &str, j: usize| node(i)?.field(field)?.item(j);
        let val = match place {
            Place::Field(name) => root.field(name),
            Place::SourceKey(i) => root.field("sources")?.entry(i).map(|(k, _)| k),
            Place::NodeKey(i) => root.field("nodes")?.entry(i).map(|(k, _)| k),
            Place::NodeField(i, name) => node(i)?.field(name),
            Place::ChoiceLabel(i, j) => item(i, "choices", j)?.field("label"),
            Place::ChoiceNext(i, j) => item(i, "choices", j)?.field("next"),
            Place::Item(i, field, j) => item(i, field, j),
            Place::Within(outer, name) => root.field(outer)?.field(name),
            Place::ListItem(name, j) => root.field(name)?.item(j),
            Place::MapKey(name, j) => root.field(name)?.entry(j).map(|(k, _)| k),
            Place::MapValue(name, j) => root.field(name)?.entry(j).map(|(_, v)| v),
        };
        val.map(|v| v.span)
    }

    /// The span of the value at `path` (fields of structs and items of lists, from the
    /// file's root), or of the nearest value on the way to it that the file has; the file's
    /// start when it has none. For files other than trees (a file of cases).
    pub fn span_at(&self, path: &[Step]) -> Span {
        let Some(mut at) = self.root.as_ref() else {
            return Span::new(0, 0);
        };
        for step in path {
            let next = match step {
                Step::Field(name) => at.field(name),
                Step::Item(i) => at.item(*i),
            };
            match next {
                Some(v) => at = v,
                None => break,
            }
        }
        at.span
    }

    /// The span of a place, falling back to the node it belongs to, then to the file's start.
    pub fn span_or_near(&self, place: Place) -> Span {
        let node = match place {
            Place::NodeField(i, _)
            | Place::ChoiceLabel(i, _)
            | Place::ChoiceNext(i, _)
            | Place::Item(i, _, _) => Some(Place::NodeKey(i)),
            Place::Within(outer, _)
            | Place::ListItem(outer, _)
            | Place::MapKey(outer, _)
            | Place::MapValue(outer, _) => Some(Place::Field(outer)),
            _ => None,
        };
        self.span(place)
            .or_else(|| node.and_then(|p| self.span(p)))
            .unwrap_or(Span::new(0, 0))
    }
}

impl Val {
    /// A struct's field, looking through `Some(…)`.
    fn field(&self, name: &str) -> Option<&Val> {
        match &self.kind {
            Kind::Struct(fields) => fields
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.unwrap_some()),
            _ => None,
        }
    }

    fn entry(&self, i: usize) -> Option<(&Val, &Val)> {
        match &self.kind {
            Kind::Map(entries) => entries.get(i).map(|(k, v)| (k, v)),
            _ => None,
        }
    }

    fn item(&self, i: usize) -> Option<&Val> {
        match &self.kind {
            Kind::Seq(items) => items.get(i),
            _ => None,
        }
    }

    fn unwrap_some(&self) -> &Val {
        match &self.kind {
            Kind::Some(inner) => inner,
            _ => self,
        }
    }
}

/// White space as ron 0.12 reads it (`ron::parse::is_whitespace_char`, which is not public):
/// Rust's Pattern_White_Space, a few more than ASCII.
fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\x0B'
            | '\x0C'
            | '\u{85}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// ron refuses anything deeper than this, so the reader never meets it in a file ron accepted.
const MAX_DEPTH: usize = 256;

struct Reader<'a> {
    text: &'a str,
    src: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    /// Skips white space (what ron counts as white space, vertical tab and U+2028 included) and
    /// comments (block comments nest, as in ron).
    fn skip(&mut self) {
        loop {
            let space = self.text[self.pos..]
                .chars()
                .next()
                .filter(|&c| is_space(c));
            if let Some(c) = space {
                self.pos += c.len_utf8();
                continue;
            }
            match (self.peek(), self.src.get(self.pos + 1)) {
                (Some(b'/'), Some(b'/')) => {
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.pos += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    let mut depth = 0usize;
                    while self.pos < self.src.len() {
                        if self.src[self.pos..].starts_with(b"/*") {
                            depth += 1;
                            self.pos += 2;
                        } else if self.src[self.pos..].starts_with(b"*/") {
                            depth -= 1;
                            self.pos += 2;
                            if depth == 0 {
                                break;
                            }
                        } else {
                            self.pos += 1;
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// Skips `#![enable(…)]` attributes at the top of a file, which ron lets have white space
    /// and comments between `#`, `!` and `[`.
    fn skip_attributes(&mut self) {
        loop {
            self.skip();
            if self.peek() != Some(b'#') {
                return;
            }
            self.pos += 1;
            self.skip();
            if self.expect(b'!').is_none() {
                return;
            }
            self.skip();
            if self.expect(b'[').is_none() {
                return;
            }
            // To the `]` that closes it: not one in a string or a comment.
            loop {
                self.skip();
                match self.peek() {
                    None => return,
                    Some(b']') => break,
                    Some(b'"') => self.quoted(),
                    Some(_) => self.pos += 1,
                }
            }
            self.pos += 1;
        }
    }

    fn value(&mut self, depth: usize) -> Option<Val> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip();
        let start = self.pos;
        let kind = match self.peek()? {
            b'"' | b'\'' => {
                self.quoted();
                Kind::Atom
            }
            b'[' => {
                self.pos += 1;
                Kind::Seq(self.items(b']', depth)?)
            }
            b'{' => {
                self.pos += 1;
                Kind::Map(self.map(depth)?)
            }
            b'(' => self.parens(depth)?,
            b'r' | b'b' if self.raw_or_byte_string() => Kind::Atom,
            _ => {
                self.atom();
                if self.pos == start {
                    return None;
                }
                let after_name = self.pos;
                self.skip();
                if self.peek() == Some(b'(') {
                    match self.parens(depth)? {
                        Kind::Seq(mut items)
                            if &self.src[start..after_name] == b"Some" && items.len() == 1 =>
                        {
                            Kind::Some(Box::new(items.remove(0)))
                        }
                        kind => kind,
                    }
                } else {
                    self.pos = after_name;
                    Kind::Atom
                }
            }
        };
        Some(Val {
            span: Span::new(start, self.pos),
            kind,
        })
    }

    /// After an optional name: `(field: v, …)` or `(a, b, …)`.
    fn parens(&mut self, depth: usize) -> Option<Kind> {
        self.pos += 1;
        self.skip();
        // A named field is a name followed by a single `:`.
        let save = self.pos;
        self.atom();
        let name_end = self.pos;
        self.skip();
        let named = name_end > save && self.peek() == Some(b':');
        self.pos = save;
        if !named {
            return Some(Kind::Seq(self.items(b')', depth)?));
        }
        let mut fields = Vec::new();
        loop {
            self.skip();
            if self.peek() == Some(b')') {
                self.pos += 1;
                return Some(Kind::Struct(fields));
            }
            let name_start = self.pos;
            self.atom();
            let name = String::from_utf8_lossy(&self.src[name_start..self.pos]);
            let name = name.strip_prefix("r#").unwrap_or(&name).to_string();
            self.skip();
            self.expect(b':')?;
            let value = self.value(depth + 1)?;
            fields.push((name, value));
            self.comma();
        }
    }

    fn items(&mut self, close: u8, depth: usize) -> Option<Vec<Val>> {
        let mut items = Vec::new();
        loop {
            self.skip();
            if self.peek()? == close {
                self.pos += 1;
                return Some(items);
            }
            items.push(self.value(depth + 1)?);
            self.comma();
        }
    }

    fn map(&mut self, depth: usize) -> Option<Vec<(Val, Val)>> {
        let mut entries = Vec::new();
        loop {
            self.skip();
            if self.peek()? == b'}' {
                self.pos += 1;
                return Some(entries);
            }
            let key = self.value(depth + 1)?;
            self.skip();
            self.expect(b':')?;
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            self.comma();
        }
    }

    fn expect(&mut self, b: u8) -> Option<()> {
        (self.peek()? == b).then(|| self.pos += 1)
    }

    fn comma(&mut self) {
        self.skip();
        if self.peek() == Some(b',') {
            self.pos += 1;
        }
    }

    /// A name, number or other bare word.
    fn atom(&mut self) {
        if self.src[self.pos..].starts_with(b"r#") {
            self.pos += 2;
        }
        while self.peek().is_some_and(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'+' | b'-') || b >= 0x80
        }) {
            self.pos += 1;
        }
    }

    /// A string or a character literal: from its opening quote past the matching closing one.
    fn quoted(&mut self) {
        let quote = self.src[self.pos];
        self.pos += 1;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'\\' => self.pos += 1,
                b if b == quote => return,
                _ => {}
            }
        }
    }

    /// `r"…"`, `r#"…"#`, `b"…"` or `br"…"`; `false` (and nothing read) when it is a plain name.
    fn raw_or_byte_string(&mut self) -> bool {
        let rest = &self.src[self.pos..];
        let after_b = usize::from(rest.first() == Some(&b'b'));
        if after_b == 1 && rest.get(1) == Some(&b'"') {
            self.pos += 1;
            self.quoted();
            return true;
        }
        if rest.get(after_b) != Some(&b'r') {
            return false;
        }
        let hashes = rest[after_b + 1..]
            .iter()
            .take_while(|&&b| b == b'#')
            .count();
        if rest.get(after_b + 1 + hashes) != Some(&b'"') {
            return false;
        }
        self.pos += after_b + 2 + hashes;
        while self.pos < self.src.len() {
            if self.src[self.pos] == b'"'
                && self.src[self.pos + 1..]
                    .iter()
                    .take(hashes)
                    .filter(|&&b| b == b'#')
                    .count()
                    == hashes
            {
                self.pos += 1 + hashes;
                return true;
            }
            self.pos += 1;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_at(src: &str, place: Place) -> &str {
        let span = Locator::new(src)
            .span(place)
            .unwrap_or_else(|| panic!("{place:?} not found"));
        &src[span.start..span.end]
    }

    const SRC: &str = r##"#![enable(implicit_some)]
// a comment with "quotes" and (brackets
(
    title: "T", format: 1, start: "a",
    /* nested /* block */ comment */
    disclaimer: r#"raw "text""#,
    signed_off: (by: "Dr B", on: "2026-01-02"),
    sources: { "s1": (title: "S", by: "B", year: 2020) },
    nodes: {
        "a": Question(
            title: "A", text: "Ask?",
            choices: [(label: "Yes", next: "b"), (label: "No\"pe", next: "c")],
            why: Some("because"),
            sources: ["s1"],
        ),
        "b": Outcome(title: "B", urgency: SelfCare, action: "Rest", advice: ["x", 'y']),
    },
)
"##;

    #[test]
    fn finds_each_kind_of_place() {
        assert_eq!(text_at(SRC, Place::Field("start")), "\"a\"");
        assert_eq!(
            text_at(SRC, Place::Field("disclaimer")),
            "r#\"raw \"text\"\"#"
        );
        assert_eq!(text_at(SRC, Place::SourceKey(0)), "\"s1\"");
        assert_eq!(
            text_at(SRC, Place::Within("signed_off", "on")),
            "\"2026-01-02\""
        );
        assert_eq!(text_at(SRC, Place::NodeKey(1)), "\"b\"");
        assert_eq!(text_at(SRC, Place::NodeField(0, "why")), "\"because\"");
        assert_eq!(text_at(SRC, Place::ChoiceLabel(0, 1)), "\"No\\\"pe\"");
        assert_eq!(text_at(SRC, Place::ChoiceNext(0, 1)), "\"c\"");
        assert_eq!(text_at(SRC, Place::Item(0, "sources", 0)), "\"s1\"");
        assert_eq!(text_at(SRC, Place::Item(1, "advice", 1)), "'y'");
        assert_eq!(text_at(SRC, Place::NodeField(1, "urgency")), "SelfCare");
    }

    #[test]
    fn a_missing_place_falls_back_to_its_node() {
        let loc = Locator::new(SRC);
        assert_eq!(loc.span(Place::ChoiceNext(0, 7)), None);
        assert_eq!(
            loc.span_or_near(Place::ChoiceNext(0, 7)),
            loc.span(Place::NodeKey(0)).unwrap()
        );
    }
}
