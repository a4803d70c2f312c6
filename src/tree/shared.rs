//! Shared texts (format 2): a node that names one with `text_from` takes its words, why and
//! sources where it gives none of its own. Resolved before the checks, so a node's text is
//! checked as the walk will show it.

use super::check::Finding;
use super::model::{Node, TreeFile};
use super::place::Place;
use super::problem::Problem;

/// How many "did you mean" guesses one file's unknown shared texts get (each compares the name
/// with every shared text).
const GUESSES: usize = 50;

/// What resolving found: its problems, and the nodes whose shared text is unknown (their empty
/// text and missing why would only repeat that, so the checks' findings of them are dropped).
pub struct Resolved {
    found: Vec<Finding>,
    unknown: Vec<usize>,
}

impl Resolved {
    /// The checks' findings with these added, less those the unknown names explain.
    pub fn merge(self, mut findings: Vec<Finding>) -> Vec<Finding> {
        findings.retain(|f| {
            !(matches!(
                f.problem,
                Problem::EmptyText { .. } | Problem::MissingWhy { .. }
            ) && f.place.node().is_some_and(|i| self.unknown.contains(&i)))
        });
        findings.extend(self.found);
        findings
    }
}

/// Fills in each node's shared text, and says what does not fit: a name no shared text has,
/// a shared text no node uses, and either in a file of format 1.
pub fn resolve(file: &mut TreeFile) -> Resolved {
    let mut unknown = Vec::new();
    let mut found = Vec::new();
    let push = |found: &mut Vec<Finding>, problem, place| {
        found.push(Finding {
            problem,
            place,
            also: None,
        })
    };
    if file.format == 1 && !file.texts.is_empty() {
        push(
            &mut found,
            Problem::NeedsFormat2 { field: "texts" },
            Place::Field("texts"),
        );
    }
    let mut used = vec![false; file.texts.len()];
    let mut guesses = GUESSES;
    let texts = std::mem::take(&mut file.texts);
    let mut by_name = std::collections::HashMap::with_capacity(texts.len());
    for (k, (name, _)) in texts.iter().enumerate() {
        by_name.entry(name.as_str()).or_insert(k);
    }
    for i in 0..file.nodes.len() {
        let (id, node) = &file.nodes[i];
        let id = id.clone();
        let (Node::Question { text_from, .. } | Node::Info { text_from, .. }) = node else {
            continue;
        };
        let Some(name) = text_from.clone() else {
            continue;
        };
        if file.format == 1 {
            push(
                &mut found,
                Problem::NeedsFormat2 { field: "text_from" },
                Place::NodeField(i, "text_from"),
            );
        }
        let Some(&k) = by_name.get(&*name) else {
            let guess = guesses.checked_sub(1).and_then(|left| {
                guesses = left;
                super::closest(&name, texts.iter().map(|(n, _)| n.as_str()))
            });
            unknown.push(i);
            push(
                &mut found,
                Problem::UnknownText {
                    id,
                    name: name.to_string(),
                    guess,
                },
                Place::NodeField(i, "text_from"),
            );
            continue;
        };
        used[k] = true;
        let shared = &texts[k].1;
        let mut node = std::mem::replace(&mut file.nodes.entry_mut(i).1, placeholder());
        if let Node::Question {
            text, why, sources, ..
        }
        | Node::Info {
            text, why, sources, ..
        } = &mut node
        {
            if text.is_empty()
                && let Some(t) = &shared.text
            {
                *text = t.clone();
            }
            if why.is_none() {
                why.clone_from(&shared.why);
            }
            if sources.is_empty() {
                sources.clone_from(&shared.sources);
            }
        }
        file.nodes.entry_mut(i).1 = node;
    }
    for (k, (name, _)) in texts.iter().enumerate() {
        if !used[k] {
            push(
                &mut found,
                Problem::UnusedText { name: name.clone() },
                Place::MapKey("texts", k),
            );
        }
    }
    file.texts = texts;
    Resolved { found, unknown }
}

/// A node to hold a place for a moment.
fn placeholder() -> Node {
    Node::Info {
        title: "".into(),
        text: "".into(),
        text_from: None,
        next: "".into(),
        why: None,
        sources: Vec::new(),
        allow: Vec::new(),
    }
}
