//! `tread report` in a terminal: the figures as charts, for a lead who would rather look than
//! read. One screen; `q` leaves. The view is a function of the report alone.

use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event as Input, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Paragraph, Sparkline, Widget};

use super::events::{Event, Events};
use super::terminal;
use super::theme::Theme;
use crate::failure::{Failure, Outcome};
use crate::record::report::{Count, Report};
use crate::record::time_text::duration;
use crate::scrub::one_line;

use super::view::chrome::fit;
use crate::tree::scale::Scale;

/// Shows the charts until `q`, `Esc` or `Ctrl-C` (or a signal that ends tread).
pub fn show(report: &Report, heading: &str) -> Outcome {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        return Err(Failure::ChartsNeedTerminal("standard input"));
    }
    if !std::io::stdout().is_terminal() {
        return Err(Failure::ChartsNeedTerminal("standard output"));
    }
    let theme = if crate::report::no_color() {
        Theme::PLAIN
    } else {
        Theme::COLOR
    };
    let events = Events::start().map_err(Failure::Terminal)?;
    terminal::enter(false).map_err(Failure::Terminal)?;
    let shown = (|| -> std::io::Result<Option<i32>> {
        let mut term = terminal::term()?;
        loop {
            term.draw(|frame| draw(report, heading, theme, frame.area(), frame.buffer_mut()))?;
            match events.next(None) {
                Some(Event::Input(Input::Key(key))) if key.kind != KeyEventKind::Release => {
                    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
                    match key.code {
                        KeyCode::Char('q') | KeyCode::Esc => return Ok(None),
                        KeyCode::Char('c') if ctrl => return Ok(None),
                        KeyCode::Char('z') if ctrl => terminal::suspend(&mut term)?,
                        _ => {}
                    }
                }
                Some(Event::Signal(signal_hook::consts::SIGTSTP)) => terminal::suspend(&mut term)?,
                Some(Event::Signal(signal_hook::consts::SIGCONT)) => terminal::resume(&mut term)?,
                Some(Event::Signal(signal_hook::consts::SIGINT)) => return Ok(None),
                Some(Event::Signal(n)) => return Ok(Some(n)),
                Some(Event::Failed(e)) => return Err(e),
                _ => {}
            }
        }
    })();
    terminal::leave();
    match shown {
        Ok(None) => Ok(()),
        Ok(Some(n)) => Err(Failure::Signal(n)),
        Err(e) => Err(Failure::Terminal(e)),
    }
}

/// The bars of an urgency, filled in its colour on the medical scale (grey for another
/// scale's, or none); without colour, the terminal's own.
fn fill(urgency: &str, theme: Theme) -> Style {
    use crate::tree::scale::Colour;
    if theme == Theme::PLAIN {
        return Style::new();
    }
    let medical = Scale::medical();
    let colour = medical
        .levels()
        .iter()
        .find(|l| l.id.name() == urgency)
        .map_or(Colour::Grey, |l| l.colour());
    Style::new().fg(match colour {
        Colour::Red => Color::Red,
        Colour::Orange => Color::LightRed,
        Colour::Yellow => Color::Yellow,
        Colour::Blue => Color::LightBlue,
        Colour::Green => Color::Green,
        Colour::Grey => Color::Gray,
        Colour::Purple => Color::Magenta,
    })
}

/// The smallest screen the charts are drawn on.
const MIN: (u16, u16) = (60, 18);

/// Draws the report: the title, calls by day and by urgency, by outcome and the warning signs,
/// then time to an outcome, going back, paths and tree versions in words.
pub fn draw(report: &Report, heading: &str, theme: Theme, area: Rect, buf: &mut Buffer) {
    if area.width < MIN.0 || area.height < MIN.1 {
        Paragraph::new(format!(
            "The charts need a terminal of at least {}x{}; this one is {}x{}. Make it larger, or run tread report --format text. q leaves.",
            MIN.0, MIN.1, area.width, area.height
        ))
        .wrap(ratatui::widgets::Wrap { trim: true })
        .render(area, buf);
        return;
    }
    let rows = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Fill(1),
            Constraint::Length(6),
            Constraint::Length(1),
        ])
        .split(area);
    Paragraph::new(Line::from(fit(&one_line(heading), usize::from(area.width))))
        .style(theme.title_bar())
        .render(rows[0], buf);
    Paragraph::new(Line::from(vec![
        Span::styled("q", theme.key()),
        Span::raw(" leave   "),
        Span::raw("tread report --format text|json|csv prints every figure"),
    ]))
    .render(rows[4], buf);
    if report.calls == 0 {
        Paragraph::new("No ended calls match.").render(rows[1], buf);
        return;
    }
    let top = Layout::default()
        .direction(Direction::Horizontal)
        .constraints([Constraint::Fill(3), Constraint::Fill(2)])
        .split(rows[1]);
    by_day(report, theme, top[0], buf);
    let urgencies: Vec<(String, String, u64, Style)> = report
        .urgencies
        .iter()
        .map(|c| (c.key.clone(), c.label.clone(), c.calls, fill(&c.key, theme)))
        .collect();
    ranked("By urgency", &urgencies, top[1], buf);
    let middle = Layout::default()
        .direction(Direction::Horizontal)
        .constraints([Constraint::Fill(1), Constraint::Fill(1)])
        .split(rows[2]);
    let plain = |counts: &[Count], style: Style| -> Vec<(String, String, u64, Style)> {
        counts
            .iter()
            .map(|c| (c.key.clone(), c.label.clone(), c.calls, style))
            .collect()
    };
    let outcome_style = if theme == Theme::PLAIN {
        Style::new()
    } else {
        Style::new().fg(Color::Cyan)
    };
    ranked(
        "By outcome (calls)",
        &plain(&report.outcomes, outcome_style),
        middle[0],
        buf,
    );
    ranked(
        "Warning signs that came up (calls)",
        &plain(&report.signs, fill("Emergency", theme)),
        middle[1],
        buf,
    );
    words(report, rows[3], buf);
}

