//! Keys become meanings here, and only here.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What a key means to the app, whatever screen it is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// A digit key: choice `.0` (from 0); at a checklist, item `.0` applies.
    Choose(usize),
    /// At a checklist: none of the items applies (`0`).
    NoneApply,
    /// At a checklist: the caller is not sure about the item whose number comes next (or,
    /// with Enter, the highlighted one).
    Unsure,
    /// At a checklist: ask its items one at a time.
    OneAtATime,
    /// Move the highlight (or scroll) up.
    Up,
    /// Move the highlight (or scroll) down.
    Down,
    /// Scroll the Why panel up.
    WhyUp,
    /// Scroll the Why panel down.
    WhyDown,
    /// Take the highlighted choice, or go on.
    Select,
    /// One step back.
    Back,
    /// Start the walk again.
    Restart,
    /// Show or hide the key help.
    Help,
    /// Show or hide the Why panel.
    ToggleWhy,
    /// Close what is open, or quit (asking first in the middle of a walk).
    Cancel,
    /// Leave tread (asking first in the middle of a walk).
    Quit,
    /// Leave tread at once, whatever is open (Ctrl-C).
    Interrupt,
    /// Hand the terminal back to the shell until `fg` (Ctrl-Z).
    Suspend,
    /// Answer yes to a question tread asks.
    Yes,
    /// Write a note at this step; in a question tread asks, no.
    Note,
    /// At an outcome: show the call's summary and copy it to the clipboard.
    Copy,
    /// At an outcome: save the call's summary to a file.
    Save,
    /// In a note: close it, keeping what was typed (`Esc`).
    CloseNote,
    /// The path taken, as a list to go back to any step of.
    Path,
    /// Find a step by what it says.
    Search,
    /// The tree's warning signs, from any step.
    RedFlags,
    /// The glossary: what the underlined words mean.
    Glossary,
    /// A map of the whole tree.
    Map,
    /// In a quiz: the case's story again.
    Story,
    /// A click of the mouse's main button at this cell.
    Click { x: u16, y: u16 },
    /// The mouse wheel turned at this cell.
    Wheel { down: bool, x: u16, y: u16 },
}

impl Command {
    /// Whether a quiz takes this command: a quiz walks forwards only, as the caller answers,
    /// with no going back, jumping or notes.
    pub fn in_quiz(self) -> bool {
        !matches!(
            self,
            Command::Back
                | Command::Restart
                | Command::Path
                | Command::Map
                | Command::RedFlags
                | Command::Search
                | Command::Note
        )
    }
}

/// The meaning of the mouse, when it is on: a click, or the wheel.
pub fn mouse(event: ratatui::crossterm::event::MouseEvent) -> Option<Command> {
    use ratatui::crossterm::event::{MouseButton, MouseEventKind};
    let (x, y) = (event.column, event.row);
    match event.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Command::Click { x, y }),
        MouseEventKind::ScrollDown => Some(Command::Wheel { down: true, x, y }),
        MouseEventKind::ScrollUp => Some(Command::Wheel { down: false, x, y }),
        _ => None,
    }
}

/// What a key means while a note is open: every letter is text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Typing {
    /// A key that still means a command: `Esc` (close the note, keeping it), Ctrl-C, Ctrl-Z.
    Command(Command),
    /// A key for the text field.
    Text(ratatui_textarea::Input),
}

/// A key as it is pressed: its code, with or without Ctrl.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// The key alone.
    Plain(KeyCode),
    /// The key with Ctrl held.
    Ctrl(char),
}

/// One line of the key table: the keys that mean a command, how the help and the footer name
/// them, and what the command does.
pub struct Binding {
    /// The keys, first the one the footer names.
    pub keys: &'static [Key],
    /// The meaning of those keys.
    pub command: Command,
    /// How the help overlay names the keys.
    pub shown: &'static str,
    /// How the footer names the key, where it shows one.
    pub hint: &'static str,
    /// What the command does, for the help overlay.
    pub does: &'static str,
}

use Key::{Ctrl, Plain};

