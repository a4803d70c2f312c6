//! Views of a whole tree for authors: graphs (DOT, Mermaid) and every path.

pub mod dot;
pub mod mermaid;
pub mod paths;

use crate::tree::{Node, Urgency};

/// A node's label in a graph: its title, with its urgency or red flag in words.
fn label(node: &Node) -> String {
    match node {
        Node::Question {
            red_flag: true,
            title,
            ..
        } => format!("RED FLAG: {title}"),
        Node::Outcome { urgency, title, .. } => format!("{}: {title}", urgency.label()),
        other => other.title().to_string(),
    }
}

/// A fill colour for each urgency, darkest for the most urgent.
fn urgency_colour(u: Urgency) -> &'static str {
    match u {
        Urgency::Emergency => "#f4a6a6",
        Urgency::Urgent => "#f9c9a0",
        Urgency::Soon => "#fbe7a1",
        Urgency::Routine => "#c9dcf5",
        Urgency::SelfCare => "#c8e6c1",
    }
}

/// The urgency's name as a class name: `emergency`, `self_care`.
fn urgency_class(u: Urgency) -> String {
    u.label().to_lowercase().replace('-', "_")
}

/// Text on one line: line breaks become spaces, other control characters are dropped.
fn one_line(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}
