//! What is drawn over the screen: the help, and the restart question.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use ratatui_textarea::TextArea;

use crate::scrub::for_screen as clean;
use crate::tree::{Node, Tree};
use crate::walk::Walk;

use super::super::keys::{BINDINGS, Command};
use super::super::theme::Theme;

fn popup(area: Rect, width: u16, height: u16) -> Rect {
    area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    )
}

/// Every key and what it does, scrolled on a terminal too short to show them all; returns how
/// far it can scroll.
pub fn help(scroll: u16, quiz: bool, theme: Theme, area: Rect, buf: &mut Buffer) -> u16 {
    // As wide as the screen allows, up to 78 columns; what a key does wraps under itself.
    let width = area.width.saturating_sub(2).min(78);
    let room_for_does = usize::from(width.saturating_sub(2 + 18)).max(10);
    // The digits first, then every line of the key table but the answers to tread's own
    // questions, which those questions show.
    let entry = |keys: &str, does: &str| -> Vec<Line<'static>> {
        super::hang(does, room_for_does)
            .into_iter()
            .enumerate()
            .map(|(i, part)| {
                let keys = if i == 0 { keys } else { "" };
                Line::from(vec![
                    Span::styled(format!(" {keys:<17}"), theme.key()),
                    Span::raw(part),
                ])
            })
            .collect()
    };
    let mut lines = entry("1 … 9", "choose that answer, or mark that sign");
    lines.extend(
        BINDINGS
            .iter()
            .filter(|b| !matches!(b.command, Command::Yes))
            // A quiz's help lists only what works there; a quiz is not a call, so it has no
            // call summary to copy or save either.
            .filter(|b| {
                !quiz
                    || (b.command.in_quiz() && !matches!(b.command, Command::Copy | Command::Save))
            })
            .filter(|b| quiz || b.command != Command::Story)
            .flat_map(|b| entry(b.shown, b.does)),
    );
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        " ↑↓ or j k scroll; Esc closes this help.",
        theme.dim(),
    )));
    // Below the title bar and above the footer, so the safety words stay in view.
    let room = area.height.saturating_sub(2);
    let area = popup(area, width, (lines.len() as u16 + 2).min(room));
    let max_scroll = (lines.len() as u16 + 2).saturating_sub(area.height);
    let scroll = scroll.min(max_scroll);
    Clear.render(area, buf);
    let block = Block::bordered().title(" Keys ");
    let block = if scroll < max_scroll {
        block.title_bottom(Line::from(Span::styled(" ↓ more ", theme.key())).right_aligned())
    } else {
        block
    };
    Paragraph::new(lines)
        .scroll((scroll, 0))
        .block(block)
        .render(area, buf);
    max_scroll
}

/// The note being typed, in a box over the screen, named for the step it belongs to.
pub fn note(note: &TextArea, at: &str, kept: usize, theme: Theme, area: Rect, buf: &mut Buffer) {
    let area = popup(area, 70, 12);
    Clear.render(area, buf);
    let already = match kept {
        0 => String::new(),
        1 => " (1 kept here)".into(),
        n => format!(" ({n} kept here)"),
    };
    let title = format!(" Note at: {}{already} ", crate::scrub::one_line(at));
    let block = Block::bordered()
        .title(Line::from(title))
        .title_bottom(Line::from(vec![
            Span::styled(" Esc", theme.key()),
            Span::raw(" keeps the note "),
        ]));
    let inner = block.inner(area);
    block.render(area, buf);
    note.render(inner, buf);
}

/// The call summary over the screen, scrolled.
pub fn summary(text: &str, scroll: u16, theme: Theme, area: Rect, buf: &mut Buffer) {
    let area = popup(area, 90, area.height.saturating_sub(2));
    Clear.render(area, buf);
    let block = Block::bordered()
        .title(" Call summary (copied) ")
        .title_bottom(Line::from(vec![
            Span::styled(" ↑↓", theme.key()),
            Span::raw(" scroll  "),
            Span::styled("s", theme.key()),
            Span::raw(" save to a file  "),
            Span::raw("Esc closes "),
        ]));
    Paragraph::new(text.to_string())
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0))
        .block(block)
        .render(area, buf);
}

