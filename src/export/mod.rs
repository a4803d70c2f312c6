//! Views of a whole tree for authors: graphs (DOT, Mermaid) and every path.

pub mod dot;
pub mod json;
pub mod mermaid;
pub mod paths;

use crate::tree::{Node, Tree, Urgency};

/// What goes before a node's title in a graph: its red flag or its level, in words.
fn label_prefix(tree: &Tree, node: &Node) -> String {
    match node {
        Node::Question { red_flag: true, .. } => "RED FLAG: ".into(),
        Node::Checklist { .. } => "CHECKLIST: ".into(),
        Node::Outcome { urgency, .. } => format!("{}: ", tree.scale().label(urgency)),
        _ => String::new(),
    }
}

/// Every link of the tree, in file order: from, to, and the answer's label (an info step's
/// `next` has none).
fn edges(tree: &Tree) -> impl Iterator<Item = (&str, &str, Option<&str>)> {
    tree.nodes.iter().flat_map(|(id, node)| {
        node.links()
            .map(move |link| (id.as_str(), link.target(), node.label_of(link)))
    })
}

/// A level's fill colour, as its scale gives it.
fn urgency_colour(tree: &Tree, u: &Urgency) -> &'static str {
    tree.scale().colour(u).fill()
}

/// A level as a class name: its place on the scale, then its id (`level_0_emergency`,
/// `level_4_self_care`), so two ids that read alike are still two classes.
fn urgency_class(tree: &Tree, u: &Urgency) -> String {
    let rank = tree
        .scale()
        .rank(u)
        .map_or("x".to_string(), |r| r.to_string());
    let mut out = format!("level_{rank}_");
    for (i, c) in u.name().chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Appends `prefix` and `text` in double quotes. Each character of both goes through the
/// format's `escape`, which gives what to write instead of it (a prefix may hold a level's words
/// from the tree); control characters are written as their code.
fn quote_into(
    out: &mut String,
    prefix: &str,
    text: &str,
    escape: fn(char) -> Option<&'static str>,
) {
    out.push('"');
    for c in prefix.chars().chain(text.chars()) {
        match escape(c) {
            Some(instead) => out.push_str(instead),
            // A control or invisible character (a direction override, a line separator) is
            // shown as its code, as everything tread prints shows it, never passed on raw.
            None if c.is_control() || crate::scrub::invisible(c) => {
                for e in c.escape_unicode() {
                    match escape(e) {
                        Some(instead) => out.push_str(instead),
                        None => out.push(e),
                    }
                }
            }
            None => out.push(c),
        }
    }
    out.push('"');
}
