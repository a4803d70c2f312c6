//! Text from a tree file made safe for where it goes, one named rule each.
//!
//! A tree file is data from anyone, and data never reaches the terminal as control sequences.
//! Every text tread shows or prints goes through one of these rules, chosen by where it goes.

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// The most characters (graphemes) of one text that a frame lays out: several screens' worth.
/// A longer text is cut, and says so with [`CUT`]; `tread check` warns about it (`too-long`).
pub const SHOWN: usize = 10_000;

/// What stands where a text too long to show was cut.
pub const CUT: &str = " … [cut: too long to show]";

/// The most characters one grapheme keeps on screen: a letter and its accents, an emoji and its
/// joiners. A pile of combining marks beyond this is dropped.
const PER_GRAPHEME: usize = 8;

/// Characters that change how text around them is laid out or read, without being seen: the
/// line and paragraph separators, direction overrides and isolates (which can make a text read
/// otherwise than it is stored), zero-width spaces and joiners other than ZWJ, the word joiner
/// and invisible operators, a byte order mark, the Arabic marks that prefix numbers (whose
/// width terminals disagree about), the soft hyphen, the combining grapheme joiner, the Hangul
/// and Mongolian fillers, the object replacement character and the tag characters. (ZWJ and
/// variation selectors stay: emoji are made of them.) The screen drops them (separators become
/// line breaks); printed output shows each as its escape; a quoted source line, as U+FFFD.
pub fn invisible(c: char) -> bool {
    matches!(c,
        '\u{00ad}' | '\u{034f}' | '\u{115f}' | '\u{1160}' | '\u{180e}' | '\u{3164}'
        | '\u{ffa0}' | '\u{fffc}' | '\u{e0000}'..='\u{e007f}'
        | '\u{2028}' | '\u{2029}' | '\u{200b}' | '\u{200c}' | '\u{200e}' | '\u{200f}'
        | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206f}'
        | '\u{feff}' | '\u{fff9}'..='\u{fffb}' | '\u{0600}'..='\u{0605}' | '\u{061c}'
        | '\u{06dd}' | '\u{070f}' | '\u{08e2}' | '\u{110bd}' | '\u{110cd}')
}

/// For the screen (the walk): every control character but the line break `\n` is dropped, and
/// tabs become spaces (authors use `\n` to start a paragraph); so is every [`invisible`]
/// character (a line or paragraph separator becomes a line break). The text is composed (NFC, so
/// Hangul jamo become syllables), each grapheme keeps at most [`PER_GRAPHEME`] characters, and
/// only the first [`SHOWN`] graphemes are kept: whatever a tree holds, a frame lays out a
/// bounded amount of text.
pub fn for_screen(text: &str) -> Cow<'_, str> {
    let plain = |b: &u8| (0x20..0x7f).contains(b) || *b == b'\n';
    if text.len() <= SHOWN && text.as_bytes().iter().all(plain) {
        return Cow::Borrowed(text);
    }
    // At most SHOWN graphemes of at most PER_GRAPHEME characters are kept, so no more than
    // this many characters need composing.
    let composed: String = if text.is_ascii() {
        text.chars().take(SHOWN + 1).collect()
    } else {
        text.chars()
            .take((SHOWN + 1) * PER_GRAPHEME)
            .nfc()
            .collect()
    };
    let mut out = String::with_capacity(composed.len().min(SHOWN * 4));
    for (n, grapheme) in composed.graphemes(true).enumerate() {
        if n == SHOWN {
            out.push_str(CUT);
            break;
        }
        for c in grapheme.chars().take(PER_GRAPHEME) {
            match c {
                '\t' => out.push(' '),
                '\n' | '\u{2028}' | '\u{2029}' => out.push('\n'),
                c if c.is_control() || invisible(c) => {}
                c => out.push(c),
            }
        }
    }
    Cow::Owned(out)
}

