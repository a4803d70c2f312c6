//! A quiz's own screens: a case's story before it is walked, an answer that was not the
//! case's (with the case's and the step's why), how a case went, and the score at the end.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

use crate::learn::{Done, Score, Slip, Triage};
use crate::scrub::for_screen as clean;

use super::super::theme::Theme;

/// Draws `lines` in a box titled `title` over the middle of `area`, scrolled; returns how far
/// it can scroll.
fn boxed(
    title: &str,
    lines: Vec<Line<'static>>,
    scroll: u16,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) -> u16 {
    let area = Rect {
        x: area.x + 2,
        y: area.y + 1,
        width: area.width.saturating_sub(4),
        height: area.height.saturating_sub(2),
    };
    Clear.render(area, buf);
    let block = Block::bordered().title(format!(" {title} "));
    let inner = block.inner(area);
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    let most = u16::try_from(text.line_count(inner.width))
        .unwrap_or(u16::MAX)
        .saturating_sub(inner.height);
    let block = if scroll < most {
        block.title_bottom(Line::from(Span::styled(" ↓ more ", theme.key())).right_aligned())
    } else {
        block
    };
    text.scroll((scroll.min(most), 0))
        .block(block)
        .render(area, buf);
    most
}

/// Case `k` of `n`: who is calling and what they say (and, before the first, `about` the tree),
/// before the walk or `again` during it; returns how far it can scroll.
#[allow(clippy::too_many_arguments)]
pub fn story(
    (k, n): (usize, usize),
    (title, story): (&str, &str),
    about: Option<&str>,
    again: bool,
    scroll: u16,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) -> u16 {
    let mut lines = vec![
        Line::from(Span::styled(clean(title).into_owned(), theme.heading())),
        Line::default(),
        Line::from(Span::styled("The caller says:", theme.dim())),
    ];
    lines.extend(
        clean(story)
            .split('\n')
            .map(|p| Line::from(Span::styled(p.to_string(), theme.say()))),
    );
    if let Some(about) = about {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("About this tree:", theme.dim())));
        lines.extend(
            clean(about)
                .split('\n')
                .map(|p| Line::from(Span::styled(p.to_string(), theme.dim()))),
        );
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        if again {
            "Enter goes back to the walk."
        } else {
            "Walk the tree as you would take this call (t shows this again). Enter begins; q leaves the quiz."
        },
        theme.dim(),
    )));
    boxed(
        &format!("Case {} of {n}", k + 1),
        lines,
        scroll,
        theme,
        area,
        buf,
    )
}

/// An answer that was not the case's: the case's answer, and the step's why.
pub fn wrong(
    step: &str,
    (given, expected): (&str, &str),
    why: &str,
    scroll: u16,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) -> u16 {
    let mut lines = vec![
        Line::from(Span::styled(clean(step).into_owned(), theme.heading())),
        Line::default(),
        Line::from(vec![
            Span::styled("You answered: ", theme.dim()),
            Span::raw(clean(given).into_owned()),
        ]),
        Line::from(vec![
            Span::styled("The case's answer: ", theme.dim()),
            Span::styled(clean(expected).into_owned(), theme.key()),
        ]),
        Line::default(),
        Line::from(Span::styled("Why:", theme.dim())),
    ];
    lines.extend(clean(why).split('\n').map(|p| Line::from(p.to_string())));
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "The walk goes on with the case's answer. Enter goes on.",
        theme.dim(),
    )));
    boxed("Not the case's answer", lines, scroll, theme, area, buf)
}

/// A mistake as shown: where, the student's answer and the case's, its why, and its kind.
pub struct Shown {
    pub case: String,
    pub step: String,
    pub given: String,
    pub expected: String,
    pub why: String,
    pub kind: Slip,
}

/// An outcome as named in the quiz: its title and its urgency's label.
pub type Named<'a> = (&'a str, &'a str);

