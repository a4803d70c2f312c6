//! A tree compiled from its file: every id resolved, every link followed to a position, and
//! the start found. Only a tree whose start names a node compiles, so the walk and the exports
//! never meet a tree without one.

use std::ops::Deref;

use super::index::Index;
use super::model::{NodeId, TreeFile};

/// A tree ready to walk, draw or measure: its file, and the links resolved.
///
/// It reads as its file (`tree.title`, `tree.nodes`) through `Deref`: compiling adds to the
/// file and changes none of it.
#[derive(Debug)]
pub struct Tree {
    file: TreeFile,
    index: Index,
    start: NodeId,
    scale: super::scale::Scale,
    /// For each question a table asks after its first, that first question (the table's
    /// place); empty for a tree without tables.
    table_of: Vec<Option<NodeId>>,
}

impl Tree {
    /// The tree of a file and its index, if the file's `start` names a node.
    pub fn compile(file: TreeFile, index: Index) -> Option<Tree> {
        let start = index.find(&file.nodes, &file.start)?;
        let scale = super::scale::Scale::of(&file.scale);
        Some(Tree {
            file,
            index,
            start,
            scale,
            table_of: Vec::new(),
        })
    }

    /// The first question of the table that asks `id`, when `id` is one of its later
    /// questions: the walk may only enter a table there.
    pub fn table_of(&self, id: NodeId) -> Option<NodeId> {
        self.table_of.get(id.index()).copied().flatten()
    }

    /// The tree with its decision tables as the questions a walk asks, its ids indexed anew
    /// (only a tree that checks is walked, so only its tables are expanded: a table's check
    /// bounds the work).
    pub fn expanded(self) -> Tree {
        if !self
            .file
            .nodes
            .iter()
            .any(|(_, n)| matches!(n, super::Node::Table { .. }))
        {
            return self;
        }
        let Tree {
            mut file, start, ..
        } = self;
        // A table's first question takes its place, and the others come after every node, so
        // each node keeps its place: the start is where it was.
        let inner = super::table::expand(&mut file);
        let mut table_of = vec![None; file.nodes.len()];
        for (node, table) in inner {
            table_of[node] = Some(NodeId(table as u32));
        }
        let index = Index::new(&file.nodes);
        let scale = super::scale::Scale::of(&file.scale);
        Tree {
            file,
            index,
            start,
            scale,
            table_of,
        }
    }

    /// The levels outcomes are sorted by: the tree's own, or the medical scale.
    pub fn scale(&self) -> &super::scale::Scale {
        &self.scale
    }

    /// The level of an outcome (`None` for any other node).
    pub fn urgency(&self, id: NodeId) -> Option<&super::Urgency> {
        match self.node(id) {
            super::Node::Outcome { urgency, .. } => Some(urgency),
            _ => None,
        }
    }

    /// Where an outcome stands on the scale: 0 is the most urgent (`None` for any other node).
    pub fn rank(&self, id: NodeId) -> Option<usize> {
        self.urgency(id).and_then(|u| self.scale.rank(u))
    }

    /// An outcome's level in words (`EMERGENCY`), or `""` for any other node.
    pub fn level_label(&self, id: NodeId) -> &str {
        self.urgency(id).map_or("", |u| self.scale.label(u))
    }

    /// The first node.
    pub fn start(&self) -> NodeId {
        self.start
    }

    /// The node with this id (its first definition).
    pub fn find(&self, id: &str) -> Option<NodeId> {
        self.index.find(&self.file.nodes, id)
    }

    /// Where each link of a node leads (`None`: to no node), in the order of `Node::links`.
    pub fn targets(&self, id: NodeId) -> &[Option<NodeId>] {
        self.index.targets(id)
    }

    /// The questions of a checklist, in order (an id that names no node is left out; a tree
    /// that checks has none). Empty for any other node.
    pub fn items(&self, id: NodeId) -> Vec<NodeId> {
        match self.node(id) {
            super::Node::Checklist { items, .. } => {
                items.iter().filter_map(|item| self.find(item)).collect()
            }
            _ => Vec::new(),
        }
    }

    /// The warning-sign questions in the order a walk meets them: depth first from the start,
    /// each question's answers in order (so a chain of signs comes in the order it is asked,
    /// whatever the order of the file). Signs no path reaches are left out.
    pub fn red_flags(&self) -> Vec<NodeId> {
        let mut seen = vec![false; self.file.nodes.len()];
        let mut stack = vec![self.start];
        let mut flags = Vec::new();
        while let Some(n) = stack.pop() {
            if std::mem::replace(&mut seen[n.index()], true) {
                continue;
            }
            if let super::Node::Question { red_flag: true, .. } = self.node(n) {
                flags.push(n);
            }
            stack.extend(self.targets(n).iter().rev().flatten().copied());
        }
        flags
    }

    /// The nodes with a link to this one, once per link.
    pub fn preds(&self, id: NodeId) -> &[NodeId] {
        self.index.preds(id)
    }
}

impl Deref for Tree {
    type Target = TreeFile;

    fn deref(&self) -> &TreeFile {
        &self.file
    }
}
