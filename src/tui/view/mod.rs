//! Drawing the app. Everything here only reads the app; nothing here changes it.

pub(crate) mod chrome;
mod intro;
mod map;
mod node;
mod overlay;
mod quiz;
mod terms;
mod why;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::{App, Limits, Overlay, Recording, Screen};
use crate::tree::{Node, NodeId, Tree};
use crate::walk::Action;
use crate::watch::Failed;

/// The smallest terminal the layout is drawn in.
pub const MIN_WIDTH: u16 = 60;
/// The smallest terminal the layout is drawn in.
pub const MIN_HEIGHT: u16 = 18;

/// Where each part of the screen goes.
struct Areas {
    top: Rect,
    /// One line when there is a banner, else empty.
    banner: Rect,
    crumbs: Rect,
    body: Rect,
    /// The question, info step or outcome (inside its margin).
    main: Rect,
    /// The Why panel, when it shows.
    why: Option<Rect>,
    footer: Rect,
}

/// Lays out the screen. When the Why panel sits below the main area, the main area takes the
/// lines `main` needs (but leaves the panel room) and the panel the rest.
fn layout(area: Rect, banner: bool, why: bool, main_text: &Paragraph) -> Areas {
    let [top, banner, crumbs, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(banner)),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let margin = Margin::new(1, 1);
    let (main, why) = if !why {
        (body, None)
    } else if body.width >= super::app::WHY_OPEN_FROM_WIDTH {
        let [main, side] =
            Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(body);
        (main, Some(side))
    } else {
        // The question and its answers come first: the panel below takes what is left, at
        // least its borders and one line.
        let needed = lines(main_text, body.width.saturating_sub(2)).saturating_add(2);
        let most = body.height.saturating_sub(3);
        let main_height = needed.min(most).max(body.height / 2);
        let [main, side] =
            Layout::vertical([Constraint::Length(main_height), Constraint::Fill(1)]).areas(body);
        (main, Some(side))
    };
    Areas {
        top,
        banner,
        crumbs,
        body,
        main: main.inner(margin),
        why,
        footer,
    }
}

/// How far a text can scroll in an area of this height.
fn overflow(text: &Paragraph, width: u16, height: u16) -> u16 {
    lines(text, width).saturating_sub(height)
}

/// How many lines a text takes at this width, as far as a `u16` counts.
fn lines(text: &Paragraph, width: u16) -> u16 {
    u16::try_from(text.line_count(width)).unwrap_or(u16::MAX)
}

