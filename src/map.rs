//! A map of a whole tree: an outline in order from the start, each node once (a node several
//! branches share is drawn where it is first met and referred to elsewhere), each answer with
//! where it leads; a node's last way on, met there first, continues at the node's depth. Built once, in one pass over the tree; a screen then shows any window of it.

use crate::tree::{Link, Node, NodeId, Tree};

/// One row of the outline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row {
    /// A node, drawn here in full.
    Node { node: NodeId, depth: usize },
    /// Answer (or way on) number `link` of `from`, leading to `to`.
    Answer {
        from: NodeId,
        link: usize,
        to: Option<NodeId>,
        depth: usize,
    },
}

impl Row {
    /// How deep the row is in the outline.
    pub fn depth(&self) -> usize {
        match *self {
            Row::Node { depth, .. } | Row::Answer { depth, .. } => depth,
        }
    }

    /// The node the row is about: the node, or where an answer leads.
    pub fn node(&self) -> Option<NodeId> {
        match *self {
            Row::Node { node, .. } => Some(node),
            Row::Answer { to, .. } => to,
        }
    }
}

/// The outline of everything the start leads to: depth first, each node's answers in order.
/// Iterative, so a long chain cannot overflow the stack.
pub fn outline(tree: &Tree) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut drawn = vec![false; tree.nodes.len()];
    // What to do next: draw a node, or the answers of a node from link `k` on.
    enum Todo {
        Draw(NodeId, usize),
        Links(NodeId, usize, usize),
    }
    let mut todo = vec![Todo::Draw(tree.start(), 0)];
    while let Some(next) = todo.pop() {
        match next {
            Todo::Draw(node, depth) => {
                // Met again: its answer row names it, drawn above.
                if std::mem::replace(&mut drawn[node.index()], true) {
                    continue;
                }
                rows.push(Row::Node { node, depth });
                todo.push(Todo::Links(node, 0, depth));
            }
            Todo::Links(node, k, depth) => {
                let targets = tree.targets(node);
                let Some(&to) = targets.get(k) else {
                    continue;
                };
                rows.push(Row::Answer {
                    from: node,
                    link: k,
                    to,
                    depth: depth + 1,
                });
                todo.push(Todo::Links(node, k + 1, depth));
                if let Some(to) = to {
                    // The last way on, met here first, goes on at the node's own depth: a chain
                    // of questions (a list of signs, each "no" leading to the next) reads down
                    // the page instead of ever deeper.
                    let goes_on = k + 1 == targets.len() && !drawn[to.index()];
                    todo.push(Todo::Draw(to, if goes_on { depth } else { depth + 2 }));
                }
            }
        }
    }
    rows
}

/// The words of link `link` of `node`: an answer's label, or how an info step or a list is
/// left.
pub fn link_words(tree: &Tree, node: NodeId, link: usize) -> &str {
    let n = tree.node(node);
    match n.links().nth(link) {
        Some(Link::Choice(i, _)) => n.answer(i).unwrap_or(""),
        Some(Link::Item(_)) => "the signs, in turn",
        _ => match n {
            Node::Info { .. } => "read out",
            _ => "",
        },
    }
}
