//! The walk through a tree, as a pure state machine.
//!
//! No terminal types here: a face (the full-screen one now; a plain line mode, replay and quizzes
//! later) turns what a person does into an [`Action`] and applies it. The walk keeps the path
//! taken, what was answered at each node (so going back keeps earlier answers), and a log of every
//! action it accepted, which is all a transcript or a replay needs.

use std::collections::HashMap;
use std::fmt;

use crate::tree::{Node, NodeId, Tree};

/// Something a person does to the walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Answer the current question with choice `.0` (from 0).
    Choose(usize),
    /// Go on from an info step.
    Continue,
    /// Step back to the previous node, keeping what was answered there.
    Back,
    /// Start again from the first node, for the next caller: nothing answered so far is
    /// remembered (the log keeps it).
    Restart,
    /// Go straight to a node without answering (a search result, a warning sign chosen from
    /// the list): the step left has no answer, and `Back` comes back to it.
    Jump(NodeId),
}

/// One node on the path, and the answer given there (`None` for the node the walk is at).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Step {
    /// The node.
    pub node: NodeId,
    /// The choice taken (an info step's only way on counts as choice 0).
    pub answer: Option<usize>,
}

/// Why an action was not applied. The walk is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A choice number the question does not have.
    NoSuchChoice { given: usize, count: usize },
    /// `Choose` at a node that is not a question.
    NotAQuestion,
    /// `Continue` at a node that is not an info step.
    NotAnInfo,
    /// `Back` at the first node.
    AtStart,
    /// A link names no node (a checked tree never has one).
    Broken { target: String },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NoSuchChoice { given, count } => {
                write!(
                    f,
                    "there is no choice {} here (there are {count})",
                    given + 1
                )
            }
            Refusal::NotAQuestion => f.write_str("this step is not a question"),
            Refusal::NotAnInfo => f.write_str("this step needs an answer"),
            Refusal::AtStart => f.write_str("this is the first step"),
            Refusal::Broken { target } => {
                write!(f, "the tree links to `{target}`, which is not a node")
            }
        }
    }
}

/// Where a person is in a tree, and how they got there.
#[derive(Clone, Debug)]
pub struct Walk {
    steps: Vec<Step>,
    recall: HashMap<NodeId, usize>,
    log: Vec<Action>,
}

impl Walk {
    /// A walk at the tree's first node.
    pub fn new(tree: &Tree) -> Walk {
        Walk {
            steps: vec![Step {
                node: tree.start(),
                answer: None,
            }],
            recall: HashMap::new(),
            log: Vec::new(),
        }
    }

    /// The node the walk is at.
    pub fn current(&self) -> NodeId {
        self.steps[self.steps.len() - 1].node
    }

