//! `tread check --format json` and `--deny-warnings`, through the real binary.

mod common;

use common::tread;
use serde_json::Value;

fn objects(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn each_diagnostic_is_one_json_object_with_every_field() {
    let run = tread(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/dangling-link.ron",
    ]);
    assert_eq!(run.code, 1);
    let all = objects(&run.stdout);
    assert_eq!(all.len(), 2);
    let d = &all[0];
    // The fields come in a fixed order (parsing sorts them, so look at the raw line).
    let raw = run.stdout.lines().next().unwrap();
    let keys = [
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "severity",
        "code",
        "message",
        "hint",
    ];
    let at: Vec<usize> = keys
        .iter()
        .map(|k| raw.find(&format!("\"{k}\":")).unwrap())
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{raw}");
    assert_eq!(d.as_object().unwrap().len(), keys.len());
    assert_eq!(d["file"], "tests/fixtures/dangling-link.ron");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(15), Some(37))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(15), Some(43))
    );
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "dangling-link");
    assert_eq!(
        d["message"],
        "choice \"No\" leads to `rset`, which is not a node"
    );
    assert_eq!(d["hint"], "did you mean `rest`?");
    assert_eq!(
        (all[1]["severity"].as_str(), all[1]["code"].as_str()),
        (Some("warning"), Some("unreachable"))
    );
}

#[test]
fn a_clean_file_prints_nothing_in_json() {
    let run = tread(&["check", "--format", "json", "trees/back-pain-botox.ron"]);
    assert_eq!((run.code, run.stdout.as_str()), (0, ""));
}

#[test]
fn an_unreadable_file_is_an_object_without_a_position() {
    let run = tread(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/nope.ron",
        "tests/fixtures/empty.ron",
    ]);
    assert_eq!(run.code, 2);
    let all = objects(&run.stdout);
    assert_eq!(all[0]["code"], "not-found");
    assert_eq!(all[0]["line"], Value::Null);
    assert_eq!(all[0]["file"], "tests/fixtures/nope.ron");
    assert_eq!(all[1]["code"], "empty-file");
    assert_eq!(
        (all[1]["line"].as_u64(), all[1]["column"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        run.stderr,
        "error: `tests/fixtures/nope.ron`: no such file\n"
    );
}

#[test]
fn deny_warnings_fails_on_warnings_alone() {
    let warned = "tests/fixtures/control-chars.ron";
    assert_eq!(tread(&["check", warned]).code, 0);
    let run = tread(&["check", "--deny-warnings", warned]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.ends_with(&format!("{warned}: 1 warning\n")));
    assert_eq!(
        tread(&["check", "--deny-warnings", "tests/fixtures/good.ron"]).code,
        0
    );
}
