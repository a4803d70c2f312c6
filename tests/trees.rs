//! Every tree we ship checks clean, and the bundled one is the one in `trees/`.

mod common;

use common::tread;

#[test]
fn every_shipped_tree_checks_clean() {
    let trees: Vec<_> = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/trees"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    assert!(!trees.is_empty());
    for path in trees {
        let rel = format!("trees/{}", path.file_name().unwrap().to_string_lossy());
        let run = tread(&["check", &rel]);
        assert_eq!((run.code, run.stdout), (0, format!("{rel}: ok\n")), "{rel}");
    }
}

#[test]
fn the_example_in_the_format_guide_checks_clean() {
    let guide = include_str!("../trees/README.md");
    let start = guide.find("```ron\n").expect("an example") + "```ron\n".len();
    let example = &guide[start..start + guide[start..].find("```").unwrap()];
    let loaded = tread::tree::load_text(example.to_string());
    assert_eq!(loaded.diagnostics, vec![]);
    let tree = loaded.tree.unwrap();
    assert_eq!(tree.nodes.len(), 4);
}

#[test]
fn every_diagnostic_code_is_documented_for_authors() {
    let guide = include_str!("../trees/README.md");
    let codes: Vec<&str> = tread::tree::Problem::CODES
        .iter()
        .chain(tread::tree::FileError::CODES)
        .copied()
        .collect();
    assert!(codes.len() > 30, "found only {codes:?}");
    let missing: Vec<_> = codes
        .iter()
        .filter(|c| !guide.contains(&format!("`{c}`")))
        .collect();
    assert!(missing.is_empty(), "not in trees/README.md: {missing:?}");
}