/// A mistake's lines, `width` columns wide: the step (with what kind of mistake it was), the
/// two answers, and its why when `why`, each wrapped under itself.
fn mistake(
    m: &Shown,
    with_case: bool,
    why: bool,
    width: usize,
    theme: Theme,
) -> Vec<Line<'static>> {
    let hung = |label: &str, text: &str, style| -> Vec<Line<'static>> {
        let room = width.saturating_sub(label.len()).max(10);
        super::hang(&clean(text), room)
            .into_iter()
            .enumerate()
            .map(|(i, part)| {
                let lead = if i == 0 {
                    label.to_string()
                } else {
                    " ".repeat(label.len())
                };
                Line::from(Span::styled(format!("{lead}{part}"), style))
            })
            .collect()
    };
    let place = if with_case {
        format!("{} · {}", clean(&m.case), clean(&m.step))
    } else {
        clean(&m.step).into_owned()
    };
    let mut head = vec![Span::styled(place, theme.heading())];
    match m.kind {
        Slip::MissedSign => head.push(Span::styled("  WARNING SIGN MISSED", theme.warn())),
        Slip::Cautious => head.push(Span::styled("  (more cautious than the case)", theme.dim())),
        Slip::Other => {}
    }
    let mut lines = vec![Line::default(), Line::from(head)];
    lines.extend(hung("  you: ", &m.given, Style::default()));
    lines.extend(hung("  the case: ", &m.expected, theme.key()));
    if why && !m.why.is_empty() {
        lines.extend(hung("  why: ", &m.why, theme.dim()));
    }
    lines
}

/// How a case went: its answers right of all, the warning signs missed, the outcome reached
/// (in an exam, whether it was as urgent as the case's, and if not which way it erred), and
/// each mistake; returns how far it can scroll.
#[allow(clippy::too_many_arguments)]
pub fn case(
    title: &str,
    done: &Done,
    (reached, wanted): (Named, Named),
    mistakes: &[Shown],
    last: bool,
    scroll: u16,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) -> u16 {
    let mut lines = vec![
        Line::from(Span::styled(clean(title).into_owned(), theme.heading())),
        Line::default(),
        Line::from(format!(
            "Answers as the case's: {} of {}",
            done.right, done.answers
        )),
    ];
    let missed = done.signs_missed();
    if missed > 0 {
        lines.push(Line::from(Span::styled(
            format!("Warning signs the caller has that you did not take: {missed}"),
            theme.warn(),
        )));
    }
    let outcome = |(title, urgency): Named| format!("{} ({urgency})", clean(title));
    lines.push(match done.triage {
        None => Line::from(format!("The case reaches: {}", outcome(wanted))),
        Some(Triage::Right) if reached.0 == wanted.0 => Line::from(format!(
            "You reached: {}, the case's outcome",
            outcome(reached)
        )),
        Some(Triage::Right) => Line::from(format!(
            "You reached: {}, as urgent as the case's, {}",
            outcome(reached),
            outcome(wanted)
        )),
        Some(Triage::Under) => Line::from(Span::styled(
            format!(
                "You reached: {}, LESS URGENT than the case's, {}: a caller like this would wait too long",
                outcome(reached),
                outcome(wanted)
            ),
            theme.warn(),
        )),
        Some(Triage::Over) => Line::from(format!(
            "You reached: {}, more urgent than the case's, {}",
            outcome(reached),
            outcome(wanted)
        )),
    });
    for m in mistakes {
        lines.extend(mistake(m, false, false, inner(area), theme));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        if last {
            "Enter: the score."
        } else {
            "Enter: the next case."
        },
        theme.dim(),
    )));
    boxed("How the case went", lines, scroll, theme, area, buf)
}

/// The score, and every mistake beside the right answer and its why, and whether any case can
/// be taken again; returns how far it can scroll.
#[allow(clippy::too_many_arguments)]
pub fn end(
    mode: &str,
    score: Score,
    mistakes: &[Shown],
    retry: bool,
    scroll: u16,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) -> u16 {
    let mut lines = vec![
        Line::from(Span::styled(
            format!("The quiz is over ({mode})"),
            theme.heading(),
        )),
        Line::default(),
        Line::from(format!("{}.", upper_first(&score.sentence()))),
    ];
    if mistakes.is_empty() {
        lines.push(Line::from("No mistakes."));
    }
    for m in mistakes {
        lines.extend(mistake(m, true, true, inner(area), theme));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        if retry {
            "r: the cases missed, again · ↑↓ scroll · q: leave"
        } else {
            "↑↓ scroll · q: leave"
        },
        theme.dim(),
    )));
    boxed("Score", lines, scroll, theme, area, buf)
}

/// The columns inside a quiz box drawn over `area` (see [`boxed`]).
fn inner(area: Rect) -> usize {
    usize::from(area.width.saturating_sub(6))
}

/// `text` with its first letter a capital.
fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
