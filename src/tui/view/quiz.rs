//! A quiz's own screens: a case's story before it is walked, an answer that was not the
//! case's (with the case's and the step's why), how a case went, and the score at the end.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Widget, Wrap};

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

/// Case `k` of `n`: who is calling and what they say, before the walk or `again` during it;
/// returns how far it can scroll.
#[allow(clippy::too_many_arguments)]
pub fn story(
    (k, n): (usize, usize),
    title: &str,
    story: &str,
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
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        if again {
            "Any key goes back to the walk."
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
        "The walk goes on with the case's answer. Any key goes on.",
        theme.dim(),
    )));
    boxed("Not the case's answer", lines, scroll, theme, area, buf)
}

/// How a case went: its answers right of all, whether the outcome's urgency matched, and each
/// mistake; returns how far it can scroll.
#[allow(clippy::too_many_arguments)]
pub fn case(
    title: &str,
    done: &crate::learn::Done,
    expected_outcome: &str,
    mistakes: &[(String, String, String)],
    scroll: u16,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) -> u16 {
    let (right, answers, outcome_right) = (done.right, done.answers, done.outcome_right);
    let mut lines = vec![
        Line::from(Span::styled(clean(title).into_owned(), theme.heading())),
        Line::default(),
        Line::from(format!("Answers as the case's: {right} of {answers}")),
        Line::from(if outcome_right {
            "The outcome's urgency: right".to_string()
        } else {
            format!(
                "The outcome's urgency: wrong (the case reaches {})",
                clean(expected_outcome)
            )
        }),
    ];
    for (step, given, expected) in mistakes {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            clean(step).into_owned(),
            theme.heading(),
        )));
        lines.push(Line::from(format!("  you: {}", clean(given))));
        lines.push(Line::from(Span::styled(
            format!("  the case: {}", clean(expected)),
            theme.key(),
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "Any key: the next case.",
        theme.dim(),
    )));
    boxed("How the case went", lines, scroll, theme, area, buf)
}

/// The score, and every mistake beside the right answer and its why; returns how far it can
/// scroll.
#[allow(clippy::too_many_arguments)]
pub fn end(
    mode: &str,
    score: crate::learn::Score,
    mistakes: &[(String, String, String, String, String)],
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
        Line::from(format!(
            "Answers as the cases': {} of {}; outcomes' urgency right: {} of {}; time: {:.0} s",
            score.right, score.answers, score.outcomes_right, score.cases, score.seconds
        )),
    ];
    if mistakes.is_empty() {
        lines.push(Line::from("No mistakes."));
    }
    for (case, step, given, expected, why) in mistakes {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!("{} · {}", clean(case), clean(step)),
            theme.heading(),
        )));
        lines.push(Line::from(format!("  you: {}", clean(given))));
        lines.push(Line::from(Span::styled(
            format!("  the case: {}", clean(expected)),
            theme.key(),
        )));
        lines.push(Line::from(Span::styled(
            format!("  why: {}", clean(why)),
            theme.dim(),
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "r: the cases missed again · ↑↓ scroll · q: leave",
        theme.dim(),
    )));
    boxed("Score", lines, scroll, theme, area, buf)
}
