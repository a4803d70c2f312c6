//! Bad tree files through the real binary: the whole message a person sees, and the exit code.

mod common;

use common::tread;

#[test]
fn a_dangling_link_is_shown_at_its_line_with_a_suggestion() {
    let run = tread(&["check", "tests/fixtures/dangling-link.ron"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        r#"error[dangling-link]: choice "No" leads to `rset`, which is not a node
  --> tests/fixtures/dangling-link.ron:15:37
   |
15 |                 (label: "No", next: "rset"),
   |                                     ^^^^^^
   |
   = hint: did you mean `rest`?

warning[unreachable]: no path from the start reaches `rest`
  --> tests/fixtures/dangling-link.ron:27:9
   |
27 |         "rest": Outcome(
   |         ^^^^^^
   |
   = hint: link to it from another node, or remove it

tests/fixtures/dangling-link.ron: 1 error, 1 warning
"#
    );
}

#[test]
fn a_misspelt_field_names_the_field_it_meant() {
    let run = tread(&["check", "tests/fixtures/misspelt-field.ron"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        r#"error[unknown-field]: unknown field `whyy` in `Outcome`
  --> tests/fixtures/misspelt-field.ron:32:13
   |
32 |             whyy: "Most back pain settles.",
   |             ^^^^
   |
   = hint: did you mean `why`?

tests/fixtures/misspelt-field.ron: 1 error
"#
    );
}

#[test]
fn an_empty_file_says_so() {
    let run = tread(&["check", "tests/fixtures/empty.ron"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "error[empty-file]: the file is empty\n \
         --> tests/fixtures/empty.ron:1:1\n  \
         |\n\
         1 |\n  \
         | ^\n  \
         |\n  \
         = hint: start from a complete example: see trees/README.md\n\n\
         tests/fixtures/empty.ron: 1 error\n"
    );
}

/// The first two lines of each fixture's first diagnostic, and the exit code.
#[test]
fn every_bad_fixture_gets_its_own_message() {
    let rows = [
        (
            "syntax-error",
            "error[syntax]: expected `,`",
            "syntax-error.ron:14:31",
        ),
        (
            "duplicate-id",
            "error[duplicate-id]: node `emergency` is defined more than once",
            "duplicate-id.ron:35:9",
        ),
        (
            "cycle",
            "error[cycle]: this link makes a loop: ask → again → ask",
            "cycle.ron:27:69",
        ),
        (
            "dead-end",
            "error[dead-end]: no path from `loop_a` ever reaches an outcome",
            "dead-end.ron:15:37",
        ),
        (
            "invalid-utf8",
            "error[invalid-utf8]: the file is not valid UTF-8",
            "invalid-utf8.ron:6:30",
        ),
        (
            "deep-nesting",
            "error[wrong-type]: expected text in double quotes, found `[`",
            "deep-nesting.ron:31:22",
        ),
    ];
    for (name, head, at) in rows {
        let run = tread(&["check", &format!("tests/fixtures/{name}.ron")]);
        assert_eq!(run.code, 1, "{name}: {}", run.stdout);
        let mut lines = run.stdout.lines();
        assert_eq!(lines.next(), Some(head), "{name}");
        assert_eq!(
            lines.next().map(str::trim),
            Some(format!("--> tests/fixtures/{at}").as_str()),
            "{name}"
        );
    }
}

#[test]
fn a_duplicate_id_says_where_the_first_one_is() {
    let run = tread(&["check", "tests/fixtures/duplicate-id.ron"]);
    assert_eq!(
        run.stdout,
        r#"error[duplicate-id]: node `emergency` is defined more than once
  --> tests/fixtures/duplicate-id.ron:35:9
   |
35 |         "emergency": Outcome(
   |         ^^^^^^^^^^^
   |
  ::: tests/fixtures/duplicate-id.ron:20:9
   |
20 |         "emergency": Outcome(
   |         ----------- first defined here
   |
   = hint: rename one of them; only the first would be used

tests/fixtures/duplicate-id.ron: 1 error
"#
    );
}

#[test]
fn the_caret_stays_under_the_fault_after_wide_characters() {
    let dir = std::env::temp_dir().join(format!("tread-wide-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("wide.ron");
    std::fs::write(
        &file,
        "(title: \"T\", format: 1, start: \"a\", disclaimer: \"D\", nodes: {\n\
         \"a\": Question(title: \"Q\", text: \"x\", why: \"w\", choices: [(label: \"いいえ 🙂\", next: \"nope\")]),\n})\n",
    )
    .unwrap();
    let run = tread(&["check", file.to_str().unwrap()]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    let source = lines.iter().find(|l| l.starts_with("2 |")).unwrap();
    let caret = lines.iter().find(|l| l.contains('^')).unwrap();
    // Screen columns: the wide characters take two each, and the caret counts them so.
    let column = |line: &str, at: usize| {
        line[..at]
            .chars()
            .map(|c| if ('\u{3000}'..).contains(&c) { 2 } else { 1 })
            .sum::<usize>()
    };
    let under = column(source, source.find("\"nope\"").unwrap());
    assert_eq!(
        column(caret, caret.find('^').unwrap()),
        under,
        "\n{source}\n{caret}"
    );
    assert_eq!(caret.matches('^').count(), "\"nope\"".len());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Far along a long line, the column printed is the column in the line, as JSON says, not in
/// the window cut around the fault for showing.
#[test]
fn far_along_a_long_line_the_column_is_still_the_lines() {
    let dir = std::env::temp_dir().join(format!("tread-column-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = include_str!("fixtures/dangling-link.ron").trim_start_matches('\u{feff}');
    let long = good.replacen(
        "(label: \"No\",",
        &format!("(label: \"No\",{}", " ".repeat(3000)),
        1,
    );
    let path = dir.join("long.ron");
    std::fs::write(&path, long).unwrap();
    let human = tread(&["check", path.to_str().unwrap()]);
    let json = tread(&["check", "--format", "json", path.to_str().unwrap()]);
    let first: serde_json::Value =
        serde_json::from_str(json.stdout.lines().next().unwrap()).unwrap();
    let column = first["column"].as_u64().unwrap();
    assert!(column > 3000, "{column}");
    assert!(
        human.stdout.contains(&format!("long.ron:15:{column}\n")),
        "{}",
        human.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_very_long_line_is_cut_to_a_window_around_the_fault() {
    let run = tread(&["check", "tests/fixtures/deep-nesting.ron"]);
    let longest = run.stdout.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 120, "a line of {longest} characters was printed");
    assert!(
        run.stdout.contains("advice: [[[[") && run.stdout.contains("[[..."),
        "{}",
        run.stdout
    );
}

#[test]
fn control_characters_are_a_warning_and_never_reach_the_output() {
    let run = tread(&["check", "tests/fixtures/control-chars.ron"]);
    assert_eq!(run.code, 0, "warnings alone pass");
    assert!(run.stdout.starts_with(
        "warning[control-char]: `text` of `ask` holds the control character \\u{1b}\n  \
         --> tests/fixtures/control-chars.ron:11:19\n"
    ));
    assert!(!run.stdout.contains('\x1b') && !run.stdout.contains('\x07'));
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let run = tread(&["check", "tests/fixtures/bom.ron"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "tests/fixtures/bom.ron: ok\n")
    );
}

#[test]
fn files_that_cannot_be_read_get_one_line_and_exit_2() {
    let dir = std::env::temp_dir().join(format!("tread-errors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A sparse file just over the size cap costs no disk.
    let big = dir.join("big.ron");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(257 * 1024 * 1024)
        .unwrap();
    let fifo = dir.join("fifo.ron");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let rows = [
        ("tests/fixtures/nope.ron".to_string(), "error: `tests/fixtures/nope.ron`: no such file\n".to_string()),
        (
            "tests/fixtures".to_string(),
            "error: `tests/fixtures` is a directory: give a tree file (`tread check` also takes directories)\n"
                .to_string(),
        ),
        (
            fifo.display().to_string(),
            format!("error: `{}` is not a regular file (a FIFO, socket or device)\n", fifo.display()),
        ),
        (
            big.display().to_string(),
            format!("error: `{}` is 257 MiB; tree files may be at most 256 MiB\n", big.display()),
        ),
    ];
    // Walking a directory opens a library, which needs a terminal; the other commands refuse it.
    let library = tread(&["tests/fixtures"]);
    assert_eq!(library.code, 2);
    assert!(
        library.stderr.contains("is not a terminal"),
        "{}",
        library.stderr
    );
    let stats = tread(&["stats", "tests/fixtures"]);
    assert_eq!((stats.code, stats.stderr.as_str()), (2, rows[1].1.as_str()));
    for (path, message) in rows.iter().filter(|(p, _)| p != "tests/fixtures") {
        // Walking: the file is refused before any terminal is touched.
        let run = tread(&[path]);
        assert_eq!(
            (run.code, run.stderr.as_str(), run.stdout.as_str()),
            (2, message.as_str(), ""),
            "{path}"
        );
    }
    // Checking: a directory is searched, everything else is refused the same way.
    for (path, message) in &rows[2..] {
        let run = tread(&["check", path]);
        assert_eq!(
            (run.code, run.stderr.as_str()),
            (2, message.as_str()),
            "{path}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_tree_with_errors_is_not_walked() {
    let run = tread(&["tests/fixtures/dangling-link.ron"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("error[dangling-link]"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.ends_with(
        "error: `tests/fixtures/dangling-link.ron` cannot be walked: 1 error \
         (`tread check tests/fixtures/dangling-link.ron` lists warnings too)\n"
    ));
    assert_eq!(run.stdout, "");
}

#[test]
fn tree_text_never_reaches_the_reader_raw_from_any_command() {
    // Raw control characters in a title, a label and a link target: an OSC 52 clipboard write,
    // an OSC 8 link, CSI 2J as a C1 control, a BEL and a NUL.
    let dir = std::env::temp_dir().join(format!("tread-raw-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = std::fs::read_to_string("tests/fixtures/good.ron").unwrap();
    let hostile = good
        .replace("\"Sore back\"", "\"Sore\u{1b}]52;c;aGk=\u{7} back\"")
        .replace("(label: \"No\"", "(label: \"N\u{9b}2Jo\"");
    let walkable = dir.join("walkable.ron");
    std::fs::write(&walkable, &hostile).unwrap();
    let broken = dir.join("broken\u{1b}[2J.ron");
    std::fs::write(
        &broken,
        hostile.replace(
            "next: \"rest\"",
            "next: \"rest\u{0}\u{1b}]8;;http://x\u{7}\"",
        ),
    )
    .unwrap();
    let (walkable, broken) = (walkable.to_str().unwrap(), broken.to_str().unwrap());
    let runs = [
        tread(&["check", walkable, broken]),
        tread(&["check", "--format", "json", walkable, broken]),
        tread(&["stats", walkable]),
        tread(&["paths", walkable]),
        tread(&["paths", "--format", "json", walkable]),
        tread(&["graph", walkable]),
        tread(&["graph", "--format", "mermaid", walkable]),
        tread(&["stats", broken]),
        tread(&[broken]),
    ];
    let raw = |c: char| c.is_control() && c != '\n';
    for (n, run) in runs.iter().enumerate() {
        assert!(
            !run.stdout.contains(raw) && !run.stderr.contains(raw),
            "run {n} printed a control character:\n{:?}\n{:?}",
            run.stdout,
            run.stderr
        );
    }
    // And the reader is told what is there.
    assert!(
        runs[0].stdout.contains("\\u{1b}]8;;http://x\\u{7}"),
        "{}",
        runs[0].stdout
    );
    assert!(runs[1].stdout.contains("\\u009b"), "{}", runs[1].stdout);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_checklist_mistake_is_shown_at_its_item_with_a_hint() {
    let run = tread(&["check", "tests/fixtures/checklist-mistakes.ron"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        r#"error[item-out-of-order]: the "no" of item `saddle` leads to `chest`, but the next item of checklist `flags` is `bladder`
  --> tests/fixtures/checklist-mistakes.ron:12:21
   |
12 |             items: ["saddle", "bladder", "saddle", "chset", "info", "both_yes", "no_no"],
   |                     ^^^^^^^^
   |
  ::: tests/fixtures/checklist-mistakes.ron:21:37
   |
21 |                 (label: "No", next: "chest"),
   |                                     ------- its "no" leads here
   |
   = hint: point the "no" at `bladder`, or list the items in the order their answers lead

error[item-without-yes]: item `bladder` of checklist `flags` has no answer marked `positive` for a mark to take
  --> tests/fixtures/checklist-mistakes.ron:12:31
   |
12 |             items: ["saddle", "bladder", "saddle", "chset", "info", "both_yes", "no_no"],
   |                               ^^^^^^^^^
   |
   = hint: add `positive: true` to the answer that means the sign is there

error[item-without-no]: item `bladder` of checklist `flags` has 2 answers that are neither positive nor unsure; it needs exactly one, its "no"
  --> tests/fixtures/checklist-mistakes.ron:12:31
   |
12 |             items: ["saddle", "bladder", "saddle", "chset", "info", "both_yes", "no_no"],
   |                               ^^^^^^^^^
   |
   = hint: give the item one answer without `positive` or `unsure`: it leads to the next item

error[repeated-item]: checklist `flags` lists `saddle` twice
  --> tests/fixtures/checklist-mistakes.ron:12:42
   |
12 |             items: ["saddle", "bladder", "saddle", "chset", "info", "both_yes", "no_no"],
   |                                          ^^^^^^^^
   |
   = hint: list each question once

error[dangling-link]: the item `chset` is not a node
  --> tests/fixtures/checklist-mistakes.ron:12:52
   |
12 |             items: ["saddle", "bladder", "saddle", "chset", "info", "both_yes", "no_no"],
   |                                                    ^^^^^^^
   |
   = hint: did you mean `chest`?

error[item-not-question]: item `info` of checklist `flags` is an info step, not a question
  --> tests/fixtures/checklist-mistakes.ron:12:61
   |
12 |             items: ["saddle", "bladder", "saddle", "chset", "info", "both_yes", "no_no"],
   |                                                             ^^^^^^
   |
   = hint: list only questions, each with a "yes" marked `positive` and one "no"

error[item-without-no]: item `both_yes` of checklist `flags` has 0 answers that are neither positive nor unsure; it needs exactly one, its "no"
  --> tests/fixtures/checklist-mistakes.ron:12:69
   |
12 |             items: ["saddle", "bladder", "saddle", "chset", "info", "both_yes", "no_no"],
   |                                                                     ^^^^^^^^^^
   |
   = hint: give the item one answer without `positive` or `unsure`: it leads to the next item

warning[unreachable]: no path from the start reaches `bladder`
  --> tests/fixtures/checklist-mistakes.ron:24:9
   |
24 |         "bladder": Question(
   |         ^^^^^^^^^
   |
   = hint: link to it from another node, or remove it

error[many-unsure]: question `bladder` marks 2 answers `unsure`; a caller who is not sure takes one
  --> tests/fixtures/checklist-mistakes.ron:29:22
   |
29 |             choices: [
   |                      ^
   |
   = hint: keep `unsure: true` on one answer

warning[no-positive]: warning sign `bladder` has no answer marked `positive`
  --> tests/fixtures/checklist-mistakes.ron:29:22
   |
29 |             choices: [
   |                      ^
   |
   = hint: add `positive: true` to each answer that means the caller has the sign; the call summary lists them

warning[unreachable]: no path from the start reaches `no_no`
  --> tests/fixtures/checklist-mistakes.ron:56:9
   |
56 |         "no_no": Question(
   |         ^^^^^^^
   |
   = hint: link to it from another node, or remove it

tests/fixtures/checklist-mistakes.ron: 8 errors, 3 warnings
"#
    );
}
