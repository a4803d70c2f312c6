//! What is drawn over the screen: the help, and the restart question.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use super::super::app::App;

const KEYS: &[(&str, &str)] = &[
    ("1 … 9", "choose that answer"),
    ("↑ ↓  k j", "move the highlight, or scroll"),
    ("Enter  →", "take the highlighted answer, or go on"),
    ("←  Backspace  b", "back one step (answers are kept)"),
    ("w", "show or hide the Why panel"),
    ("PgUp  PgDn", "scroll the Why panel"),
    ("r", "start again (asks first mid-walk)"),
    ("?", "show or hide this help"),
    ("q  Esc  Ctrl-C", "quit"),
];

fn popup(area: Rect, width: u16, height: u16) -> Rect {
    area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    )
}

pub fn help(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let mut lines: Vec<Line> = KEYS
        .iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(format!(" {k:<17}"), theme.key()),
                Span::raw(*what),
            ])
        })
        .collect();
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        " Any key closes this help.",
        theme.dim(),
    )));
    let area = popup(area, 58, lines.len() as u16 + 2);
    Clear.render(area, buf);
    Paragraph::new(lines)
        .block(Block::bordered().title(" Keys "))
        .render(area, buf);
}

pub fn confirm_restart(app: &App, area: Rect, buf: &mut Buffer) {
    let theme = app.theme;
    let lines = vec![
        Line::from("Start again from the first question?"),
        Line::from("The answers given so far will be cleared."),
        Line::default(),
        Line::from(vec![
            Span::styled("y", theme.key()),
            Span::raw(" start again   "),
            Span::styled("n", theme.key()),
            Span::raw(" keep going"),
        ]),
    ];
    let area = popup(area, 46, 6);
    Clear.render(area, buf);
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .block(Block::bordered().title(" Restart? "))
        .render(area, buf);
}
