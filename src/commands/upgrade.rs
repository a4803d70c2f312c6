//! `tread upgrade FILE`: a format 1 tree rewritten as format 2, every byte of it kept (its
//! comments too) but the format number, with the scale and words it had by default written out
//! after it, to edit for another field. The new file is checked before it replaces the old.

use std::io::Write;
use std::path::Path;

use crate::failure::{Failure, Outcome};
use crate::tree::locate::{Locator, Step};
use crate::tree::{self, Severity};

/// What is written before the defaults.
const NOTE: &[&str] = &[
    "// Format 2: the levels of outcome and the words on screen, as format 1 had them. Edit",
    "// them for a tree of another field (trees/README.md, \"The scale and the words\").",
];

/// The scale format 1 had, written out; each line is indented as the format line.
const SCALE: &[&str] = &[
    "scale: [",
    "    (id: Emergency, label: \"EMERGENCY\", colour: Red),",
    "    (id: Urgent, label: \"URGENT\", colour: Orange),",
    "    (id: Soon, label: \"SOON\", colour: Yellow),",
    "    (id: Routine, label: \"ROUTINE\", colour: Blue),",
    "    (id: SelfCare, label: \"SELF-CARE\", colour: Green),",
    "],",
];

/// The words format 1 had.
const WORDS: &[&str] = &[
    "words: (banner: \"NOT A DIAGNOSIS\", ask: \"Ask:\", say: \"Say:\", call_back: \"Say when to call back:\", you_do: \"You do\"),",
];

pub fn run(path: &Path) -> Outcome {
    if crate::cases::is_cases_file(path) {
        return Err(Failure::NotUpgradable(
            path.to_path_buf(),
            "a file of cases keeps format 1",
        ));
    }
    // The file itself is rewritten, never a link to it (which would become a file of its own).
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(Failure::NotUpgradable(
            path.to_path_buf(),
            "it is a symbolic link: upgrade the file it names",
        ));
    }
    // A tree with errors is not rewritten, what it means not being known yet; but fields of
    // format 2 in a file of format 1 are what upgrading mends.
    let loaded = tree::load_file(path).map_err(Failure::File)?;
    let parts = tree::is_parts_file(path);
    let only_format = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .all(|d| d.problem.code() == "needs-format-2");
    let (format, has_scale, has_words) = match (&loaded.tree, only_format) {
        // A parts file has no start, so no walkable tree: its format is read as written.
        (_, true) if parts => {
            let format = tree::decode_as::<tree::PartsFile>(&loaded.text).map_or(1, |p| p.format);
            (format, false, false)
        }
        (Some(tree), true) => {
            let w = &tree.words;
            let words = [&w.banner, &w.ask, &w.say, &w.call_back, &w.you_do];
            (
                tree.format,
                !tree.scale.is_empty(),
                words.iter().any(|w| w.is_some()),
            )
        }
        // Says what the errors are, and fails.
        _ => {
            super::open::open_stamped(Some(path), "upgraded")?;
            return Err(Failure::Problems);
        }
    };
    if format != 1 {
        let said = format!(
            "`{}` is format {format} already: nothing to change\n",
            crate::scrub::one_line(&path.display().to_string()),
        );
        return super::output::print(said.as_bytes());
    }
    let bytes = tree::file::read(path).map_err(Failure::File)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    // The defaults a tree lacks, written out (a parts file has none to write).
    let mut defaults: Vec<&str> = Vec::new();
    if !(parts || has_scale && has_words) {
        defaults.extend(NOTE);
        if !has_scale {
            defaults.extend(SCALE);
        }
        if !has_words {
            defaults.extend(WORDS);
        }
    }
    let upgraded = rewrite(&text, &defaults);
    // Written beside the file, checked as the file it will be, then put in its place.
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("tree");
    // A name of its own (never another file's, which is left alone if it exists).
    // Ending as the file's name does, so it is read as what it is (a parts file, or a tree).
    let temp = dir.join(format!(
        ".upgrading-{}-{}.{name}",
        std::process::id(),
        uuid::Uuid::now_v7().simple()
    ));
    let mut file =
        std::fs::File::create_new(&temp).map_err(|e| Failure::CannotWrite(temp.clone(), e))?;
    let written = file
        .write_all(upgraded.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            let permissions = std::fs::metadata(path)?.permissions();
            std::fs::set_permissions(&temp, permissions)
        })
        .map_err(|e| Failure::CannotWrite(temp.clone(), e));
    drop(file);
    if let Err(e) = written {
        // Made here, so removed here.
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
        if defaults.is_empty() {
            ""
        } else {
            ": the scale and words it had by default are written out after `format`, to edit for another field"
        }
    );
    super::output::print(said.as_bytes())
}

