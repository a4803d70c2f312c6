//! The first screen: what the tree is, and the disclaimer.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::tree::date;

use crate::tree::Tree;

use super::super::theme::Theme;
use crate::scrub::for_screen as clean;

/// The tree's version, who signed it off and when, and when its review is due; a tree nobody
/// has signed off, or whose review has passed, says so in the warning style.
fn sign_off(tree: &Tree, today: time::Date, theme: Theme) -> Line<'static> {
    let mut spans = vec![];
    if let Some(version) = &tree.version {
        spans.push(Span::styled("Version ", theme.dim()));
        spans.push(Span::raw(format!("{} · ", clean(version))));
    }
    match &tree.signed_off {
        Some(s) => {
            spans.push(Span::styled("Signed off by ", theme.dim()));
            spans.push(Span::raw(format!("{} on {}", clean(&s.by), clean(&s.on))));
        }
        None => spans.push(Span::styled("Not signed off by a clinician", theme.warn())),
    }
    if let Some(due) = &tree.review_due {
        let overdue = date::parse(due).is_some_and(|d| d < today);
        spans.push(Span::raw(" · "));
        if overdue {
            spans.push(Span::styled(
                format!("REVIEW OVERDUE since {}", clean(due)),
                theme.warn(),
            ));
        } else {
            spans.push(Span::styled("review due ", theme.dim()));
            spans.push(Span::raw(clean(due).into_owned()));
        }
    }
    Line::from(spans)
}

/// The first screen of a tree, as on `today` (for a review that has fallen due).
pub fn render(tree: &Tree, today: time::Date, theme: Theme, area: Rect, buf: &mut Buffer) {
    let area = area.inner(Margin::new(2, 1));
    let counts = tree.counts();
    let (questions, red_flags, outcomes) = (counts.questions, counts.red_flags, counts.outcomes);
    // Whether anyone has signed the tree off comes straight after its title, so that a short
    // terminal never cuts it.
    let mut lines = vec![
        Line::from(Span::styled(clean(&tree.title), theme.heading())),
        sign_off(tree, today, theme),
    ];
    if let Some(locale) = &tree.locale {
        lines.push(Line::from(vec![
            Span::styled("For: ", theme.dim()),
            Span::raw(clean(locale).into_owned()),
        ]));
    }
    lines.push(Line::default());
    for para in clean(&tree.disclaimer).split('\n') {
        lines.push(Line::from(para.to_string()));
    }
    lines.push(Line::default());
    let count = crate::report::plural;
    let mut shape = format!(
        "{}, {}",
        count(questions, "question"),
        count(outcomes, "outcome")
    );
    if red_flags == 1 {
        shape.push_str("; 1 of the questions is a warning sign");
    } else if red_flags > 1 {
        shape.push_str(&format!("; {red_flags} of the questions are warning signs"));
    }
    lines.push(Line::from(Span::styled(shape, theme.dim())));
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::raw("Press "),
        Span::styled("Enter", theme.key()),
        Span::raw(" to begin, "),
        Span::styled("?", theme.key()),
        Span::raw(" for the keys."),
    ]));
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::bordered().title(" Before you start "))
        .render(area, buf);
}
