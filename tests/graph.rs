//! `tread graph`, `tread paths` and `tread stats`, through the real binary.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::tread;

const GOOD: &str = "tests/fixtures/good.ron";
const HOSTILE: &str = "tests/fixtures/hostile.ron";

#[test]
fn dot_of_a_small_tree() {
    let run = tread(&["graph", GOOD]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        r##"// Sore back (drawn by tread graph)
digraph tree {
    graph [rankdir=TB, labelloc=t, fontname="Helvetica", label="Sore back"];
    node [shape=box, style="rounded,filled", fillcolor=white, fontname="Helvetica"];
    edge [fontname="Helvetica", fontsize=10];
    "ask" [label="RED FLAG: Numb legs", color=red, penwidth=2];
    "emergency" [label="EMERGENCY: Emergency", style="filled,bold", fillcolor="#f4a6a6"];
    "rest" [label="SELF-CARE: Rest", style="filled,bold", fillcolor="#c8e6c1"];
    "ask" -> "emergency" [label="Yes"];
    "ask" -> "rest" [label="No"];
}
"##
    );
}

#[test]
fn mermaid_of_a_small_tree() {
    let run = tread(&["graph", "--format", "mermaid", GOOD]);
    assert_eq!(run.code, 0);
    let head: Vec<&str> = run.stdout.lines().take(7).collect();
    assert_eq!(
        head,
        [
            "%% drawn by tread graph",
            "flowchart TD",
            "    n_ask{{\"RED FLAG: Numb legs\"}}",
            "    n_emergency([\"EMERGENCY: Emergency\"])",
            "    n_rest([\"SELF-CARE: Rest\"])",
            "    n_ask -->|\"Yes\"| n_emergency",
            "    n_ask -->|\"No\"| n_rest",
        ]
    );
    let tail: Vec<&str> = run.stdout.lines().rev().take(3).collect();
    assert_eq!(
        tail,
        [
            "    class n_rest level_4_self_care",
            "    class n_emergency level_0_emergency",
            "    class n_ask red_flag"
        ]
    );
}

/// The text of every `<text>` element of an SVG, unescaped.
fn svg_texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| Some(t[t.find('>')? + 1..t.find("</text>")?].to_string()))
        .map(|t| {
            t.replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#45;", "-")
                .replace("&amp;", "&")
        })
        .collect()
}

#[test]
fn hostile_labels_survive_graphviz_exactly() {
    let run = tread(&["graph", HOSTILE]);
    assert_eq!(run.code, 0);
    // Every line ends outside a quoted string, whatever the labels hold.
    for line in run.stdout.lines().filter(|l| !l.starts_with("//")) {
        let (mut quoted, mut escaped) = (false, false);
        for c in line.chars() {
            (quoted, escaped) = match (quoted, escaped, c) {
                (true, false, '\\') => (true, true),
                (true, true, _) => (true, false),
                (q, _, '"') => (!q, false),
                (q, _, _) => (q, false),
            };
        }
        assert!(!quoted, "an unterminated string: {line}");
    }
    let Ok(mut dot) = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    else {
        eprintln!("note: Graphviz `dot` is not installed; the labels were checked as text only");
        return;
    };
    use std::io::Write;
    dot.stdin
        .take()
        .unwrap()
        .write_all(run.stdout.as_bytes())
        .unwrap();
    let out = dot.wait_with_output().unwrap();
    assert!(out.status.success(), "dot refused the graph");
    let texts = svg_texts(&String::from_utf8(out.stdout).unwrap());
    for want in [
        "Hostile \"labels\" {test}",
        "RED FLAG: Say \"yes\" \\N or [no]? {x} (y) <b>bold</b> #1 & a|b `c`",
        "\"Yes\" | --> end; [ok]",
        "No\\G #quot; <br> &amp;",
        "Line",
        "break",
        "SELF-CARE: End \"here\" ]] }} ))",
    ] {
        assert!(
            texts.iter().any(|t| t == want),
            "{want:?} not drawn; drawn: {texts:#?}"
        );
    }
}

