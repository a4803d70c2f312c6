//! Finding a step by what it says. Titles and answers, short, are matched loosely as one types
//! (nucleo's fuzzy matcher, which ranks the tightest match first); the long texts (what to ask
//! or say, and the why) by the words in them, found as they are, whatever their case. The short
//! fields are searched first and rank higher, so the first results come within a frame even on
//! a tree of 10,000 nodes (`cargo bench --bench search`).

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use crate::tree::{Node, NodeId, Tree};

/// Where in a node the query was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The node's title.
    Title,
    /// The label of answer `.0`.
    Answer(usize),
    /// The words to ask or say, or the why.
    Text,
}

/// One node found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// The node.
    pub node: NodeId,
    /// Where the query was found in it.
    pub field: Field,
    /// How well (higher is better): as written in a title or answer, then in a long text, then
    /// loosely.
    pub score: u32,
    /// The characters of the title or answer that matched, by position, to highlight.
    pub matched: Vec<u32>,
}

/// The score of the query found as written in a title or an answer (plus how well nucleo rates
/// it), and of the query found in a long text: both above any loose match.
const LITERAL: u32 = 2_000_000;
const IN_TEXT: u32 = 1_000_000;

/// A tree's texts, ready to search.
pub struct Index {
    items: Vec<Item>,
}

/// A node's texts: its title and answers as written and in lower case, and its long texts in
/// lower case.
struct Item {
    title: String,
    labels: Vec<String>,
    lower: Vec<String>,
    long: String,
    /// A table's later question: found as its table (its words are the table's long text).
    hidden: bool,
}

impl Index {
    /// Reads a tree's texts once.
    pub fn new(tree: &Tree) -> Index {
        let items = tree
            .nodes
            .iter()
            .map(|(_, node)| {
                let labels = match node {
                    Node::Question { choices, .. } => {
                        choices.iter().map(|c| c.label.to_string()).collect()
                    }
                    _ => Vec::new(),
                };
                let text = match node {
                    Node::Question { text, .. }
                    | Node::Info { text, .. }
                    | Node::Checklist { text, .. } => text.to_string(),
                    // A walkable tree has its tables as questions.
                    Node::Table { .. } => String::new(),
                    Node::Outcome { action, .. } => action.to_string(),
                };
                let long = format!("{text}\n{}", node.why().unwrap_or("")).to_lowercase();
                let title = node.title().to_string();
                let lower = std::iter::once(&title)
                    .chain(&labels)
                    .map(|s| s.to_lowercase())
                    .collect();
                Item {
                    title,
                    labels,
                    lower,
                    long,
                    hidden: false,
                }
            })
            .collect::<Vec<_>>();
        // A table is entered at its first question: the words of its later ones find it.
        let mut items = items;
        for i in 0..items.len() {
            if let Some(table) = tree.table_of(NodeId(i as u32)) {
                let words = format!("\n{}\n{}", items[i].lower.join("\n"), items[i].long);
                items[table.index()].long.push_str(&words);
                items[i].hidden = true;
            }
        }
        Index { items }
    }

    /// The best `limit` nodes for `query`, best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        let query = query.trim();
        if query.is_empty() {
            return Vec::new();
        }
        let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buf = Vec::new();
        let words = query.to_lowercase();
        let mut hits: Vec<Hit> = Vec::new();
        for (i, item) in self.items.iter().enumerate().filter(|(_, it)| !it.hidden) {
            let short = std::iter::once((Field::Title, &item.title)).chain(
                item.labels
                    .iter()
                    .enumerate()
                    .map(|(j, l)| (Field::Answer(j), l)),
            );
            let best = short
                .filter_map(|(field, text)| {
                    let score = pattern.score(Utf32Str::new(text, &mut buf), &mut matcher)?;
                    Some((score, field))
                })
                .max_by_key(|&(score, _)| score);
            // The query as written, in a title or an answer, ranks first; then in a long text;
            // then letters in order, scattered (a loose match of a long label is weak).
            let literal = |field: Field| match field {
                Field::Title => item.lower[0].contains(&words),
                Field::Answer(j) => item.lower[j + 1].contains(&words),
                Field::Text => false,
            };
            let found = match best {
                Some((score, field)) if literal(field) => Some((LITERAL + score, field)),
                _ if item.long.contains(&words) => Some((IN_TEXT, Field::Text)),
                Some((score, field)) => Some((score, field)),
                None => None,
            };
            if let Some((score, field)) = found {
                hits.push(Hit {
                    node: NodeId(i as u32),
                    field,
                    score,
                    matched: Vec::new(),
                });
            }
        }
        // Best first; among equals, in the file's order.
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.node.cmp(&b.node)));
        hits.truncate(limit);
        for hit in &mut hits {
            let item = &self.items[hit.node.index()];
            let text = match hit.field {
                Field::Title => &item.title,
                Field::Answer(j) => &item.labels[j],
                Field::Text => continue,
            };
            pattern.indices(
                Utf32Str::new(text, &mut buf),
                &mut matcher,
                &mut hit.matched,
            );
            hit.matched.sort_unstable();
            hit.matched.dedup();
        }
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> Tree {
        crate::tree::load_text(crate::commands::walk::BUNDLED.to_string())
            .walkable()
            .unwrap()
    }

    #[test]
    fn titles_and_answers_are_found_loosely_and_long_texts_by_their_words() {
        let tree = bundled();
        let index = Index::new(&tree);
        let first = |q: &str| {
            let hits = index.search(q, 5);
            hits.first().map(|h| (tree.id(h.node).to_string(), h.field))
        };
        assert_eq!(first("chest pain"), Some(("rf_chest".into(), Field::Title)));
        // Letters in order, not together: "cncr" finds "Cancer".
        assert_eq!(first("cncr"), Some(("rf_cancer".into(), Field::Title)));
        // Only in what is said: found in the long text.
        let saddle = index.search("wipe after the toilet", 5);
        assert_eq!(tree.id(saddle[0].node), "rf_saddle");
        assert_eq!(saddle[0].field, Field::Text);
        assert!(index.search("zzzzqqqq", 5).is_empty());
        assert!(index.search("  ", 5).is_empty());
        // What matched, to highlight.
        let hits = index.search("chest", 1);
        assert_eq!(hits[0].matched, [0, 1, 2, 3, 4]);
    }
}
