//! The main area of the walk: a question, an info step, or an outcome.

use crate::tree::scale::Words;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use crate::scrub::for_screen as clean;
use crate::tree::{Node, Tree};
use crate::walk::Walk;

use super::super::theme::Theme;

/// The main area's text for the node the walk is at, with choice `cursor` highlighted, and
/// where its answers stand in it: built once a frame, then wrapped, scrolled and clicked from.
pub struct Main {
    lines: Vec<Line<'static>>,
    /// Each answer shown: its line, and its number (a step read out: its Continue, number 0).
    answers: Vec<(usize, usize)>,
    /// The highlighted answer's place in `answers`, on a question.
    cursor: Option<usize>,
}

impl Main {
    /// The text of the node the walk is at.
    pub fn new(tree: &Tree, walk: &Walk, cursor: usize, theme: Theme) -> Main {
        let mut main = Main::unmarked(tree, walk, cursor, theme);
        super::terms::mark(&mut main.lines, &super::terms::of(tree));
        main
    }

    /// The text, its glossary terms not yet marked.
    fn unmarked(tree: &Tree, walk: &Walk, cursor: usize, theme: Theme) -> Main {
        let node = tree.node(walk.current());
        match node {
            Node::Question { choices, .. } => {
                let lines = question(node, &tree.words, cursor, theme);
                let (from, to) = around(cursor, choices.len());
                let first = lines.len() - usize::from(to < choices.len()) - (to - from);
                Main {
                    answers: (from..to).map(|i| (first + i - from, i)).collect(),
                    cursor: Some(cursor.min(to.saturating_sub(1)).saturating_sub(from)),
                    lines,
                }
            }
            Node::Checklist { .. } => {
                let (lines, answers) = checklist(tree, walk, cursor, theme);
                Main {
                    cursor: Some(cursor.min(answers.len().saturating_sub(1))),
                    answers,
                    lines,
                }
            }
            Node::Info { .. } => {
                let lines = info(node, &tree.words, theme);
                Main {
                    answers: vec![(lines.len() - 1, 0)],
                    cursor: None,
                    lines,
                }
            }
            Node::Outcome { .. } => Main {
                lines: outcome(tree, walk, node, theme),
                answers: Vec::new(),
                cursor: None,
            },
            // A walkable tree has its tables as questions: never drawn.
            Node::Table { .. } => Main {
                lines: Vec::new(),
                answers: Vec::new(),
                cursor: None,
            },
        }
    }

    /// The text, wrapped.
    pub fn paragraph(&self) -> Paragraph<'static> {
        Paragraph::new(self.lines.clone()).wrap(Wrap { trim: false })
    }

    /// Where the text goes in `area`, given the scroll asked for: the scroll (moved just
    /// enough for a question's highlighted answer to show whole, never past `max_scroll`), and
    /// the rows each answer shown stands on, for a click to take it. One pass over the text.
    pub fn place(&self, area: Rect, scroll: u16, max_scroll: u16) -> (u16, Vec<(Rect, usize)>) {
        let height = |lines: &[Line<'static>]| {
            Paragraph::new(lines.to_vec())
                .wrap(Wrap { trim: false })
                .line_count(area.width)
        };
        // Each answer's first row and height, in the wrapped text.
        let mut top = height(&self.lines[..self.answers.first().map_or(0, |a| a.0)]);
        let rows: Vec<(usize, usize)> = self
            .answers
            .iter()
            .map(|&(line, _)| {
                let h = height(&self.lines[line..=line]);
                top += h;
                (top - h, h)
            })
            .collect();
        let scroll = match self.cursor.and_then(|c| rows.get(c)) {
            Some(&(top, h)) => {
                // The last row may hold the "more" marker: keep the answer above it.
                let shown = usize::from(area.height.saturating_sub(1).max(1));
                let asked = usize::from(scroll);
                let s = if top < asked {
                    top
                } else if top + h > asked + shown {
                    top + h - shown
                } else {
                    asked
                };
                u16::try_from(s).unwrap_or(u16::MAX).min(max_scroll)
            }
            None => scroll,
        };
        let on_screen = rows
            .iter()
            .zip(&self.answers)
            .filter_map(|(&(top, h), &(_, answer))| {
                let start = (top as i64 - i64::from(scroll)).max(0);
                let end = ((top + h) as i64 - i64::from(scroll)).min(i64::from(area.height));
                (start < end).then(|| {
                    let rect = Rect::new(
                        area.x,
                        area.y + start as u16,
                        area.width,
                        (end - start) as u16,
                    );
                    (rect, answer)
                })
            })
            .collect();
        (scroll, on_screen)
    }
}