/// Every key tread knows, once: `command` reads it, and so do the help overlay and the footer.
/// The digits 1 to 9 (choose that answer) come before it, as their command carries the number.
pub const BINDINGS: &[Binding] = &[
    Binding {
        keys: &[Plain(KeyCode::Up), Plain(KeyCode::Char('k'))],
        command: Command::Up,
        shown: "↑  k",
        hint: "↑↓",
        does: "move the highlight up, or scroll",
    },
    Binding {
        keys: &[Plain(KeyCode::Down), Plain(KeyCode::Char('j'))],
        command: Command::Down,
        shown: "↓  j",
        hint: "↑↓",
        does: "move the highlight down, or scroll",
    },
    Binding {
        keys: &[
            Plain(KeyCode::Enter),
            Plain(KeyCode::Right),
            Plain(KeyCode::Char(' ')),
        ],
        command: Command::Select,
        shown: "Enter  →",
        hint: "Enter",
        does: "take the highlighted answer, or go on",
    },
    Binding {
        keys: &[
            Plain(KeyCode::Left),
            Plain(KeyCode::Backspace),
            Plain(KeyCode::Char('b')),
        ],
        command: Command::Back,
        shown: "←  Backspace  b",
        hint: "←",
        does: "back one step (answers are kept)",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('w'))],
        command: Command::ToggleWhy,
        shown: "w",
        hint: "w",
        does: "show or hide the Why panel",
    },
    Binding {
        keys: &[Plain(KeyCode::PageUp)],
        command: Command::WhyUp,
        shown: "PgUp",
        hint: "PgUp",
        does: "scroll the Why panel up",
    },
    Binding {
        keys: &[Plain(KeyCode::PageDown)],
        command: Command::WhyDown,
        shown: "PgDn",
        hint: "PgDn",
        does: "scroll the Why panel down",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('0'))],
        command: Command::NoneApply,
        shown: "0",
        hint: "0",
        does: "checklist: none of these applies",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('u'))],
        command: Command::Unsure,
        shown: "u",
        hint: "u",
        does: "checklist: not sure about (then its number)",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('a'))],
        command: Command::OneAtATime,
        shown: "a",
        hint: "a",
        does: "checklist: ask the items one at a time",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('r'))],
        command: Command::Restart,
        shown: "r",
        hint: "r",
        does: "next caller: end this call, start anew",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('?')), Plain(KeyCode::F(1))],
        command: Command::Help,
        shown: "?  F1",
        hint: "?",
        does: "show or hide this help",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('q'))],
        command: Command::Quit,
        shown: "q",
        hint: "q",
        does: "quit (asks first mid-walk)",
    },
    Binding {
        keys: &[Plain(KeyCode::Esc)],
        command: Command::Cancel,
        shown: "Esc",
        hint: "Esc",
        does: "close what is open; else as q",
    },
    Binding {
        keys: &[Ctrl('c')],
        command: Command::Interrupt,
        shown: "Ctrl-C",
        hint: "Ctrl-C",
        does: "quit at once",
    },
    Binding {
        keys: &[Ctrl('z')],
        command: Command::Suspend,
        shown: "Ctrl-Z",
        hint: "Ctrl-Z",
        does: "suspend (fg to come back)",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('y'))],
        command: Command::Yes,
        shown: "y",
        hint: "y",
        does: "yes, in a question tread asks",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('n'))],
        command: Command::Note,
        shown: "n",
        hint: "n",
        does: "write a note here (Esc keeps it)",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('p'))],
        command: Command::Path,
        shown: "p",
        hint: "p",
        does: "the path so far: go back to any step",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('!'))],
        command: Command::RedFlags,
        shown: "!",
        hint: "!",
        does: "warning signs: go to the one named",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('g'))],
        command: Command::Glossary,
        shown: "g",
        hint: "g",
        does: "what the underlined words mean",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('m'))],
        command: Command::Map,
        shown: "m",
        hint: "m",
        does: "a map of the whole tree: go to any step",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('/'))],
        command: Command::Search,
        shown: "/",
        hint: "/",
        does: "find a step by its words, and go there",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('t'))],
        command: Command::Story,
        shown: "t",
        hint: "t",
        does: "quiz: the caller's story again",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('c'))],
        command: Command::Copy,
        shown: "c",
        hint: "c",
        does: "outcome: show and copy the summary",
    },
    Binding {
        keys: &[Plain(KeyCode::Char('s'))],
        command: Command::Save,
        shown: "s",
        hint: "s",
        does: "outcome: save the summary to a file",
    },
];

/// The meaning of a key press while a note is open: `Esc` closes it (keeping the text),
/// Ctrl-C and Ctrl-Z keep their meaning, and every other key is for the text.
pub fn typing(key: KeyEvent) -> Option<Typing> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Esc => Typing::Command(Command::CloseNote),
        KeyCode::Char(c) if ctrl && c.eq_ignore_ascii_case(&'c') => {
            Typing::Command(Command::Interrupt)
        }
        KeyCode::Char(c) if ctrl && c.eq_ignore_ascii_case(&'z') => {
            Typing::Command(Command::Suspend)
        }
        _ => Typing::Text(ratatui_textarea::Input::from(key)),
    })
}

/// The table's line for a command (the digits have none).
pub fn binding(command: Command) -> Option<&'static Binding> {
    BINDINGS.iter().find(|b| b.command == command)
}

/// The meaning of a key press, if it has one.
pub fn command(key: KeyEvent) -> Option<Command> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let pressed = if key.modifiers.contains(KeyModifiers::CONTROL) {
        match key.code {
            KeyCode::Char(c) => Ctrl(c.to_ascii_lowercase()),
            _ => return None,
        }
    } else {
        if let KeyCode::Char(c @ '1'..='9') = key.code {
            return Some(Command::Choose(c as usize - '1' as usize));
        }
        Plain(key.code)
    };
    BINDINGS
        .iter()
        .find(|b| b.keys.contains(&pressed))
        .map(|b| b.command)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_meanings() {
        let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
        let cases = [
            (plain(KeyCode::Char('1')), Some(Command::Choose(0))),
            (plain(KeyCode::Char('9')), Some(Command::Choose(8))),
            (plain(KeyCode::Char('0')), Some(Command::NoneApply)),
            (plain(KeyCode::Char('u')), Some(Command::Unsure)),
            (plain(KeyCode::Char('j')), Some(Command::Down)),
            (plain(KeyCode::Up), Some(Command::Up)),
            (plain(KeyCode::Enter), Some(Command::Select)),
            (plain(KeyCode::Backspace), Some(Command::Back)),
            (plain(KeyCode::Left), Some(Command::Back)),
            (plain(KeyCode::Char('b')), Some(Command::Back)),
            (plain(KeyCode::Esc), Some(Command::Cancel)),
            (plain(KeyCode::Char('q')), Some(Command::Quit)),
            (
                KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Some(Command::Interrupt),
            ),
            (
                KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL),
                Some(Command::Suspend),
            ),
            (
                KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL),
                None,
            ),
            (
                KeyEvent::new(
                    KeyCode::Char('C'),
                    KeyModifiers::CONTROL | KeyModifiers::SHIFT,
                ),
                Some(Command::Interrupt),
            ),
            (plain(KeyCode::F(1)), Some(Command::Help)),
            (plain(KeyCode::Char('x')), None),
        ];
        for (key, want) in cases {
            assert_eq!(command(key), want, "{key:?}");
        }
    }
}
