//! Drawing the app. Everything here only reads the app; nothing here changes it.

mod chrome;
mod intro;
mod node;
mod overlay;
mod why;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::app::{App, Overlay, Screen};

/// The smallest terminal the layout is drawn in.
pub const MIN_WIDTH: u16 = 60;
/// The smallest terminal the layout is drawn in.
pub const MIN_HEIGHT: u16 = 18;

/// Where each part of the screen goes.
struct Areas {
    top: Rect,
    /// One line when the app has a banner, else empty.
    banner: Rect,
    crumbs: Rect,
    body: Rect,
    /// The question, info step or outcome (inside its margin).
    main: Rect,
    /// The Why panel, when it shows.
    why: Option<Rect>,
    footer: Rect,
}

/// The wrapped text of the main area and of the Why panel, built once per frame and measured
/// by reference before it is drawn.
struct Texts {
    main: Paragraph<'static>,
    why: Paragraph<'static>,
}

impl Texts {
    fn of(app: &App) -> Texts {
        Texts {
            main: node::paragraph(app),
            why: why::paragraph(app),
        }
    }
}

/// Lays out the screen. When the Why panel sits below the main area, the main area takes the
/// lines `main` needs (but leaves the panel room) and the panel the rest.
fn layout(app: &App, area: Rect, main_text: &Paragraph) -> Areas {
    let [top, banner, crumbs, body, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(app.banner.is_some())),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let margin = Margin::new(1, 1);
    let (main, why) = if !app.why || app.screen == Screen::Intro {
        (body, None)
    } else if body.width >= super::app::WHY_OPEN_FROM_WIDTH {
        let [main, side] =
            Layout::horizontal([Constraint::Fill(3), Constraint::Fill(2)]).areas(body);
        (main, Some(side))
    } else {
        // The question and its answers come first: the panel below takes what is left, at
        // least its borders and one line.
        let needed = main_text.line_count(body.width.saturating_sub(2)) as u16 + 2;
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

/// How far the main area and the Why panel can scroll at this size.
pub fn max_scroll(app: &App, area: Rect) -> (u16, u16) {
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT || app.screen == Screen::Intro {
        return (0, 0);
    }
    let texts = Texts::of(app);
    scroll_limits(&texts, &layout(app, area, &texts.main))
}

/// How far the main area and the Why panel can scroll in these areas.
fn scroll_limits(texts: &Texts, areas: &Areas) -> (u16, u16) {
    let overflow = |lines: usize, height: u16| (lines as u16).saturating_sub(height);
    let main = overflow(texts.main.line_count(areas.main.width), areas.main.height);
    let why = areas.why.map_or(0, |w| {
        let inner = why::inner(w);
        overflow(texts.why.line_count(inner.width), inner.height)
    });
    (main, why)
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            too_small(area, buf);
            return;
        }
        let texts = Texts::of(self);
        let areas = layout(self, area, &texts.main);
        chrome::title_bar(self, areas.top, buf);
        chrome::banner(self, areas.banner, buf);
        chrome::breadcrumb(self, areas.crumbs, buf);
        match self.screen {
            Screen::Intro => intro::render(self, areas.body, buf),
            Screen::Walk => {
                let (main_max, why_max) = scroll_limits(&texts, &areas);
                node::render(self, texts.main, areas.main, main_max, buf);
                if let Some(side) = areas.why {
                    why::render(self, texts.why, side, why_max, buf);
                }
            }
        }
        chrome::footer(self, areas.footer, buf);
        match self.overlay {
            Some(Overlay::Help) => overlay::help(self, area, buf),
            Some(Overlay::ConfirmRestart) => overlay::confirm_restart(self, area, buf),
            Some(Overlay::ConfirmQuit) => overlay::confirm_quit(self, area, buf),
            None => {}
        }
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
