//! Reading a large tree on two threads: the file is cut in two at a node boundary near its
//! middle, and ron parses the halves at once.
//!
//! ron parses this format at about 200 MB/s on one core; with two, a large tree loads nearly
//! twice as fast. The cut needs no copy of the text: three white-space bytes between two nodes
//! are overwritten, so the first half reads `…,})` and the second `{…}`, and put back afterwards.
//! Whenever anything is unusual (attributes, comments or no white space between nodes, `nodes`
//! not the last field, either half failing to parse), the caller reads the file whole instead, so
//! every error is reported from the whole text exactly as ron sees it. A cut that fell inside a
//! string or comment leaves the first half unterminated, so it can never parse by mistake.

use super::decode::options;
use super::entries::Entries;
use super::model::{Node, Tree};

/// Below this size (a parse of about a millisecond) a second thread is not worth starting.
const MIN_SIZE: usize = 256 << 10;

/// Where to cut: between the comma ending one node and the key of the next.
#[derive(Debug, PartialEq, Eq)]
struct Cut {
    /// The comma after a node's closing `)`.
    comma: usize,
    /// The `"` that opens the next node's id; at least three white-space bytes lie between.
    key: usize,
    /// The `}` closing the `nodes` map.
    map_end: usize,
}

/// Parses a large tree on two threads, or `None` when it should be read whole.
pub fn decode(text: &mut String) -> Option<Tree> {
    let cut = find_cut(text)?;
    // Equal-length replacements of ASCII white space: nothing else in the text moves.
    let (closing, opening) = (cut.comma + 1..cut.comma + 3, cut.key - 1..cut.key);
    let saved = (
        text[closing.clone()].to_string(),
        text[opening.clone()].to_string(),
    );
    text.replace_range(closing.clone(), "})");
    text.replace_range(opening.clone(), "{");
    let halves: &str = text;
    let (first, second) = std::thread::scope(|s| {
        let second = &halves[cut.key - 1..=cut.map_end];
        let second = s.spawn(move || options().from_str::<Entries<Node>>(second).ok());
        let first = options().from_str::<Tree>(&halves[..cut.comma + 3]).ok();
        (first, second.join().ok().flatten())
    });
    text.replace_range(closing, &saved.0);
    text.replace_range(opening, &saved.1);
    let mut tree = first?;
    tree.extend_nodes(second?);
    Some(tree)
}

/// A place to cut the text, if it is large and plain enough.
fn find_cut(text: &str) -> Option<Cut> {
    if text.len() < MIN_SIZE {
        return None;
    }
    let bytes = text.as_bytes();
    // `#![enable(…)]` attributes would apply to the first half only.
    let open = text.find('(')?;
    if text[..open].contains("#!") {
        return None;
    }
    // `nodes` must be the last field: the text ends `}` [`,`] `)`.
    let body = text.trim_end().strip_suffix(')')?.trim_end();
    let body = body.strip_suffix(',').unwrap_or(body).trim_end();
    let map_end = body.strip_suffix('}')?.len();
    let mut at = text.len() / 2;
    while !text.is_char_boundary(at) {
        at += 1;
    }
    for _ in 0..10_000 {
        let comma = at + text[at..map_end].find("),")? + 1;
        at = comma + 1;
        let gap = bytes[comma + 1..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        let key = comma + 1 + gap;
        if gap >= 3 && starts_a_node(&text[key..]) {
            return Some(Cut {
                comma,
                key,
                map_end,
            });
        }
    }
    None
}

/// `"id": Question(`, `"id": Info(` or `"id": Outcome(`, with an id of plain id characters.
fn starts_a_node(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('"') else {
        return false;
    };
    let id_len = rest
        .bytes()
        .take_while(|&b| b.is_ascii_alphanumeric() || b == b'_')
        .count();
    let Some(rest) = rest[id_len..].strip_prefix('"') else {
        return false;
    };
    let Some(rest) = rest.trim_start().strip_prefix(':') else {
        return false;
    };
    let rest = rest.trim_start();
    let Some(rest) = ["Question", "Info", "Outcome"]
        .iter()
        .find_map(|k| rest.strip_prefix(k))
    else {
        return false;
    };
    id_len > 0 && rest.trim_start().starts_with('(')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(nodes: usize, sep: &str, tail: &str) -> String {
        let mut s =
            String::from("(title: \"T\", format: 1, start: \"n0\", disclaimer: \"D\", nodes: {");
        for i in 0..nodes {
            let next = if i + 1 == nodes {
                String::new()
            } else {
                format!("n{}", i + 1)
            };
            if next.is_empty() {
                s.push_str(&format!("\"n{i}\": Outcome(title: \"E\", urgency: SelfCare, action: \"{}\", why: \"w\"){sep}", "x".repeat(200)));
            } else {
                s.push_str(&format!(
                    "\"n{i}\": Info(title: \"T\", text: \"{}\", next: \"{next}\"){sep}",
                    "x".repeat(200)
                ));
            }
        }
        s.push_str(tail);
        s
    }

    #[test]
    fn a_large_plain_tree_is_cut_between_two_nodes_and_read_whole_again() {
        let mut text = big(6000, ",\n    ", "},\n)\n");
        let before = text.clone();
        let cut = find_cut(&text).expect("a cut");
        assert!(text[cut.key..].starts_with("\"n"));
        assert_eq!(&text[cut.comma - 1..=cut.comma], "),");
        let tree = decode(&mut text).expect("both halves parse");
        assert_eq!(text, before, "the text is put back as it was");
        assert_eq!(tree.nodes.len(), 6000);
        let ids: Vec<_> = tree
            .nodes
            .iter()
            .map(|(id, _)| id.as_str())
            .take(3)
            .collect();
        assert_eq!(ids, ["n0", "n1", "n2"]);
        assert_eq!(tree.nodes[5999].0, "n5999");
    }

    #[test]
    fn unusual_files_are_read_whole() {
        let rows = [
            ("small", big(10, ",\n    ", "})")),
            ("no space between nodes", big(6000, ",", "})")),
            (
                "another field after nodes",
                big(6000, ",\n    ", "}, sources: {})"),
            ),
            (
                "attributes",
                format!("#![enable(implicit_some)]\n{}", big(6000, ",\n    ", "})")),
            ),
        ];
        for (what, text) in rows {
            let nodes = text.matches("\": Info(").count() + 1;
            assert!(
                decode(&mut text.clone()).is_none(),
                "{what}: not read in halves"
            );
            let loaded = crate::tree::load_text(text);
            assert_eq!(
                loaded.tree.map(|t| t.nodes.len()),
                Some(nodes),
                "{what}: read whole"
            );
        }
    }

    #[test]
    fn a_cut_inside_a_raw_string_never_parses_and_the_whole_file_still_does() {
        // Only a raw string can hold `"id": Info(` unescaped: make the middle of the file one.
        let fake = big(6000, ",\n    ", "");
        let small = big(10, ",\n    ", "})");
        let mut text = small.replacen("text: \"", &format!("text: r#\"{fake}\"#, why: \""), 1);
        let before = text.clone();
        let cut = find_cut(&text).expect("the fake boundary looks like a node");
        assert!(
            cut.comma > text.find("r#\"").unwrap(),
            "the cut is inside the raw string"
        );
        assert!(
            decode(&mut text).is_none(),
            "the first half has an unterminated string"
        );
        assert_eq!(text, before);
        let loaded = crate::tree::load_text(text);
        assert_eq!(loaded.tree.map(|t| t.nodes.len()), Some(10));
    }
}