fn by_day(report: &Report, theme: Theme, area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title("Calls by day");
    let inner = block.inner(area);
    block.render(area, buf);
    // As many of the latest days as fit, each bar three columns and a gap.
    let fit = usize::from(inner.width / 6).max(1);
    let days = &report.days[report.days.len().saturating_sub(fit)..];
    if inner.height < 4 {
        let data: Vec<u64> = days.iter().map(|d| d.calls).collect();
        Sparkline::default().data(&data).render(inner, buf);
        return;
    }
    let bars: Vec<Bar> = days
        .iter()
        .map(|d| {
            Bar::default()
                .value(d.calls)
                .text_value(d.calls.to_string())
                .label(Line::from(one_line(d.day.get(5..).unwrap_or(&d.day))))
        })
        .collect();
    BarChart::default()
        .bar_width(5)
        .bar_gap(1)
        .bar_style(if theme == Theme::PLAIN {
            Style::new()
        } else {
            Style::new().fg(Color::Cyan)
        })
        .value_style(Style::new().add_modifier(Modifier::REVERSED))
        .data(BarGroup::default().bars(&bars))
        .render(inner, buf);
}

/// Horizontal bars, one a row, as many as fit: (key, label, count, style).
fn ranked(title: &str, rows: &[(String, String, u64, Style)], area: Rect, buf: &mut Buffer) {
    let block = Block::bordered().title(title.to_string());
    let inner = block.inner(area);
    block.render(area, buf);
    if rows.is_empty() {
        Paragraph::new("none").render(inner, buf);
        return;
    }
    let room = usize::from(inner.height);
    let label_room = usize::from(inner.width / 2);
    let shown = if rows.len() > room {
        room.saturating_sub(1)
    } else {
        room
    };
    let bars: Vec<Bar> = rows
        .iter()
        .take(shown)
        .map(|(_, label, calls, style)| {
            // The count beside the label, not over the bar, which it would hide when short.
            let count = format!(" {calls}");
            let room = label_room.saturating_sub(count.chars().count());
            let mut label = one_line(label);
            if label.chars().count() > room {
                label = label.chars().take(room.saturating_sub(1)).collect();
                label.push('…');
            }
            Bar::default()
                .value(*calls)
                .text_value(String::new())
                .label(Line::from(format!("{label:<room$}{count}")))
                .style(*style)
        })
        .collect();
    BarChart::default()
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .data(BarGroup::default().bars(&bars))
        .render(inner, buf);
    // Rows that do not fit are said, not dropped without a word.
    if rows.len() > shown && inner.height > 0 {
        let more = rows.len() - shown;
        let at = Rect {
            y: inner.y + inner.height - 1,
            height: 1,
            ..inner
        };
        Paragraph::new(format!("… and {more} more (--format text)")).render(at, buf);
    }
}

fn words(report: &Report, area: Rect, buf: &mut Buffer) {
    let t = &report.time_to_outcome;
    let secs = |s: Option<i64>| s.map_or_else(|| "-".into(), duration);
    let calls = crate::record::outbox::calls_words;
    let back_from = report
        .back_from
        .first()
        .map(|c| format!(", most from {}", one_line(&c.label)))
        .unwrap_or_default();
    let mut lines = vec![
        Line::from(format!(
            "To an outcome: median {}, 90th percentile {} ({})",
            secs(t.median_seconds),
            secs(t.p90_seconds),
            calls(t.calls)
        )),
        Line::from(format!(
            "Went back: {}{back_from}. Restarted: {}",
            calls(report.went_back),
            calls(report.restarted)
        )),
        Line::from(match report.paths.first() {
            Some(p) => format!(
                "Commonest path ({}): {}",
                calls(p.calls),
                one_line(&p.label)
            ),
            None => "Commonest path: none reached an outcome".into(),
        }),
    ];
    for v in report.versions.iter().rev().take(1) {
        let urgent: u64 = v
            .urgencies
            .iter()
            .filter(|(u, _)| matches!(u.as_str(), "Emergency" | "Urgent"))
            .map(|(_, n)| n)
            .sum();
        lines.push(Line::from(format!(
            "{} (from {}): {}, {:.0}% emergency or urgent, median {}{}",
            one_line(v.version.as_deref().unwrap_or("(no version)")),
            one_line(&v.first_day),
            calls(v.calls),
            urgent as f64 * 100.0 / v.calls.max(1) as f64,
            secs(v.time_to_outcome.median_seconds),
            if report.versions.len() > 1 {
                format!("; {} earlier versions", report.versions.len() - 1)
            } else {
                String::new()
            }
        )));
    }
    // Each line cut with `…` at the box's edge, not in the middle of a word.
    let room = usize::from(area.width.saturating_sub(2));
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|line| Line::from(fit(&line.to_string(), room)))
        .collect();
    Paragraph::new(lines)
        .block(Block::bordered().title("In words"))
        .render(area, buf);
}
