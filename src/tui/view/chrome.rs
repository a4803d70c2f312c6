//! The title bar, the breadcrumb of answers so far, and the footer of key hints.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::scrub::for_screen as clean;
use crate::tree::{Node, Tree};
use crate::walk::Walk;

use super::super::keys::{self, Command};
use super::super::theme::Theme;

/// The title bar: the tree's title, and where the person is (`Start`, `Step 3`, `Outcome`).
pub fn title_bar(title: &str, place: &str, theme: Theme, area: Rect, buf: &mut Buffer) {
    let style = theme.title_bar();
    buf.set_style(area, style);
    let right = format!("{place} · NOT A DIAGNOSIS ");
    let right_width = Line::from(right.as_str()).width();
    let room = (area.width as usize).saturating_sub(right_width + 2);
    Line::from(fit(&format!(" tread · {}", clean(title)), room))
        .style(style)
        .render(area, buf);
    Line::from(right)
        .style(style)
        .right_aligned()
        .render(area, buf);
}

/// The banner: a message that stays, such as an edit of the watched file that does not check.
pub fn banner(text: &str, theme: Theme, area: Rect, buf: &mut Buffer) {
    let style = theme.banner();
    buf.set_style(area, style);
    Line::from(fit(&format!(" ⚠ {}", clean(text)), area.width as usize))
        .style(style)
        .render(area, buf);
}

/// The text, cut with `…` to at most `room` columns; one pass, measuring each character once.
fn fit(text: &str, room: usize) -> String {
    if Line::from(text).width() <= room {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 1; // the `…`
    let mut one = [0u8; 4];
    for c in text.chars() {
        used += Span::raw(&*c.encode_utf8(&mut one)).width();
        if used > room {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// The answers so far, oldest first; when they do not fit, the oldest give way to `…`.
pub fn breadcrumb(tree: &Tree, walk: &Walk, theme: Theme, area: Rect, buf: &mut Buffer) {
    let trail: Vec<_> = walk.trail(tree).collect();
    let mut parts: Vec<String> = trail[..trail.len() - 1]
        .iter()
        .map(|&(node, answer)| {
            let title = clean(tree.node(node).title());
            match answer {
                Some(a) => format!("{title}: {}", clean(a)),
                None => title.into_owned(),
            }
        })
        .collect();
    if parts.is_empty() {
        parts.push("First question".into());
    }
    let width = |parts: &[String]| Line::from(parts.join(" › ")).width();
    let room = area.width.saturating_sub(2) as usize;
    // Everything, if it fits; else drop the oldest, leaving room for the `… › ` that says so.
    let mut cut = usize::from(width(&parts) > room);
    while cut > 0 && cut + 1 < parts.len() && width(&parts[cut..]) + 4 > room {
        cut += 1;
    }
    let mut text = parts[cut..].join(" › ");
    if cut > 0 {
        text = format!("… › {text}");
    }
    // The newest answer alone may still be too long: cut it, and say so.
    let text = fit(&text, room);
    Paragraph::new(Line::from(Span::styled(format!(" {text}"), theme.dim()))).render(area, buf);
}

/// One key hint: the key, what it does, and how soon it gives way when the footer is too
/// narrow (the highest number first; 0 never does).
pub type Hint = (String, &'static str, u8);

/// The key hints for a screen, in the order they are shown: the first screen's (`None`), or the
/// walk's at this node. Help and quit never give way. Keys are named as the key table names them.
pub fn hints(node: Option<&Node>) -> Vec<Hint> {
    use Command::*;
    let hints: &[(Command, &'static str, u8)] = match node {
        None => &[
            (Select, "begin", 0),
            (ToggleWhy, "why", 1),
            (Help, "help", 0),
            (Quit, "quit", 0),
        ],
        Some(Node::Question { choices, .. }) => {
            let mut out = vec![(format!("1-{}", choices.len().min(9)), "choose", 0)];
            out.extend(
                [
                    (Down, "move", 4),
                    (Select, "select", 3),
                    (Back, "back", 1),
                    (ToggleWhy, "why", 2),
                    (Restart, "restart", 1),
                    (Help, "help", 0),
                    (Quit, "quit", 0),
                ]
                .map(|(c, w, r)| (key(c), w, r)),
            );
            return out;
        }
        Some(Node::Info { .. }) => &[
            (Select, "continue", 0),
            (Back, "back", 1),
            (ToggleWhy, "why", 2),
            (Restart, "restart", 1),
            (Help, "help", 0),
            (Quit, "quit", 0),
        ],
        Some(Node::Outcome { .. }) => &[
            (Down, "scroll", 2),
            (Back, "back", 1),
            (Restart, "next caller", 0),
            (ToggleWhy, "why", 2),
            (Help, "help", 0),
            (Quit, "quit", 0),
        ],
    };
    hints.iter().map(|&(c, w, r)| (key(c), w, r)).collect()
}

/// The footer's name for the key of a command.
fn key(command: Command) -> String {
    keys::binding(command).map_or("", |b| b.hint).to_string()
}

/// The footer: a message about the last key, or the key hints that fit.
pub fn footer(
    flash: Option<&str>,
    mut hints: Vec<Hint>,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    if let Some(flash) = flash {
        Line::from(Span::styled(format!(" {flash}"), theme.warn())).render(area, buf);
        return;
    }
    let width = |hints: &[Hint]| -> usize {
        hints
            .iter()
            .map(|(k, w, _)| Line::from(format!("{k} {w}  ")).width())
            .sum::<usize>()
            - 1
    };
    // The least needed give way first, the later of equals before the earlier.
    while width(&hints) > area.width as usize {
        let most = hints.iter().map(|h| h.2).max().unwrap_or(0);
        let Some(at) = hints.iter().rposition(|h| h.2 == most && most > 0) else {
            break;
        };
        hints.remove(at);
    }
    let mut spans = vec![Span::raw(" ")];
    for (key, what, _) in hints {
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::styled(format!(" {what}  "), theme.dim()));
    }
    Line::from(spans).render(area, buf);
}
