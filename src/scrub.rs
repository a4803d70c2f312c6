//! Text from a tree file made safe for where it goes, one named rule each.
//!
//! A tree file is data from anyone, and data never reaches the terminal as control sequences.
//! Every text tread shows or prints goes through one of these rules, chosen by where it goes.

use std::borrow::Cow;

/// For the screen (the walk): every control character but the line break `\n` is dropped, and
/// tabs become spaces. Authors use `\n` to start a paragraph.
pub fn for_screen(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\n') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\t' => Some(' '),
                '\n' => Some('\n'),
                c if c.is_control() => None,
                c => Some(c),
            })
            .collect(),
    )
}

/// For a source line quoted in a diagnostic: each control character is shown as a visible
/// symbol in its place (U+2400 and on for C0, U+2421 for DEL, U+FFFD for C1), so the line keeps
/// its length and the caret under it stays under the fault. Tabs become one space.
pub fn visible(line: &str) -> String {
    line.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('?'),
            '\u{7f}' => '\u{2421}',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// For one line of printed output (a graph comment, a path): line breaks and tabs become
/// spaces, and every other control character is dropped.
pub fn one_line(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_sequences_never_pass() {
        // (text, for the screen, visible, one line)
        let cases = [
            ("plain", "plain", "plain", "plain"),
            ("a\x1b[31mred", "a[31mred", "a\u{241b}[31mred", "a[31mred"),
            (
                "title\x1b]0;x\x07",
                "title]0;x",
                "title\u{241b}]0;x\u{2407}",
                "title]0;x",
            ),
            ("tab\there", "tab here", "tab here", "tab here"),
            (
                "line\nbreak",
                "line\nbreak",
                "line\u{240a}break",
                "line break",
            ),
            ("c1\u{9b}31m", "c131m", "c1\u{fffd}31m", "c131m"),
            (
                "cr\roverwrite",
                "croverwrite",
                "cr\u{240d}overwrite",
                "croverwrite",
            ),
            ("del\u{7f}", "del", "del\u{2421}", "del"),
        ];
        for (input, screen, shown, line) in cases {
            assert_eq!(for_screen(input), screen, "{input:?}");
            assert_eq!(visible(input), shown, "{input:?}");
            assert_eq!(one_line(input), line, "{input:?}");
        }
    }
}
