//! `tread graph`: the whole tree as a DOT or Mermaid graph.

use std::path::Path;

use crate::cli::GraphFormat;
use crate::export::{dot, mermaid};
use crate::failure::Outcome;

/// Prints the graph of the tree at `path`.
pub fn run(path: &Path, format: GraphFormat) -> Outcome {
    let (_, tree) = super::open::open(Some(path), "drawn")?;
    let text = match format {
        GraphFormat::Dot => dot::render(&tree),
        GraphFormat::Mermaid => mermaid::render(&tree),
    };
    super::output::print(text.as_bytes())
}