/// Draws the app, and says how far its texts can scroll at this size: each part is drawn from
/// the data it shows (the tree, where the walk is, the highlight, the theme), never from the
/// app as a whole.
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) -> Option<Limits> {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(area, buf);
        // Nothing was measured: the scrolling stays as it was for when the terminal grows.
        return None;
    }
    let (theme, tree, walk) = (app.theme, &app.tree, &app.walk);
    // One banner line: a call not being saved matters most, then a watched file's edit that
    // did not check, then a notice (a resumed call).
    let not_saved = match &app.recording {
        Recording::NotSaved { why, kept } => Some(match kept {
            // Where the call is kept first: the reason is long and may be cut.
            Some(path) => format!(
                "THIS CALL IS NOT BEING SAVED; it is kept in {} ({why})",
                path.display()
            ),
            None => format!("THIS CALL IS NOT BEING SAVED: {why}"),
        }),
        _ => None,
    };
    let banner = not_saved
        .or_else(|| {
            app.banner.as_ref().map(|(name, why)| match why {
                Failed::Unreadable(e) => format!("{e} (showing the last version that checked)"),
                Failed::Problems { .. } => {
                    format!("{name}:{why} (showing the last version that checked)")
                }
            })
        })
        .or_else(|| app.notice.clone());
    let recording = match &app.recording {
        Recording::Off(_) if app.quiz.is_some() => "quiz: not a call",
        Recording::Off(_) => "not recorded",
        Recording::Starting | Recording::On => "● REC",
        Recording::NotSaved { .. } => "NOT SAVED",
    };
    // Calls kept at this seat while the shared server is away.
    let recording = match &app.sending {
        Some(words) => format!("{recording} · {words}"),
        None => recording.to_string(),
    };
    let recording = recording.as_str();
    let mut limits = Limits::default();
    let (areas, hints) = match app.screen {
        Screen::Intro => {
            let areas = layout(area, banner.is_some(), false, &Paragraph::default());
            chrome::title_bar(
                (&tree.title, tree.words.banner()),
                "Start",
                recording,
                theme,
                areas.top,
                buf,
            );
            intro::render(tree, app.today, theme, areas.body, buf);
            (areas, chrome::hints(None))
        }
        Screen::Walk(place) => {
            let node = app.node();
            let text = node::Main::new(tree, walk, place.cursor, theme);
            let main = text.paragraph();
            let areas = layout(area, banner.is_some(), app.why, &main);
            let step = if walk.is_finished(tree) {
                "Outcome".to_string()
            } else {
                // Where the walk is, and the last step number it can come to before an outcome:
                // this one and each on the longest way from here but the outcome.
                let ahead = app
                    .longest
                    .get(walk.current().index())
                    .copied()
                    .unwrap_or(1);
                let most = walk.steps().len() + ahead.saturating_sub(1);
                format!("Step {} of at most {most}", walk.steps().len())
            };
            chrome::title_bar(
                (&tree.title, tree.words.banner()),
                &step,
                recording,
                theme,
                areas.top,
                buf,
            );
            chrome::breadcrumb(tree, walk, theme, areas.crumbs, buf);
            limits.main = overflow(&main, areas.main.width, areas.main.height);
            let (scroll, answers) = text.place(areas.main, place.scroll, limits.main);
            limits.answers = answers;
            node::render(main, scroll, limits.main, theme, areas.main, buf);
            limits.why_area = areas.why;
            if let Some(side) = areas.why {
                // At a checklist, the highlighted item's reasoning.
                let items = tree.items(walk.current());
                let shown = items.get(place.cursor).map_or(node, |&i| tree.node(i));
                let text = why::paragraph(tree, shown, theme);
                let inner = why::inner(side);
                limits.why = overflow(&text, inner.width, inner.height);
                why::render(text, place.why_scroll, limits.why, theme, side, buf);
            }
            (areas, chrome::hints(Some(node)))
        }
    };
    if let Some(text) = &banner {
        chrome::banner(text, theme, areas.banner, buf);
    }
    // While a note is open, its keys; else the walk's, with how many notes this step has.
    let hints = if app.note.is_some() {
        chrome::note_hints()
    } else if app.search.is_some() {
        chrome::search_hints()
    } else if let Some(over) = app.overlay.filter(|o| {
        matches!(
            o,
            Overlay::QuizStory { .. }
                | Overlay::QuizWrong { .. }
                | Overlay::QuizCase { .. }
                | Overlay::QuizEnd { .. }
        )
    }) {
        chrome::quiz_box_hints(over)
    } else if app.quiz.is_some() {
        chrome::quiz_hints(hints, walk.is_finished(tree))
    } else {
        let here = app.record.notes_at(tree.id(walk.current()));
        hints
            .into_iter()
            .map(|(k, w, r)| match (w, here) {
                ("note", 1) => (k, "note (1 kept here)", r),
                ("note", n) if n > 1 => (k, "note (more kept here)", r),
                (w, _) => (k, w, r),
            })
            .collect()
    };
    chrome::footer(app.flash.as_deref(), hints, theme, areas.footer, buf);
    if let Some(summary) = &app.summary {
        overlay::summary(&summary.text, summary.scroll, theme, area, buf);
    }
    if let Some(search) = &app.search {
        overlay::search(tree, search, theme, area, buf);
    }
    if let Some(map) = &app.map {
        // Between the title bar and the footer, so the safety words stay in view.
        let body = Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(2),
            ..area
        };
        limits.map_rows = map::render(tree, walk, map, theme, body, buf);
    }
    if let Some(note) = &app.note {
        let at = app.node().title();
        let kept = app.record.notes_at(tree.id(walk.current()));
        overlay::note(note, at, kept, theme, area, buf);
    }
    match app.overlay {
        Some(Overlay::Help { scroll }) => {
            limits.help = overlay::help(scroll, app.quiz.is_some(), theme, area, buf);
        }
        Some(Overlay::QuizStory { scroll, again }) => {
            if let Some(q) = &app.quiz
                && let Some(task) = q.task()
            {
                // Before the first case, what the tree is for, as a walk's first screen says.
                let about = (q.at == 0 && !again).then_some(&*tree.disclaimer);
                limits.quiz = quiz::story(
                    (q.at, q.tasks.len()),
                    (&task.title, &task.story),
                    about,
                    again,
                    scroll,
                    theme,
                    area,
                    buf,
                );
            }
        }
        Some(Overlay::QuizWrong {
            node,
            given,
            expected,
            scroll,
        }) => {
            let why = tree.node(why_of(tree, node, given, expected));
            limits.quiz = quiz::wrong(
                tree.node(node).title(),
                (&app.said(node, given), &app.said(node, expected)),
                why.why().unwrap_or("No reasoning is given for this step."),
                scroll,
                theme,
                area,
                buf,
            );
        }
        Some(Overlay::QuizCase { scroll }) => {
            if let Some(q) = &app.quiz
                && let Some(done) = q.done.last()
            {
                let task = &q.tasks[done.task];
                let mistakes: Vec<_> = done
                    .mistakes
                    .iter()
                    .map(|m| shown(app, &task.title, m))
                    .collect();
                let named = |n| match tree.node(n) {
                    Node::Outcome { title, urgency, .. } => (&**title, tree.scale().label(urgency)),
                    other => (other.title(), ""),
                };
                limits.quiz = quiz::case(
                    &task.title,
                    done,
                    (named(done.reached), named(task.outcome)),
                    &mistakes,
                    q.done.len() == q.tasks.len(),
                    scroll,
                    theme,
                    area,
                    buf,
                );
            }
        }
        Some(Overlay::QuizEnd { scroll }) => {
            if let Some(q) = &app.quiz {
                let mistakes: Vec<_> = q
                    .done
                    .iter()
                    .flat_map(|d| {
                        d.mistakes
                            .iter()
                            .map(|m| shown(app, &q.tasks[d.task].title, m))
                    })
                    .collect();
                limits.quiz = quiz::end(
                    q.mode.name(),
                    q.score(),
                    &mistakes,
                    q.retry().is_some(),
                    scroll,
                    theme,
                    area,
                    buf,
                );
            }
        }
        Some(Overlay::Glossary { scroll }) => {
            // The terms of what is on screen: the step, and a list's signs.
            let here = walk.current();
            let shown: Vec<_> = std::iter::once(here).chain(tree.items(here)).collect();
            limits.glossary = overlay::glossary(tree, &shown, scroll, theme, area, buf);
        }
        Some(Overlay::ConfirmRestart) => overlay::confirm_restart(theme, area, buf),
        Some(Overlay::ConfirmQuit) => overlay::confirm_quit(theme, area, buf),
        Some(Overlay::Path { cursor }) => overlay::path(tree, walk, cursor, theme, area, buf),
        Some(Overlay::RedFlags { cursor }) => {
            let ahead = app.ahead();
            let flags: Vec<_> = app
                .shown_flags()
                .into_iter()
                .map(|f| (f, app.answered(f), ahead[f.index()]))
                .collect();
            overlay::red_flags(tree, &flags, &app.flag_query, cursor, theme, area, buf);
        }
        None => {}
    }
    Some(limits)
}

