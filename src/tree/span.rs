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

    /// The line and column where the span starts.
    pub fn start_in(&self, src: &str) -> LineCol {
        line_col(src, self.start)
    }
}

/// The line and column of a byte offset (clamped to the text and to a character boundary).
pub fn line_col(src: &str, offset: usize) -> LineCol {
    let mut offset = offset.min(src.len());
    while !src.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &src[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    LineCol {
        line: before.bytes().filter(|&b| b == b'\n').count() + 1,
        col: before[line_start..].chars().count() + 1,
    }
}

/// The byte offset of a 1-based line and character column (clamped to the line's end).
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

/// The whole line that holds a byte offset, without its line break.
pub fn line_of(src: &str, offset: usize) -> &str {
    let offset = offset.min(src.len());
    let start = src[..offset].rfind('\n').map_or(0, |i| i + 1);
    let end = src[offset..].find('\n').map_or(src.len(), |i| offset + i);
    src[start..end]
        .strip_suffix('\r')
        .unwrap_or(&src[start..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let src = "ab\n\u{e9}t\u{e9} x";
        let x = src.find('x').unwrap();
        assert_eq!(line_col(src, x), LineCol { line: 2, col: 5 });
        assert_eq!(offset_of(src, LineCol { line: 2, col: 5 }), x);
        assert_eq!(line_of(src, x), "\u{e9}t\u{e9} x");
    }

    #[test]
    fn offsets_past_the_end_are_clamped() {
        assert_eq!(line_col("a\nb", 99), LineCol { line: 2, col: 2 });
        assert_eq!(offset_of("a\nb", LineCol { line: 9, col: 1 }), 3);
    }
}
