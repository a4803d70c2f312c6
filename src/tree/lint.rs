//! Checks on the words themselves: too long to say in one breath, or holding characters that
//! look like others.

use unicode_normalization::UnicodeNormalization;

use super::problem::BREATH;

/// A label's words as two labels are compared: trimmed, in lower case, and in one Unicode
/// normalisation (NFC), so that `é` written as one character and as `e` with an accent are the
/// same word.
pub fn same_words(label: &str) -> String {
    let label = label.trim();
    if label.is_ascii() {
        label.to_ascii_lowercase()
    } else {
        label.to_lowercase().nfc().collect()
    }
}

/// The first control character in a text other than a line break, if any.
pub fn control_char(text: &str) -> Option<char> {
    // Every control character starts with a byte of its own: C0 and DEL are one byte, and C1
    // (U+0080 to U+009F) starts with 0xC2. Only a text holding one needs its characters read.
    let suspect = text.as_bytes().iter().fold(false, |found, &b| {
        found | (b < 0x20 && b != b'\n') | (b == 0x7f) | (b == 0xc2)
    });
    if suspect {
        text.chars().find(|&c| c.is_control() && c != '\n')
    } else {
        None
    }
}

/// A pass over a text to be read aloud: its first control character other than a line
/// break, and the length in characters of its longest sentence if that is longer than
/// [`BREATH`].
///
/// Sentences end at `.`, `?` or `!` followed by white space, and at line breaks; white space at
/// a sentence's start does not count.
pub fn scan(text: &str) -> (Option<char>, Option<usize>) {
    let bytes = text.as_bytes();
    let control = control_char(text);
    if bytes.len() <= BREATH {
        return (control, None); // A text this short in bytes is this short in characters.
    }
    // The marks that end a sentence are ASCII, so the text is cut at bytes; only a sentence
    // longer than a breath in bytes has its characters counted.
    let length = |sentence: &str| {
        let sentence = sentence.trim_start_matches(|c: char| c.is_ascii_whitespace());
        if sentence.len() <= BREATH {
            0
        } else {
            sentence.chars().count()
        }
    };
    let mut longest = 0;
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let ends = b == b'\n'
            || (matches!(b, b'.' | b'?' | b'!')
                && bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace));
        if ends {
            longest = longest.max(length(&text[start..=i]));
            start = i + 1;
        }
    }
    longest = longest.max(length(&text[start..]));
    (control, Some(longest).filter(|&n| n > BREATH))
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

    fn too_long(text: &str) -> Option<usize> {
        scan(text).1
    }

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
        // The same pass finds a control character, and counts a wide character once.
        assert_eq!(scan("bell\u{7}"), (Some('\u{7}'), None));
        assert_eq!(scan("c1 \u{9b}"), (Some('\u{9b}'), None));
        assert_eq!(scan("line\nbreak"), (None, None));
        assert_eq!(too_long(&"é".repeat(151)), Some(151));
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
