//! Finding a glossary's terms in a tree's texts: as whole words, whatever their (ASCII) case.

use std::ops::Range;

/// The byte ranges where `term` stands in `text` as a word of its own, in order and not
/// overlapping; `lower` is `text` in ASCII lower case (the same bytes otherwise), and `term`
/// is in lower case too.
pub fn occurrences<'a>(
    text: &'a str,
    lower: &'a str,
    term: &'a str,
) -> impl Iterator<Item = Range<usize>> + 'a {
    let mut from = 0;
    std::iter::from_fn(move || {
        if term.is_empty() {
            return None;
        }
        while let Some(at) = lower.get(from..)?.find(term) {
            let start = from + at;
            let end = start + term.len();
            from = end;
            let before = text[..start].chars().next_back();
            let after = text[end..].chars().next();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
            if !word(before) && !word(after) {
                return Some(start..end);
            }
        }
        None
    })
}

/// Whether `term` (in lower case) stands in `text` as a word.
pub fn uses(text: &str, term: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    occurrences(text, &lower, term).next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_found_as_whole_words_whatever_their_case() {
        let text = "Cauda equina syndrome; not caudaequina; Aorta, aortas, an aorta.";
        let lower = text.to_ascii_lowercase();
        let found: Vec<&str> = occurrences(text, &lower, "aorta")
            .map(|r| &text[r])
            .collect();
        assert_eq!(found, ["Aorta", "aorta"]);
        assert!(uses(text, "cauda equina"));
        assert!(!uses(text, "equina syndromes"));
    }
}
