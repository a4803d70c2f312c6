//! Finding nodes by id, and every link resolved once when a tree is loaded, so the checks, the
//! exports and the walk follow links by position and never look an id up again.

use std::collections::HashMap;

use super::model::{Node, NodeId};

/// Node ids → positions (the first definition of each id), and the links between nodes both
/// ways, each kept in one list with a start per node.
#[derive(Debug, Default)]
pub struct Index {
    /// foldhash rather than the standard SipHash: ids come from the author's own file, so
    /// resistance to crafted collisions buys nothing, and the load benchmark shows the gain.
    by_id: HashMap<Box<str>, NodeId, foldhash::fast::RandomState>,
    /// For each node, the first node defined with the same id (itself, unless repeated).
    firsts: Vec<NodeId>,
    /// Where each link leads (`None`: to no node); node `n`'s are
    /// `targets[target_starts[n]..target_starts[n + 1]]`, in the order of `Node::links`.
    targets: Vec<Option<NodeId>>,
    target_starts: Vec<u32>,
    /// The nodes with a link to each node, once per link, likewise.
    preds: Vec<NodeId>,
    pred_starts: Vec<u32>,
}

impl Index {
    /// Indexes the nodes.
    pub fn new(nodes: &[(String, Node)]) -> Index {
        let mut by_id =
            HashMap::with_capacity_and_hasher(nodes.len(), foldhash::fast::RandomState::default());
        let firsts = nodes
            .iter()
            .enumerate()
            .map(|(i, (id, _))| *by_id.entry(id.as_str().into()).or_insert(NodeId(i as u32)))
            .collect();
        let mut targets = Vec::with_capacity(nodes.len() * 2);
        let mut target_starts = Vec::with_capacity(nodes.len() + 1);
        let mut incoming = vec![0u32; nodes.len() + 1];
        for (_, node) in nodes {
            target_starts.push(targets.len() as u32);
            for link in node.links() {
                let target = by_id.get(link.target()).copied();
                if let Some(t) = target {
                    incoming[t.index()] += 1;
                }
                targets.push(target);
            }
        }
        target_starts.push(targets.len() as u32);
        // Each node's predecessors, placed by counting how many links lead to each node.
        let mut pred_starts = Vec::with_capacity(nodes.len() + 1);
        let mut total = 0;
        for count in &incoming[..nodes.len()] {
            pred_starts.push(total);
            total += count;
        }
        pred_starts.push(total);
        let mut fill = pred_starts.clone();
        let mut preds = vec![NodeId(0); total as usize];
        for u in 0..nodes.len() {
            let out = &targets[target_starts[u] as usize..target_starts[u + 1] as usize];
            for v in out.iter().flatten() {
                preds[fill[v.index()] as usize] = NodeId(u as u32);
                fill[v.index()] += 1;
            }
        }
        Index {
            by_id,
            firsts,
            targets,
            target_starts,
            preds,
            pred_starts,
        }
    }

    /// The first node defined with this id.
    pub fn find(&self, id: &str) -> Option<NodeId> {
        self.by_id.get(id).copied()
    }

    /// The first node defined with the same id as this one (itself, unless its id is repeated).
    pub fn first(&self, node: NodeId) -> NodeId {
        self.firsts[node.index()]
    }

    /// Where each of a node's links leads (`None`: to no node), in the order of `Node::links`.
    pub fn targets(&self, node: NodeId) -> &[Option<NodeId>] {
        let i = node.index();
        &self.targets[self.target_starts[i] as usize..self.target_starts[i + 1] as usize]
    }

    /// The nodes with a link to this one, once per link.
    pub fn preds(&self, node: NodeId) -> &[NodeId] {
        let i = node.index();
        &self.preds[self.pred_starts[i] as usize..self.pred_starts[i + 1] as usize]
    }
}
