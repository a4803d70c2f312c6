//! `tread graph`: the whole tree as a DOT or Mermaid graph.

use std::path::Path;
use std::process::ExitCode;

use crate::cli::GraphFormat;
use crate::export::{dot, mermaid};

/// Prints the graph of the tree at `path`.
pub fn run(path: &Path, format: GraphFormat) -> ExitCode {
    let (_, tree) = match super::open::open(Some(path), "drawn") {
        Ok(opened) => opened,
        Err(code) => return code,
    };
    let text = match format {
        GraphFormat::Dot => dot::render(&tree),
        GraphFormat::Mermaid => mermaid::render(&tree),
    };
    super::output::print(text.as_bytes())
}
