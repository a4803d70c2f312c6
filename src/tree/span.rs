//! Where something is in a source text.

/// A byte range in a source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// The first byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A 1-based line and column; the column counts characters, as ron does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// The line, from 1.
    pub line: usize,
    /// The character in the line, from 1.
    pub col: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The line and column where the span starts (for one span; many go through [`Lines`]).
    pub fn start_in(&self, src: &str) -> LineCol {
        Lines::new(src).line_col(self.start)
    }
}

/// Lines and columns of a text, as people and editors count them: a line ends at `\n`, `\r\n`
/// or a lone `\r`, and a column counts characters.
///
/// Built in one pass, with a mark every [`STRIDE`] bytes, so that finding any offset reads at
/// most one stride of text: a file with thousands of diagnostics, or all on one long line, is
/// still placed in linear time.
pub struct Lines<'a> {
    text: &'a str,
    /// `(byte, line and column)` at character boundaries about [`STRIDE`] bytes apart; the
    /// first is the text's start. None stands between a `\r` and its `\n`.
    marks: Vec<(usize, LineCol)>,
}

/// How far apart the marks are, in bytes.
const STRIDE: usize = 1024;

impl<'a> Lines<'a> {
    /// Marks the text.
    pub fn new(text: &'a str) -> Lines<'a> {
        let mut marks = vec![(0, LineCol { line: 1, col: 1 })];
        let mut at = LineCol { line: 1, col: 1 };
        let bytes = text.as_bytes();
        let mut next = STRIDE;
        for (i, c) in text.char_indices() {
            if i >= next && !(i > 0 && bytes[i - 1] == b'\r' && c == '\n') {
                marks.push((i, at));
                next = i + STRIDE;
            }
            at = step(at, c, bytes.get(i + 1).copied());
        }
        Lines { text, marks }
    }

    /// The line and column of a byte offset (clamped to the text and to a character boundary).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let offset = self.boundary(offset);
        let k = self.marks.partition_point(|&(b, _)| b <= offset) - 1;
        let (from, mut at) = self.marks[k];
        let bytes = self.text.as_bytes();
        for (i, c) in self.text[from..offset].char_indices() {
            at = step(at, c, bytes.get(from + i + 1).copied());
        }
        at
    }

    /// The line that holds a byte offset, without its line break, cut to at most `reach` bytes
    /// either side of the offset; and the offset's place in it, in bytes.
    pub fn line_around(&self, offset: usize, reach: usize) -> (&'a str, usize) {
        let offset = self.boundary(offset);
        let text = self.text;
        let mut start = self.boundary(offset.saturating_sub(reach));
        if let Some(i) = text[start..offset].rfind(['\n', '\r']) {
            start += i + 1;
        }
        let end = self.boundary(offset.saturating_add(reach));
        let end = text[offset..end]
            .find(['\n', '\r'])
            .map_or(end, |i| offset + i);
        (&text[start..end], offset - start)
    }

    fn boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

/// Where the next character stands after `c` (followed by the byte `then`).
fn step(at: LineCol, c: char, then: Option<u8>) -> LineCol {
    match c {
        '\n' => LineCol {
            line: at.line + 1,
            col: 1,
        },
        // The `\r` of a `\r\n` stays on its line; a lone `\r` ends one.
        '\r' if then != Some(b'\n') => LineCol {
            line: at.line + 1,
            col: 1,
        },
        _ => LineCol {
            col: at.col + 1,
            ..at
        },
    }
}

/// The byte offset of a 1-based line and character column as ron counts them (lines end at
/// `\n` only), clamped to the line's end.
pub fn offset_of(src: &str, at: LineCol) -> usize {
    let mut start = 0;
    for _ in 1..at.line {
        match src[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return src.len(),
        }
    }
    let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
    src[start..line_end]
        .char_indices()
        .nth(at.col.saturating_sub(1))
        .map_or(line_end, |(i, _)| start + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, col: usize) -> LineCol {
        LineCol { line, col }
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "ab\n\u{e9}t\u{e9} x";
        let x = src.find('x').unwrap();
        assert_eq!(Lines::new(src).line_col(x), at(2, 5));
        assert_eq!(offset_of(src, at(2, 5)), x);
        assert_eq!(Lines::new(src).line_around(x, 100), ("\u{e9}t\u{e9} x", 6));
    }

    #[test]
    fn every_kind_of_line_end_ends_a_line() {
        for end in ["\n", "\r\n", "\r"] {
            let src = ["(", "  a: 1,", "  b: 2,", ")"].join(end);
            let b = src.find('b').unwrap();
            let lines = Lines::new(&src);
            assert_eq!(lines.line_col(b), at(3, 3), "{end:?}");
            assert_eq!(lines.line_around(b, 100), ("  b: 2,", 2), "{end:?}");
        }
    }

    #[test]
    fn marks_agree_with_counting_from_the_start() {
        // Long lines, short lines, CRLF across a mark, and characters of every width in bytes.
        let mut src = String::new();
        for i in 0..3000 {
            src.push_str(
                ["x", "\u{e9}", "\u{4e2d}", "\u{1f600}", "\r\n", "\r", "\n"][i * 7 % 11 % 7],
            );
            if i % 500 == 0 {
                src.push_str(&"y".repeat(1500));
            }
        }
        let lines = Lines::new(&src);
        let mut expected = at(1, 1);
        let bytes = src.as_bytes();
        for (i, c) in src.char_indices() {
            assert_eq!(lines.line_col(i), expected, "at byte {i}");
            expected = step(expected, c, bytes.get(i + 1).copied());
        }
        assert_eq!(lines.line_col(src.len()), expected);
    }

    #[test]
    fn a_long_line_is_cut_around_the_offset() {
        let src = format!("{}X{}", "a".repeat(5000), "b".repeat(5000));
        let x = src.find('X').unwrap();
        let (line, i) = Lines::new(&src).line_around(x, 10);
        assert_eq!(line, "aaaaaaaaaaXbbbbbbbbb");
        assert_eq!(&line[i..=i], "X");
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        assert_eq!(Lines::new("a\nb").line_col(99), at(2, 2));
        assert_eq!(offset_of("a\nb", at(9, 1)), 3);
    }
}
