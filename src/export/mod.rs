//! Views of a whole tree for authors: graphs (DOT, Mermaid) and every path.

pub mod dot;
pub mod mermaid;
pub mod paths;

use crate::tree::{Node, Tree, Urgency};

/// What goes before a node's title in a graph: its red flag or urgency, in words.
fn label_prefix(node: &Node) -> &'static str {
    match node {
        Node::Question { red_flag: true, .. } => "RED FLAG: ",
        Node::Checklist { .. } => "CHECKLIST: ",
        Node::Outcome { urgency, .. } => match urgency {
            Urgency::Emergency => "EMERGENCY: ",
            Urgency::Urgent => "URGENT: ",
            Urgency::Soon => "SOON: ",
            Urgency::Routine => "ROUTINE: ",
            Urgency::SelfCare => "SELF-CARE: ",
        },
        _ => "",
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

/// Appends `prefix` and `text` in double quotes. Each character of `text` goes through the
/// format's `escape`, which gives what to write instead of it; control characters it does not
/// escape are dropped. The prefix is plain text that needs no escaping.
fn quote_into(
    out: &mut String,
    prefix: &str,
    text: &str,
    escape: fn(char) -> Option<&'static str>,
) {
    out.push('"');
    out.push_str(prefix);
    for c in text.chars() {
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
