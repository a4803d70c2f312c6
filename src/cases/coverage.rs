//! What a tree's cases reach, and what none of them does: outcomes, answers, warning signs
//! answered yes, and whole paths, each as a count out of all the tree has (from its start).

use std::collections::HashSet;

use crate::tree::shape::{Count, Shape};
use crate::tree::{Node, NodeId, Tree};
use crate::walk::Walk;

/// Counts of what the cases reached, and what they did not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Coverage {
    /// Outcomes reached, of those the start leads to.
    pub outcomes: (usize, usize),
    /// Answers taken (each answer of each question), of those the start leads to.
    pub answers: (usize, usize),
    /// Warning signs answered yes (any positive answer), of those the start leads to.
    pub red_flags: (usize, usize),
    /// Whole paths from the start to an outcome walked, of all there are (saturating).
    pub paths: (Count, Count),
    /// The outcomes no case reached, in the order of the file.
    pub missed_outcomes: Vec<NodeId>,
    /// The answers no case took: the question and the answer's number.
    pub missed_answers: Vec<(NodeId, usize)>,
    /// The warning signs no case answered yes.
    pub missed_flags: Vec<NodeId>,
}

impl Coverage {
    /// A share as a whole percent, rounded down (100 only when all are covered).
    pub fn percent(part: Count, whole: Count) -> u32 {
        part.saturating_mul(100)
            .checked_div(whole)
            .map_or(100, |p| p as u32)
    }
}

/// What these walks (each at an outcome) cover of `tree`.
pub fn measure<'a>(tree: &Tree, walks: impl IntoIterator<Item = &'a Walk>) -> Coverage {
    let shape = Shape::of(tree);
    let mut reached = vec![false; tree.nodes.len()];
    for &n in &shape.order {
        reached[n.index()] = true;
    }
    let mut outcomes = HashSet::new();
    let mut answers = HashSet::new();
    let mut yes = HashSet::new();
    let mut paths = HashSet::new();
    for walk in walks {
        if !walk.is_finished(tree) {
            continue;
        }
        outcomes.insert(walk.current());
        let mut path = Vec::with_capacity(walk.steps().len());
        for step in walk.steps() {
            path.push((step.node, step.answer));
            let (
                Some(a),
                Node::Question {
                    choices, red_flag, ..
                },
            ) = (step.answer, tree.node(step.node))
            else {
                continue;
            };
            answers.insert((step.node, a));
            if *red_flag && choices.get(a).is_some_and(|c| c.positive) {
                yes.insert(step.node);
            }
        }
        paths.insert(path);
    }
    let ids = || {
        (0..tree.nodes.len())
            .map(|i| NodeId(i as u32))
            .filter(|n| reached[n.index()])
    };
    let all_outcomes: Vec<NodeId> = ids()
        .filter(|&n| matches!(tree.node(n), Node::Outcome { .. }))
        .collect();
    let all_answers: Vec<(NodeId, usize)> = ids()
        .flat_map(|n| match tree.node(n) {
            Node::Question { choices, .. } => (0..choices.len()).map(|a| (n, a)).collect(),
            _ => Vec::new(),
        })
        .collect();
    let all_flags: Vec<NodeId> = ids()
        .filter(|&n| matches!(tree.node(n), Node::Question { red_flag: true, .. }))
        .collect();
    let total_paths = shape.to_end[tree.start().index()];
    Coverage {
        outcomes: (outcomes.len(), all_outcomes.len()),
        answers: (answers.len(), all_answers.len()),
        red_flags: (yes.len(), all_flags.len()),
        paths: (paths.len() as Count, total_paths),
        missed_outcomes: all_outcomes
            .into_iter()
            .filter(|n| !outcomes.contains(n))
            .collect(),
        missed_answers: all_answers
            .into_iter()
            .filter(|a| !answers.contains(a))
            .collect(),
        missed_flags: all_flags.into_iter().filter(|n| !yes.contains(n)).collect(),
    }
}
