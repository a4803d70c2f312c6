//! The app's state and how a command changes it. Drawing lives in `view`, only reads, and
//! hands back what it measured ([`Limits`]) for `update` to read.

use crate::record::writer::Status;
use crate::record::{Ending, Recorder, Seat, Setting, TreeStamp, summary};
use crate::tree::{Node, NodeId, Tree};
use crate::walk::{Action, Walk};
use crate::watch::{Failed, Reload};

use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use super::keys::Command;
use super::theme::Theme;

/// Terminals this wide or wider open the Why panel at the start.
pub const WHY_OPEN_FROM_WIDTH: u16 = 100;

/// Which screen is showing, with the state that belongs to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    /// The title and disclaimer, before the walk starts.
    Intro,
    /// The walk itself: a question, an info step or an outcome.
    Walk(Place),
}

/// Where a person is looking on the walk screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Place {
    /// The highlighted choice of the current question.
    pub cursor: usize,
    /// How far the main area is scrolled, in lines.
    pub scroll: u16,
    /// How far the Why panel is scrolled, in lines.
    pub why_scroll: u16,
}

/// How far the last frame could scroll, and where it drew what a click can take, as the view
/// measured it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    /// Lines the main area can scroll.
    pub main: u16,
    /// Lines the Why panel can scroll.
    pub why: u16,
    /// Lines the help can scroll.
    pub help: u16,
    /// Lines the glossary can scroll.
    pub glossary: u16,
    /// Lines the quiz's box on screen can scroll.
    pub quiz: u16,
    /// Rows of the map shown at once.
    pub map_rows: u16,
    /// Where the Why panel is, if it shows.
    pub why_area: Option<Rect>,
    /// The rows of each answer shown (a step read out: its Continue), by answer number.
    pub answers: Vec<(Rect, usize)>,
}

/// Said at a quiz case's outcome, which stays on screen to be read.
const OUTCOME_IN_QUIZ: &str =
    "the outcome reached: read what to say and do, then Enter: how the case went";

/// What is drawn over the screen, if anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    /// Every key and what it does, scrolled this far (on a short terminal).
    Help { scroll: u16 },
    /// The glossary: the terms on this screen (or every term), scrolled this far.
    Glossary { scroll: u16 },
    /// A quiz: the case's story, before it is walked or `again` (with `t`), scrolled this far.
    QuizStory { scroll: u16, again: bool },
    /// A quiz in practice: an answer that was not the case's, the case's, and the step's why.
    QuizWrong {
        node: NodeId,
        given: Action,
        expected: Action,
        scroll: u16,
    },
    /// A quiz: how the case just ended went, scrolled this far.
    QuizCase { scroll: u16 },
    /// A quiz: the score, and every mistake beside the right answer, scrolled this far.
    QuizEnd { scroll: u16 },
    /// "Restart and clear the answers?"
    ConfirmRestart,
    /// "Quit in the middle of a walk?"
    ConfirmQuit,
    /// The path taken, as a list to go back to any step of, with this one highlighted.
    Path { cursor: usize },
    /// The tree's warning signs, to go to the one the caller names.
    RedFlags { cursor: usize },
}

/// Warning signs that lead to 999 and were not yet asked, asked before a move that would pass
/// them by: to a warning sign chosen from the list, or to a step found by search.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pending {
    /// The 999 questions still to ask, in the tree's order.
    pub ask: Vec<NodeId>,
    /// Where to go once they are all answered "no".
    pub then: Option<Then>,
}

/// Where a move waiting for 999 questions goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Then {
    /// The warning sign the caller named: answered "yes" for them.
    Named(NodeId),
    /// A step found by search, or chosen on the map: how it was found.
    Go(NodeId, &'static str),
}

/// Whether this walk is recorded, as the title bar says it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recording {
    /// Not recorded, and why (`--no-record`, `--watch`).
    Off(&'static str),
    /// Opening the store.
    Starting,
    /// Each step is saved as it happens.
    On,
    /// The store cannot be used: why, and the file the call is kept in instead.
    NotSaved {
        why: String,
        kept: Option<std::path::PathBuf>,
    },
}

impl From<Status> for Recording {
    fn from(status: Status) -> Recording {
        match status {
            Status::Saving => Recording::On,
            Status::NotSaved { why, kept } => Recording::NotSaved { why, kept },
        }
    }
}

/// Something only the event loop can do (it owns the terminal and the files).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Save this summary of call `.0` to a file.
    Save(String, String),
}

/// The search box: what is typed, what it found, the highlighted result, and whether that
/// result is shown in full before going there.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchBox {
    pub query: String,
    pub hits: Vec<crate::search::Hit>,
    pub cursor: usize,
    pub preview: bool,
}

/// How many results the search box lists.
const RESULTS: usize = 50;

/// The call summary drawn over the screen, and how far it is scrolled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub text: String,
    pub scroll: u16,
}

