//! Every path from the start to an outcome, written as it is found.

use std::io::{self, Write};

use serde::Serialize;

use crate::tree::shape::Count;
use crate::tree::{Node, NodeId, Tree};

use crate::scrub::one_line;

/// How each path is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// `1. Question: answer › Question: answer → URGENCY: outcome`
    Text,
    /// One JSON object a line.
    Json,
}

/// What to list.
pub struct Options {
    /// Only the paths through this node.
    pub through: Option<NodeId>,
    /// At most this many.
    pub limit: Option<Count>,
    pub format: Format,
}

#[derive(Serialize)]
struct JsonPath<'a> {
    n: Count,
    steps: Vec<JsonStep<'a>>,
    outcome: JsonOutcome<'a>,
}

#[derive(Serialize)]
struct JsonStep<'a> {
    node: &'a str,
    title: &'a str,
    /// The answer given, for a question; `null` for an info step.
    answer: Option<&'a str>,
    /// The answer's value, when the tree gives it one (a short machine-readable id).
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonOutcome<'a> {
    node: &'a str,
    title: &'a str,
    urgency: &'a str,
}

/// One node on the path being explored, and the index of the next link to try from it.
struct Frame {
    node: NodeId,
    next: usize,
}

/// Writes the paths in the order of the answers (first choice first), each as soon as it is
/// found; `flush_first` makes the first line appear at once. Returns how many were written.
pub fn write(tree: &Tree, options: &Options, out: &mut impl Write) -> io::Result<Count> {
    let start = tree.start();
    // With `through`, only links into nodes that can still reach it are followed until it is.
    let leads_to_target = options.through.map(|t| reaches(tree, t));
    let mut stack = vec![Frame {
        node: start,
        next: 0,
    }];
    let mut target_depth = (options.through == Some(start)).then_some(0);
    let mut written: Count = 0;
    while let Some(top) = stack.last_mut() {
        if options.limit.is_some_and(|l| written >= l) {
            break;
        }
        let u = top.node;
        if let Node::Outcome { .. } = tree.node(u) {
            written += 1;
            write_path(tree, &stack, written, options.format, out)?;
            if written == 1 {
                out.flush()?;
            }
        } else if let Some(&target) = tree.targets(u).get(top.next) {
            top.next += 1;
            let Some(v) = target else { continue };
            let on_the_way = match (&leads_to_target, target_depth) {
                (Some(leads), None) => leads[v.index()],
                _ => true,
            };
            if on_the_way {
                if options.through == Some(v) {
                    target_depth = Some(stack.len());
                }
                stack.push(Frame { node: v, next: 0 });
            }
            continue;
        }
        stack.pop();
        if target_depth.is_some_and(|d| d >= stack.len()) {
            target_depth = None;
        }
    }
    Ok(written)
}

/// For each node, whether a path from it reaches `target` (the target included).
fn reaches(tree: &Tree, target: NodeId) -> Vec<bool> {
    let mut seen = vec![false; tree.nodes.len()];
    seen[target.index()] = true;
    let mut queue = vec![target];
    while let Some(v) = queue.pop() {
        for &u in tree.preds(v) {
            if !seen[u.index()] {
                seen[u.index()] = true;
                queue.push(u);
            }
        }
    }
    seen
}

fn write_path(
    tree: &Tree,
    stack: &[Frame],
    n: Count,
    format: Format,
    out: &mut impl Write,
) -> io::Result<()> {
    let (last, steps) = stack.split_last().expect("a path has an outcome");
    let end = tree.node(last.node);
    let Node::Outcome { urgency, title, .. } = end else {
        return Ok(());
    };
    // `next` has already moved past the link taken.
    let answer = |f: &Frame| tree.node(f.node).answer(f.next - 1);
    match format {
        Format::Text => {
            let mut line = format!("{n}. ");
            let mut first = true;
            for f in steps {
                if let Some(a) = answer(f) {
                    if !first {
                        line.push_str(" › ");
                    }
                    first = false;
                    line.push_str(&one_line(&format!("{}: {a}", tree.node(f.node).title())));
                }
            }
            if !first {
                line.push(' ');
            }
            line.push_str(&one_line(&format!(
                "→ {}: {title}",
                tree.scale().label(urgency)
            )));
            line.push('\n');
            out.write_all(line.as_bytes())
        }
        Format::Json => {
            let path = JsonPath {
                n,
                steps: steps
                    .iter()
                    .map(|f| JsonStep {
                        node: tree.id(f.node),
                        title: tree.node(f.node).title(),
                        answer: answer(f),
                        value: match tree.node(f.node) {
                            Node::Question { choices, .. } => {
                                choices.get(f.next - 1).and_then(|c| c.value.as_deref())
                            }
                            _ => None,
                        },
                    })
                    .collect(),
                outcome: JsonOutcome {
                    node: tree.id(last.node),
                    title,
                    urgency: urgency.name(),
                },
            };
            // Serialised first, then written, so that a reader who stopped reading is seen as
            // the closed pipe it is (serde_json would wrap the error).
            let mut line =
                crate::scrub::json(serde_json::to_string(&path).map_err(io::Error::other)?);
            line.push('\n');
            out.write_all(line.as_bytes())
        }
    }
}
