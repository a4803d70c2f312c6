//! The main area of the walk: a question, an info step, or an outcome.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::scrub::for_screen as clean;
use crate::tree::{Node, Tree};
use crate::walk::Walk;

use super::super::theme::Theme;

/// The main area's text for the node the walk is at, with choice `cursor` highlighted, wrapped
/// to its width.
pub fn paragraph(tree: &Tree, walk: &Walk, cursor: usize, theme: Theme) -> Paragraph<'static> {
    let node = tree.node(walk.current());
    let lines = match node {
        Node::Question { .. } => question(node, cursor, theme),
        Node::Info { .. } => info(node, theme),
        Node::Outcome { .. } => outcome(tree, walk, node, theme),
    };
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// Draws the main area, scrolled; a marker says when there is more below.
pub fn render(
    text: Paragraph<'static>,
    scroll: u16,
    max_scroll: u16,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let scroll = scroll.min(max_scroll);
    text.scroll((scroll, 0)).render(area, buf);
    if scroll < max_scroll && area.height > 0 {
        let last = Rect {
            y: area.bottom() - 1,
            height: 1,
            ..area
        };
        Line::from(Span::styled(" ↓ more ", theme.key()))
            .right_aligned()
            .render(last, buf);
    }
}

/// Paragraphs of tree text, each a line, cleaned of control characters.
fn paragraphs(text: &str, style: ratatui::style::Style) -> Vec<Line<'static>> {
    clean(text)
        .split('\n')
        .map(|p| Line::from(Span::styled(p.to_string(), style)))
        .collect()
}

fn question(node: &Node, cursor: usize, theme: Theme) -> Vec<Line<'static>> {
    let Node::Question {
        title,
        text,
        red_flag,
        choices,
        ..
    } = node
    else {
        return vec![];
    };
    let mut head = vec![];
    if *red_flag {
        head.push(Span::styled("RED FLAG ", theme.red_flag()));
    }
    head.push(Span::styled(clean(title).into_owned(), theme.heading()));
    let mut lines = vec![Line::from(head), Line::default()];
    lines.push(Line::from(Span::styled("Ask:", theme.dim())));
    lines.extend(paragraphs(text, theme.say()));
    lines.push(Line::default());
    for (i, choice) in choices.iter().enumerate() {
        let number = if i < 9 {
            format!("{}", i + 1)
        } else {
            " ".into()
        };
        let label = format!(" {number}  {} ", clean(&choice.label));
        lines.push(if i == cursor {
            Line::from(vec![Span::raw("▶"), Span::styled(label, theme.selected())])
        } else {
            Line::from(vec![Span::raw(" "), Span::raw(label)])
        });
    }
    lines
}

fn info(node: &Node, theme: Theme) -> Vec<Line<'static>> {
    let Node::Info { title, text, .. } = node else {
        return vec![];
    };
    let mut lines = vec![Line::from(Span::styled(
        clean(title).into_owned(),
        theme.heading(),
    ))];
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Say:", theme.dim())));
    lines.extend(paragraphs(text, theme.say()));
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::raw("▶"),
        Span::styled(" Continue ", theme.selected()),
    ]));
    lines
}

fn outcome(tree: &Tree, walk: &Walk, node: &Node, theme: Theme) -> Vec<Line<'static>> {
    let Node::Outcome {
        title,
        urgency,
        action,
        advice,
        safety_net,
        steps,
        ..
    } = node
    else {
        return vec![];
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(format!(" {} ", urgency.label()), theme.urgency(*urgency)),
        Span::raw(" "),
        Span::styled(clean(title).into_owned(), theme.heading()),
    ])];
    // What is said to the caller, in the "say" style, apart from what the receptionist does.
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Say:", theme.dim())));
    lines.extend(paragraphs(action, theme.say()));
    for a in advice {
        lines.push(Line::from(Span::styled(
            format!("• {}", clean(a)),
            theme.say(),
        )));
    }
    if !safety_net.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            "Say when to call back:",
            theme.dim(),
        )));
        for s in safety_net {
            lines.push(Line::from(Span::styled(
                format!("• {}", clean(s)),
                theme.say(),
            )));
        }
    }
    if !steps.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("You do", theme.heading())));
        for (n, step) in steps.iter().enumerate() {
            lines.push(Line::from(format!("{}. {}", n + 1, clean(step))));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Path taken", theme.heading())));
    let trail: Vec<_> = walk.trail(tree).collect();
    for (n, &(node, answer)) in trail[..trail.len() - 1].iter().enumerate() {
        let node = tree.node(node);
        let answer = answer.map_or("(read out)".into(), |a| clean(a).into_owned());
        lines.push(Line::from(vec![
            Span::styled(format!("{:>2}. ", n + 1), theme.dim()),
            Span::raw(format!("{} — ", clean(node.title()))),
            Span::styled(answer, theme.say()),
        ]));
    }
    lines
}
