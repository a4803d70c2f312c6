//! The app's state and how a command changes it. Drawing lives in `view`, and only reads.

use crate::tree::{Node, Tree};
use crate::walk::{Action, Walk};
use crate::watch::{Failed, Reload};

use ratatui::layout::Rect;

use super::keys::Command;
use super::theme::Theme;
use super::view;

/// Terminals this wide or wider open the Why panel at the start.
pub const WHY_OPEN_FROM_WIDTH: u16 = 100;

/// Which screen is showing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The title and disclaimer, before the walk starts.
    Intro,
    /// The walk itself: a question, an info step or an outcome.
    Walk,
}

/// What is drawn over the screen, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// Every key and what it does.
    Help,
    /// "Restart and clear the answers?"
    ConfirmRestart,
    /// "Quit in the middle of a walk?"
    ConfirmQuit,
}

/// Everything the terminal face knows.
pub struct App {
    /// The tree being walked.
    pub tree: Tree,
    /// Where the walk is.
    pub walk: Walk,
    /// The screen showing.
    pub screen: Screen,
    /// What is drawn over it.
    pub overlay: Option<Overlay>,
    /// The highlighted choice of the current question.
    pub cursor: usize,
    /// How far the current screen is scrolled, in lines.
    pub scroll: u16,
    /// How far the Why panel is scrolled, in lines.
    pub why_scroll: u16,
    /// The size of the terminal, for how far things can scroll.
    pub size: Rect,
    /// Whether the Why panel shows.
    pub why: bool,
    /// A short message about the last key, shown in the footer until the next one.
    pub flash: Option<String>,
    /// A message that stays until it no longer holds: the watched file, and why its last edit
    /// was not taken.
    pub banner: Option<(String, Failed)>,
    /// Colours or plain emphasis.
    pub theme: Theme,
    /// Set when the person asked to leave.
    pub quit: bool,
    /// Today's date, for a review that has fallen due.
    pub today: time::Date,
}

impl App {
    /// A new app on the intro screen. The Why panel starts open on wide terminals.
    pub fn new(tree: Tree, walk: Walk, (width, height): (u16, u16), theme: Theme) -> App {
        App {
            tree,
            walk,
            screen: Screen::Intro,
            overlay: None,
            cursor: 0,
            scroll: 0,
            why_scroll: 0,
            size: Rect::new(0, 0, width, height),
            why: width >= WHY_OPEN_FROM_WIDTH,
            flash: None,
            banner: None,
            theme,
            quit: false,
            today: crate::tree::date::today(),
        }
    }

    /// The node the walk is at.
    pub fn node(&self) -> &Node {
        self.tree.node(self.walk.current())
    }

    /// The terminal changed size; scrolling stays within the new limits.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.clamp_scroll();
    }

    fn clamp_scroll(&mut self) {
        let (main, why) = view::max_scroll(self, self.size);
        self.scroll = self.scroll.min(main);
        self.why_scroll = self.why_scroll.min(why);
    }

    /// A new version of the watched file: walk it from the same place, or keep the last good
    /// version and say why.
    pub fn reload(&mut self, reload: Reload, name: &str) {
        match reload {
            Reload::Tree(tree) => {
                let at = self.tree.id(self.walk.current()).to_string();
                self.walk = self.walk.rebase(&self.tree, &tree);
                self.tree = *tree;
                self.banner = None;
                self.flash = Some(format!("reloaded {name}"));
                if self.tree.id(self.walk.current()) != at {
                    self.cursor = self.walk.recalled(self.walk.current()).unwrap_or(0);
                }
                if let Node::Question { choices, .. } = self.node() {
                    self.cursor = self.cursor.min(choices.len().saturating_sub(1));
                }
                self.clamp_scroll();
            }
            Reload::Failed(why) => {
                self.banner = Some((name.to_string(), why));
            }
        }
    }

    /// Applies one command. An open overlay takes the key first: `Esc` closes the innermost
    /// layer (an overlay, then the Why panel), and only then quits from the walk itself.
    /// Ctrl-C quits at once from anywhere.
    pub fn update(&mut self, command: Command) {
        self.flash = None;
        if command == Command::Interrupt {
            self.quit = true;
            return;
        }
        if let Some(overlay) = self.overlay.take() {
            // Any key closes the help; a question is confirmed only by `y` (or, for quitting,
            // by `q` a second time), and anything else keeps going.
            match (overlay, command) {
                (Overlay::ConfirmRestart, Command::Yes) => self.act(Action::Restart),
                (Overlay::ConfirmQuit, Command::Yes | Command::Quit) => self.quit = true,
                _ => {}
            }
            return;
        }
        match command {
            Command::Help => self.overlay = Some(Overlay::Help),
            Command::ToggleWhy => {
                self.why = !self.why;
                self.clamp_scroll();
            }
            Command::WhyUp => self.why_scroll = self.why_scroll.saturating_sub(5),
            Command::WhyDown => {
                self.why_scroll = self.why_scroll.saturating_add(5);
                self.clamp_scroll();
            }
            // `Esc` closes the Why panel before it asks to quit.
            Command::Cancel if self.why && self.screen == Screen::Walk => {
                self.why = false;
                self.clamp_scroll();
            }
            Command::Cancel | Command::Quit => {
                if self.mid_walk() {
                    self.overlay = Some(Overlay::ConfirmQuit);
                } else {
                    self.quit = true;
                }
            }
            Command::Restart => {
                if self.mid_walk() {
                    self.overlay = Some(Overlay::ConfirmRestart);
                } else {
                    self.act(Action::Restart);
                    self.screen = Screen::Walk;
                }
            }
            _ if self.screen == Screen::Intro => {
                if command == Command::Select {
                    self.screen = Screen::Walk;
                }
            }
            Command::Back => {
                if self.walk.is_underway() {
                    self.act(Action::Back);
                } else {
                    self.screen = Screen::Intro;
                }
            }
            Command::Up => self.step_cursor(-1),
            Command::Down => self.step_cursor(1),
            Command::Select => match self.node() {
                Node::Question { .. } => self.act(Action::Choose(self.cursor)),
                Node::Info { .. } => self.act(Action::Continue),
                Node::Outcome { .. } => {}
            },
            Command::Choose(i) => match self.node() {
                Node::Question { .. } => self.act(Action::Choose(i)),
                Node::Info { .. } if i == 0 => self.act(Action::Continue),
                _ => self.flash = Some(format!("there is no choice {} here", i + 1)),
            },
            Command::Interrupt | Command::Suspend | Command::Yes | Command::No => {}
        }
    }

    /// `true` when leaving now would lose answers: past the first question, before an outcome.
    pub fn mid_walk(&self) -> bool {
        self.screen == Screen::Walk && self.walk.is_underway() && !self.walk.is_finished(&self.tree)
    }

    /// Moves the highlight on a question, or scrolls any other screen.
    fn step_cursor(&mut self, by: isize) {
        match self.node() {
            Node::Question { choices, .. } => {
                let last = choices.len().saturating_sub(1);
                self.cursor = self.cursor.saturating_add_signed(by).min(last);
            }
            _ => {
                self.scroll = self.scroll.saturating_add_signed(by as i16);
                self.clamp_scroll();
            }
        }
    }

    /// Applies a walk action; a refusal becomes a message in the footer.
    fn act(&mut self, action: Action) {
        match self.walk.apply(&self.tree, action) {
            Ok(()) => {
                self.cursor = self.walk.recalled(self.walk.current()).unwrap_or(0);
                self.scroll = 0;
                self.why_scroll = 0;
            }
            Err(refusal) => self.flash = Some(refusal.to_string()),
        }
    }
}