/// Everything the terminal face knows.
pub struct App {
    /// The tree being walked.
    pub tree: Tree,
    /// For each node, the most steps from it to an outcome: the title bar says how many more
    /// a call can take at most.
    pub longest: Vec<usize>,
    /// Where the walk is.
    pub walk: Walk,
    /// The screen showing.
    pub screen: Screen,
    /// What is drawn over it.
    pub overlay: Option<Overlay>,
    /// The size of the terminal when the app began (it sets whether the Why panel opens).
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
    /// Set when the person left with Ctrl-C: tread ends, even from a walk chosen in a library.
    pub interrupted: bool,
    /// Today's date, for a review that has fallen due.
    pub today: time::Date,
    /// How far the last frame could scroll.
    pub limits: Limits,
    /// The record of the call being taken (kept in memory even when it is not stored).
    pub record: Recorder,
    /// Whether it is being stored.
    pub recording: Recording,
    /// How sending calls to the shared server goes, when it is not all sent
    /// (`offline: 2 calls waiting`).
    pub sending: Option<String>,
    /// The note being typed, if one is open.
    pub note: Option<TextArea<'static>>,
    /// The call summary, if it shows.
    pub summary: Option<Summary>,
    /// What the event loop is asked to do, in order.
    pub requests: Vec<Request>,
    /// A message for the banner that stays until the walk ends (a resumed call).
    pub notice: Option<String>,
    /// The search box, if it is open.
    pub search: Option<SearchBox>,
    /// The map of the whole tree, if it is open.
    pub map: Option<MapView>,
    /// A quiz of the tree's cases, when this walk is one (never recorded as a call).
    pub quiz: Option<crate::learn::Quiz>,
    /// The rounds of the quiz before this one (each retry of the cases missed is a round).
    pub rounds: Vec<crate::learn::Quiz>,
    /// When the quiz began.
    pub quiz_began: std::time::Instant,
    /// 999 questions to ask before a jump to a warning sign chosen from the list.
    pub pending: Pending,
    /// `u` was pressed at a checklist: the next number (or Enter) marks that item "not sure".
    pub unsure: bool,
    /// What is typed to find a sign in the warning-sign list, while it is open.
    pub flag_query: String,
    /// A sign on another branch chosen once from the list: Enter again takes it.
    flag_confirm: Option<NodeId>,
    /// The tree's texts, ready to search (read at the first search).
    index: Option<crate::search::Index>,
}

impl App {
    /// A new app on the intro screen. The Why panel starts open on wide terminals.
    pub fn new(tree: Tree, walk: Walk, (width, height): (u16, u16), theme: Theme) -> App {
        let seat = Seat {
            seat: String::new(),
            person: String::new(),
        };
        let setting = Setting::new(seat, &tree, TreeStamp::of(&tree, "", b""));
        let record = Recorder::new(setting, time::OffsetDateTime::now_utc, 0);
        App {
            record,
            recording: Recording::Off("not recorded"),
            sending: None,
            note: None,
            summary: None,
            requests: Vec::new(),
            notice: None,
            search: None,
            map: None,
            quiz: None,
            rounds: Vec::new(),
            quiz_began: std::time::Instant::now(),
            index: None,
            pending: Pending::default(),
            unsure: false,
            flag_query: String::new(),
            flag_confirm: None,
            longest: longest(&tree),
            tree,
            walk,
            screen: Screen::Intro,
            overlay: None,
            size: Rect::new(0, 0, width, height),
            why: width >= WHY_OPEN_FROM_WIDTH,
            flash: None,
            banner: None,
            theme,
            quit: false,
            interrupted: false,
            today: crate::tree::date::today(),
            limits: Limits::default(),
        }
    }

    /// The node the walk is at.
    pub fn node(&self) -> &Node {
        self.tree.node(self.walk.current())
    }

    /// Where the walk screen is looking (nowhere on the intro).
    pub fn place(&self) -> Place {
        match self.screen {
            Screen::Walk(place) => place,
            Screen::Intro => Place::default(),
        }
    }

    /// The highlighted choice.
    pub fn cursor(&self) -> usize {
        self.place().cursor
    }

    /// How far the main area is scrolled.
    pub fn scroll(&self) -> u16 {
        self.place().scroll
    }

    /// What the last frame measured; scrolling stays within it.
    pub fn measured(&mut self, limits: Limits) {
        if let Screen::Walk(place) = &mut self.screen {
            place.scroll = place.scroll.min(limits.main);
            place.why_scroll = place.why_scroll.min(limits.why);
        }
        self.limits = limits;
    }