/// The text with `format: 1` made `format: 2` and the `defaults` lines written after it.
fn rewrite(text: &str, defaults: &[&str]) -> String {
    let value = Locator::new(text).span_at(&[Step::Field("format")]);
    let (start, end) = (value.start, value.end);
    let mut out = String::with_capacity(text.len() + 1024);
    out.push_str(&text[..start]);
    out.push('2');
    if defaults.is_empty() {
        out.push_str(&text[end..]);
        return out;
    }
    // The file's own line ends, and the format line's indent.
    let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let indent: String = text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let block: String = defaults
        .iter()
        .map(|line| format!("{indent}{line}{eol}"))
        .collect();
    // After the comma that ends the field, past any comments before it (or with one of its
    // own): on the next line when the rest of that one is only a comment, so the comment stays
    // with `format`.
    let rest = &text[end..];
    let gap = trivia(rest);
    let comma = rest[gap..].starts_with(',');
    let after_comma = if comma { gap + 1 } else { 0 };
    let line_end = rest[after_comma..].find('\n').map(|i| after_comma + i + 1);
    let tail = line_end.map(|e| rest[after_comma..e].trim());
    match (line_end, tail) {
        (Some(e), Some(t)) if t.is_empty() || t.starts_with("//") => {
            if !comma {
                out.push(',');
            }
            out.push_str(&rest[..e]);
            out.push_str(&block);
            out.push_str(&rest[e..]);
        }
        _ => {
            out.push_str(&rest[..after_comma]);
            if !comma {
                out.push(',');
            }
            out.push_str(eol);
            out.push_str(block.trim_end());
            out.push_str(&rest[after_comma..]);
        }
    }
    out
}

/// How many bytes of white space and comments `text` starts with.
fn trivia(text: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &text[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with("//") {
            at += trimmed.find('\n').unwrap_or(trimmed.len());
        } else if let Some(body) = trimmed.strip_prefix("/*") {
            // RON's block comments nest.
            let mut depth = 1;
            let mut i = 0;
            let bytes = body.as_bytes();
            while depth > 0 && i < bytes.len() {
                if bytes[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if bytes[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                } else {
                    i += 1;
                }
            }
            at += 2 + i;
        } else {
            return at;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_number_changes_and_the_defaults_follow_it() {
        let text = "// A tree.\n(\n    title: \"T\", // its title\n    format: 1,  // the format\n    start: \"a\",\n)\n";
        let all: Vec<&str> = [NOTE, SCALE, WORDS].concat();
        let out = rewrite(text, &all);
        assert!(
            out.starts_with(
                "// A tree.\n(\n    title: \"T\", // its title\n    format: 2,  // the format\n    // Format 2:"
            ),
            "{out}"
        );
        assert!(out.contains("\n    scale: [\n        (id: Emergency,"));
        assert!(
            out.ends_with("you_do: \"You do\"),\n    start: \"a\",\n)\n"),
            "{out}"
        );
        // Line ends as the file has them.
        let crlf = rewrite(&text.replace('\n', "\r\n"), &all);
        assert!(!crlf.replace("\r\n", "").contains('\n'), "{crlf:?}");
        // On one line, with no comma after it.
        let one = rewrite("(start: \"a\", format: 1)", &all);
        assert!(
            one.starts_with("(start: \"a\", format: 2,\n// Format 2:"),
            "{one}"
        );
        assert!(one.ends_with("you_do: \"You do\"),)"), "{one}");
        assert_eq!(
            rewrite("(format: 1, nodes: {})", &[]),
            "(format: 2, nodes: {})"
        );
        // Comments between the number and its comma: one comma, then the defaults.
        let commas: usize = all.iter().map(|l| l.matches(',').count()).sum();
        for text in [
            "(\n    format: 1 /* c /* d */ */,\n    start: \"a\",\n)",
            "(\n    format: 1 // c\n    ,\n    start: \"a\",\n)",
        ] {
            let out = rewrite(text, &all);
            assert_eq!(
                out.matches(',').count(),
                text.matches(',').count() + commas,
                "{out}"
            );
            assert!(ron::from_str::<ron::Value>(&out).is_ok(), "{out}");
        }
    }
}
