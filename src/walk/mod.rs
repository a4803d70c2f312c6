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
    /// Go on from an info step; at a checklist, ask its items one at a time from the first.
    Continue,
    /// At a checklist: item `.0` (from 0) applies. The items before it are answered "no" and
    /// the item's one positive answer is taken; an item with several positive answers is where
    /// the walk stops, for the person to choose among them.
    Mark(usize),
    /// At a checklist: the caller is not sure about item `.0` (from 0). The items before it are
    /// answered "no", and the item's unsure answer is taken.
    Unsure(usize),
    /// At a checklist: none of the items applies. Each is answered "no".
    NoneApply,
    /// Step back to the previous node, keeping what was answered there.
    Back,
    /// Go back to step `.0` (from 0) of the path in one move, keeping what was answered on the
    /// way: to that very step, even one a checklist mark answered.
    BackTo(usize),
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
    /// Answered by the same checklist mark as the step before it: a step back from the step
    /// after this one goes back past it too, so one `Back` undoes one mark.
    pub joined: bool,
}

impl Step {
    /// A step at `node`, not yet answered.
    fn at(node: NodeId) -> Step {
        Step {
            node,
            answer: None,
            joined: false,
        }
    }
}

/// Why an action was not applied. The walk is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// A choice number the question does not have.
    NoSuchChoice { given: usize, count: usize },
    /// `Choose` at a node that is not a question.
    NotAQuestion,
    /// `Mark`, `Unsure` or `NoneApply` at a node that is not a checklist.
    NotAChecklist,
    /// A checklist item the tree does not let a mark answer (a checked tree has none).
    BadItem { item: String },
    /// `Continue` at a node that is not an info step.
    NotAnInfo,
    /// `Back` at the first node.
    AtStart,
    /// `BackTo` a step that is not behind the current one.
    NoSuchStep { given: usize, count: usize },
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
            Refusal::NotAChecklist => f.write_str("this step is not a checklist"),
            Refusal::BadItem { item } => {
                write!(f, "the checklist item `{item}` has no answer to take")
            }
            Refusal::NotAnInfo => f.write_str("this step needs an answer"),
            Refusal::AtStart => f.write_str("this is the first step"),
            Refusal::NoSuchStep { given, count } => {
                write!(
                    f,
                    "there is no step {} behind this one (there are {count})",
                    given + 1
                )
            }
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
            steps: vec![Step::at(tree.start())],
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
            Some(a) => match tree.node(step.node) {
                Node::Checklist { .. } => "(asked as a checklist)",
                node => node.answer(a).unwrap_or("(read out)"),
            }
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
        // A table's later questions are not kept: new rules may not ask them after the answers
        // given, so the walk goes back to the table's first question, asked again.
        let map = |node: NodeId| {
            new.find(old.id(node))
                .filter(|&n| new.table_of(n).is_none() && old.table_of(node).is_none())
        };
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
                    joined: false,
                })
            })
            .collect();
        steps.push(Step::at(
            map(self.steps[last].node).unwrap_or(self.current()),
        ));
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
            (Action::Continue, Node::Checklist { items, .. }) => {
                let first = items.first().map_or("", |i| &**i);
                self.advance(tree, 0, first)?;
            }
            (Action::Continue, _) => return Err(Refusal::NotAnInfo),
            (Action::Mark(k) | Action::Unsure(k), Node::Checklist { items, .. })
                if k >= items.len() =>
            {
                return Err(Refusal::NoSuchChoice {
                    given: k,
                    count: items.len(),
                });
            }
            (Action::Mark(_) | Action::Unsure(_) | Action::NoneApply, Node::Checklist { .. }) => {
                let plan = self.plan(tree, action)?;
                self.take(plan);
            }
            (Action::Mark(_) | Action::Unsure(_) | Action::NoneApply, _) => {
                return Err(Refusal::NotAChecklist);
            }
            (Action::Back, _) => {
                if self.steps.len() == 1 {
                    return Err(Refusal::AtStart);
                }
                self.steps.pop();
                while self.steps.len() > 1 && self.steps[self.steps.len() - 1].joined {
                    self.steps.pop();
                }
                let last = self.steps.len() - 1;
                self.steps[last].answer = None;
            }
            (Action::BackTo(step), _) => {
                if step + 1 >= self.steps.len() {
                    return Err(Refusal::NoSuchStep {
                        given: step,
                        count: self.steps.len() - 1,
                    });
                }
                self.steps.truncate(step + 1);
                self.steps[step].answer = None;
            }
            (Action::Jump(to), _) => {
                if to.index() >= tree.nodes.len() {
                    return Err(Refusal::Broken {
                        target: format!("#{}", to.index()),
                    });
                }
                self.steps.push(Step::at(to));
            }
            (Action::Restart, _) => {
                self.steps = vec![Step::at(tree.start())];
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
        self.steps.push(Step::at(to));
        Ok(())
    }

    /// What a checklist mark answers, worked out before anything changes: each item asked with
    /// its answer (the last may be left unanswered, for the person to choose), and where the
    /// walk then stands.
    fn plan(&self, tree: &Tree, action: Action) -> Result<Plan, Refusal> {
        let here = self.current();
        let bad = |node: NodeId| Refusal::BadItem {
            item: tree.id(node).to_string(),
        };
        let broken = |node: NodeId| Refusal::Broken {
            target: tree.id(node).to_string(),
        };
        let mut answered = Vec::new();
        // The checklist is left for its first item, and each "no" leads to the next.
        let mut at = tree
            .targets(here)
            .first()
            .copied()
            .flatten()
            .ok_or(broken(here))?;
        let (upto, last) = match action {
            Action::Mark(k) => (k, Some(action)),
            Action::Unsure(k) => (k, Some(action)),
            _ => (tree.items(here).len(), None),
        };
        // The row marked, for the highlight when the walk comes back: the item, or "none".
        let row = upto;
        for _ in 0..upto {
            let no = tree.node(at).no_answer().ok_or(bad(at))?;
            answered.push((at, no));
            at = tree.targets(at)[no].ok_or(broken(at))?;
        }
        let answer = match last {
            Some(Action::Mark(_)) => tree.node(at).yes_answer(),
            Some(_) => Some(tree.node(at).unsure_answer().ok_or(bad(at))?),
            None => None,
        };
        if let Some(a) = answer {
            answered.push((at, a));
            at = tree
                .targets(at)
                .get(a)
                .copied()
                .flatten()
                .ok_or(broken(at))?;
        }
        Ok(Plan {
            row,
            answered,
            then: at,
        })
    }

    /// Takes a checklist mark worked out by [`Walk::plan`]: every step it answers is joined
    /// to the checklist, so one `Back` undoes the mark.
    fn take(&mut self, plan: Plan) {
        let last = self.steps.len() - 1;
        self.steps[last].answer = Some(0);
        self.recall.insert(self.steps[last].node, plan.row);
        for (node, answer) in plan.answered {
            self.recall.insert(node, answer);
            self.steps.push(Step {
                node,
                answer: Some(answer),
                joined: true,
            });
        }
        self.steps.push(Step::at(plan.then));
    }
}

/// The steps a checklist mark answers, and where the walk then stands.
struct Plan {
    /// The row marked: the item's number from 0, or the number of items for "none of these".
    row: usize,
    answered: Vec<(NodeId, usize)>,
    then: NodeId,
}

impl Walk {
    /// Whether step `i` of the path was answered by a checklist mark together with the
    /// checklist before it.
    pub fn is_joined(&self, i: usize) -> bool {
        self.steps.get(i).is_some_and(|s| s.joined)
    }
}

#[cfg(test)]
mod tests;
