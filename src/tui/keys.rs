//! Keys become meanings here, and only here.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What a key means to the app, whatever screen it is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// A digit key: choice `.0` (from 0).
    Choose(usize),
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
    /// Answer no to a question tread asks.
    No,
}

/// The meaning of a key press, if it has one.
pub fn command(key: KeyEvent) -> Option<Command> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    if key.modifiers.contains(KeyModifiers::CONTROL) {
        return match key.code {
            KeyCode::Char('c' | 'C') => Some(Command::Interrupt),
            KeyCode::Char('z' | 'Z') => Some(Command::Suspend),
            _ => None,
        };
    }
    Some(match key.code {
        KeyCode::Char(c @ '1'..='9') => Command::Choose(c as usize - '1' as usize),
        KeyCode::Up | KeyCode::Char('k') => Command::Up,
        KeyCode::Down | KeyCode::Char('j') => Command::Down,
        KeyCode::PageUp => Command::WhyUp,
        KeyCode::PageDown => Command::WhyDown,
        KeyCode::Enter | KeyCode::Right | KeyCode::Char(' ') => Command::Select,
        KeyCode::Left | KeyCode::Backspace | KeyCode::Char('b') => Command::Back,
        KeyCode::Char('r') => Command::Restart,
        KeyCode::Char('?') | KeyCode::F(1) => Command::Help,
        KeyCode::Char('w') => Command::ToggleWhy,
        KeyCode::Esc => Command::Cancel,
        KeyCode::Char('q') => Command::Quit,
        KeyCode::Char('y') => Command::Yes,
        KeyCode::Char('n') => Command::No,
        _ => return None,
    })
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
            (plain(KeyCode::Char('0')), None),
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
        ];
        for (key, want) in cases {
            assert_eq!(command(key), want, "{key:?}");
        }
    }
}
