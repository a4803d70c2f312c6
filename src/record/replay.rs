//! A recorded call's answers walked through a tree as it is now: the same path to the same
//! outcome, or where the two part. This is how an author checks that an edit to a tree does not
//! change what earlier callers would have been told.

use super::{Call, EventKind};
use crate::tree::{Node, NodeId, Tree};

/// Where a replay parted from the call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Parting {
    /// A node the call passed through is gone.
    NodeRemoved { node: String },
    /// The answer given is no longer offered in those words.
    AnswerRenamed {
        node: String,
        was: String,
        now: Option<String>,
    },
    /// The answer now leads to a new question the call never saw.
    QuestionAdded {
        node: String,
        answer: String,
        added: String,
        then: String,
    },
    /// The answer now leads somewhere else.
    Repointed {
        node: String,
        answer: String,
        then: String,
        now: String,
    },
    /// The tree's start is another node.
    NewStart { then: String, now: String },
    /// The path is the same, but it ends at another outcome (or at none).
    OtherOutcome { then: String, now: String },
}

/// What a replay found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replay {
    /// Steps that matched before any parting.
    pub matched: usize,
    /// `None` when the tree takes the call's path to its outcome.
    pub parting: Option<(usize, Parting)>,
}

/// Walks the call's path (its steps once back steps are taken away) through `tree`.
pub fn replay(call: &Call, tree: &Tree) -> Replay {
    let path = call.path();
    let mut here = tree.start();
    let parted = |matched: usize, p: Parting| Replay {
        matched,
        parting: Some((matched + 1, p)),
    };
    for (i, event) in path.iter().enumerate() {
        if let EventKind::Jump { node, .. } = &event.kind {
            match tree.find(node) {
                Some(to) => here = to,
                None => return parted(i, Parting::NodeRemoved { node: node.clone() }),
            }
            continue;
        }
        let (node, answer, index) = match &event.kind {
            EventKind::Step {
                node,
                answer,
                index,
                ..
            } => (node, answer, *index),
            EventKind::Checklist { node, answer, .. } => (node, answer, 0),
            _ => continue,
        };
        if tree.id(here) != node {
            let now = tree.id(here).to_string();
            if i == 0 {
                return parted(
                    i,
                    Parting::NewStart {
                        then: node.clone(),
                        now,
                    },
                );
            }
            if tree.find(node).is_none() {
                return parted(i, Parting::NodeRemoved { node: node.clone() });
            }
            return parted(i - 1, parting_after(&path, i - 1, node, tree, here));
        }
        let offered: Vec<&str> = match tree.node(here) {
            Node::Question { choices, .. } => choices.iter().map(|c| &*c.label).collect(),
            // However a checklist was answered, it was left for its first item; the items'
            // own steps follow.
            Node::Checklist { .. } => vec![answer.as_str()],
            _ => vec!["Continue"],
        };
        let Some(taken) = offered.iter().position(|l| l == answer) else {
            return parted(
                i,
                Parting::AnswerRenamed {
                    node: node.clone(),
                    was: answer.clone(),
                    now: offered.get(index).map(|s| s.to_string()),
                },
            );
        };
        let Some(next) = tree.targets(here).get(taken).copied().flatten() else {
            return parted(i, Parting::NodeRemoved { node: node.clone() });
        };
        here = next;
    }
    let now = tree.id(here).to_string();
    match &call.outcome {
        Some(o) if o.node != now => {
            let last = path.len().saturating_sub(1);
            let parting = if matches!(tree.node(here), Node::Outcome { .. }) || path.is_empty() {
                Parting::OtherOutcome {
                    then: o.node.clone(),
                    now,
                }
            } else {
                parting_after(&path, last, &o.node, tree, here)
            };
            Replay {
                matched: last,
                parting: Some((path.len(), parting)),
            }
        }
        _ => Replay {
            matched: path.len(),
            parting: None,
        },
    }
}

/// Step `at` of the call now leads to `now`, where the call went on to `then`.
fn parting_after(
    path: &[&super::Event],
    at: usize,
    then: &str,
    tree: &Tree,
    now: NodeId,
) -> Parting {
    let (node, answer) = match &path[at].kind {
        EventKind::Step { node, answer, .. } | EventKind::Checklist { node, answer, .. } => {
            (node.clone(), answer.clone())
        }
        _ => Default::default(),
    };
    let then = then.to_string();
    let now_id = tree.id(now).to_string();
    // A question the call never saw, one of whose answers leads where the call went: added.
    let leads_on = tree
        .find(&then)
        .is_some_and(|t| tree.targets(now).contains(&Some(t)));
    if leads_on
        && !path
            .iter()
            .any(|e| matches!(&e.kind, EventKind::Step { node, .. } if *node == now_id))
    {
        Parting::QuestionAdded {
            node,
            answer,
            added: now_id,
            then,
        }
    } else {
        Parting::Repointed {
            node,
            answer,
            then,
            now: now_id,
        }
    }
}

impl std::fmt::Display for Parting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::scrub::one_line as s;
        match self {
            Parting::NodeRemoved { node } => write!(f, "`{}` is no longer in the tree", s(node)),
            Parting::AnswerRenamed {
                node,
                was,
                now: Some(now),
            } => write!(
                f,
                "at `{}`, the answer \"{}\" is now \"{}\"",
                s(node),
                s(was),
                s(now)
            ),
            Parting::AnswerRenamed {
                node,
                was,
                now: None,
            } => write!(
                f,
                "at `{}`, the answer \"{}\" is no longer offered",
                s(node),
                s(was)
            ),
            Parting::QuestionAdded {
                node,
                answer,
                added,
                then,
            } => write!(
                f,
                "at `{}`, \"{}\" now leads to a new question `{}` before `{}`",
                s(node),
                s(answer),
                s(added),
                s(then)
            ),
            Parting::Repointed {
                node,
                answer,
                then,
                now,
            } => write!(
                f,
                "at `{}`, \"{}\" now leads to `{}`, where the call went to `{}`",
                s(node),
                s(answer),
                s(now),
                s(then)
            ),
            Parting::NewStart { then, now } => write!(
                f,
                "the tree now starts at `{}`; the call started at `{}`",
                s(now),
                s(then)
            ),
            Parting::OtherOutcome { then, now } => write!(
                f,
                "the same answers now end at `{}`; the call ended at `{}`",
                s(now),
                s(then)
            ),
        }
    }
}