/// `true` for a grapheme whose width terminals disagree about (ratatui counts one width, the
/// terminal may draw another): emoji joined with U+200D, with a variation selector or a skin
/// tone, flags, keycaps, tags, Hangul jamo that did not compose (alone or not), and the Arabic
/// marks that prefix numbers. A frame that shows one may
/// leave fragments behind, so the next frame is drawn on a cleared screen.
pub fn uncertain_width(grapheme: &str) -> bool {
    grapheme.chars().any(|c| {
        matches!(c,
                '\u{200d}' | '\u{fe0e}' | '\u{fe0f}' | '\u{20e3}' | '\u{0600}'..='\u{0605}'
                | '\u{1100}'..='\u{11ff}' | '\u{a960}'..='\u{a97f}' | '\u{d7b0}'..='\u{d7ff}'
                | '\u{1f1e6}'..='\u{1f1ff}' | '\u{1f3fb}'..='\u{1f3ff}' | '\u{e0020}'..='\u{e007f}')
    })
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
            c if c.is_control() || invisible(c) => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// A file's name as printed: every control character (a line break and a tab too, which in a
/// name would pass for a space or a new line of output) and every [`invisible`] one written as
/// its escape.
pub fn name(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || invisible(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// As [`name`], for a path.
pub fn path(path: &std::path::Path) -> String {
    name(&path.display().to_string())
}

/// For anything printed rather than drawn, on standard output or standard error, in every
/// command (a diagnostic's message, hint and file name, a path, a graph comment, an error):
/// line breaks and tabs become spaces, and every other control character (C0, DEL, C1) and
/// every [`invisible`] one is written as its escape, `\u{1b}`, so the reader sees it is there
/// and the terminal obeys none of it.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\t' => out.push(' '),
            c if c.is_control() || invisible(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// A RON string literal of `text`, as a file of cases is written: quotes and backslashes
/// escaped, and every control and [`invisible`] character as RON writes one, `\u{1b}`, so the
/// text reads back as it was and prints as nothing but itself.
pub fn ron_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || invisible(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// For a line of JSON: serde_json escapes C0 controls but writes DEL and C1 (U+007F to U+009F)
/// as they are, and a terminal showing the line would obey them; each becomes `\u007f` and so on
/// (found by the command fuzzer). So does every [`invisible`] character, as everywhere else
/// tread prints.
pub fn json(line: String) -> String {
    let raw = |c: char| ('\u{7f}'..='\u{9f}').contains(&c) || invisible(c);
    if !line.contains(raw) {
        return line;
    }
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        if raw(c) {
            // JSON escapes UTF-16 units: a character past U+FFFF is two.
            for unit in c.encode_utf16(&mut [0; 2]) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// [`json`], on a line being built: its DEL and C1 characters (rare) escaped in place.
pub fn json_bytes(line: &mut Vec<u8>) {
    // DEL is 0x7F and C1 characters start with 0xC2 in UTF-8; every [`invisible`] character
    // starts with one of the other bytes here. A line with none of them is left as it is.
    let suspect = line.iter().any(|b| {
        matches!(
            b,
            0x7f | 0xc2 | 0xd8 | 0xdb | 0xdc | 0xe0 | 0xe2 | 0xef | 0xf0
        )
    });
    if suspect {
        let text = String::from_utf8_lossy(line).into_owned();
        *line = json(text).into_bytes();
    }
}

/// `'text'` for a POSIX shell, or `None` for text with control or formatting characters.
pub fn shell_quoted(text: &str) -> Option<String> {
    (one_line(text) == text && !text.chars().any(char::is_control))
        .then(|| format!("'{}'", text.replace('\'', "'\\''")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_ron_string_reads_back_as_it_was_and_prints_as_itself() {
        for text in [
            "plain",
            "a \"quote\" and a \\ backslash",
            "OSC 52 \u{1b}]52;c;aGk=\u{7}, C1 \u{85}, bidi \u{202e}, a line\nbreak",
        ] {
            let literal = ron_string(text);
            assert!(
                !literal.contains(|c: char| c.is_control() || invisible(c)),
                "{literal}"
            );
            let back: String = ron::from_str(&literal).unwrap();
            assert_eq!(back, text);
        }
    }

    #[test]
    fn control_sequences_never_pass() {
        // (text, for the screen, visible, one line)
        let cases = [
            ("plain", "plain", "plain", "plain"),
            (
                "a\x1b[31mred",
                "a[31mred",
                "a\u{241b}[31mred",
                "a\\u{1b}[31mred",
            ),
            (
                "title\x1b]0;x\x07",
                "title]0;x",
                "title\u{241b}]0;x\u{2407}",
                "title\\u{1b}]0;x\\u{7}",
            ),
            ("tab\there", "tab here", "tab here", "tab here"),
            (
                "line\nbreak",
                "line\nbreak",
                "line\u{240a}break",
                "line break",
            ),
            ("c1\u{9b}31m", "c131m", "c1\u{fffd}31m", "c1\\u{9b}31m"),
            (
                "cr\roverwrite",
                "croverwrite",
                "cr\u{240d}overwrite",
                "cr\\u{d}overwrite",
            ),
            ("del\u{7f}", "del", "del\u{2421}", "del\\u{7f}"),
            // Invisible: gone from the screen, U+FFFD in a quoted line, escaped in print.
            (
                "a\u{2028}b\u{200b}c",
                "a\nbc",
                "a\u{fffd}b\u{fffd}c",
                "a\\u{2028}b\\u{200b}c",
            ),
            (
                "soft\u{ad}tag\u{e0041}",
                "softtag",
                "soft\u{fffd}tag\u{fffd}",
                "soft\\u{ad}tag\\u{e0041}",
            ),
        ];
        for (input, screen, shown, line) in cases {
            assert_eq!(for_screen(input), screen, "{input:?}");
            assert_eq!(visible(input), shown, "{input:?}");
            assert_eq!(one_line(input), line, "{input:?}");
        }
        // A file's name keeps even a line break visible.
        assert_eq!(name("b\nchecked 9 files.ron"), "b\\u{a}checked 9 files.ron");
        assert_eq!(json("\"a\u{9b}b\"".into()), "\"a\\u009bb\"");
        assert_eq!(json("\"\u{7f}\"".into()), "\"\\u007f\"");
        assert_eq!(
            json("\"\u{202e}\u{110bd}\"".into()),
            "\"\\u202e\\ud804\\udcbd\""
        );
        let parsed: String = serde_json::from_str(&json("\"\u{110bd}\"".into())).unwrap();
        assert_eq!(parsed, "\u{110bd}");
        let mut line = "\"a\u{9b}b\u{7f}\"".as_bytes().to_vec();
        json_bytes(&mut line);
        assert_eq!(line, b"\"a\\u009bb\\u007f\"");
        let parsed: String = serde_json::from_str(&json("\"a\u{9b}b\"".into())).unwrap();
        assert_eq!(parsed, "a\u{9b}b");
    }

    #[test]
    fn the_screen_gets_a_bounded_amount_of_text() {
        // A pile of accents keeps the letter and seven of them.
        let pile = format!("e{}x", "\u{301}".repeat(50_000));
        assert_eq!(for_screen(&pile), format!("\u{e9}{}x", "\u{301}".repeat(7)));
        // A text of many screens is cut, and says so.
        let long = "a".repeat(SHOWN * 3);
        assert_eq!(for_screen(&long), format!("{}{CUT}", "a".repeat(SHOWN)));
        assert_eq!(for_screen(&long[..SHOWN]), &long[..SHOWN]);
        // Conjoining Hangul jamo are composed into the syllable.
        assert_eq!(for_screen("\u{1100}\u{1161}"), "\u{ac00}");
        // An emoji family stays whole.
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(for_screen(family), family);
    }

    #[test]
    fn graphemes_of_uncertain_width_are_known() {
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        for g in [
            family,
            "\u{2764}\u{fe0f}",
            "\u{1f1ec}\u{1f1e7}",
            "\u{1100}\u{1161}",
        ] {
            assert!(uncertain_width(g), "{g:?}");
        }
        for g in ["a", "\u{e9}", "e\u{301}", "\u{4e2d}", "\u{1f600}", " "] {
            assert!(!uncertain_width(g), "{g:?}");
        }
    }
}
