//! Finding nodes by id, and every link resolved once when a tree is loaded, so the checks, the
//! exports and the walk follow links by position and never look an id up again.

use std::hash::BuildHasher;

use hashbrown::HashTable;

use super::model::{Node, NodeId};

/// The hasher for ids: foldhash, seeded afresh for each index, so ids crafted to collide cannot
/// be prepared in advance; the load benchmark shows it well ahead of the standard SipHash.
type Hasher = foldhash::fast::RandomState;

/// Node ids → positions (the first definition of each id), and the links between nodes both
/// ways, each kept in one list with a start per node.
#[derive(Debug, Default)]
pub struct Index {
    /// Node positions, found by the hash of their id and compared with the id in the nodes
    /// themselves, so no id is copied (a table of positions, not of strings).
    by_id: HashTable<NodeId>,
    hasher: Hasher,
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
        let hasher = Hasher::default();
        let hash = |id: &str| hasher.hash_one(id);
        let mut by_id = HashTable::with_capacity(nodes.len());
        let firsts = nodes
            .iter()
            .enumerate()
            .map(|(i, (id, _))| {
                let entry = by_id.entry(
                    hash(id),
                    |n: &NodeId| nodes[n.index()].0 == *id,
                    |n: &NodeId| hash(&nodes[n.index()].0),
                );
                *entry.or_insert(NodeId(i as u32)).get()
            })
            .collect();
        let find = |id: &str| {
            by_id
                .find(hash(id), |n: &NodeId| nodes[n.index()].0 == id)
                .copied()
        };
        let mut targets = Vec::with_capacity(nodes.len() * 2);
        let mut target_starts = Vec::with_capacity(nodes.len() + 1);
        let mut incoming = vec![0u32; nodes.len() + 1];
        for (_, node) in nodes {
            target_starts.push(targets.len() as u32);
            for link in node.links() {
                let target = find(link.target());
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
            hasher,
            firsts,
            targets,
            target_starts,
            preds,
            pred_starts,
        }
    }

    /// The first node defined with this id, among the nodes this index was made from.
    pub fn find(&self, nodes: &[(String, Node)], id: &str) -> Option<NodeId> {
        self.by_id
            .find(self.hasher.hash_one(id), |n| nodes[n.index()].0 == id)
            .copied()
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