/// The path taken so far: each step and its answer (warning signs marked), one highlighted;
/// Enter goes back to it.
pub fn path(tree: &Tree, walk: &Walk, cursor: usize, theme: Theme, area: Rect, buf: &mut Buffer) {
    let trail: Vec<_> = walk.trail(tree).collect();
    let answered = &trail[..trail.len().saturating_sub(1)];
    let height = (answered.len() as u16 + 2).min(area.height.saturating_sub(2));
    let area = popup(area, 76, height);
    Clear.render(area, buf);
    let rows = usize::from(height.saturating_sub(2)).max(1);
    // Keep the highlighted step in view.
    let first = cursor
        .saturating_sub(rows - 1)
        .min(answered.len().saturating_sub(rows));
    let lines: Vec<Line> = answered
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, &(node, _))| {
            let node_ = tree.node(node);
            let flag = if matches!(node_, Node::Question { red_flag: true, .. }) {
                "RED FLAG "
            } else {
                ""
            };
            let text = format!(
                " {:>2}. {flag}{}: {} ",
                i + 1,
                clean(node_.title()),
                clean(&walk.how_left(tree, i)).into_owned()
            );
            // Cut with `…` to the box, past the border and the mark.
            let text = super::chrome::fit(&text, usize::from(area.width.saturating_sub(3)));
            // Marked as every other list marks its highlight, not by colour alone.
            if i == cursor {
                Line::from(vec![Span::raw("▶"), Span::styled(text, theme.selected())])
            } else {
                Line::from(vec![Span::raw(" "), Span::raw(text)])
            }
        })
        .collect();
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .title(" Path so far ")
                .title_bottom(Line::from(vec![
                    Span::styled(" ↑↓", theme.key()),
                    Span::raw(" choose  "),
                    Span::styled("Enter", theme.key()),
                    Span::raw(" go back there  Esc closes "),
                ])),
        )
        .render(area, buf);
}

/// The search box: the query, then the results (each with the words that matched picked
/// out, its kind and id), or the highlighted result in full.
pub fn search(
    tree: &Tree,
    search: &crate::tui::app::SearchBox,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    use crate::search::Field;
    let area = popup(area, 78, area.height.saturating_sub(2));
    Clear.render(area, buf);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(" Find: ", theme.key()),
            Span::raw(clean(&search.query).into_owned()),
            Span::styled("▏", theme.key()),
        ]),
        Line::default(),
    ];
    if search.preview {
        let hit = &search.hits[search.cursor];
        let node = tree.node(hit.node);
        lines.push(Line::from(Span::styled(
            format!(" {}", clean(node.title())),
            theme.heading(),
        )));
        let text = match node {
            Node::Question { text, .. }
            | Node::Info { text, .. }
            | Node::Checklist { text, .. } => text,
            Node::Table { title, .. } => title,
            Node::Outcome { action, .. } => action,
        };
        for para in clean(text).split('\n') {
            lines.push(Line::from(format!(" {para}")));
        }
        if let Node::Question { choices, .. } = node {
            for (i, c) in choices.iter().enumerate() {
                lines.push(Line::from(format!("   {}  {}", i + 1, clean(&c.label))));
            }
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            " Enter goes there (b comes back); Esc goes back to the results",
            theme.dim(),
        )));
    } else if search.hits.is_empty() {
        let said = if search.query.trim().is_empty() {
            " Type words from a step: its title, an answer, what is asked or said, the why."
        } else {
            " Nothing found."
        };
        lines.push(Line::from(Span::styled(said, theme.dim())));
    } else {
        let rows = usize::from(area.height.saturating_sub(4)).max(1);
        let first = search.cursor.saturating_sub(rows - 1);
        for (i, hit) in search.hits.iter().enumerate().skip(first).take(rows) {
            let node = tree.node(hit.node);
            let kind = match node {
                Node::Question { red_flag: true, .. } => "RED FLAG",
                Node::Question { .. } => "question",
                Node::Info { .. } => "step",
                Node::Checklist { .. } => "checklist",
                Node::Table { .. } => "table",
                Node::Outcome { .. } => "outcome",
            };
            let shown = match hit.field {
                Field::Title | Field::Text => node.title(),
                Field::Answer(j) => node.answer(j).unwrap_or(""),
            };
            let mark = if i == search.cursor { "▶" } else { " " };
            let mut spans = vec![Span::raw(format!("{mark} "))];
            if let Field::Answer(_) = hit.field {
                spans.push(Span::styled(
                    format!("{}: answer ", clean(node.title())),
                    theme.dim(),
                ));
            }
            // The matched characters picked out.
            for (at, c) in clean(shown).chars().enumerate() {
                let style = if hit.matched.contains(&(at as u32)) {
                    theme.key()
                } else if i == search.cursor {
                    theme.selected()
                } else {
                    ratatui::style::Style::default()
                };
                spans.push(Span::styled(c.to_string(), style));
            }
            if let Field::Text = hit.field {
                spans.push(Span::styled(" (in what is said)", theme.dim()));
            }
            spans.push(Span::styled(
                format!("  {kind} · {}", clean(tree.id(hit.node))),
                theme.dim(),
            ));
            lines.push(Line::from(spans));
        }
    }
    // A preview wraps; the results keep a row each, so the highlighted one stays in view.
    let text = Paragraph::new(lines).block(Block::bordered().title(" Find a step "));
    let text = if search.preview {
        text.wrap(Wrap { trim: false })
    } else {
        text
    };
    text.render(area, buf);
}

