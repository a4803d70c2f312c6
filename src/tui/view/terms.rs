//! The glossary's terms underlined wherever they stand on screen, so a learner knows `g` has
//! a definition for them.

use ratatui::style::Modifier;
use ratatui::text::{Line, Span};

use crate::tree::Tree;

/// The most terms marked: each costs a look through every line drawn.
const MARKED: usize = 200;

/// The tree's terms, trimmed and in ASCII lower case, as the lines are searched for them.
pub fn of(tree: &Tree) -> Vec<String> {
    tree.glossary
        .iter()
        .take(MARKED)
        .map(|(term, _)| term.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Underlines each term where it stands as a word, splitting the spans it is in.
pub fn mark(lines: &mut [Line<'static>], terms: &[String]) {
    if terms.is_empty() {
        return;
    }
    for line in lines {
        let spans = std::mem::take(&mut line.spans);
        for span in spans {
            let text = span.content.as_ref();
            let lower = text.to_ascii_lowercase();
            let mut found: Vec<std::ops::Range<usize>> = terms
                .iter()
                .flat_map(|t| {
                    crate::tree::glossary::occurrences(text, &lower, t).collect::<Vec<_>>()
                })
                .collect();
            if found.is_empty() {
                line.spans.push(span);
                continue;
            }
            found.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
            let mut at = 0;
            for r in found {
                if r.start < at {
                    continue;
                }
                if r.start > at {
                    line.spans
                        .push(Span::styled(text[at..r.start].to_string(), span.style));
                }
                line.spans.push(Span::styled(
                    text[r.clone()].to_string(),
                    span.style.add_modifier(Modifier::UNDERLINED),
                ));
                at = r.end;
            }
            if at < text.len() {
                line.spans
                    .push(Span::styled(text[at..].to_string(), span.style));
            }
        }
    }
}