    /// The path from the first node to the current one; every step but the last has its answer.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The path with the words of each answer: every step but the last has its answer's
    /// label, or `None` for an info step read out or a step left by a jump ([`Walk::how_left`]
    /// tells them apart); the last (where the walk is) has `None`.
    pub fn trail<'t>(
        &'t self,
        tree: &'t Tree,
    ) -> impl DoubleEndedIterator<Item = (NodeId, Option<&'t str>)> + ExactSizeIterator {
        self.steps.iter().map(|s| {
            let label = s.answer.and_then(|a| tree.node(s.node).answer(a));
            (s.node, label)
        })
    }

    /// How step `i` of the path was left, in words for a path shown to people: its answer, "read
    /// out" for an info step, "left by a jump" for a step left by a jump.
    pub fn how_left<'t>(&self, tree: &'t Tree, i: usize) -> std::borrow::Cow<'t, str> {
        let step = self.steps[i];
        match step.answer {
            // An info step's only way on has no words.
            Some(a) => tree
                .node(step.node)
                .answer(a)
                .unwrap_or("(read out)")
                .into(),
            None => "(left by a jump)".into(),
        }
    }

    /// The answer last given at a node since the walk last (re)started, if it has been there:
    /// kept after going back, forgotten on [`Action::Restart`].
    pub fn recalled(&self, node: NodeId) -> Option<usize> {
        self.recall.get(&node).copied()
    }

    /// Every action the walk accepted, in order.
    pub fn log(&self) -> &[Action] {
        &self.log
    }

    /// `true` once the walk has moved past the first node.
    pub fn is_underway(&self) -> bool {
        self.steps.len() > 1
    }

    /// `true` at an outcome.
    pub fn is_finished(&self, tree: &Tree) -> bool {
        matches!(tree.node(self.current()), Node::Outcome { .. })
    }

    /// The same walk in a new version of its tree (after the file was edited), matched by id.
    ///
    /// The walk keeps its place when the current node still exists; otherwise it steps back to
    /// the nearest earlier step that does, or to the start. Steps whose node is gone, or whose
    /// answer the node no longer has, are dropped, so every step left is valid in the new tree.
    /// When the edit moved the start itself, the walk begins again at the new start (its log
    /// kept), as a path that does not begin at the start would not be a path through the tree.
    pub fn rebase(&self, old: &Tree, new: &Tree) -> Walk {
        let map = |node: NodeId| new.find(old.id(node));
        let last = self.steps.iter().rposition(|s| map(s.node).is_some());
        let Some(last) = last.filter(|_| map(self.steps[0].node) == Some(new.start())) else {
            return Walk {
                log: self.log.clone(),
                ..Walk::new(new)
            };
        };
        let mut steps: Vec<Step> = self.steps[..last]
            .iter()
            .filter_map(|s| {
                let node = map(s.node)?;
                let answer = s.answer.filter(|&a| a < new.targets(node).len())?;
                Some(Step {
                    node,
                    answer: Some(answer),
                })
            })
            .collect();
        steps.push(Step {
            node: map(self.steps[last].node).unwrap_or(self.current()),
            answer: None,
        });
        let recall = self
            .recall
            .iter()
            .filter_map(|(&node, &answer)| {
                let node = map(node)?;
                (answer < new.targets(node).len()).then_some((node, answer))
            })
            .collect();
        Walk {
            steps,
            recall,
            log: self.log.clone(),
        }
    }

    /// Applies an action, or says why not and changes nothing.
    pub fn apply(&mut self, tree: &Tree, action: Action) -> Result<(), Refusal> {
        let here = self.current();
        match (action, tree.node(here)) {
            (Action::Choose(i), Node::Question { choices, .. }) => {
                let choice = choices.get(i).ok_or(Refusal::NoSuchChoice {
                    given: i,
                    count: choices.len(),
                })?;
                self.advance(tree, i, &choice.next)?;
            }
            (Action::Choose(_), _) => return Err(Refusal::NotAQuestion),
            (Action::Continue, Node::Info { next, .. }) => self.advance(tree, 0, next)?,
            (Action::Continue, _) => return Err(Refusal::NotAnInfo),
            (Action::Back, _) => {
                if self.steps.len() == 1 {
                    return Err(Refusal::AtStart);
                }
                self.steps.pop();
                let last = self.steps.len() - 1;
                self.steps[last].answer = None;
            }
            (Action::Jump(to), _) => {
                if to.index() >= tree.nodes.len() {
                    return Err(Refusal::Broken {
                        target: format!("#{}", to.index()),
                    });
                }
                self.steps.push(Step {
                    node: to,
                    answer: None,
                });
            }
            (Action::Restart, _) => {
                self.steps = vec![Step {
                    node: tree.start(),
                    answer: None,
                }];
                self.recall.clear();
            }
        }
        self.log.push(action);
        Ok(())
    }

    /// Moves on along link number `answer` of the current node (the link that names `next`).
    fn advance(&mut self, tree: &Tree, answer: usize, next: &str) -> Result<(), Refusal> {
        let to = tree.targets(self.current())[answer].ok_or_else(|| Refusal::Broken {
            target: next.to_string(),
        })?;
        let last = self.steps.len() - 1;
        self.steps[last].answer = Some(answer);
        self.recall.insert(self.steps[last].node, answer);
        self.steps.push(Step {
            node: to,
            answer: None,
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests;