/// Draws the main area, scrolled; a marker says when there is more below.
pub fn render(
    text: Paragraph<'static>,
    scroll: u16,
    max_scroll: u16,
    theme: Theme,
    area: Rect,
    buf: &mut Buffer,
) {
    let scroll = scroll.min(max_scroll);
    text.scroll((scroll, 0)).render(area, buf);
    if scroll < max_scroll && area.height > 0 {
        let last = Rect {
            y: area.bottom() - 1,
            height: 1,
            ..area
        };
        Line::from(Span::styled(" ↓ more ", theme.key()))
            .right_aligned()
            .render(last, buf);
    }
}

/// Paragraphs of tree text, each a line, cleaned of control characters.
fn paragraphs(text: &str, style: ratatui::style::Style) -> Vec<Line<'static>> {
    clean(text)
        .split('\n')
        .map(|p| Line::from(Span::styled(p.to_string(), style)))
        .collect()
}

fn question(node: &Node, words: &Words, cursor: usize, theme: Theme) -> Vec<Line<'static>> {
    let Node::Question {
        title,
        text,
        red_flag,
        choices,
        ..
    } = node
    else {
        return vec![];
    };
    let mut head = vec![];
    if *red_flag {
        head.push(Span::styled("RED FLAG ", theme.red_flag()));
    }
    head.push(Span::styled(clean(title).into_owned(), theme.heading()));
    let mut lines = vec![Line::from(head), Line::default()];
    lines.push(Line::from(Span::styled(
        clean(words.ask()).into_owned(),
        theme.dim(),
    )));
    lines.extend(paragraphs(text, theme.say()));
    lines.push(Line::default());
    // The answers around the highlight, at most AROUND either side: a frame lays out a bounded
    // amount however many answers a question has (`tread check` warns past nine).
    let (from, to) = around(cursor, choices.len());
    if from > 0 {
        lines.push(Line::from(Span::styled(
            format!("   … {from} answers above"),
            theme.dim(),
        )));
    }
    for (i, choice) in choices.iter().enumerate().take(to).skip(from) {
        let number = if i < 9 {
            format!("{}", i + 1)
        } else {
            " ".into()
        };
        let label = format!(" {number}  {} ", clean(&choice.label));
        lines.push(if i == cursor {
            Line::from(vec![Span::raw("▶"), Span::styled(label, theme.selected())])
        } else {
            Line::from(vec![Span::raw(" "), Span::raw(label)])
        });
    }
    if to < choices.len() {
        lines.push(Line::from(Span::styled(
            format!("   … {} answers below", choices.len() - to),
            theme.dim(),
        )));
    }
    lines
}

/// How many answers either side of the highlight a question shows.
const AROUND: usize = 50;

/// The answers shown: from, to (not including).
fn around(cursor: usize, count: usize) -> (usize, usize) {
    let from = cursor.saturating_sub(AROUND);
    (from, (cursor + AROUND + 1).min(count))
}

/// A checklist: what to say, then each item by its number and title, "none of these" as number
/// 0, and under the list the words to ask for the highlighted item (so the list stays still as
/// the highlight moves). Returns the lines and each row to click: its line, and the item's
/// number from 0 (the last, "none of these").
fn checklist(
    tree: &Tree,
    walk: &Walk,
    cursor: usize,
    theme: Theme,
) -> (Vec<Line<'static>>, Vec<(usize, usize)>) {
    let node = tree.node(walk.current());
    let Node::Checklist { title, text, .. } = node else {
        return (vec![], vec![]);
    };
    let items = tree.items(walk.current());
    let flags = items
        .iter()
        .any(|&i| matches!(tree.node(i), Node::Question { red_flag: true, .. }));
    let mut head = vec![];
    if flags {
        head.push(Span::styled("RED FLAGS ", theme.red_flag()));
    }
    head.push(Span::styled(clean(title).into_owned(), theme.heading()));
    let mut lines = vec![Line::from(head), Line::default()];
    // The labels run in with the words: the list must fit 80x24 whole.
    lines.extend(labelled(&format!("{} ", tree.words.say()), text, theme));
    lines.push(Line::from(Span::styled(
        "Ask each in turn; mark the first that applies (u: not sure).",
        theme.dim(),
    )));
    let mut answers = Vec::with_capacity(items.len() + 1);
    let row = |n: String, label: &str, on: bool| {
        let label = format!(" {n}  {label} ");
        if on {
            Line::from(vec![Span::raw("▶"), Span::styled(label, theme.selected())])
        } else {
            Line::from(vec![Span::raw(" "), Span::raw(label)])
        }
    };
    for (i, &item) in items.iter().enumerate() {
        answers.push((lines.len(), i));
        let title = clean(tree.node(item).title());
        lines.push(row(format!("{}", i + 1), &title, i == cursor));
    }
    answers.push((lines.len(), items.len()));
    lines.push(row("0".into(), "None of these", cursor >= items.len()));
    if let Some(Node::Question { text, .. }) = items.get(cursor).map(|&i| tree.node(i)) {
        lines.push(Line::default());
        lines.extend(labelled(&format!("Ask ({}): ", cursor + 1), text, theme));
    }
    (lines, answers)
}

