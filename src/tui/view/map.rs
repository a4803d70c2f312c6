//! The map: a window of the tree's outline, the path taken picked out, "you are here" marked,
//! each answer with where it leads; the highlighted step's why below, when asked. Only the rows
//! on screen are laid out, however large the tree.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget};

use crate::map::{Row, link_words};
use crate::scrub::for_screen as clean;
use crate::tree::{Node, Tree};
use crate::walk::Walk;

use super::super::app::MapView;
use super::super::theme::Theme;

/// Deeper than this, rows are indented no further and say their depth.
const INDENT: usize = 10;

/// The spans cut to `width` columns, the last kept ending in `…` when any is cut.
fn fit(spans: Vec<Span<'static>>, width: usize) -> Vec<Span<'static>> {
    let total: usize = spans.iter().map(Span::width).sum();
    if total <= width {
        return spans;
    }
    let mut out = Vec::new();
    let mut room = width.saturating_sub(1);
    for span in spans {
        let w = span.width();
        if w <= room {
            room -= w;
            out.push(span);
            continue;
        }
        let mut cut = String::new();
        for g in unicode_segmentation::UnicodeSegmentation::graphemes(span.content.as_ref(), true) {
            let gw = Span::raw(g).width();
            if gw > room {
                break;
            }
            room -= gw;
            cut.push_str(g);
        }
        cut.push('…');
        out.push(Span::styled(cut, span.style));
        break;
    }
    out
}

/// Draws the map over `area`; returns how many rows it shows at once.
pub fn render(
    tree: &Tree,
    walk: &Walk,
    map: &MapView,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) -> u16 {
    Clear.render(area, buf);
    let (list, why) = if map.why {
        let [list, why] = Layout::vertical([Constraint::Fill(3), Constraint::Fill(2)]).areas(area);
        (list, Some(why))
    } else {
        (area, None)
    };
    let block = Block::bordered()
        .title(" Map: ● you are here, the path taken underlined, ↑ drawn above ")
        .title_bottom(Line::from(vec![
            Span::styled(" ↑↓ PgUp PgDn", theme.key()),
            Span::raw(" move  "),
            Span::styled("Enter", theme.key()),
            Span::raw(" go there  "),
            Span::styled("w", theme.key()),
            Span::raw(" why  "),
            Span::styled("Esc", theme.key()),
            Span::raw(" closes "),
        ]));
    let inner = block.inner(list);
    block.render(list, buf);
    let shown = usize::from(inner.height);
    // Where the walk has been, and the answer it took at each step.
    let mut taken = std::collections::HashMap::new();
    for step in walk.steps() {
        taken.insert(step.node, step.answer);
    }
    let here = walk.current();
    // The highlighted row stays in view when the why panel takes room from the list.
    let top = map
        .top
        .max((map.cursor + 1).saturating_sub(shown))
        .min(map.cursor);
    let lines: Vec<Line> = map
        .rows
        .iter()
        .enumerate()
        .skip(top)
        .take(shown)
        .map(|(i, row)| {
            let depth = row.depth();
            let indent = if depth > INDENT {
                format!("{}{depth}· ", "  ".repeat(INDENT - 2))
            } else {
                "  ".repeat(depth)
            };
            let mark = if i == map.cursor { "▶" } else { " " };
            // "You are here" first on the row, where it cannot be cut off.
            let here_mark = match row {
                Row::Node { node, .. } if *node == here => Span::styled("●", theme.key()),
                _ => Span::raw(" "),
            };
            let mut spans = vec![Span::raw(mark), here_mark, Span::raw(indent)];
            match *row {
                Row::Node { node, .. } => {
                    let n = tree.node(node);
                    let kind = match n {
                        Node::Question { red_flag: true, .. } => "RED FLAG ".to_string(),
                        Node::Checklist { .. } => "LIST ".to_string(),
                        Node::Outcome { urgency, .. } => {
                            format!("{} ", clean(tree.scale().label(urgency)))
                        }
                        _ => String::new(),
                    };
                    let mut style = theme.heading();
                    if taken.contains_key(&node) {
                        style = style.add_modifier(Modifier::UNDERLINED);
                    }
                    spans.push(Span::styled(kind, theme.dim()));
                    spans.push(Span::styled(clean(n.title()).into_owned(), style));
                }
                Row::Answer { from, link, to, .. } => {
                    let on_path = taken.get(&from) == Some(&Some(link));
                    let words = clean(link_words(tree, from, link)).into_owned();
                    let style = if on_path {
                        theme.key()
                    } else {
                        ratatui::style::Style::default()
                    };
                    spans.push(Span::styled(format!("→ {words}"), style));
                    // Drawn on the next row: no need to name it here.
                    let next_row = map.rows.get(i + 1);
                    if to.is_some()
                        && matches!(next_row, Some(Row::Node { node, .. }) if Some(*node) == to)
                    {
                        spans.push(Span::styled(" ↓", theme.dim()));
                    } else if let Some(to) = to {
                        // Drawn where it was first met, above; the arrow first, so a cut
                        // title never loses it.
                        spans.push(Span::styled(
                            format!(" ↑ {}", clean(tree.node(to).title())),
                            theme.dim(),
                        ));
                    }
                }
            }
            let line = Line::from(fit(spans, usize::from(inner.width)));
            if i == map.cursor {
                line.style(theme.selected())
            } else {
                line
            }
        })
        .collect();
    Paragraph::new(lines).render(inner, buf);
    if let Some(why) = why
        && let Some(node) = map.rows.get(map.cursor).and_then(Row::node)
    {
        let text = super::why::paragraph(tree, tree.node(node), theme);
        super::why::render(text, 0, 0, theme, why, buf);
    }
    inner.height
}
