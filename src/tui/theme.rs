//! Colours and emphasis, with a colourless variant for `NO_COLOR`.
//!
//! Nothing is said by colour alone: urgency is always in words too, and the highlight is
//! reversed video, which reads without colour.

use ratatui::style::{Color, Modifier, Style};

use crate::tree::scale::Colour;

/// How the screen is painted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    color: bool,
}

impl Theme {
    /// With colour.
    pub const COLOR: Theme = Theme { color: true };
    /// Emphasis only (bold, reversed), for `NO_COLOR`.
    pub const PLAIN: Theme = Theme { color: false };

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// The bar across the top.
    pub fn title_bar(self) -> Style {
        if self.color {
            Style::new().fg(Color::Black).bg(Color::Cyan)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The highlighted choice.
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    /// A heading.
    pub fn heading(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The red-flag marker.
    pub fn red_flag(self) -> Style {
        self.fg(Color::LightRed).add_modifier(Modifier::BOLD)
    }

    /// Quieter text: hints, the breadcrumb.
    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::Gray)
        } else {
            Style::new()
        }
    }

    /// A key name in hints.
    pub fn key(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// Words to be said aloud.
    pub fn say(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// An outcome's level banner, in its scale's colour.
    pub fn urgency(self, colour: Colour) -> Style {
        let s = Style::new().add_modifier(Modifier::BOLD);
        if !self.color {
            return s.add_modifier(Modifier::REVERSED);
        }
        match colour {
            Colour::Red => s.fg(Color::White).bg(Color::Red),
            Colour::Orange => s.fg(Color::Black).bg(Color::LightRed),
            Colour::Yellow => s.fg(Color::Black).bg(Color::Yellow),
            Colour::Blue => s.fg(Color::Black).bg(Color::LightBlue),
            Colour::Green => s.fg(Color::Black).bg(Color::Green),
            Colour::Grey => s.fg(Color::Black).bg(Color::Gray),
            Colour::Purple => s.fg(Color::White).bg(Color::Magenta),
        }
    }

    /// A banner about a problem that lasts.
    pub fn banner(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    /// A message about something refused.
    pub fn warn(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
}
