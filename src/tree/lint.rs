//! Checks on the words themselves: too long to say in one breath, or holding characters that
//! look like others.

use super::problem::BREATH;

/// The length in characters of the longest sentence, if it is longer than [`BREATH`].
///
/// Sentences end at `.`, `?` or `!` followed by white space, and at line breaks; white space at
/// a sentence's start does not count.
pub fn too_long(text: &str) -> Option<usize> {
    if text.len() <= BREATH {
        return None; // A text this short in bytes is this short in characters.
    }
    let bytes = text.as_bytes();
    let mut longest = 0;
    let mut start = 0;
    let mut look = |at: usize, start: &mut usize| {
        let ends = bytes[at] == b'\n'
            || (matches!(bytes[at], b'.' | b'?' | b'!')
                && bytes.get(at + 1).is_none_or(u8::is_ascii_whitespace));
        if ends {
            longest = longest.max(sentence_len(&bytes[*start..=at]));
            *start = at + 1;
        }
    };
    // The end marks are ASCII and rare: test eight bytes at a time for any of them, and look
    // at single bytes only in the words that may hold one.
    let words = bytes.len() / 8;
    for w in 0..words {
        let word = u64::from_le_bytes(bytes[w * 8..w * 8 + 8].try_into().unwrap_or_default());
        if may_hold_a_mark(word) {
            for at in w * 8..w * 8 + 8 {
                look(at, &mut start);
            }
        }
    }
    for at in words * 8..bytes.len() {
        look(at, &mut start);
    }
    longest = longest.max(sentence_len(&bytes[start..]));
    Some(longest).filter(|&n| n > BREATH)
}

/// Whether eight bytes may include `.`, `?`, `!` or a line break (the has-zero-byte test of
/// each byte XOR the mark: never a false "no", rarely a false "maybe").
fn may_hold_a_mark(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    let has = |mark: u8| zero_byte(word ^ (ONES * u64::from(mark)));
    (has(b'.') | has(b'?') | has(b'!') | has(b'\n')) != 0
}

/// A sentence's length in characters, without the white space before it. Only a sentence
/// longer than [`BREATH`] in bytes needs its characters counted.
fn sentence_len(sentence: &[u8]) -> usize {
    let blank = sentence
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    let sentence = &sentence[blank..];
    if sentence.len() <= BREATH {
        return sentence.len().min(BREATH);
    }
    // Every character has exactly one byte that is not a continuation byte (0b10xx_xxxx).
    sentence.iter().filter(|&&b| b & 0xc0 != 0x80).count()
}

/// Characters that show as nothing, or that change the direction text runs in.
fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00ad}' | '\u{034f}' | '\u{061c}' | '\u{180e}' | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

fn latin(c: char) -> bool {
    c.is_ascii_alphabetic() || ('\u{c0}'..='\u{24f}').contains(&c) && c != '\u{d7}' && c != '\u{f7}'
}

/// Greek and Cyrillic letters, many of which look exactly like Latin ones.
fn confusable_script(c: char) -> Option<&'static str> {
    match c {
        '\u{370}'..='\u{3ff}' => Some("a Greek letter in a Latin word"),
        '\u{400}'..='\u{52f}' => Some("a Cyrillic letter in a Latin word"),
        _ => None,
    }
}

/// The first character that looks like another, and what kind it is: an invisible one anywhere,
/// or a Greek or Cyrillic letter inside a word that is otherwise Latin.
pub fn look_alike(text: &str) -> Option<(char, &'static str)> {
    if text.is_ascii() {
        return None;
    }
    if let Some(c) = text.chars().find(|&c| invisible(c)) {
        return Some((c, "an invisible character"));
    }
    text.split(|c: char| !c.is_alphanumeric()).find_map(|word| {
        if !word.chars().any(latin) {
            return None;
        }
        word.chars()
            .find_map(|c| confusable_script(c).map(|kind| (c, kind)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_longer_than_a_breath() {
        let short = "Do you have a fever? Say yes or no.";
        assert_eq!(too_long(short), None);
        let long = "word ".repeat(40);
        assert_eq!(too_long(&format!("Fine. {}", long.trim_end())), Some(199));
        // Two sentences of 100 characters each are fine; breaks at line ends count too.
        let hundred = format!("{}.", "a".repeat(99));
        assert_eq!(too_long(&format!("{hundred} {hundred}")), None);
        assert_eq!(
            too_long(&format!("{}\n{}", "b".repeat(100), "c".repeat(100))),
            None
        );
        // A decimal point does not end a sentence.
        assert_eq!(
            too_long(&format!("{}1.5{}", "d".repeat(80), "e".repeat(80))),
            Some(163)
        );
    }

    #[test]
    fn look_alikes_are_found_and_honest_text_passes() {
        let rows = [
            ("Yes", None),
            ("Café crème", None),
            ("Да, болит", None),
            ("Ελληνικά", None),
            (
                "Y\u{0435}s",
                Some(('\u{0435}', "a Cyrillic letter in a Latin word")),
            ),
            (
                "n\u{03bf}",
                Some(('\u{03bf}', "a Greek letter in a Latin word")),
            ),
            ("No\u{200b}", Some(('\u{200b}', "an invisible character"))),
            (
                "right\u{202e}left",
                Some(('\u{202e}', "an invisible character")),
            ),
        ];
        for (text, want) in rows {
            assert_eq!(look_alike(text), want, "{text:?}");
        }
    }
}
