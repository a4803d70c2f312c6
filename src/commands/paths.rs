//! `tread paths`: every path from the start to an outcome.

use std::io::{BufWriter, Write};
use std::path::Path;

use crate::cli::PathsFormat;
use crate::export::paths::{self, Format, Options};
use crate::failure::{Failure, Outcome};
use crate::tree::shape::Shape;

/// Lists the paths of the tree at `path`: through `to` only, and at most `limit` of them.
pub fn run(path: &Path, to: Option<&str>, limit: Option<u64>, format: PathsFormat) -> Outcome {
    let (_, tree) = super::open::open(Some(path), "listed")?;
    let through = match to.map(|id| (id, tree.find(id))) {
        None => None,
        Some((_, Some(node))) => Some(node),
        Some((id, None)) => {
            let ids = tree.nodes.iter().map(|(k, _)| k.as_str());
            let hint = match crate::tree::closest(id, ids) {
                Some(g) => g.hint("`"),
                None => "`tread graph` shows every node's id".to_string(),
            };
            return Err(Failure::NoSuchNode {
                id: id.to_string(),
                hint,
            });
        }
    };
    let format = match format {
        PathsFormat::Text => Format::Text,
        PathsFormat::Json => Format::Json,
    };
    let options = Options {
        through,
        limit: limit.map(u128::from),
        format,
    };
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let listed = paths::write(&tree, &options, &mut out).and_then(|n| out.flush().map(|()| n));
    let Some(written) = super::output::finished(listed)? else {
        return Ok(());
    };
    if format == Format::Text {
        // The total comes from counting, not listing, so it is known however many there are.
        let shape = Shape::of(&tree);
        let total = shape.to_end[tree.start().index()];
        let many = super::stats::many;
        let summary = match through {
            Some(node) => {
                let there = shape.through(node);
                let shown = if written < there {
                    format!("first {written} of ")
                } else {
                    String::new()
                };
                let word = if there == 1 { "path" } else { "paths" };
                format!(
                    "{shown}{} {word} through `{}`, of {} in all\n",
                    many(there),
                    tree.id(node),
                    many(total)
                )
            }
            None if written < total => format!("first {written} of {} paths\n", many(total)),
            None => format!(
                "{} {}\n",
                many(total),
                if total == 1 { "path" } else { "paths" }
            ),
        };
        // On standard error, so `tread paths FILE | wc -l` counts the paths and nothing else.
        let _ = std::io::stderr().write_all(summary.as_bytes());
    }
    Ok(())
}
