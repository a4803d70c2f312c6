//! The command line itself: help, version, exit codes, pipes.

mod common;

use common::tread;

#[test]
fn the_walk_refuses_a_pipe_with_one_line_and_no_escape_codes() {
    let run = tread(&[]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: the walk is full-screen and standard input is not a terminal; \
         run tread in a terminal, or walk line by line with `tread --plain` (answers from \
         standard input, or `--answers ,1,2`)\n"
    );
    assert_eq!(run.stdout, "", "nothing may be written into the pipe");
}

#[test]
fn check_takes_directories_and_sums_up() {
    let run = tread(&["check", "tests/fixtures", "trees"]);
    assert_eq!(run.code, 1, "the fixtures have errors");
    let last = run.stdout.lines().last().unwrap();
    assert_eq!(last, "checked 26 files: 29 errors, 11 warnings");
    assert!(run.stdout.contains("\ntrees/back-pain-botox.ron: ok\n"));
    assert!(run.stdout.contains("\ntests/fixtures/good.ron: ok\n"));
}

#[test]
fn check_without_a_path_is_a_usage_error() {
    let run = tread(&["check"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("required arguments were not provided"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Usage: tread check <PATH>..."),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    let run = tread(&["--frobnicate"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .starts_with("error: unexpected argument '--frobnicate' found"),
        "{}",
        run.stderr
    );
}

#[test]
fn help_and_version_read_like_a_rust_cli() {
    let run = tread(&["--version"]);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, concat!("tread ", env!("CARGO_PKG_VERSION"), "\n"))
    );
    let run = tread(&["--help"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("help", run.stdout);
    let run = tread(&["check", "--help"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("check_help", run.stdout);
}

#[test]
fn the_readme_lists_every_exit_status_tread_uses() {
    use tread::failure::{DIVERGED, PROBLEMS, SIGNALLED, UNFINISHED, UNUSABLE};
    let readme = include_str!("../README.md");
    let table = &readme[readme.find("### Exit codes").expect("the exit code table")..];
    let codes: Vec<&str> = table
        .lines()
        .skip(4)
        .take_while(|l| l.starts_with('|'))
        .map(|l| l.split('|').nth(1).unwrap().trim())
        .collect();
    let want = [
        "0".to_string(),
        PROBLEMS.to_string(),
        UNUSABLE.to_string(),
        DIVERGED.to_string(),
        UNFINISHED.to_string(),
        format!("{SIGNALLED} + n"),
    ];
    assert_eq!(codes, want);
    // And each is what a run gives.
    assert_eq!(tread(&["check", "tests/fixtures/good.ron"]).code, 0);
    assert_eq!(
        tread(&["check", "tests/fixtures/cycle.ron"]).code,
        i32::from(PROBLEMS)
    );
    assert_eq!(
        tread(&["check", "tests/fixtures/nope.ron"]).code,
        i32::from(UNUSABLE)
    );
}

#[test]
fn stats_prints_a_title_with_its_control_characters_escaped() {
    let dir = std::env::temp_dir().join(format!("tread-stats-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("t.ron");
    let good = std::fs::read_to_string("tests/fixtures/good.ron").unwrap();
    std::fs::write(
        &file,
        good.replace(
            "\"Sore back\"",
            "\"Sore\\u{1b}]52;c;aGk=\\u{7} back\\u{9b}2J\"",
        ),
    )
    .unwrap();
    let run = tread(&["stats", file.to_str().unwrap()]);
    assert_eq!(
        run.code, 0,
        "a control character is only a warning: {}",
        run.stderr
    );
    assert!(
        run.stdout
            .starts_with(r"Sore\u{1b}]52;c;aGk=\u{7} back\u{9b}2J ("),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains(['\x1b', '\x07', '\u{9b}']));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn one_path_is_one_path() {
    let run = tread(&["paths", "tests/fixtures/good.ron", "--to", "emergency"]);
    assert!(
        run.stderr
            .ends_with("1 path through `emergency`, of 2 in all\n"),
        "{}",
        run.stdout
    );
}
