//! Text from a tree file, made safe for the screen.
//!
//! A tree file is data, and data never reaches the terminal as control sequences: escape, OSC,
//! BEL, carriage returns and the like are dropped, tabs become spaces. Line breaks are kept, as
//! authors use `\n` to break a paragraph.

use std::borrow::Cow;

/// The text with every control character but `\n` dropped and tabs turned into spaces.
pub fn clean(text: &str) -> Cow<'_, str> {
    if crate::tree::control_char(text).is_none() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_sequences_never_pass() {
        let cases = [
            ("plain", "plain"),
            ("a\x1b[31mred\x1b[0m", "a[31mred[0m"),
            ("title\x1b]0;pwned\x07", "title]0;pwned"),
            ("tab\there", "tab here"),
            ("line\nbreak", "line\nbreak"),
            ("c1\u{9b}31m", "c131m"),
            ("cr\roverwrite", "croverwrite"),
        ];
        for (input, want) in cases {
            assert_eq!(clean(input), want, "{input:?}");
        }
    }
}