    /// A new version of the watched file: walk it from the same place, or keep the last good
    /// version and say why.
    pub fn reload(&mut self, reload: Reload, name: &str) {
        match reload {
            Reload::Tree(tree) => {
                let at = self.tree.id(self.walk.current()).to_string();
                self.walk = self.walk.rebase(&self.tree, &tree);
                self.tree = *tree;
                self.longest = longest(&self.tree);
                // What was read from the old tree (its texts for search, the results, a move
                // waiting on 999 questions) names its nodes by position: it goes with it.
                self.index = None;
                self.search = None;
                self.pending = Pending::default();
                if matches!(
                    self.overlay,
                    Some(Overlay::Path { .. } | Overlay::RedFlags { .. })
                ) {
                    self.overlay = None;
                }
                self.banner = None;
                self.flash = Some(format!("reloaded {name}"));
                let moved = self.tree.id(self.walk.current()) != at;
                let recalled = self.walk.recalled(self.walk.current()).unwrap_or(0);
                let choices = match self.node() {
                    Node::Question { choices, .. } => choices.len(),
                    _ => 1,
                };
                if let Screen::Walk(place) = &mut self.screen {
                    if moved {
                        // Another node: a fresh look at it, as after any step.
                        *place = Place {
                            cursor: recalled,
                            ..Place::default()
                        };
                    }
                    place.cursor = place.cursor.min(choices.saturating_sub(1));
                }
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
            self.interrupted = true;
            return;
        }
        if self.note.is_some() {
            // Only these reach a command while a note is open (see `keys::typing`).
            if command == Command::CloseNote {
                self.close_note();
            }
            return;
        }
        if self.map.is_some() {
            self.map_key(command);
            return;
        }
        if let Some(search) = &mut self.search {
            // `Esc` (which `keys::typing` gives as CloseNote) goes back from a preview to the
            // results, and from the results closes the box.
            if command == Command::CloseNote {
                if search.preview {
                    search.preview = false;
                } else {
                    self.search = None;
                }
            }
            return;
        }
        if let Some(overlay) = self.overlay.take() {
            if self.quiz_key(overlay, command) {
                return;
            }
            // Any key closes the help; a question is confirmed only by `y` (or, for quitting,
            // by `q` a second time), and anything else (`n` too) keeps going.
            match (overlay, command) {
                (Overlay::ConfirmRestart, Command::Yes) => self.act(Action::Restart),
                (Overlay::ConfirmQuit, Command::Yes | Command::Quit) => self.leave(),
                (Overlay::Help { scroll }, Command::Up) => {
                    self.overlay = Some(Overlay::Help {
                        scroll: scroll.saturating_sub(1),
                    });
                }
                (Overlay::Help { scroll }, Command::Down) => {
                    self.overlay = Some(Overlay::Help {
                        scroll: (scroll + 1).min(self.limits.help),
                    });
                }
                (Overlay::Glossary { scroll }, Command::Up) => {
                    self.overlay = Some(Overlay::Glossary {
                        scroll: scroll.saturating_sub(1),
                    });
                }
                (Overlay::Glossary { scroll }, Command::Down) => {
                    self.overlay = Some(Overlay::Glossary {
                        scroll: (scroll + 1).min(self.limits.glossary),
                    });
                }
                (Overlay::Path { cursor }, Command::Up) => {
                    self.overlay = Some(Overlay::Path {
                        cursor: cursor.saturating_sub(1),
                    });
                }
                (Overlay::Path { cursor }, Command::Down) => {
                    let last = self.walk.steps().len().saturating_sub(2);
                    self.overlay = Some(Overlay::Path {
                        cursor: (cursor + 1).min(last),
                    });
                }
                (Overlay::Path { cursor }, Command::Select) => self.back_to(cursor),
                _ => {}
            }
            return;
        }
        if let Some(summary) = &mut self.summary {
            match command {
                Command::Up => summary.scroll = summary.scroll.saturating_sub(1),
                Command::Down => summary.scroll = summary.scroll.saturating_add(1),
                // PgUp and PgDn scroll it a page at a time, as they scroll the Why panel.
                Command::WhyUp => summary.scroll = summary.scroll.saturating_sub(10),
                Command::WhyDown => summary.scroll = summary.scroll.saturating_add(10),
                Command::Save => self.save_summary(),
                _ => self.summary = None,
            }
            return;
        }
        let limits = self.limits.clone();
        if std::mem::take(&mut self.unsure) {
            let items = self.tree.items(self.walk.current()).len();
            match command {
                Command::Choose(i) => self.act(Action::Unsure(i)),
                Command::Select if self.cursor() < items => {
                    self.act(Action::Unsure(self.cursor()));
                }
                _ => self.flash = Some("not marked: u, then the item's number".into()),
            }
            return;
        }
        let checklist =
            matches!(self.node(), Node::Checklist { .. }) && matches!(self.screen, Screen::Walk(_));
        match (command, &mut self.screen) {
            (command, _) if self.quiz.is_some() && !command.in_quiz() => {
                self.flash = Some("not available in a quiz: answer as the caller would".into());
            }
            (Command::Select, _) if self.quiz.is_some() && self.walk.is_finished(&self.tree) => {
                self.overlay = Some(Overlay::QuizCase { scroll: 0 });
            }
            (Command::Choose(i), _) if checklist => self.act(Action::Mark(i)),
            (Command::NoneApply, _) if checklist => self.act(Action::NoneApply),
            (Command::OneAtATime, _) if checklist => self.act(Action::Continue),
            (Command::Unsure, _) if checklist => {
                self.unsure = true;
                self.flash = Some(
                    "not sure about which? Press its number (Enter: the highlighted one)".into(),
                );
            }
            (Command::NoneApply | Command::Unsure | Command::OneAtATime, _) => {
                self.flash = Some("that key is for a checklist".into());
            }
            (Command::Story, _) if self.quiz.is_some() => {
                self.overlay = Some(Overlay::QuizStory {
                    scroll: 0,
                    again: true,
                });
            }
            (Command::Story, _) => self.flash = Some("that key is for a quiz".into()),
            (Command::Help, _) => self.overlay = Some(Overlay::Help { scroll: 0 }),
            (Command::ToggleWhy, _) => self.why = !self.why,
            (Command::WhyUp, Screen::Walk(place)) => {
                place.why_scroll = place.why_scroll.saturating_sub(5);
            }
            (Command::WhyDown, Screen::Walk(place)) => {
                place.why_scroll = place.why_scroll.saturating_add(5).min(limits.why);
            }
            // `Esc` closes the Why panel before it asks to quit.
            (Command::Cancel, Screen::Walk(_)) if self.why => self.why = false,
            (Command::Cancel | Command::Quit, _) => {
                if self.mid_walk() {
                    self.overlay = Some(Overlay::ConfirmQuit);
                } else {
                    self.leave();
                }
            }
            (Command::Restart, _) => {
                if self.mid_walk() {
                    self.overlay = Some(Overlay::ConfirmRestart);
                } else {
                    self.act(Action::Restart);
                }
            }
            (Command::Select, Screen::Intro) => self.screen = Screen::Walk(self.here()),
            (Command::Path, Screen::Walk(_)) => {
                if self.walk.is_underway() {
                    // The newest answer first in view: the list opens at the step before this.
                    let cursor = self.walk.steps().len() - 2;
                    self.overlay = Some(Overlay::Path { cursor });
                } else {
                    self.flash = Some("no answers yet: this is the first step".into());
                }
            }
            (Command::Note, _) => self.open_note(),
            (Command::Map, Screen::Walk(_)) => {
                let rows = crate::map::outline(&self.tree);
                let here = self.walk.current();
                let cursor = rows
                    .iter()
                    .position(|r| matches!(r, crate::map::Row::Node { node, .. } if *node == here))
                    .unwrap_or(0);
                self.map = Some(MapView {
                    rows,
                    cursor,
                    top: cursor.saturating_sub(5),
                    why: false,
                });
            }
            (Command::Glossary, Screen::Walk(_)) => {
                if self.tree.glossary.is_empty() {
                    self.flash = Some("this tree has no glossary".into());
                } else {
                    self.overlay = Some(Overlay::Glossary { scroll: 0 });
                }
            }
            (Command::RedFlags, Screen::Walk(_)) => {
                if self.red_flags().is_empty() {
                    self.flash = Some("this tree has no warning signs".into());
                } else {
                    // The highlight starts on the next sign this caller would be asked.
                    self.flag_query.clear();
                    let ahead = self.ahead();
                    let cursor = self
                        .shown_flags()
                        .iter()
                        .position(|&f| ahead[f.index()] && !self.answered(f))
                        .unwrap_or(0);
                    self.overlay = Some(Overlay::RedFlags { cursor });
                }
            }
            (Command::Click { x, y }, Screen::Walk(_)) => {
                let at = ratatui::layout::Position { x, y };
                let hit = limits
                    .answers
                    .iter()
                    .find(|(r, _)| r.contains(at))
                    .map(|&(_, i)| i);
                let items = self.tree.items(self.walk.current()).len();
                match (hit, self.node()) {
                    (Some(i), Node::Question { .. }) => self.act(Action::Choose(i)),
                    (Some(i), Node::Checklist { .. }) if i < items => self.act(Action::Mark(i)),
                    (Some(_), Node::Checklist { .. }) => self.act(Action::NoneApply),
                    (Some(_), Node::Info { .. }) => self.act(Action::Continue),
                    _ => {}
                }
            }
            (Command::Wheel { down, x, y }, Screen::Walk(place)) => {
                let at = ratatui::layout::Position { x, y };
                if limits.why_area.is_some_and(|r| r.contains(at)) {
                    place.why_scroll = if down {
                        place.why_scroll.saturating_add(3).min(limits.why)
                    } else {
                        place.why_scroll.saturating_sub(3)
                    };
                } else {
                    self.step(if down { 1 } else { -1 });
                }
            }
            (Command::Search, Screen::Walk(_)) => {
                if self.index.is_none() {
                    self.index = Some(crate::search::Index::new(&self.tree));
                }
                self.search = Some(SearchBox::default());
            }
            (_, Screen::Intro) => {}
            (Command::Copy | Command::Save, _) if !self.walk.is_finished(&self.tree) => {
                self.flash = Some("the call summary is ready at an outcome".into());
            }
            (Command::Copy, _) => {
                let text = summary::text(self.record.call());
                self.requests.push(Request::Copy(text.clone()));
                self.summary = Some(Summary { text, scroll: 0 });
            }
            (Command::Save, _) => self.save_summary(),
            (Command::Back, _) => {
                if self.walk.is_underway() {
                    self.act(Action::Back);
                } else {
                    self.screen = Screen::Intro;
                }
            }
            (Command::Up, _) => self.step(-1),
            (Command::Down, _) => self.step(1),
            (Command::Select, _) => match self.node() {
                Node::Question { .. } => self.act(Action::Choose(self.cursor())),
                Node::Checklist { items, .. } => {
                    if self.cursor() < items.len() {
                        self.act(Action::Mark(self.cursor()));
                    } else {
                        self.act(Action::NoneApply);
                    }
                }
                Node::Info { .. } => self.act(Action::Continue),
                // A walkable tree has its tables as questions: never here.
                Node::Outcome { .. } | Node::Table { .. } => {}
            },
            (Command::Choose(i), _) => match self.node() {
                Node::Question { .. } => self.act(Action::Choose(i)),
                Node::Info { .. } if i == 0 => self.act(Action::Continue),
                _ => self.flash = Some(format!("there is no choice {} here", i + 1)),
            },
            (Command::Interrupt | Command::Suspend | Command::Yes | Command::CloseNote, _) => {}
        }
    }

    /// Goes back to step `step` of the path (from 0), its answer highlighted: the record takes
    /// each step left as a step back. A sign a checklist mark answered is gone back to through
    /// its list, taken back with it, then asked one at a time up to that sign, so the record
    /// never keeps a list's answer that a later one contradicts.
    fn back_to(&mut self, step: usize) {
        if !self.walk.is_joined(step) {
            self.act(Action::BackTo(step));
            return;
        }
        let list = (0..step)
            .rev()
            .find(|&i| !self.walk.is_joined(i))
            .unwrap_or(0);
        self.act(Action::BackTo(list));
        self.act(Action::Continue);
        for _ in list + 1..step {
            match self.node().no_answer() {
                Some(no) => self.act(Action::Choose(no)),
                None => break,
            }
        }
    }

    /// `true` while a note, the search box or the warning-sign list is open: keys are text then
    /// (see `keys::typing`).
    pub fn typing(&self) -> bool {
        self.note.is_some()
            || self.search.is_some()
            || matches!(self.overlay, Some(Overlay::RedFlags { .. }))
    }

    /// The warning signs the list shows: those whose title has every word typed.
    pub fn shown_flags(&self) -> Vec<NodeId> {
        let words: Vec<String> = self
            .flag_query
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        self.red_flags()
            .into_iter()
            .filter(|&f| {
                let title = self.tree.node(f).title().to_lowercase();
                words.iter().all(|w| title.contains(w.as_str()))
            })
            .collect()
    }

    /// A key for the warning-sign list: letters find a sign, the arrows move, Enter chooses.
    fn flag_key(&mut self, cursor: usize, input: ratatui_textarea::Input) {
        use ratatui_textarea::Key;
        let shown = self.shown_flags();
        if input.key != Key::Enter {
            self.flag_confirm = None;
        }
        let cursor = match input.key {
            Key::Up => cursor.saturating_sub(1),
            Key::Down => (cursor + 1).min(shown.len().saturating_sub(1)),
            Key::Enter => {
                if let Some(&flag) = shown.get(cursor) {
                    // A sign on another branch (a child's, for an adult; any, at an outcome)
                    // needs a second Enter: one key must not take a caller down the wrong way.
                    let off = !self.answered(flag) && !self.ahead()[flag.index()];
                    if off && self.flag_confirm != Some(flag) {
                        self.flag_confirm = Some(flag);
                        self.flash = Some(format!(
                            "\u{201c}{}\u{201d} is not on this caller's way: Enter again goes there all the same",
                            crate::scrub::one_line(self.tree.node(flag).title())
                        ));
                        self.overlay = Some(Overlay::RedFlags { cursor });
                        return;
                    }
                    self.flag_confirm = None;
                    self.overlay = None;
                    self.choose_flag(flag);
                }
                return;
            }
            Key::Backspace => {
                self.flag_query.pop();
                0
            }
            Key::Char(c) if !input.ctrl && !input.alt => {
                self.flag_query.push(c);
                0
            }
            _ => cursor,
        };
        self.overlay = Some(Overlay::RedFlags { cursor });
    }

    /// A key for the open note, or the search box.
    pub fn type_key(&mut self, input: ratatui_textarea::Input) {
        if let Some(note) = &mut self.note {
            note.input(input);
            return;
        }
        if let Some(Overlay::RedFlags { cursor }) = self.overlay {
            self.flag_key(cursor, input);
            return;
        }
        use ratatui_textarea::Key;
        let Some(search) = &mut self.search else {
            return;
        };
        match input.key {
            Key::Up => search.cursor = search.cursor.saturating_sub(1),
            Key::Down => {
                search.cursor = (search.cursor + 1).min(search.hits.len().saturating_sub(1));
            }
            Key::Enter if search.hits.is_empty() => {}
            Key::Enter if !search.preview => search.preview = true,
            Key::Enter => {
                let to = search.hits[search.cursor].node;
                if let Node::Outcome { .. } = self.tree.node(to) {
                    self.flash = Some(
                        "an outcome is reached by answering the questions, not by search".into(),
                    );
                    return;
                }
                self.search = None;
                self.go_to_found(to, "found by search");
            }
            Key::Backspace if !search.preview => {
                search.query.pop();
                self.find();
            }
            Key::Char(c) if !input.ctrl && !input.alt && !search.preview => {
                search.query.push(c);
                self.find();
            }
            _ => {}
        }
    }

    /// Runs the search box's query again.
    fn find(&mut self) {
        if let (Some(search), Some(index)) = (&mut self.search, &self.index) {
            search.hits = index.search(&search.query, RESULTS);
            search.cursor = 0;
        }
    }

    /// A paste: text for an open note, with control characters (but line breaks) dropped;
    /// anywhere else it answers nothing.
    pub fn paste(&mut self, text: &str) {
        if let Some(Overlay::RedFlags { .. }) = self.overlay {
            let line: String = text.chars().filter(|c| !c.is_control()).collect();
            self.flag_query.push_str(&line);
            self.overlay = Some(Overlay::RedFlags { cursor: 0 });
            return;
        }
        if let Some(search) = &mut self.search {
            let line: String = text
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            search.query.push_str(&line);
            self.find();
            return;
        }
        if let Some(note) = &mut self.note {
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            let clean: String = text
                .chars()
                .filter(|&c| c == '\n' || !c.is_control())
                .collect();
            note.insert_str(clean);
        } else {
            self.flash = Some("a paste answers nothing; press n to paste into a note".into());
        }
    }

    fn open_note(&mut self) {
        let mut note = TextArea::default();
        note.set_placeholder_text("Type the caller's words. Esc keeps the note.");
        self.note = Some(note);
    }

    /// Closes the open note, keeping it in the record if anything was typed.
    fn close_note(&mut self) {
        if let Some(note) = self.note.take() {
            let text = note.lines().join("\n");
            if !text.trim().is_empty() {
                self.record
                    .note(&self.tree, self.walk.current(), &text, false);
                self.flash = Some("note kept".into());
            }
        }
    }

    fn save_summary(&mut self) {
        let text = summary::text(self.record.call());
        let id = self.record.call().id.to_string();
        self.requests.push(Request::Save(id, text));
    }

    /// The walk is over: a note still open is kept as a draft, and the call ends, however the
    /// walk ended (`None`: as the person left it, at an outcome or not).
    pub fn finish(&mut self, ending: Option<Ending>) {
        if let Some(note) = self.note.take() {
            let text = note.lines().join("\n");
            self.record
                .note(&self.tree, self.walk.current(), &text, true);
        }
        let ending = ending.unwrap_or(if self.walk.is_finished(&self.tree) {
            Ending::Outcome
        } else {
            Ending::Quit
        });
        self.record.end(ending);
    }

    /// `true` when leaving now would lose answers: past the first question, before an outcome.
    pub fn mid_walk(&self) -> bool {
        matches!(self.screen, Screen::Walk(_))
            && self.walk.is_underway()
            && !self.walk.is_finished(&self.tree)
    }

    /// A fresh look at the node the walk is at: its answer highlighted if it was given in
    /// this walk, else the first.
    fn here(&self) -> Place {
        Place {
            cursor: self.walk.recalled(self.walk.current()).unwrap_or(0),
            ..Place::default()
        }
    }

    /// Moves the highlight on a question, or scrolls any other step.
    fn step(&mut self, by: isize) {
        let last = match self.node() {
            Node::Question { choices, .. } => Some(choices.len().saturating_sub(1)),
            // Each item, then "none of these".
            Node::Checklist { items, .. } => Some(items.len()),
            _ => None,
        };
        let limit = self.limits.main;
        if let Screen::Walk(place) = &mut self.screen {
            match last {
                Some(last) => place.cursor = place.cursor.saturating_add_signed(by).min(last),
                None => {
                    place.scroll = place.scroll.saturating_add_signed(by as i16).min(limit);
                }
            }
        }
    }

    /// Applies a walk action and looks afresh at where it leads; a refusal becomes a message
    /// in the footer.
    fn act(&mut self, action: Action) {
        let from = self.walk.current();
        // In a quiz, the answer is judged first; in practice, the case's own is taken instead
        // of one that was not.
        let mut action = action;
        if let Some(quiz) = &mut self.quiz
            && !matches!(
                action,
                Action::Back | Action::BackTo(_) | Action::Restart | Action::Jump(_)
            )
        {
            match quiz.judge(&self.tree, from, action) {
                crate::learn::Verdict::Take => {
                    if quiz.mode == crate::learn::Mode::Practice
                        && !matches!(self.tree.node(from), Node::Info { .. })
                    {
                        self.flash = Some("right: the case's answer".into());
                    }
                }
                crate::learn::Verdict::Instead(expected) => {
                    self.overlay = Some(Overlay::QuizWrong {
                        node: from,
                        given: action,
                        expected,
                        scroll: 0,
                    });
                    action = expected;
                }
            }
        }
        match self.record.act(&self.tree, &mut self.walk, action) {
            Ok(()) => {
                self.screen = Screen::Walk(self.here());
                self.after_pending(from, action);
                if self.walk.is_finished(&self.tree)
                    && let Some(quiz) = &mut self.quiz
                {
                    let now = self.quiz_began.elapsed().as_secs_f64();
                    quiz.finish(&self.tree, self.walk.current(), now);
                    // The outcome to read, after any feedback on the last answer; Enter then
                    // shows how the case went.
                    if self.overlay.is_none() {
                        self.flash = Some(OUTCOME_IN_QUIZ.into());
                    }
                }
                // A mark stops at an item with several kinds of "yes", for the right one.
                if let (Action::Mark(_), Node::Question { title, .. }) = (action, self.node()) {
                    self.flash = Some(format!(
                        "{}: which yes? Choose it below",
                        crate::scrub::one_line(title)
                    ));
                }
            }
            Err(refusal) => self.flash = Some(refusal.to_string()),
        }
    }

    /// The tree's warning signs, in the order a walk asks them.
    pub fn red_flags(&self) -> Vec<NodeId> {
        self.tree.red_flags()
    }

    /// Whether this walk has answered the question at `node`.
    pub fn answered(&self, node: NodeId) -> bool {
        self.walk
            .steps()
            .iter()
            .any(|s| s.node == node && s.answer.is_some())
    }

    /// Where a warning sign's "yes" leads: its first positive answer's node (the sign itself
    /// if it marks none).
    fn yes_of(&self, flag: NodeId) -> NodeId {
        let Node::Question { choices, .. } = self.tree.node(flag) else {
            return flag;
        };
        choices
            .iter()
            .position(|c| c.positive)
            .and_then(|i| self.tree.targets(flag)[i])
            .unwrap_or(flag)
    }

    /// Whether a warning sign's "yes" leads to an emergency, at once or through the signs its
    /// "yes" asks next (a recent Botox injection, then trouble breathing).
    fn leads_to_999(&self, flag: NodeId) -> bool {
        let mut at = flag;
        for _ in 0..self.tree.nodes.len() {
            let to = self.yes_of(at);
            match self.tree.node(to) {
                Node::Outcome { urgency, .. } => {
                    return self.tree.scale().is_top(urgency);
                }
                Node::Question { red_flag: true, .. } if to != at => at = to,
                _ => return false,
            }
        }
        false
    }

    /// For each node, whether it is a warning sign asked only after another's "yes" (trouble
    /// breathing, after a recent Botox injection), or only after such a follow-up: it is asked
    /// in its turn, never on its own. One pass in the order of the links (a tree that walks has
    /// no loops), so a hostile tree costs no more than its size.
    fn follow_ups(&self) -> Vec<bool> {
        let n = self.tree.nodes.len();
        let id = |i: usize| NodeId(i as u32);
        // Kahn's order: a node after every node that links to it.
        let mut waiting: Vec<usize> = (0..n).map(|i| self.tree.preds(id(i)).len()).collect();
        let mut ready: Vec<usize> = (0..n).filter(|&i| waiting[i] == 0).collect();
        let mut follow = vec![false; n];
        while let Some(u) = ready.pop() {
            let preds = self.tree.preds(id(u));
            follow[u] = !preds.is_empty()
                && preds.iter().all(|&p| match self.tree.node(p) {
                    Node::Question {
                        red_flag: true,
                        choices,
                        ..
                    } => {
                        follow[p.index()]
                            || choices
                                .iter()
                                .zip(self.tree.targets(p))
                                .all(|(c, t)| *t != Some(id(u)) || c.positive)
                    }
                    _ => false,
                });
            for &v in self.tree.targets(id(u)).iter().flatten() {
                waiting[v.index()] -= 1;
                if waiting[v.index()] == 0 {
                    ready.push(v.index());
                }
            }
        }
        follow
    }

    /// The nodes the walk can still reach from where it is (itself included).
    pub fn ahead(&self) -> Vec<bool> {
        let mut seen = vec![false; self.tree.nodes.len()];
        let mut stack = vec![self.walk.current()];
        while let Some(n) = stack.pop() {
            if std::mem::replace(&mut seen[n.index()], true) {
                continue;
            }
            stack.extend(self.tree.targets(n).iter().flatten().copied());
        }
        seen
    }

    /// The warning signs a move to `to` would pass by: those on the way from here to it (ahead,
    /// and able to lead to it), not answered, and not follow-ups (asked in their turn after
    /// another's "yes"). The tree asks its signs most urgent first, so for a sign the caller
    /// names these are the more urgent ones.
    fn passed_by(&self, to: NodeId) -> Vec<NodeId> {
        // From an outcome, or to a step not ahead of this one, the way to it starts at the
        // start: every sign on it not answered in this call is asked, so a move never skips one
        // (a list answered by a mark never asked the signs after it).
        let mut ahead = self.ahead();
        if self.walk.is_finished(&self.tree) || !ahead[to.index()] {
            let mut seen = vec![false; self.tree.nodes.len()];
            let mut stack = vec![self.tree.start()];
            while let Some(n) = stack.pop() {
                if !std::mem::replace(&mut seen[n.index()], true) {
                    stack.extend(self.tree.targets(n).iter().flatten().copied());
                }
            }
            ahead = seen;
        }
        let leads_to = {
            let mut seen = vec![false; self.tree.nodes.len()];
            let mut stack = vec![to];
            while let Some(n) = stack.pop() {
                if !std::mem::replace(&mut seen[n.index()], true) {
                    stack.extend(self.tree.preds(n).iter().copied());
                }
            }
            seen
        };
        let follow = self.follow_ups();
        self.red_flags()
            .into_iter()
            .filter(|&f| {
                f != to
                    && ahead[f.index()]
                    && leads_to[f.index()]
                    && !follow[f.index()]
                    && !self.answered(f)
            })
            .collect()
    }

    /// Goes to a warning sign the caller named and answers it "yes" for them, so the record
    /// holds it as a positive answer and the walk goes where it leads. A sign that is not an
    /// emergency first has the signs before it (the more urgent) that are still ahead asked,
    /// one by one. A sign answered earlier in this call is gone back to and answered again.
    fn choose_flag(&mut self, flag: NodeId) {
        let answered = self.answered(flag);
        // A sign answered "no" earlier is answered again: the summary counts the last answer
        // and shows the first as changed. One this walk has passed by on another branch (a
        // child's, for an adult; any, once at an outcome) is taken once Enter is pressed again.
        let ask = if answered || self.leads_to_999(flag) {
            Vec::new()
        } else {
            self.passed_by(flag)
        };
        self.wait_for(ask, Then::Named(flag));
    }

    /// Goes to a step found by search, first asking every warning sign the move would pass by.
    fn go_to_found(&mut self, to: NodeId, how: &'static str) {
        // A table is entered at its first question, so its later ones are asked only as its
        // rules need them, never with the answers before them skipped.
        let to = match self.tree.table_of(to) {
            Some(table) => {
                self.flash = Some("a table's questions are asked from its first".into());
                table
            }
            None => to,
        };
        let ask = self.passed_by(to);
        self.wait_for(ask, Then::Go(to, how));
    }

    /// Asks `ask` first (each "no" goes on to the next), then goes to `then`.
    fn wait_for(&mut self, mut ask: Vec<NodeId>, then: Then) {
        // In the order the walk would ask them.
        let order = self.red_flags();
        ask.sort_by_key(|f| order.iter().position(|o| o == f));
        if ask.is_empty() {
            self.arrive(then);
            return;
        }
        self.flash = Some(format!(
            "first the {} warning sign{} not asked yet, most urgent first",
            ask.len(),
            if ask.len() == 1 { "" } else { "s" }
        ));
        let first = ask[0];
        self.pending = Pending {
            ask,
            then: Some(then),
        };
        if self.walk.current() != first {
            let reason = self.asked_first();
            self.jump(first, reason);
        }
    }

    /// Why a warning sign is asked now: before the move waiting.
    fn asked_first(&self) -> String {
        let title = |n: NodeId| crate::scrub::one_line(self.tree.node(n).title());
        match self.pending.then {
            Some(Then::Named(flag)) => {
                format!(
                    "asked first, before the sign the caller named: {}",
                    title(flag)
                )
            }
            Some(Then::Go(to, how)) => {
                format!("asked first, before going to {} ({how})", title(to))
            }
            None => "asked first".into(),
        }
    }

    /// Moves to `to` without an answer, recorded as a jump for `reason`.
    fn jump(&mut self, to: NodeId, reason: String) {
        if self.walk.apply(&self.tree, Action::Jump(to)).is_ok() {
            self.record.jump(&self.tree, to, &reason);
            self.screen = Screen::Walk(self.here());
        }
    }

    /// Arrives where a move goes: a named sign answered "yes" for the caller, or a found step.
    fn arrive(&mut self, then: Then) {
        match then {
            Then::Go(to, how) => {
                if self.walk.current() != to {
                    let reason = format!(
                        "{how}, from {}",
                        crate::scrub::one_line(self.node().title())
                    );
                    self.jump(to, reason);
                }
            }
            Then::Named(flag) => {
                if self.walk.current() != flag {
                    let reason = format!(
                        "named by the caller from the warning-sign list, at {}",
                        crate::scrub::one_line(self.node().title())
                    );
                    self.jump(flag, reason);
                }
                let positive = match self.tree.node(flag) {
                    Node::Question { choices, .. } => choices.iter().position(|c| c.positive),
                    _ => None,
                };
                if let Some(i) = positive {
                    self.act(Action::Choose(i));
                    self.flash = Some(format!(
                        "{}: yes, as the caller said",
                        self.tree.node(flag).title()
                    ));
                }
            }
        }
    }

    /// After an answer to a 999 question asked first: "yes" goes where the tree says (and the
    /// move waiting is noted, not made); "no" goes on to the next, and after the last, the move.
    fn after_pending(&mut self, from: NodeId, action: Action) {
        if action == Action::Restart {
            self.pending = Pending::default();
        }
        let Action::Choose(i) = action else {
            return;
        };
        if self.pending.ask.first() != Some(&from) {
            return;
        }
        let positive = match self.tree.node(from) {
            Node::Question { choices, .. } => choices.get(i).is_some_and(|c| c.positive),
            _ => false,
        };
        if positive {
            if let Some(Then::Named(flag)) = self.pending.then {
                // The sign the caller named is not lost: it goes in the record as a note.
                let text = format!(
                    "The caller named \"{}\" from the warning-sign list; it was not reached, as \"{}\" was answered yes first.",
                    self.tree.node(flag).title(),
                    self.tree.node(from).title()
                );
                self.record
                    .note(&self.tree, self.walk.current(), &text, false);
                self.flash = Some(format!(
                    "noted: the caller also named {}",
                    self.tree.node(flag).title()
                ));
            }
            self.pending = Pending::default();
            return;
        }
        self.pending.ask.remove(0);
        match self.pending.ask.first() {
            Some(&next) => {
                if self.walk.current() != next {
                    let reason = self.asked_first();
                    self.jump(next, reason);
                }
            }
            None => {
                let then = self.pending.then.take();
                self.pending = Pending::default();
                if let Some(then) = then {
                    self.arrive(then);
                }
            }
        }
    }
}

/// For each node, the most steps from it to an outcome.
fn longest(tree: &Tree) -> Vec<usize> {
    crate::tree::shape::Shape::of(tree)
        .longest
        .into_iter()
        .map(|(steps, _)| steps)
        .collect()
}

/// The map of the whole tree, as open: its rows, the highlighted one, the first shown, and
/// whether the highlighted node's why shows.
pub struct MapView {
    pub rows: Vec<crate::map::Row>,
    pub cursor: usize,
    pub top: usize,
    pub why: bool,
}

impl App {
    /// A key while the map is open: move, page, show the why, go to a step, close.
    fn map_key(&mut self, command: Command) {
        let page = usize::from(self.limits.map_rows.max(1));
        let Some(map) = &mut self.map else {
            return;
        };
        let last = map.rows.len().saturating_sub(1);
        match command {
            Command::Up => map.cursor = map.cursor.saturating_sub(1),
            Command::Down => map.cursor = (map.cursor + 1).min(last),
            Command::WhyUp => map.cursor = map.cursor.saturating_sub(page),
            Command::WhyDown => map.cursor = (map.cursor + page).min(last),
            Command::ToggleWhy => map.why = !map.why,
            Command::Select => {
                let Some(to) = map.rows.get(map.cursor).and_then(|r| r.node()) else {
                    return;
                };
                if let Node::Outcome { .. } = self.tree.node(to) {
                    self.flash = Some(
                        "an outcome is reached by answering the questions, not from the map".into(),
                    );
                    return;
                }
                self.map = None;
                self.go_to_found(to, "chosen on the map");
                return;
            }
            Command::Interrupt => {}
            _ => {
                self.map = None;
                return;
            }
        }
        // The highlighted row stays on screen, the view moving as little as it can.
        if map.cursor < map.top {
            map.top = map.cursor;
        } else if map.cursor >= map.top + page {
            map.top = map.cursor + 1 - page;
        }
    }
}

impl App {
    /// A quiz of these tasks, starting with the first one's story. Not recorded.
    pub fn start_quiz(&mut self, quiz: crate::learn::Quiz) {
        self.quiz = Some(quiz);
        self.quiz_began = std::time::Instant::now();
        self.recording = Recording::Off("a quiz: not recorded");
        self.next_task();
    }

