//! Finding nodes by id, fast: an open-addressing table of node positions, and every link
//! resolved once when a tree is loaded, so the checks and the walk never hash an id again.

use std::hash::{BuildHasherDefault, Hasher};

use super::model::{Node, NodeId};

/// A small, fast, non-cryptographic hasher (the Fx hash of rustc). Tree ids come from the
/// author's own file, so resistance to crafted collisions buys nothing here.
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes(c.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(SEED);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A `HashMap` hasher for ids.
pub type FxBuild = BuildHasherDefault<FxHasher>;

fn hash(id: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write(id.as_bytes());
    // Spread the high bits down: the table uses the low ones.
    h.0 ^ (h.0 >> 29)
}

const EMPTY: u32 = u32::MAX;

/// Node ids → positions (the first definition of each id), and each node's links resolved.
///
/// Ids are copied into one arena, and each slot keeps a tag of the id's hash: a lookup then
/// touches the slot table and the arena, both compact, instead of each node and its string.
#[derive(Debug, Default)]
pub struct Index {
    /// (hash tag, node position), or `EMPTY` positions.
    slots: Vec<(u32, u32)>,
    /// Every id, one after another; node `n`'s is `arena[starts[n]..starts[n + 1]]`.
    arena: String,
    starts: Vec<u32>,
    /// For each node, the first node defined with the same id (itself, unless repeated).
    firsts: Vec<NodeId>,
    /// `targets[offsets[n]..offsets[n + 1]]`: where node `n`'s links lead, in link order.
    targets: Vec<Option<NodeId>>,
    offsets: Vec<u32>,
}

impl Index {
    /// Indexes the nodes.
    pub fn new(nodes: &[(String, Node)]) -> Index {
        let capacity = (nodes.len() * 2).next_power_of_two().max(8);
        let mut index = Index {
            slots: vec![(0, EMPTY); capacity],
            arena: String::with_capacity(nodes.iter().map(|(id, _)| id.len()).sum()),
            starts: Vec::with_capacity(nodes.len() + 1),
            firsts: Vec::with_capacity(nodes.len()),
            targets: Vec::with_capacity(nodes.len() * 2),
            offsets: Vec::with_capacity(nodes.len() + 1),
        };
        for (id, _) in nodes {
            index.starts.push(index.arena.len() as u32);
            index.arena.push_str(id);
        }
        index.starts.push(index.arena.len() as u32);
        for i in 0..nodes.len() {
            let first = match index.probe(index.id(i)) {
                Ok(found) => found,
                Err(slot) => {
                    index.slots[slot] = (tag(index.id(i)), i as u32);
                    NodeId(i as u32)
                }
            };
            index.firsts.push(first);
        }
        for (_, node) in nodes {
            index.offsets.push(index.targets.len() as u32);
            for link in node.links() {
                let target = index.find(link.target());
                index.targets.push(target);
            }
        }
        index.offsets.push(index.targets.len() as u32);
        index
    }

    fn id(&self, node: usize) -> &str {
        &self.arena[self.starts[node] as usize..self.starts[node + 1] as usize]
    }

    /// The node with this id, or the empty slot where it would go.
    fn probe(&self, id: &str) -> Result<NodeId, usize> {
        let mask = self.slots.len() - 1;
        let h = hash(id);
        let tag = (h >> 32) as u32;
        let mut slot = h as usize & mask;
        loop {
            match self.slots[slot] {
                (_, EMPTY) => return Err(slot),
                (t, node) if t == tag && self.id(node as usize) == id => return Ok(NodeId(node)),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    /// The first node defined with this id.
    pub fn find(&self, id: &str) -> Option<NodeId> {
        if self.slots.is_empty() {
            return None;
        }
        self.probe(id).ok()
    }

    /// The first node defined with the same id as this one (itself, unless its id is repeated).
    pub fn first(&self, node: NodeId) -> NodeId {
        self.firsts[node.index()]
    }

    /// Where each of a node's links leads (`None`: to no node), in the order of `Node::links`.
    pub fn targets(&self, node: NodeId) -> &[Option<NodeId>] {
        let i = node.index();
        &self.targets[self.offsets[i] as usize..self.offsets[i + 1] as usize]
    }
}

fn tag(id: &str) -> u32 {
    (hash(id) >> 32) as u32
}