#[test]
fn hostile_labels_stay_inside_their_mermaid_quotes() {
    let run = tread(&["graph", "--format", "mermaid", HOSTILE]);
    assert_eq!(run.code, 0);
    let labels: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains('"') && !l.starts_with("%%"))
        .map(|l| &l[l.find('"').unwrap() + 1..l.rfind('"').unwrap()])
        .collect();
    assert_eq!(
        labels.len(),
        5,
        "three nodes and two labelled edges: {labels:?}"
    );
    for label in &labels {
        // The only markup is the line break tread writes itself.
        let label = &label.replace("<br/>", "");
        assert!(
            !label.contains(['"', '<', '>', '|', '`', '\n']),
            "raw markup in {label:?}"
        );
        // Every `#` starts an entity code.
        for (i, _) in label.match_indices('#') {
            let entity =
                &label[i + 1..i + 1 + label[i + 1..].find(';').expect("an entity ends with ;")];
            assert!(
                entity.chars().all(|c| c.is_ascii_alphanumeric()),
                "{label:?}"
            );
        }
    }
    assert!(
        run.stdout
            .contains("    n_ask -->|\"#quot;Yes#quot; #124; --#gt; end; [ok]\"| n_end\n")
    );
    assert!(
        run.stdout
            .contains("    n_end([\"SELF-CARE: End #quot;here#quot; ]] }} ))\"])\n")
    );
}

#[test]
fn the_readme_shows_the_current_graph_of_the_bundled_tree() {
    let readme = include_str!("../README.md");
    let start = readme
        .find("<!-- graph:start -->\n```mermaid\n")
        .expect("the graph section");
    let shown = &readme[start + "<!-- graph:start -->\n```mermaid\n".len()
        ..readme.find("```\n<!-- graph:end -->").unwrap()];
    let run = tread(&["graph", "--format", "mermaid", "trees/back-pain-botox.ron"]);
    assert_eq!(
        shown, run.stdout,
        "regenerate README.md's graph section with tread graph --format mermaid"
    );
}

#[test]
fn stats_of_a_small_tree() {
    let run = tread(&["stats", GOOD]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stdout,
        "Sore back (tests/fixtures/good.ron)\n\
         nodes      3: 1 question (1 red flag), 0 info steps, 2 outcomes\n\
         outcomes   1 emergency, 0 urgent, 0 soon, 0 routine, 1 self-care\n\
         paths      2 from the start to an outcome\n\
         shortest   1 step, to `emergency`\n\
         longest    1 step, to `emergency`\n\
         sources    1, cited 3 times\n"
    );
}