/// Drawing an app as a widget: [`draw`], with what it measured left unread.
impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        draw(self, area, buf);
    }
}

fn too_small(area: Rect, buf: &mut Buffer) {
    let lines = vec![
        Line::from(format!(
            "tread needs a terminal of at least {MIN_WIDTH}×{MIN_HEIGHT}."
        )),
        Line::from(format!(
            "This one is {}×{}: please make it larger.",
            area.width, area.height
        )),
    ];
    let top = area.height.saturating_sub(2) / 2;
    let area = Rect {
        y: area.y + top,
        height: area.height - top,
        ..area
    };
    Paragraph::new(lines)
        .centered()
        .wrap(Wrap { trim: true })
        .render(area, buf);
}

/// The step whose why explains a quiz's mistake: at a list, the sign the case (or else the
/// student) took; elsewhere the step itself.
fn why_of(tree: &Tree, node: NodeId, given: Action, expected: Action) -> NodeId {
    let item = |a: Action| match a {
        Action::Mark(k) | Action::Unsure(k) => tree.items(node).get(k).copied(),
        _ => None,
    };
    item(expected).or_else(|| item(given)).unwrap_or(node)
}

/// A quiz's mistake as the quiz shows it.
fn shown(app: &App, case: &str, m: &crate::learn::Mistake) -> quiz::Shown {
    let tree = &app.tree;
    quiz::Shown {
        case: case.to_string(),
        step: tree.node(m.node).title().to_string(),
        given: app.said(m.node, m.given),
        expected: app.said(m.node, m.expected),
        why: tree
            .node(why_of(tree, m.node, m.given, m.expected))
            .why()
            .unwrap_or("")
            .to_string(),
        kind: m.kind,
    }
}

/// `text` cut at spaces into lines of at most `width` columns (a word longer than that stands
/// alone on its line).
pub(super) fn hang(text: &str, width: usize) -> Vec<String> {
    let w = |s: &str| ratatui::text::Span::raw(s).width();
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let line = lines.last_mut().expect("one line at least");
        if line.is_empty() {
            line.push_str(word);
        } else if w(line) + 1 + w(word) <= width {
            line.push(' ');
            line.push_str(word);
        } else {
            lines.push(word.to_string());
        }
    }
    lines
}