/// The tree's warning signs whose titles have the words typed, one highlighted: those answered
/// in this walk, and those on another branch than this caller's (a child's, for an adult), say
/// so.
#[allow(clippy::too_many_arguments)]
pub fn red_flags(
    tree: &Tree,
    flags: &[(crate::tree::NodeId, bool, bool)],
    query: &str,
    cursor: usize,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let height = (flags.len() as u16 + 4).min(area.height.saturating_sub(2));
    let area = popup(area, 72, height);
    Clear.render(area, buf);
    let rows = usize::from(height.saturating_sub(4)).max(1);
    let first = cursor.saturating_sub(rows - 1);
    let mut lines = vec![
        Line::from(vec![
            Span::styled(" Find: ", theme.dim()),
            Span::raw(format!("{}▏", clean(query))),
        ]),
        Line::default(),
    ];
    if flags.is_empty() {
        lines.push(Line::from(Span::styled(
            " No sign has those words.",
            theme.dim(),
        )));
    }
    lines.extend(flags.iter().enumerate().skip(first).take(rows).map(
        |(i, &(node, answered, ahead))| {
            let said = match (answered, ahead) {
                (true, _) => "  (answered)",
                (false, false) => "  (another branch)",
                (false, true) => "",
            };
            let text = format!(" {}{said} ", clean(tree.node(node).title()));
            if i == cursor {
                Line::from(vec![Span::raw("▶"), Span::styled(text, theme.selected())])
            } else {
                Line::from(vec![Span::raw(" "), Span::raw(text)])
            }
        },
    ));
    Paragraph::new(lines)
        .block(
            Block::bordered()
                .title(" Warning signs: which does the caller have? ")
                .title_bottom(Line::from(vec![
                    Span::raw(" type to find  "),
                    Span::styled("↑↓", theme.key()),
                    Span::raw(" choose  "),
                    Span::styled("Enter", theme.key()),
                    Span::raw(" go where it leads  "),
                    Span::styled("Esc", theme.key()),
                    Span::raw(" closes "),
                ])),
        )
        .render(area, buf);
}

/// A yes/no question drawn over the screen.
fn confirm(theme: Theme, area: Rect, buf: &mut Buffer, title: &str, lines: [&str; 2], yes: &str) {
    let lines = vec![
        Line::from(lines[0]),
        Line::from(lines[1]),
        Line::default(),
        Line::from(vec![
            Span::styled("y", theme.key()),
            Span::raw(format!(" {yes}   ")),
            Span::styled("n", theme.key()),
            Span::raw(" keep going"),
        ]),
    ];
    let area = popup(area, 46, 6);
    Clear.render(area, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(Block::bordered().title(format!(" {title} ")))
        .render(area, buf);
}

pub fn confirm_restart(theme: Theme, area: Rect, buf: &mut Buffer) {
    let lines = [
        "End this call and start a new one?",
        "This call is kept in the record, unfinished.",
    ];
    confirm(theme, area, buf, "Next caller?", lines, "next caller");
}

pub fn confirm_quit(theme: Theme, area: Rect, buf: &mut Buffer) {
    let lines = [
        "Quit in the middle of this walk?",
        "No outcome has been reached yet.",
    ];
    confirm(theme, area, buf, "Quit?", lines, "quit");
}

/// The glossary: the terms the shown steps use, each with its definition, or every term when
/// they use none; scrolled this far. Returns how far it can scroll.
pub fn glossary(
    tree: &Tree,
    shown: &[crate::tree::NodeId],
    scroll: u16,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) -> u16 {
    let texts: Vec<&str> = shown.iter().flat_map(|&n| tree.node(n).texts()).collect();
    let used = |term: &str| {
        let term = term.trim().to_ascii_lowercase();
        texts.iter().any(|t| crate::tree::glossary::uses(t, &term))
    };
    let here: Vec<&(String, Box<str>)> = tree.glossary.iter().filter(|(t, _)| used(t)).collect();
    let (heading, terms): (&str, Vec<&(String, Box<str>)>) = if here.is_empty() {
        (
            " No underlined words here: every term.",
            tree.glossary.iter().collect(),
        )
    } else {
        (" The words on this screen:", here)
    };
    let mut lines = vec![
        Line::from(Span::styled(heading, theme.dim())),
        Line::default(),
    ];
    for (term, definition) in terms {
        lines.push(Line::from(Span::styled(
            format!(" {}", clean(term)),
            theme.heading(),
        )));
        lines.push(Line::from(format!(" {}", clean(definition))));
        lines.push(Line::default());
    }
    lines.push(Line::from(Span::styled(
        " ↑↓ or j k scroll; Esc closes.",
        theme.dim(),
    )));
    let room = area.height.saturating_sub(2);
    let area = popup(area, 72, room);
    Clear.render(area, buf);
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    let inner = Block::bordered().inner(area);
    let max_scroll = u16::try_from(text.line_count(inner.width))
        .unwrap_or(u16::MAX)
        .saturating_sub(inner.height);
    let block = Block::bordered().title(" Glossary ");
    let block = if scroll < max_scroll {
        block.title_bottom(Line::from(Span::styled(" ↓ more ", theme.key())).right_aligned())
    } else {
        block
    };
    text.scroll((scroll.min(max_scroll), 0))
        .block(block)
        .render(area, buf);
    max_scroll
}
