//! The library screen: the trees below a directory, filtered as one types, to choose one to
//! walk. A tree with errors is listed with its first problem and never walked.

use std::io;

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event as Input, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
use signal_hook::consts::{SIGCONT, SIGTSTP};

use crate::library::{Book, Health, filter};
use crate::scrub::for_screen as clean;

use super::events::{Event, Events};
use super::terminal;
use super::{Start, Theme};

/// What the library screen shows.
#[derive(Default)]
struct Shelf {
    query: String,
    cursor: usize,
    flash: Option<String>,
}

/// Shows the library until a walkable tree is chosen and set up (`Some`), or the person
/// leaves (`None`).
pub fn choose(
    books: &[Book],
    theme: Theme,
    events: &Events,
    mut make: impl FnMut(&Book) -> Result<Start, String>,
) -> io::Result<Option<Start>> {
    let mut terminal = terminal::term()?;
    // Back from a walk, the screen still shows it: the list is drawn on a clean one.
    terminal::redraw_whole(&mut terminal)?;
    let mut shelf = Shelf::default();
    loop {
        terminal.draw(|frame| draw(books, &shelf, theme, frame.area(), frame.buffer_mut()))?;
        let Some(event) = events.next(Some(terminal::ALIVE)) else {
            if terminal::gone() {
                return Err(io::Error::other("the terminal has closed"));
            }
            continue;
        };
        shelf.flash = None;
        let shown = filter(books, &shelf.query);
        match event {
            Event::Input(Input::Key(key)) if key.kind != KeyEventKind::Release => {
                let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                match key.code {
                    KeyCode::Char('c') if ctrl => break,
                    KeyCode::Char('z') if ctrl => terminal::suspend(&mut terminal)?,
                    KeyCode::Esc => {
                        if shelf.query.is_empty() {
                            break;
                        }
                        shelf.query.clear();
                        shelf.cursor = 0;
                    }
                    KeyCode::Up => shelf.cursor = shelf.cursor.saturating_sub(1),
                    KeyCode::Down => {
                        shelf.cursor = (shelf.cursor + 1).min(shown.len().saturating_sub(1));
                    }
                    KeyCode::Backspace => {
                        shelf.query.pop();
                        shelf.cursor = 0;
                    }
                    KeyCode::Char(c) if !ctrl => {
                        shelf.query.push(c);
                        shelf.cursor = 0;
                    }
                    KeyCode::Enter => match shown.get(shelf.cursor) {
                        Some((_, book)) if book.walkable() => match make(book) {
                            Ok(start) => {
                                // The walk's first frame draws on a clean screen.
                                terminal::redraw_whole(&mut terminal)?;
                                terminal::close(terminal);
                                return Ok(Some(start));
                            }
                            Err(why) => shelf.flash = Some(why),
                        },
                        Some((_, book)) => {
                            shelf.flash = Some(format!(
                                "this tree has errors and cannot be walked: `tread check {}` lists them",
                                book.place()
                            ));
                        }
                        None => {}
                    },
                    _ => {}
                }
            }
            Event::Input(Input::Paste(text)) => {
                shelf.query.extend(text.chars().filter(|c| !c.is_control()));
                shelf.cursor = 0;
            }
            Event::Input(_) | Event::Record(_) | Event::Sending(_) => {}
            Event::Signal(SIGTSTP) => terminal::suspend(&mut terminal)?,
            Event::Signal(SIGCONT) => terminal::resume(&mut terminal)?,
            Event::Signal(_) => break,
            Event::Failed(e) => return Err(e),
        }
    }
    terminal::close(terminal);
    Ok(None)
}

fn draw(books: &[Book], shelf: &Shelf, theme: Theme, area: Rect, buf: &mut Buffer) {
    let [top, find, list, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    buf.set_style(top, theme.title_bar());
    Line::from(" tread · choose a tree to walk · NOT A DIAGNOSIS")
        .style(theme.title_bar())
        .render(top, buf);
    Line::from(vec![
        Span::styled(" Find: ", theme.key()),
        Span::raw(clean(&shelf.query).into_owned()),
        Span::styled("▏", theme.key()),
    ])
    .render(find, buf);
    let shown = filter(books, &shelf.query);
    let rows = usize::from(list.height / 2).max(1);
    let first = shelf.cursor.saturating_sub(rows - 1);
    let mut lines = Vec::new();
    for (i, (_, book)) in shown.iter().enumerate().skip(first).take(rows) {
        let mark = if i == shelf.cursor { "▶ " } else { "  " };
        let title = format!("{mark}{}", clean(&book.title));
        let title = if i == shelf.cursor {
            Span::styled(title, theme.selected())
        } else {
            Span::styled(title, theme.heading())
        };
        let count = crate::report::plural;
        let size = book.counts.as_ref().map_or(String::new(), |c| {
            format!(
                "{}, {} · ",
                count(c.questions, "question"),
                count(c.outcomes, "outcome")
            )
        });
        let changed = book.changed.map_or(String::new(), |t| {
            let t = time::OffsetDateTime::from(t);
            format!("changed {} · ", &crate::record::time_text::utc(t)[..10])
        });
        let health = match &book.health {
            Health::Walkable { warnings: 0 } => Span::raw("checks clean"),
            Health::Walkable { warnings } => Span::raw(count(*warnings, "warning")),
            Health::Broken { errors, first } => Span::styled(
                format!(
                    "{}, cannot be walked: {}",
                    count(*errors, "error"),
                    clean(first)
                ),
                theme.warn(),
            ),
        };
        lines.push(Line::from(vec![title]));
        lines.push(Line::from(vec![
            Span::styled(format!("    {}  ", clean(&book.place())), theme.dim()),
            Span::styled(format!("{size}{changed}"), theme.dim()),
            health,
        ]));
    }
    if shown.is_empty() {
        lines.push(Line::from(Span::styled("  No tree matches.", theme.dim())));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(list, buf);
    let hint = shelf.flash.clone().unwrap_or_else(|| {
        format!(
            " {} of {} trees · type to find  ↑↓ choose  Enter walk  Esc clear, then leave",
            shown.len(),
            books.len()
        )
    });
    Line::from(Span::styled(hint, theme.dim())).render(footer, buf);
}
