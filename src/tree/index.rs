//! Finding nodes by id, and every link resolved once when a tree is loaded, so the checks, the
//! exports and the walk follow links by position and never look an id up again.

use std::collections::HashMap;

use super::model::{Node, NodeId};

/// Node ids → positions (the first definition of each id), and where each node's links lead.
#[derive(Debug, Default)]
pub struct Index {
    by_id: HashMap<String, NodeId>,
    /// For each node, the first node defined with the same id (itself, unless repeated).
    firsts: Vec<NodeId>,
    /// For each node, where its links lead (`None`: to no node), in the order of `Node::links`.
    targets: Vec<Vec<Option<NodeId>>>,
    /// For each node, the nodes with a link to it, once per link.
    preds: Vec<Vec<NodeId>>,
}

impl Index {
    /// Indexes the nodes.
    pub fn new(nodes: &[(String, Node)]) -> Index {
        let mut by_id = HashMap::with_capacity(nodes.len());
        let firsts = nodes
            .iter()
            .enumerate()
            .map(|(i, (id, _))| *by_id.entry(id.clone()).or_insert(NodeId(i as u32)))
            .collect();
        let targets = nodes
            .iter()
            .map(|(_, node)| {
                node.links()
                    .map(|link| by_id.get(link.target()).copied())
                    .collect()
            })
            .collect::<Vec<Vec<_>>>();
        let mut preds = vec![Vec::new(); nodes.len()];
        for (u, out) in targets.iter().enumerate() {
            for v in out.iter().flatten() {
                preds[v.index()].push(NodeId(u as u32));
            }
        }
        Index {
            by_id,
            firsts,
            targets,
            preds,
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
        &self.targets[node.index()]
    }

    /// The nodes with a link to this one, once per link.
    pub fn preds(&self, node: NodeId) -> &[NodeId] {
        &self.preds[node.index()]
    }
}
