//! The tree as a Graphviz DOT digraph.

use std::fmt::Write;

use crate::tree::{Node, Tree};

use super::{label_prefix, urgency_colour};

/// A DOT quoted string: backslashes and quotes escaped, line breaks as `\n`, and other control
/// characters dropped (DOT would read `\N`, `\G` and the like as escapes, hence `\\`). Graphviz
/// also decodes HTML entities such as `&amp;` in labels, so `&` itself is written `&amp;`.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    quote_into(&mut out, "", text);
    out
}

fn escape(c: char) -> Option<&'static str> {
    match c {
        '\\' => Some("\\\\"),
        '"' => Some("\\\""),
        '&' => Some("&amp;"),
        '\n' => Some("\\n"),
        _ => None,
    }
}

fn quote_into(out: &mut String, prefix: &str, text: &str) {
    super::quote_into(out, prefix, text, escape);
}

/// Every node and link. Questions are rounded boxes (red flags outlined in red), info steps are
/// notes, outcomes are filled with their urgency's colour.
pub fn render(tree: &Tree) -> String {
    let mut out = String::with_capacity(tree.nodes.len() * 160);
    let _ = writeln!(
        out,
        "// {} (drawn by tread graph)",
        crate::scrub::one_line(&tree.title)
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
        out.push_str("    ");
        quote_into(&mut out, "", id);
        out.push_str(" [label=");
        quote_into(&mut out, &label_prefix(tree, node), node.title());
        match node {
            Node::Question { red_flag: true, .. } => out.push_str(", color=red, penwidth=2"),
            Node::Question { .. } => {}
            Node::Table { .. } => out.push_str(", shape=box3d"),
            Node::Info { .. } => out.push_str(", shape=note, style=filled"),
            Node::Checklist { .. } => out.push_str(", shape=tab, color=red, penwidth=2"),
            Node::Outcome { urgency, .. } => {
                out.push_str(", style=\"filled,bold\", fillcolor=\"");
                out.push_str(urgency_colour(tree, urgency));
                out.push('"');
            }
        }
        out.push_str("];\n");
    }
    for (from, to, label) in super::edges(tree) {
        out.push_str("    ");
        quote_into(&mut out, "", from);
        out.push_str(" -> ");
        quote_into(&mut out, "", to);
        if let Some(label) = label {
            out.push_str(" [label=");
            quote_into(&mut out, "", label);
            out.push(']');
        }
        out.push_str(";\n");
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
            // Shown by their codes, never passed on raw.
            ("bell\x07 esc\x1b", "\"bell\\\\u{7} esc\\\\u{1b}\""),
            ("turn\u{202e}about", "\"turn\\\\u{202e}about\""),
            ("{[<|#>]}; -> --", "\"{[<|#>]}; -> --\""),
            ("&amp; & &#45;", "\"&amp;amp; &amp; &amp;#45;\""),
        ];
        for (text, want) in rows {
            assert_eq!(quote(text), want, "{text:?}");
        }
    }
}
