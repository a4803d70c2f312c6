//! The title bar, the breadcrumb of answers so far, and the footer of key hints.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use crate::scrub::for_screen as clean;
use crate::tree::{Node, Tree};
use crate::walk::Walk;

use super::super::app::Overlay;
use super::super::keys::{self, Command};
use super::super::theme::Theme;

/// The title bar: the tree's title, where the person is (`Start`, `Step 3`, `Outcome`),
/// whether the call is recorded, and that this is not a diagnosis. On a narrow terminal the
/// decoration goes first (`tread ·`, then the place), then the title is cut; the recording
/// state and the safety words always stay whole.
pub fn title_bar(
    (title, banner): (&str, &str),
    place: &str,
    recording: &str,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let style = theme.title_bar();
    buf.set_style(area, style);
    let width = area.width as usize;
    let title = clean(title);
    let title_width = Line::from(title.as_ref()).width();
    let must = format!("{recording} · {} ", clean(banner));
    let with_place = format!("{place} · {must}");
    let right = if Line::from(with_place.as_str()).width() + 24 <= width {
        with_place
    } else {
        must
    };
    let right_width = Line::from(right.as_str()).width();
    let room = width.saturating_sub(right_width + 2);
    let left = if title_width + 9 <= room {
        format!(" tread · {title}")
    } else {
        format!(" {title}")
    };
    Line::from(fit(&left, room)).style(style).render(area, buf);
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
pub(crate) fn fit(text: &str, room: usize) -> String {
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
///
/// Only the newest answers that fit are read, newest first, so a long walk costs no more to
/// draw than a short one.
pub fn breadcrumb(tree: &Tree, walk: &Walk, theme: Theme, area: Rect, buf: &mut Buffer) {
    let room = area.width.saturating_sub(2) as usize;
    let answered = walk.trail(tree).len() - 1; // the node shown now is not in the breadcrumb
    let mut parts: Vec<String> = Vec::new();
    let mut width = 0;
    for (node, answer) in walk.trail(tree).rev().skip(1) {
        let title = clean(tree.node(node).title());
        let part = match answer {
            Some(a) => format!("{title}: {}", clean(a)),
            None => title.into_owned(),
        };
        width += Line::from(part.as_str()).width() + if parts.is_empty() { 0 } else { 3 };
        parts.push(part);
        // While older answers remain, leave room for the `… › ` that says they gave way.
        let older = parts.len() < answered;
        if width + if older { 4 } else { 0 } > room {
            // All but this one fit; or the newest alone does not, and is cut below.
            if parts.len() > 1 {
                parts.pop();
            }
            if parts.len() < answered {
                parts.push("…".into());
            }
            break;
        }
    }
    if parts.is_empty() {
        parts.push("First question".into());
    }
    parts.reverse();
    let text = parts.join(" › ");
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
        None | Some(Node::Table { .. }) => &[
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
                    (Restart, "next caller", 1),
                    (Note, "note", 2),
                    (Help, "help", 0),
                    (Quit, "quit", 0),
                ]
                .map(|(c, w, r)| (key(c), w, r)),
            );
            return out;
        }
        Some(Node::Checklist { items, .. }) => {
            let mut out = vec![(format!("1-{}", items.len().min(9)), "mark", 0)];
            out.extend(
                [
                    (Unsure, "not sure", 0),
                    (NoneApply, "none", 0),
                    (OneAtATime, "one at a time", 3),
                    (Back, "back", 1),
                    (ToggleWhy, "why", 2),
                    (Note, "note", 2),
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
            (Restart, "next caller", 1),
            (Note, "note", 2),
            (Help, "help", 0),
            (Quit, "quit", 0),
        ],
        Some(Node::Outcome { .. }) => &[
            (Copy, "summary", 1),
            (Down, "scroll", 2),
            (Back, "back", 1),
            (Restart, "next caller", 0),
            (Note, "note", 2),
            (ToggleWhy, "why", 2),
            (Help, "help", 0),
            (Quit, "quit", 0),
        ],
    };
    hints.iter().map(|&(c, w, r)| (key(c), w, r)).collect()
}

/// The hints while a note is open: its keys, not the walk's.
pub fn note_hints() -> Vec<Hint> {
    vec![
        ("Esc".into(), "keep the note", 0),
        ("Enter".into(), "new line", 1),
        ("Ctrl-C".into(), "quit", 0),
    ]
}

/// The walk's hints in a quiz: no going back or starting again, and the story again; at the
/// case's outcome, Enter for how it went.
pub fn quiz_hints(hints: Vec<Hint>, at_outcome: bool) -> Vec<Hint> {
    let mut out: Vec<Hint> = hints
        .into_iter()
        .filter(|(_, w, _)| !matches!(*w, "back" | "next caller" | "summary" | "note"))
        .collect();
    if at_outcome {
        out.insert(0, ("Enter".into(), "how the case went", 0));
    }
    let at = out.iter().position(|h| h.1 == "help").unwrap_or(out.len());
    out.insert(at, (key(Command::Story), "story", 1));
    out
}

/// The hints over a quiz's own boxes.
pub fn quiz_box_hints(over: Overlay) -> Vec<Hint> {
    let mut out = vec![("↑↓".to_string(), "scroll", 1)];
    match over {
        Overlay::QuizEnd { .. } => {
            out.push((key(Command::Restart), "retry the missed", 0));
            out.push((key(Command::Quit), "quit", 0));
        }
        Overlay::QuizStory { again: false, .. } => {
            out.push(("Enter".into(), "begin", 0));
            out.push((key(Command::Quit), "leave the quiz", 0));
        }
        _ => out.push(("any key".into(), "go on", 0)),
    }
    out
}

/// The hints while the search box is open.
pub fn search_hints() -> Vec<Hint> {
    vec![
        ("type".into(), "to find", 2),
        ("↑↓".into(), "choose", 1),
        ("Enter".into(), "show, then go there", 0),
        ("Esc".into(), "back", 0),
    ]
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
