//! `tread stats`: what a tree holds, and the shape of its paths.

use std::fmt::Write;
use std::path::Path;

use crate::failure::Outcome;
use crate::scrub::one_line;
use crate::tree::Tree;
use crate::tree::shape::{Count, Shape};

/// Prints the counts for the tree at `path`.
pub fn run(path: &Path) -> Outcome {
    let (name, tree) = super::open::open(Some(path), "measured")?;
    super::output::print(report(&name, &tree).as_bytes())
}

/// The report, as text.
pub fn report(name: &str, tree: &Tree) -> String {
    let counts = tree.counts();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({})",
        crate::scrub::one_line(&tree.title),
        crate::scrub::one_line(name)
    );
    let checklists = match counts.checklists {
        0 => String::new(),
        n => format!("{}, ", plural(n, "checklist")),
    };
    let _ = writeln!(
        out,
        "nodes      {}: {} ({}), {}, {checklists}{}",
        tree.nodes.len(),
        plural(counts.questions, "question"),
        plural(counts.red_flags, "red flag"),
        plural(counts.infos, "info step"),
        plural(counts.outcomes, "outcome"),
    );
    let by_urgency: Vec<String> = tree
        .scale()
        .levels()
        .iter()
        .zip(&counts.by_urgency)
        .map(|(l, n)| format!("{n} {}", one_line(&l.label.to_lowercase())))
        .collect();
    let _ = writeln!(out, "outcomes   {}", by_urgency.join(", "));
    let shape = Shape::of(tree);
    let start = tree.start().index();
    let _ = writeln!(
        out,
        "paths      {} from the start to an outcome",
        many(shape.to_end[start])
    );
    let steps = |n: usize| {
        if n == 1 {
            "1 step".to_string()
        } else {
            format!("{n} steps")
        }
    };
    let (s, end) = shape.shortest[start];
    let _ = writeln!(out, "shortest   {}, to `{}`", steps(s), tree.id(end));
    let (l, end) = shape.longest[start];
    let _ = writeln!(out, "longest    {}, to `{}`", steps(l), tree.id(end));
    let unreached = tree.nodes.len() - shape.order.len();
    if unreached > 0 {
        let _ = writeln!(
            out,
            "unreached  {unreached} nodes no path from the start reaches"
        );
    }
    let citations: usize = tree.nodes.iter().map(|(_, n)| n.sources().len()).sum();
    let _ = writeln!(
        out,
        "sources    {}, cited {citations} times",
        tree.sources.len()
    );
    out
}

/// `1 question`, `2 questions`.
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

/// A count, or how large it is at least when it saturated.
pub fn many(n: Count) -> String {
    if n == Count::MAX {
        format!("more than {}", Count::MAX - 1)
    } else {
        n.to_string()
    }
}
