//! The tree as a Mermaid flowchart.

use std::fmt::Write;

use crate::tree::{Node, Tree};

use super::{label_prefix, urgency_class};

/// A Mermaid quoted label. Inside `"…"` Mermaid reads `#name;` as an entity and may read markup
/// and backticks, so each of `" # < > & | \``  becomes an entity code; a line break becomes
/// `<br/>`; other control characters are dropped.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    quote_into(&mut out, "", text);
    out
}

fn escape(c: char) -> Option<&'static str> {
    match c {
        '"' => Some("#quot;"),
        '#' => Some("#35;"),
        '<' => Some("#lt;"),
        '>' => Some("#gt;"),
        '&' => Some("#amp;"),
        '|' => Some("#124;"),
        '`' => Some("#96;"),
        // `%%` starts a comment or a directive (`%%{init: …}%%`) anywhere in a line.
        '%' => Some("#37;"),
        '\n' => Some("<br/>"),
        _ => None,
    }
}

fn quote_into(out: &mut String, prefix: &str, text: &str) {
    super::quote_into(out, prefix, text, escape);
}

/// Appends a node's Mermaid id. Tree ids are snake_case, but words such as `end` are reserved in
/// Mermaid, so every id gets a prefix.
fn push_id(out: &mut String, id: &str) {
    // A tree's own ids are snake_case, as Mermaid takes them. A table's questions (`t.q`) are
    // written apart, `_` doubled and `.` as `_d`, so no two ids meet.
    if !id.contains('.') {
        out.push_str("n_");
        out.push_str(id);
        return;
    }
    out.push_str("t_");
    for c in id.chars() {
        match c {
            '_' => out.push_str("__"),
            '.' => out.push_str("_d"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {}
        }
    }
}

/// Every node and link. Questions are rhombi (red flags hexagons, outlined in red), info steps
/// rectangles, outcomes rounded and filled with their urgency's colour.
pub fn render(tree: &Tree) -> String {
    let mut out = String::with_capacity(tree.nodes.len() * 140);
    // The title is not written in the comment: Mermaid reads `%%{…}%%` there as a directive.
    out.push_str("%% drawn by tread graph\n");
    out.push_str("flowchart TD\n");
    for (id, node) in tree.nodes.iter() {
        let (open, close) = match node {
            Node::Question { red_flag: true, .. } => ("{{", "}}"),
            Node::Question { .. } => ("{", "}"),
            Node::Table { .. } => ("[/", "/]"),
            Node::Info { .. } => ("[", "]"),
            Node::Checklist { .. } => ("[[", "]]"),
            Node::Outcome { .. } => ("([", "])"),
        };
        out.push_str("    ");
        push_id(&mut out, id);
        out.push_str(open);
        quote_into(&mut out, &label_prefix(tree, node), node.title());
        out.push_str(close);
        out.push('\n');
    }
    for (from, to, label) in super::edges(tree) {
        out.push_str("    ");
        push_id(&mut out, from);
        out.push_str(" -->");
        if let Some(label) = label {
            out.push('|');
            quote_into(&mut out, "", label);
            out.push('|');
        }
        out.push(' ');
        push_id(&mut out, to);
        out.push('\n');
    }
    out.push_str("    classDef red_flag stroke:#c00000,stroke-width:3px\n");
    for level in tree.scale().levels() {
        let _ = writeln!(
            out,
            "    classDef {} fill:{},stroke:#555555",
            urgency_class(tree, &level.id),
            level.colour().fill()
        );
    }
    for (id, node) in tree.nodes.iter() {
        let class = match node {
            Node::Question { red_flag: true, .. } => "red_flag".to_string(),
            Node::Outcome { urgency, .. } => urgency_class(tree, urgency),
            _ => continue,
        };
        out.push_str("    class ");
        push_id(&mut out, id);
        out.push(' ');
        out.push_str(&class);
        out.push('\n');
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
            // Shown by their codes, never passed on raw.
            ("esc\x1b[31m", "\"esc\\u{1b}[31m\""),
            ("%%{init: {}}%%", "\"#37;#37;{init: {}}#37;#37;\""),
            (
                "turn\u{202e}about\u{2028}",
                "\"turn\\u{202e}about\\u{2028}\"",
            ),
        ];
        for (text, want) in rows {
            assert_eq!(quote(text), want, "{text:?}");
        }
    }
}
