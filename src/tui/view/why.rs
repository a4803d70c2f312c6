//! The Why panel: the reasoning behind the current step, and the sources it rests on.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget, Wrap};

use crate::scrub::for_screen as clean;
use crate::tree::{Node, Tree};

use super::super::theme::Theme;

/// The panel's border and title.
fn block(theme: Theme, more: bool) -> Block<'static> {
    let block = Block::bordered().title(" Why ").border_style(theme.dim());
    if more {
        block.title_bottom(Line::from(Span::styled(" PgDn more ", theme.key())).right_aligned())
    } else {
        block
    }
}

/// Where the text goes inside the panel.
pub fn inner(area: Rect) -> Rect {
    Block::bordered().inner(area)
}

/// Draws the panel, scrolled.
pub fn render(
    text: Paragraph<'static>,
    scroll: u16,
    max_scroll: u16,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let scroll = scroll.min(max_scroll);
    text.scroll((scroll, 0))
        .block(block(theme, scroll < max_scroll))
        .render(area, buf);
}

/// The most sources the panel lists for one step.
const SOURCES: usize = 20;

/// The reasoning and the sources of a step, wrapped.
pub fn paragraph(tree: &Tree, node: &Node, theme: Theme) -> Paragraph<'static> {
    let mut lines: Vec<Line<'static>> = match node.why() {
        Some(why) => {
            let mut lines: Vec<Line<'static>> = clean(why)
                .split('\n')
                .map(|p| Line::from(p.to_string()))
                .collect();
            super::terms::mark(&mut lines, &super::terms::of(tree));
            lines
        }
        None => vec![Line::from(Span::styled(
            "No reasoning is given for this step.",
            theme.dim(),
        ))],
    };
    if !node.sources().is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("Sources", theme.heading())));
        // Each source once, and at most SOURCES of them: what a frame lays out stays bounded
        // however often a node cites (`tread check` reports a repeated citation).
        let mut shown: Vec<&str> = Vec::new();
        for id in node.sources() {
            if shown.contains(&&**id) {
                continue;
            }
            if shown.len() == SOURCES {
                lines.push(Line::from(Span::styled(
                    "… more sources than a panel shows",
                    theme.dim(),
                )));
                break;
            }
            shown.push(id);
            let Some(s) = tree.source(id) else {
                continue;
            };
            let year = s.year.map(|y| format!(", {y}")).unwrap_or_default();
            lines.push(Line::from(format!(
                "• {} ({}{year})",
                clean(&s.title),
                clean(&s.by)
            )));
            if let Some(url) = &s.url {
                lines.push(Line::from(Span::styled(
                    format!("  {}", clean(url)),
                    theme.dim(),
                )));
            }
        }
    }
    Paragraph::new(lines).wrap(Wrap { trim: false })
}
