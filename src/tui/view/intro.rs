//! The first screen: what the tree is, and the disclaimer.

use ratatui::buffer::Buffer;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::tree::Node;

use super::super::app::App;
use super::super::clean::clean;

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let tree = &app.tree;
    let area = area.inner(Margin::new(2, 1));
    let questions = tree
        .nodes
        .iter()
        .filter(|(_, n)| matches!(n, Node::Question { .. }))
        .count();
    let red_flags = tree
        .nodes
        .iter()
        .filter(|(_, n)| matches!(n, Node::Question { red_flag: true, .. }))
        .count();
    let outcomes = tree
        .nodes
        .iter()
        .filter(|(_, n)| matches!(n, Node::Outcome { .. }))
        .count();
    let mut lines = vec![
        Line::from(Span::styled(clean(&tree.title), theme.heading())),
        Line::default(),
    ];
    for para in clean(&tree.disclaimer).split('\n') {
        lines.push(Line::from(para.to_string()));
    }
    lines.push(Line::default());
    let mut shape = format!("{questions} questions, {outcomes} outcomes");
    if red_flags > 0 {
        shape.push_str(&format!("; the {red_flags} red-flag questions come first"));
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
