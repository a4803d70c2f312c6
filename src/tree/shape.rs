//! The shape of a checked tree: how many paths there are, and how long the shortest and longest
//! are. Every pass is iterative and linear in nodes plus links, however many paths there are.

use super::Tree;
use super::model::{Node, NodeId};

/// Path counts can outgrow any integer in a tree whose branches rejoin; they saturate here.
pub type Count = u128;

/// Per-node facts about the paths from a node to an outcome, for a tree that checks clean.
pub struct Shape {
    /// The nodes reachable from the start, each after every node that links to it.
    pub order: Vec<NodeId>,
    /// Paths from each node to an outcome (one per sequence of answers), saturating.
    pub to_end: Vec<Count>,
    /// Paths from the start to each node, saturating.
    pub from_start: Vec<Count>,
    /// The fewest and the most steps from each node to an outcome, and the outcome each reaches.
    pub shortest: Vec<(usize, NodeId)>,
    pub longest: Vec<(usize, NodeId)>,
}

impl Shape {
    /// Measures a tree. The tree must check clean: no loops, and every link leads to a node.
    pub fn of(tree: &Tree) -> Shape {
        let start = tree.start();
        let n = tree.nodes.len();
        let order = topological(tree, start);
        let mut to_end: Vec<Count> = vec![0; n];
        let mut shortest = vec![(usize::MAX, start); n];
        let mut longest = vec![(0, start); n];
        for &u in order.iter().rev() {
            if let Node::Outcome { .. } = tree.node(u) {
                to_end[u.index()] = 1;
                shortest[u.index()] = (0, u);
                longest[u.index()] = (0, u);
                continue;
            }
            for &v in tree.targets(u).iter().flatten() {
                let i = u.index();
                to_end[i] = to_end[i].saturating_add(to_end[v.index()]);
                let (s, end) = shortest[v.index()];
                if s.saturating_add(1) < shortest[i].0 {
                    shortest[i] = (s + 1, end);
                }
                let (l, end) = longest[v.index()];
                if l + 1 > longest[i].0 {
                    longest[i] = (l + 1, end);
                }
            }
        }
        let mut from_start: Vec<Count> = vec![0; n];
        from_start[start.index()] = 1;
        for &u in &order {
            for &v in tree.targets(u).iter().flatten() {
                from_start[v.index()] = from_start[v.index()].saturating_add(from_start[u.index()]);
            }
        }
        Shape {
            order,
            to_end,
            from_start,
            shortest,
            longest,
        }
    }

    /// Every path from the start to an outcome through `node`.
    pub fn through(&self, node: NodeId) -> Count {
        self.from_start[node.index()].saturating_mul(self.to_end[node.index()])
    }
}

/// The nodes reachable from `start`, each before every node it links to (reverse postorder of
/// an iterative depth-first search).
fn topological(tree: &Tree, start: NodeId) -> Vec<NodeId> {
    let mut seen = vec![false; tree.nodes.len()];
    let mut post = Vec::new();
    let mut stack = vec![(start, 0usize)];
    seen[start.index()] = true;
    while let Some((u, next)) = stack.last_mut() {
        let u = *u;
        match tree.targets(u).get(*next) {
            Some(target) => {
                *next += 1;
                if let Some(v) = *target
                    && !seen[v.index()]
                {
                    seen[v.index()] = true;
                    stack.push((v, 0));
                }
            }
            None => {
                post.push(u);
                stack.pop();
            }
        }
    }
    post.reverse();
    post
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tree::load_text;

    #[test]
    fn counts_and_lengths_of_a_tree_whose_branches_rejoin() {
        // q1 → (q2 | end_a); q2 → (end_a | info → end_b): three paths, of 1, 2 and 3 steps.
        let tree = load_text(
            r#"(title: "T", format: 1, start: "q1", disclaimer: "D", nodes: {
                "q1": Question(title: "1", text: "?", why: "w", choices: [
                    (label: "A", next: "q2"), (label: "B", next: "end_a")]),
                "q2": Question(title: "2", text: "?", why: "w", choices: [
                    (label: "C", next: "end_a"), (label: "D", next: "info")]),
                "info": Info(title: "I", text: "Say.", next: "end_b"),
                "end_a": Outcome(title: "A", urgency: Soon, action: "GP", advice: ["x"], why: "w"),
                "end_b": Outcome(title: "B", urgency: Soon, action: "GP", advice: ["x"], why: "w"),
            })"#
            .to_string(),
        )
        .walkable()
        .unwrap();
        let shape = Shape::of(&tree);
        let id = |s: &str| tree.find(s).unwrap();
        let start = id("q1").index();
        assert_eq!(shape.to_end[start], 3);
        assert_eq!(shape.shortest[start], (1, id("end_a")));
        assert_eq!(shape.longest[start], (3, id("end_b")));
        assert_eq!(shape.through(id("end_a")), 2);
        assert_eq!(shape.through(id("info")), 1);
        assert_eq!(shape.order.first(), Some(&id("q1")));
    }
}
