//! The tree as a Graphviz DOT digraph.

use std::fmt::Write;

use crate::tree::{Node, Tree};

use super::{label, urgency_colour};

/// A DOT quoted string: backslashes and quotes escaped, line breaks as `\n`, and other control
/// characters dropped (DOT would read `\N`, `\G` and the like as escapes, hence `\\`). Graphviz
/// also decodes HTML entities such as `&amp;` in labels, so `&` itself is written `&amp;`.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every node and link. Questions are rounded boxes (red flags outlined in red), info steps are
/// notes, outcomes are filled with their urgency's colour.
pub fn render(tree: &Tree) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// {} (drawn by tread graph)",
        super::one_line(&tree.title)
    );
    out.push_str("digraph tree {\n");
    let _ = writeln!(
        out,
        "    graph [rankdir=TB, labelloc=t, fontname=\"Helvetica\", label={}];",
        quote(&tree.title)
    );
    out.push_str("    node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\"];\n");
    out.push_str("    edge [fontname=\"Helvetica\", fontsize=10];\n");
    for (id, node) in tree.nodes.iter() {
        let style = match node {
            Node::Question { red_flag: true, .. } => ", color=red, penwidth=2".to_string(),
            Node::Question { .. } => String::new(),
            Node::Info { .. } => ", shape=note, style=filled".to_string(),
            Node::Outcome { urgency, .. } => {
                format!(
                    ", style=\"filled,bold\", fillcolor=\"{}\"",
                    urgency_colour(*urgency)
                )
            }
        };
        let _ = writeln!(
            out,
            "    {} [label={}{style}];",
            quote(id),
            quote(&label(node))
        );
    }
    for (id, node) in tree.nodes.iter() {
        match node {
            Node::Question { choices, .. } => {
                for c in choices {
                    let _ = writeln!(
                        out,
                        "    {} -> {} [label={}];",
                        quote(id),
                        quote(&c.next),
                        quote(&c.label)
                    );
                }
            }
            Node::Info { next, .. } => {
                let _ = writeln!(out, "    {} -> {};", quote(id), quote(next));
            }
            Node::Outcome { .. } => {}
        }
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn hostile_text_stays_one_quoted_string() {
        let rows = [
            ("plain", "\"plain\""),
            ("say \"yes\"", "\"say \\\"yes\\\"\""),
            ("back\\slash \\N \\G", "\"back\\\\slash \\\\N \\\\G\""),
            ("two\nlines", "\"two\\nlines\""),
            ("bell\x07 esc\x1b", "\"bell esc\""),
            ("{[<|#>]}; -> --", "\"{[<|#>]}; -> --\""),
            ("&amp; & &#45;", "\"&amp;amp; &amp; &amp;#45;\""),
        ];
        for (text, want) in rows {
            assert_eq!(quote(text), want, "{text:?}");
        }
    }
}
