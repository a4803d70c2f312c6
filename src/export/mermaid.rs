//! The tree as a Mermaid flowchart.

use std::fmt::Write;

use crate::tree::{Node, Tree, Urgency};

use super::{label, urgency_class, urgency_colour};

/// A Mermaid quoted label. Inside `"…"` Mermaid reads `#name;` as an entity and may read markup
/// and backticks, so each of `" # < > & | \``  becomes an entity code; a line break becomes
/// `<br/>`; other control characters are dropped.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '|' => out.push_str("#124;"),
            '`' => out.push_str("#96;"),
            '\n' => out.push_str("<br/>"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A node's Mermaid id. Tree ids are snake_case, but words such as `end` are reserved in
/// Mermaid, so every id gets a prefix.
fn node_id(id: &str) -> String {
    format!("n_{id}")
}

/// Every node and link. Questions are rhombi (red flags hexagons, outlined in red), info steps
/// rectangles, outcomes rounded and filled with their urgency's colour.
pub fn render(tree: &Tree) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "%% {} (drawn by tread graph)",
        super::one_line(&tree.title)
    );
    out.push_str("flowchart TD\n");
    for (id, node) in tree.nodes.iter() {
        let text = quote(&label(node));
        let shape = match node {
            Node::Question { red_flag: true, .. } => format!("{{{{{text}}}}}"),
            Node::Question { .. } => format!("{{{text}}}"),
            Node::Info { .. } => format!("[{text}]"),
            Node::Outcome { .. } => format!("([{text}])"),
        };
        let _ = writeln!(out, "    {}{shape}", node_id(id));
    }
    for (id, node) in tree.nodes.iter() {
        match node {
            Node::Question { choices, .. } => {
                for c in choices {
                    let _ = writeln!(
                        out,
                        "    {} -->|{}| {}",
                        node_id(id),
                        quote(&c.label),
                        node_id(&c.next)
                    );
                }
            }
            Node::Info { next, .. } => {
                let _ = writeln!(out, "    {} --> {}", node_id(id), node_id(next));
            }
            Node::Outcome { .. } => {}
        }
    }
    out.push_str("    classDef red_flag stroke:#c00000,stroke-width:3px\n");
    for u in Urgency::ALL {
        let _ = writeln!(
            out,
            "    classDef {} fill:{},stroke:#555555",
            urgency_class(u),
            urgency_colour(u)
        );
    }
    for (id, node) in tree.nodes.iter() {
        let class = match node {
            Node::Question { red_flag: true, .. } => "red_flag".to_string(),
            Node::Outcome { urgency, .. } => urgency_class(*urgency),
            _ => continue,
        };
        let _ = writeln!(out, "    class {} {class}", node_id(id));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn hostile_text_stays_one_quoted_label() {
        let rows = [
            ("plain", "\"plain\""),
            ("say \"yes\"", "\"say #quot;yes#quot;\""),
            (
                "#1 & <b>bold</b>",
                "\"#35;1 #amp; #lt;b#gt;bold#lt;/b#gt;\"",
            ),
            ("a|b `code`", "\"a#124;b #96;code#96;\""),
            ("two\nlines", "\"two<br/>lines\""),
            ("{[(brackets)]}; --> end", "\"{[(brackets)]}; --#gt; end\""),
            ("esc\x1b[31m", "\"esc[31m\""),
        ];
        for (text, want) in rows {
            assert_eq!(quote(text), want, "{text:?}");
        }
    }
}