    /// Leaves tread; or, in a quiz with cases taken, shows the score of those first (the next
    /// `q` leaves).
    fn leave(&mut self) {
        match &self.quiz {
            Some(q) if !q.done.is_empty() => self.overlay = Some(Overlay::QuizEnd { scroll: 0 }),
            _ => self.quit = true,
        }
    }

    /// The next task's story over a fresh walk, or the score when the quiz is over.
    fn next_task(&mut self) {
        self.walk = Walk::new(&self.tree);
        self.screen = Screen::Walk(self.here());
        self.overlay = match &self.quiz {
            Some(quiz) if quiz.over() => Some(Overlay::QuizEnd { scroll: 0 }),
            Some(_) => Some(Overlay::QuizStory {
                scroll: 0,
                again: false,
            }),
            None => None,
        };
    }

    /// A key over a quiz's own screens; `false` when it is not one of them.
    fn quiz_key(&mut self, overlay: Overlay, command: Command) -> bool {
        // Every quiz box scrolls with the arrows; other keys go on.
        let scrolled = |by: fn(u16, u16) -> u16, most: u16| match overlay {
            Overlay::QuizStory { scroll, again } => Some(Overlay::QuizStory {
                scroll: by(scroll, most),
                again,
            }),
            Overlay::QuizWrong {
                node,
                given,
                expected,
                scroll,
            } => Some(Overlay::QuizWrong {
                node,
                given,
                expected,
                scroll: by(scroll, most),
            }),
            Overlay::QuizCase { scroll } => Some(Overlay::QuizCase {
                scroll: by(scroll, most),
            }),
            Overlay::QuizEnd { scroll } => Some(Overlay::QuizEnd {
                scroll: by(scroll, most),
            }),
            _ => None,
        };
        let up = |s: u16, _| s.saturating_sub(1);
        let down = |s: u16, most: u16| (s + 1).min(most);
        match command {
            Command::Up => {
                if let Some(o) = scrolled(up, self.limits.quiz) {
                    self.overlay = Some(o);
                    return true;
                }
            }
            Command::Down => {
                if let Some(o) = scrolled(down, self.limits.quiz) {
                    self.overlay = Some(o);
                    return true;
                }
            }
            _ => {}
        }
        match (overlay, command) {
            // Before the walk, q leaves the quiz; read again, the story only closes.
            (Overlay::QuizStory { again: false, .. }, Command::Quit | Command::Cancel) => {
                self.leave();
            }
            (Overlay::QuizStory { .. }, _) => {}
            (Overlay::QuizWrong { .. }, _) => {
                // After the feedback on a case's last answer, its outcome to read.
                if self.walk.is_finished(&self.tree) {
                    self.flash = Some(OUTCOME_IN_QUIZ.into());
                }
            }
            // q leaves: the score of the cases taken first.
            (Overlay::QuizCase { .. }, Command::Quit | Command::Cancel) => self.leave(),
            (Overlay::QuizCase { .. }, _) => self.next_task(),
            (Overlay::QuizEnd { scroll }, Command::Restart) => {
                match self.quiz.as_ref().and_then(|q| q.retry()) {
                    Some(again) => {
                        self.rounds.extend(self.quiz.replace(again));
                        self.quiz_began = std::time::Instant::now();
                        self.next_task();
                    }
                    None => {
                        self.overlay = Some(Overlay::QuizEnd { scroll });
                        self.flash = Some("no case was missed".into());
                    }
                }
            }
            (Overlay::QuizEnd { .. }, Command::Quit | Command::Cancel) => self.quit = true,
            (Overlay::QuizEnd { scroll }, _) => {
                self.overlay = Some(Overlay::QuizEnd { scroll });
            }
            _ => return false,
        }
        true
    }

    /// The words of an action at `node`, as a quiz shows an answer.
    pub fn said(&self, node: NodeId, action: Action) -> String {
        let title = |k: usize| {
            self.tree
                .items(node)
                .get(k)
                .map_or(String::new(), |&i| self.tree.node(i).title().to_string())
        };
        match action {
            Action::Choose(i) => self.tree.node(node).answer(i).unwrap_or("").to_string(),
            Action::Mark(k) => format!("yes: {}", title(k)),
            Action::Unsure(k) => format!("not sure: {}", title(k)),
            Action::NoneApply => "none of these".into(),
            Action::Continue => match self.tree.node(node) {
                Node::Checklist { .. } => "one at a time".into(),
                _ => "read out".into(),
            },
            _ => String::new(),
        }
    }
}
