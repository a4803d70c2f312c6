//! A case walked through its tree: each answer taken by its words, to the outcome it reaches or
//! the step where its answers stop fitting.

use crate::tree::{Node, NodeId, Tree};
use crate::walk::{Action, Walk};

use super::Case;

/// How a case's walk ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum End {
    /// At this outcome, every answer used.
    Reached(NodeId),
    /// The answers ran out at this step, before an outcome.
    Stopped(NodeId),
    /// An outcome came with answers left, from answer number `from`.
    LeftOver { outcome: NodeId, from: usize },
    /// Answer number `answer` is not one the step `at` offers.
    Unknown {
        at: NodeId,
        answer: usize,
        suggestion: Option<crate::tree::Guess>,
    },
}

/// One answer given, as the case gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The step.
    pub node: NodeId,
    /// The action taken there.
    pub action: Action,
    /// The case's answer number that gave it (`None` for a step read out, or a list asked one
    /// at a time because the case answered its first sign).
    pub from: Option<usize>,
}

/// A case's walk: every step answered, and how it ended.
#[derive(Clone, Debug)]
pub struct Walked {
    pub answers: Vec<Answer>,
    pub walk: Walk,
    pub end: End,
}

/// Walks a case's answers through `tree`.
pub fn walk(tree: &Tree, case: &Case) -> Walked {
    let mut walk = Walk::new(tree);
    let mut answers = Vec::new();
    let mut next = 0;
    let end = loop {
        let here = walk.current();
        let given = case.answers.get(next).map(|a| a.trim());
        let (action, used) = match (tree.node(here), given) {
            (Node::Outcome { .. }, None) => break End::Reached(here),
            // A walkable tree has its tables as questions: never met.
            (Node::Table { .. }, _) => break End::Stopped(here),
            (Node::Outcome { .. }, Some(_)) => {
                break End::LeftOver {
                    outcome: here,
                    from: next,
                };
            }
            (Node::Info { .. }, _) => (Action::Continue, false),
            (Node::Checklist { .. }, None) | (Node::Question { .. }, None) => {
                break End::Stopped(here);
            }
            (Node::Checklist { .. }, Some(given)) => match on_list(tree, here, given) {
                Some(action) => (action, true),
                // The list asked one at a time: the answer is its first sign's.
                None if first_sign_offers(tree, here, given) => (Action::Continue, false),
                // Neither: a mistake at the list, with what it does take.
                None => {
                    break End::Unknown {
                        at: here,
                        answer: next,
                        suggestion: list_guess(tree, here, given),
                    };
                }
            },
            (Node::Question { choices, .. }, Some(given)) => {
                match choices.iter().position(|c| c.label.trim() == given) {
                    Some(i) => (Action::Choose(i), true),
                    None => {
                        let labels = choices.iter().map(|c| c.label.trim());
                        break End::Unknown {
                            at: here,
                            answer: next,
                            suggestion: crate::tree::closest(given, labels),
                        };
                    }
                }
            }
        };
        if walk.apply(tree, action).is_err() {
            break End::Stopped(here);
        }
        answers.push(Answer {
            node: here,
            action,
            from: used.then_some(next),
        });
        if used {
            next += 1;
        }
    };
    Walked { answers, walk, end }
}

/// What an answer means at a list: a sign's title (it applies), `not sure: ` and a title,
/// `none of these`, `one at a time`; `None` for anything else (the first sign's answer).
fn on_list(tree: &Tree, list: NodeId, given: &str) -> Option<Action> {
    let items = tree.items(list);
    let title = |t: &str| items.iter().position(|&i| tree.node(i).title().trim() == t);
    match given {
        "none of these" => Some(Action::NoneApply),
        "one at a time" => Some(Action::Continue),
        _ => match given.strip_prefix("not sure: ") {
            Some(sign) => title(sign.trim()).map(Action::Unsure),
            None => title(given).map(Action::Mark),
        },
    }
}

/// Whether the first sign of a list offers `given` as an answer (the list asked one at a time).
fn first_sign_offers(tree: &Tree, list: NodeId, given: &str) -> bool {
    let Some(&first) = tree.items(list).first() else {
        return false;
    };
    match tree.node(first) {
        Node::Question { choices, .. } => choices.iter().any(|c| c.label.trim() == given),
        _ => false,
    }
}

/// The answers a list takes that are as close as the closest to `given`: each sign's title,
/// each with `not sure: `, `none of these`, `one at a time`, and the first sign's answers.
fn list_guess(tree: &Tree, list: NodeId, given: &str) -> Option<crate::tree::Guess> {
    let items = tree.items(list);
    let mut takes: Vec<String> = vec!["none of these".into(), "one at a time".into()];
    for &i in &items {
        let title = tree.node(i).title().trim();
        takes.push(title.to_string());
        takes.push(format!("not sure: {title}"));
    }
    if let Some(&first) = items.first()
        && let Node::Question { choices, .. } = tree.node(first)
    {
        takes.extend(choices.iter().map(|c| c.label.trim().to_string()));
    }
    crate::tree::closest(given, takes.iter().map(String::as_str))
}

impl Walked {
    /// Whether the case's walk reached the outcome it expects, every answer used.
    pub fn passed(&self, tree: &Tree, case: &Case) -> bool {
        matches!(self.end, End::Reached(at) if tree.id(at) == &*case.outcome)
    }
}
