//! `tread upgrade FILE`: a format 1 tree rewritten as format 2, every byte of it kept (its
//! comments too) but the format number, with the scale and words it had by default written out
//! after it, to edit for another field. The new file is checked before it replaces the old.

use std::io::Write;
use std::path::Path;

use crate::failure::{Failure, Outcome};
use crate::tree::locate::{Locator, Step};
use crate::tree::{self, Severity};

/// The scale and words format 1 had, written out; each line is indented as the format line.
const DEFAULTS: &[&str] = &[
    "// Format 2: the levels of outcome and the words on screen, as format 1 had them. Edit",
    "// them for a tree of another field (trees/README.md, \"The scale and the words\").",
    "scale: [",
    "    (id: Emergency, label: \"EMERGENCY\", colour: Red),",
    "    (id: Urgent, label: \"URGENT\", colour: Orange),",
    "    (id: Soon, label: \"SOON\", colour: Yellow),",
    "    (id: Routine, label: \"ROUTINE\", colour: Blue),",
    "    (id: SelfCare, label: \"SELF-CARE\", colour: Green),",
    "],",
    "words: (banner: \"NOT A DIAGNOSIS\", ask: \"Ask:\", say: \"Say:\", call_back: \"Say when to call back:\", you_do: \"You do\"),",
];

pub fn run(path: &Path) -> Outcome {
    if crate::cases::is_cases_file(path) {
        return Err(Failure::NotUpgradable(
            path.to_path_buf(),
            "a file of cases keeps format 1",
        ));
    }
    // A tree with errors is not rewritten: what it means is not yet known.
    let opened = super::open::open_stamped(Some(path), "upgraded")?;
    if opened.tree.format != 1 {
        let said = format!(
            "`{}` is format {} already: nothing to change\n",
            crate::scrub::one_line(&path.display().to_string()),
            opened.tree.format
        );
        return super::output::print(said.as_bytes());
    }
    let bytes = tree::file::read(path).map_err(Failure::File)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let parts = tree::is_parts_file(path);
    let upgraded = rewrite(&text, !parts);
    // Written beside the file, checked as the file it will be, then put in its place.
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("tree");
    let temp = dir.join(format!(".{name}.upgrading.ron"));
    let written = std::fs::File::create_new(&temp)
        .and_then(|mut f| {
            f.write_all(upgraded.as_bytes())?;
            f.sync_all()?;
            let permissions = std::fs::metadata(path)?.permissions();
            std::fs::set_permissions(&temp, permissions)
        })
        .map_err(|e| Failure::CannotWrite(temp.clone(), e));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    let checked = tree::load_file(&temp);
    let clean = checked.is_ok_and(|l| {
        !l.diagnostics
            .iter()
            .any(|d| d.severity() == Severity::Error)
    });
    if !clean {
        let _ = std::fs::remove_file(&temp);
        return Err(Failure::NotUpgradable(
            path.to_path_buf(),
            "the rewritten file does not check (a bug in tread: please report it)",
        ));
    }
    if let Err(e) = std::fs::rename(&temp, path) {
        let _ = std::fs::remove_file(&temp);
        return Err(Failure::CannotWrite(path.to_path_buf(), e));
    }
    let said = format!(
        "upgraded `{}` to format 2{}\n",
        crate::scrub::one_line(&path.display().to_string()),
        if parts {
            ""
        } else {
            ": its scale and words are written out after `format`, to edit for another field"
        }
    );
    super::output::print(said.as_bytes())
}

/// The text with `format: 1` made `format: 2` and, for a tree, the defaults written after it.
fn rewrite(text: &str, defaults: bool) -> String {
    let value = Locator::new(text).span_at(&[Step::Field("format")]);
    let (start, end) = (value.start, value.end);
    let mut out = String::with_capacity(text.len() + 1024);
    out.push_str(&text[..start]);
    out.push('2');
    if !defaults {
        out.push_str(&text[end..]);
        return out;
    }
    // After the comma that ends the field, or with one of its own.
    let rest = &text[end..];
    let gap = rest.len() - rest.trim_start().len();
    let (kept, after) = if rest[gap..].starts_with(',') {
        rest.split_at(gap + 1)
    } else {
        ("", rest)
    };
    out.push_str(kept);
    if kept.is_empty() {
        out.push(',');
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    for line in DEFAULTS {
        out.push('\n');
        out.push_str(&indent);
        out.push_str(line);
    }
    out.push_str(after);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_number_changes_and_the_defaults_follow_it() {
        let text = "// A tree.\n(\n    title: \"T\", // its title\n    format: 1,  // the format\n    start: \"a\",\n)\n";
        let out = rewrite(text, true);
        assert!(out.starts_with(
            "// A tree.\n(\n    title: \"T\", // its title\n    format: 2,\n    // Format 2:"
        ));
        assert!(out.contains("\n    scale: [\n        (id: Emergency,"));
        assert!(out.ends_with("you_do: \"You do\"),  // the format\n    start: \"a\",\n)\n"));
        // On one line, with no comma after it.
        let one = rewrite("(start: \"a\", format: 1)", true);
        assert!(
            one.starts_with("(start: \"a\", format: 2,\n// Format 2:"),
            "{one}"
        );
        assert!(one.ends_with("you_do: \"You do\"),)"), "{one}");
        assert_eq!(
            rewrite("(format: 1, nodes: {})", false),
            "(format: 2, nodes: {})"
        );
    }
}