/// A tree text's paragraphs, the first after a label in the dim style.
fn labelled(label: &str, text: &str, theme: Theme) -> Vec<Line<'static>> {
    let mut lines = paragraphs(text, theme.say());
    if let Some(first) = lines.first_mut() {
        first
            .spans
            .insert(0, Span::styled(clean(label).into_owned(), theme.dim()));
    }
    lines
}

fn info(node: &Node, words: &Words, theme: Theme) -> Vec<Line<'static>> {
    let Node::Info { title, text, .. } = node else {
        return vec![];
    };
    let mut lines = vec![Line::from(Span::styled(
        clean(title).into_owned(),
        theme.heading(),
    ))];
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        clean(words.say()).into_owned(),
        theme.dim(),
    )));
    lines.extend(paragraphs(text, theme.say()));
    lines.push(Line::default());
    lines.push(Line::from(vec![
        Span::raw("▶"),
        Span::styled(" Continue ", theme.selected()),
    ]));
    lines
}

/// The most items of one list an outcome shows (advice, when to call back, steps): a frame lays
/// out a bounded amount, however long a list a tree holds.
const ITEMS: usize = 100;

/// Up to [`ITEMS`] items of a list, bulleted or numbered, and a line saying how many more
/// there are.
fn items(
    lines: &mut Vec<Line<'static>>,
    list: &[Box<str>],
    numbered: bool,
    style: Style,
    theme: Theme,
) {
    for (n, item) in list.iter().enumerate().take(ITEMS) {
        let mark = if numbered {
            format!("{}.", n + 1)
        } else {
            "•".into()
        };
        lines.push(Line::from(Span::styled(
            format!("{mark} {}", clean(item)),
            style,
        )));
    }
    if list.len() > ITEMS {
        lines.push(Line::from(Span::styled(
            format!("… and {} more not shown", list.len() - ITEMS),
            theme.dim(),
        )));
    }
}

fn outcome(tree: &Tree, walk: &Walk, node: &Node, theme: Theme) -> Vec<Line<'static>> {
    let Node::Outcome {
        title,
        urgency,
        action,
        advice,
        safety_net,
        steps,
        ..
    } = node
    else {
        return vec![];
    };
    let scale = tree.scale();
    let words = &tree.words;
    let mut lines = vec![Line::from(vec![
        Span::styled(
            format!(" {} ", clean(scale.label(urgency))),
            theme.urgency(scale.colour(urgency)),
        ),
        Span::raw(" "),
        Span::styled(clean(title).into_owned(), theme.heading()),
    ])];
    // What is said to the caller, in the "say" style, apart from what the receptionist does.
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        clean(words.say()).into_owned(),
        theme.dim(),
    )));
    lines.extend(paragraphs(action, theme.say()));
    items(&mut lines, advice, false, theme.say(), theme);
    if !safety_net.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            clean(words.call_back()).into_owned(),
            theme.dim(),
        )));
        items(&mut lines, safety_net, false, theme.say(), theme);
    }
    if !steps.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            clean(words.you_do()).into_owned(),
            theme.heading(),
        )));
        items(&mut lines, steps, true, Style::default(), theme);
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Path taken", theme.heading())));
    let trail: Vec<_> = walk.trail(tree).collect();
    for (n, &(node, _)) in trail[..trail.len() - 1].iter().enumerate() {
        let node = tree.node(node);
        let answer = clean(&walk.how_left(tree, n)).into_owned();
        lines.push(Line::from(vec![
            Span::styled(format!("{:>2}. ", n + 1), theme.dim()),
            Span::raw(format!("{} — ", clean(node.title()))),
            Span::styled(answer, theme.say()),
        ]));
    }
    lines
}
