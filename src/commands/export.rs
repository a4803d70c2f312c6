//! `tread export --format json FILE`: the whole checked tree as one JSON document.

use std::path::Path;

use crate::cli::TreeFormat;
use crate::failure::Outcome;

pub fn run(path: &Path, format: TreeFormat) -> Outcome {
    let (_, tree) = super::open::open(Some(path), "exported")?;
    let mut text = match format {
        TreeFormat::Json => crate::export::json::document(&tree),
    };
    text.push('\n');
    super::output::print(text.as_bytes())
}