#[test]
fn stats_of_the_bundled_tree() {
    let run = tread(&["stats", "trees/back-pain-botox.ron"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[1],
        "nodes      75: 42 questions (31 red flags), 5 info steps, 3 checklists, 25 outcomes"
    );
    assert_eq!(
        lines[2],
        "outcomes   6 emergency, 9 urgent, 2 soon, 7 routine, 1 self-care"
    );
    assert_eq!(lines[3], "paths      106 from the start to an outcome");
    assert_eq!(lines[5], "longest    45 steps, to `gp_first_steps`");
}

#[test]
fn paths_of_a_small_tree() {
    let run = tread(&["paths", GOOD]);
    assert_eq!(run.code, 0);
    // The count on standard error: `tread paths FILE | wc -l` counts the paths.
    assert_eq!(
        run.stdout,
        "1. Numb legs: Yes → EMERGENCY: Emergency\n2. Numb legs: No → SELF-CARE: Rest\n"
    );
    assert_eq!(run.stderr, "2 paths\n");
}

#[test]
fn paths_through_one_node_limited_and_as_json() {
    let tree = "trees/back-pain-botox.ron";
    let run = tread(&["paths", tree, "--to", "tried_so_far"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 32);
    assert!(lines.iter().all(|l| l.contains("What has been tried: ")));
    assert_eq!(
        run.stderr,
        "32 paths through `tried_so_far`, of 106 in all\n"
    );

    let run = tread(&["paths", tree, "--limit", "3"]);
    assert_eq!(run.stdout.lines().count(), 3);
    assert_eq!(run.stderr, "first 3 of 106 paths\n");

    let run = tread(&[
        "paths",
        tree,
        "--format",
        "json",
        "--to",
        "about_botox",
        "--limit",
        "1",
    ]);
    let path: serde_json::Value = serde_json::from_str(run.stdout.trim()).unwrap();
    assert_eq!(path["n"], 1);
    let steps = path["steps"].as_array().unwrap();
    assert_eq!(steps[3]["node"], "signs_999");
    assert_eq!(steps[3]["answer"], serde_json::Value::Null);
    assert_eq!(steps[4]["node"], "rf_collapse");
    assert_eq!(steps[4]["answer"], "No, or only more than 24 hours ago");
    let info = steps
        .iter()
        .find(|s| s["node"] == "about_botox")
        .expect("through about_botox");
    assert_eq!(
        info["answer"],
        serde_json::Value::Null,
        "an info step has no answer"
    );
    assert_eq!(path["outcome"]["node"], "find_cause_first");
    assert_eq!(path["outcome"]["urgency"], "Routine");
}

#[test]
fn paths_to_an_unknown_node_suggests_one() {
    let run = tread(&["paths", "trees/back-pain-botox.ron", "--to", "about_botx"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: `--to about_botx` names no node; did you mean `about_botox`?\n"
    );
}

/// 150 questions in a row, each with two answers that rejoin: 2^150 paths, more than a u128
/// can count past.
fn explosive_tree(name: &str) -> std::path::PathBuf {
    let mut src =
        String::from("(title: \"Many\", format: 1, start: \"q0\", disclaimer: \"D\", nodes: {\n");
    for i in 0..150 {
        let next = if i == 149 {
            "end".to_string()
        } else {
            format!("q{}", i + 1)
        };
        src.push_str(&format!(
            "\"q{i}\": Question(title: \"Q{i}\", text: \"?\", why: \"w\", choices: [(label: \"A\", next: \"{next}\"), (label: \"B\", next: \"{next}\")]),\n"
        ));
    }
    src.push_str("\"end\": Outcome(title: \"End\", urgency: Routine, action: \"GP\", advice: [\"x\"], why: \"w\"),\n})");
    let path = std::env::temp_dir().join(format!("tread-{name}-{}.ron", std::process::id()));
    std::fs::write(&path, src).unwrap();
    path
}

#[test]
fn paths_stream_the_first_line_at_once_however_many_there_are() {
    let path = explosive_tree("explosive");
    let run = tread(&["paths", path.to_str().unwrap(), "--limit", "2"]);
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(lines[0].starts_with("1. Q0: A › Q1: A › "));
    assert_eq!(lines.len(), 2);
    assert_eq!(
        run.stderr,
        format!("first 2 of more than {} paths\n", u128::MAX - 1)
    );

    // Unlimited: the first line arrives while the listing goes on; then stop reading.
    let mut child = Command::new(env!("CARGO_BIN_EXE_tread"))
        .args(["paths", path.to_str().unwrap()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("1. Q0: A › "), "{first}");
    child.kill().unwrap();
    child.wait().unwrap();
    std::fs::remove_file(path).unwrap();
}

#[test]
fn a_tree_with_errors_is_not_drawn() {
    let run = tread(&["graph", "tests/fixtures/cycle.ron"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.starts_with("error[cycle]"));
    assert!(run.stderr.ends_with(
        "cannot be drawn: 1 error (`tread check tests/fixtures/cycle.ron` lists warnings too)\n"
    ));
}

#[test]
fn a_reader_who_stops_reading_ends_paths_quietly_in_every_format() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};
    let path = explosive_tree("closed-pipe");
    for format in ["text", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tread"))
            .args(["paths", path.to_str().unwrap(), "--format", format])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        assert!(!first.is_empty(), "{format}: a first path");
        // The pipe is closed here: the reader (like `head -1`) has seen enough.
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            (
                out.status.code(),
                String::from_utf8_lossy(&out.stderr).as_ref()
            ),
            (Some(0), ""),
            "{format}"
        );
    }
    std::fs::remove_file(path).unwrap();
}
