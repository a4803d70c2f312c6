//! Decision tables: their rules checked by hit policy (overlaps, conflicts, combinations no rule
//! covers, rules never used, a table too large), the walk asking only what it needs, and a
//! table giving the same outcome as its hand-written tree for every combination.

mod common;

use common::{tread, tread_with_input};
use tread::tree::{self, Node, Tree};
use tread::walk::{Action, Walk};

/// A tree with one table over two questions (`size`: a or b; `kind`: x, y or z) and the
/// rules given, each `(["a", "x|y"], "one")`, under the hit policy given.
fn table_tree(hit: &str, rules: &[&str]) -> String {
    let rules: String = rules
        .iter()
        .map(|r| format!("                {r},\n"))
        .collect();
    let outcome = |id: &str| {
        format!(
            "        \"{id}\": Outcome(title: \"{id}\", urgency: Routine, action: \"Go.\", advice: [\"a\"], safety_net: [\"n\"], steps: [\"s\"], why: \"w\"),\n"
        )
    };
    format!(
        "(\n    title: \"T\",\n    format: 2,\n    start: \"pick\",\n    disclaimer: \"d\",\n    nodes: {{\n        \"pick\": Table(\n            title: \"Pick\",\n            hit: {hit},\n            questions: [\n                (id: \"size\", title: \"Size\", text: \"Which size?\", why: \"w\", answers: [(label: \"A\", value: \"a\"), (label: \"B\", value: \"b\")]),\n                (id: \"kind\", title: \"Kind\", text: \"Which kind?\", why: \"w\", answers: [(label: \"X\", value: \"x\"), (label: \"Y\", value: \"y\"), (label: \"Z\", value: \"z\")]),\n            ],\n            rules: [\n{rules}            ],\n            why: \"w\",\n        ),\n{}{}{}    }},\n)\n",
        outcome("one"),
        outcome("two"),
        outcome("three")
    )
}

/// `code@line` for every diagnostic, and each message, of a tree's text.
fn found(text: &str) -> (Vec<String>, Vec<String>) {
    let loaded = tree::load_text(text.to_string());
    let codes = loaded
        .diagnostics
        .iter()
        .map(|d| {
            let at = d.span.start_in(&loaded.text);
            format!("{}@{}", d.problem.code(), at.line)
        })
        .collect();
    let messages = loaded
        .diagnostics
        .iter()
        .map(|d| d.problem.message())
        .collect();
    (codes, messages)
}

/// What a row shows, the hit policy, the rules, the diagnostics, and a message that must be
/// among them.
type Row<'a> = (&'a str, &'a str, &'a [&'a str], &'a [&'a str], &'a str);

#[test]
fn each_hit_policy_is_checked_over_every_combination() {
    let rows: &[Row] = &[
        (
            "every combination covered once",
            "Unique",
            &[
                r#"(["a", "-"], "one")"#,
                r#"(["b", "x|y"], "two")"#,
                r#"(["b", "z"], "three")"#,
            ],
            &[],
            "",
        ),
        (
            "two rules for one combination, unique",
            "Unique",
            &[
                r#"(["a", "-"], "one")"#,
                r#"(["-", "x"], "two")"#,
                r#"(["b", "y|z"], "three")"#,
            ],
            &["rules-overlap@16"],
            "rules 1 and 2 of `pick` both match Size: A, Kind: X",
        ),
        (
            "the same overlap, any: they disagree",
            "Any",
            &[
                r#"(["a", "-"], "one")"#,
                r#"(["-", "x"], "two")"#,
                r#"(["b", "y|z"], "three")"#,
            ],
            &["rules-conflict@16"],
            "rules 1 and 2 of `pick` both match Size: A, Kind: X, and lead to different places",
        ),
        (
            "an overlap where they agree, any",
            "Any",
            &[
                r#"(["a", "-"], "one")"#,
                r#"(["-", "x"], "one")"#,
                r#"(["b", "y|z"], "three")"#,
            ],
            &["unreachable@22"],
            "",
        ),
        (
            "the same overlap, first: the earlier wins",
            "First",
            &[
                r#"(["a", "-"], "one")"#,
                r#"(["-", "x"], "two")"#,
                r#"(["b", "y|z"], "three")"#,
            ],
            &[],
            "",
        ),
        (
            "a rule the earlier ones cover, first",
            "First",
            &[r#"(["-", "-"], "one")"#, r#"(["b", "x"], "two")"#],
            &["rule-never-used@16", "unreachable@22"],
            "rule 2 of `pick` decides nothing: the rules before it take every answer it matches",
        ),
        (
            "combinations no rule covers",
            "Unique",
            &[
                r#"(["a", "x"], "one")"#,
                r#"(["b", "y"], "two")"#,
                r#"(["b", "z"], "three")"#,
            ],
            &["missing-combinations@14"],
            "no rule of `pick` covers 3 combinations: Size: A, Kind: Y; Size: A, Kind: Z; Size: B, Kind: X",
        ),
        (
            "an answer the question lacks",
            "Unique",
            &[
                r#"(["a", "-"], "one")"#,
                r#"(["b", "x|w"], "two")"#,
                r#"(["b", "z"], "three")"#,
            ],
            &["unknown-cell@16"],
            "rule 2 of `pick` takes \"x|w\" for `kind`, which has no such answer",
        ),
        (
            "a rule too short",
            "Unique",
            &[r#"(["a"], "one")"#, r#"(["b", "-"], "two")"#],
            &["rule-width@15", "unreachable@22"],
            "rule 1 of `pick` gives 1 answer for 2 questions",
        ),
        (
            "a rule leading nowhere",
            "Unique",
            &[r#"(["a", "-"], "one")"#, r#"(["b", "-"], "tow")"#],
            &["dangling-link@16", "unreachable@21", "unreachable@22"],
            "",
        ),
    ];
    for (what, hit, rules, want, message) in rows {
        let (codes, messages) = found(&table_tree(hit, rules));
        assert_eq!(&codes, want, "{what}: {messages:?}");
        if !message.is_empty() {
            assert!(
                messages.iter().any(|m| m == message),
                "{what}: {messages:?}"
            );
        }
    }
}

#[test]
fn a_table_too_large_to_check_is_refused_at_once() {
    // Seven questions of eight answers: 2,097,152 combinations.
    let answers: String = (0..8)
        .map(|k| format!("(label: \"A{k}\", value: \"a{k}\"), "))
        .collect();
    let questions: String = (0..7)
        .map(|q| {
            format!(
                "(id: \"q{q}\", title: \"Q{q}\", text: \"Q{q}?\", why: \"w\", answers: [{answers}]),\n"
            )
        })
        .collect();
    let text = format!(
        "(title: \"T\", format: 2, start: \"big\", disclaimer: \"d\", nodes: {{\n\"big\": Table(title: \"Big\", questions: [\n{questions}], rules: [([\"-\", \"-\", \"-\", \"-\", \"-\", \"-\", \"-\"], \"end\")], why: \"w\"),\n\"end\": Outcome(title: \"End\", urgency: Routine, action: \"Go.\", advice: [\"a\"], safety_net: [\"n\"], steps: [\"s\"], why: \"w\"),\n}})"
    );
    let (codes, messages) = found(&text);
    assert_eq!(codes, ["table-too-large@2"], "{messages:?}");
    assert_eq!(
        messages[0],
        "table `big` is too large: it has 2097152 combinations of answers, more than the 1000000 tread checks"
    );
}

/// Walks `tree` answering each question by the label the combination gives its title;
/// returns the outcome reached and the titles asked.
fn walk(tree: &Tree, answers: &[(&str, &str)]) -> (String, Vec<String>) {
    let mut walk = Walk::new(tree);
    let mut asked = Vec::new();
    loop {
        let here = walk.current();
        match tree.node(here) {
            Node::Outcome { .. } => return (tree.id(here).to_string(), asked),
            Node::Question { title, choices, .. } => {
                let (_, label) = answers
                    .iter()
                    .find(|(t, _)| *t == &**title)
                    .unwrap_or_else(|| panic!("no answer for {title}"));
                let i = choices.iter().position(|c| &*c.label == *label).unwrap();
                asked.push(title.to_string());
                walk.apply(tree, Action::Choose(i)).unwrap();
            }
            other => panic!("a table's walk met {}", other.title()),
        }
    }
}

#[test]
fn the_walk_asks_only_what_the_rules_need() {
    let text = table_tree(
        "Unique",
        &[
            r#"(["a", "-"], "one")"#,
            r#"(["b", "x|y"], "two")"#,
            r#"(["b", "z"], "three")"#,
        ],
    );
    let tree = tree::load_text(text).walkable().unwrap();
    // "A" decides it: the kind is never asked.
    let (to, asked) = walk(&tree, &[("Size", "A"), ("Kind", "Z")]);
    assert_eq!((to.as_str(), asked), ("one", vec!["Size".to_string()]));
    let (to, asked) = walk(&tree, &[("Size", "B"), ("Kind", "Y")]);
    assert_eq!(to, "two");
    assert_eq!(asked, ["Size", "Kind"]);
    // The kind's step has an id of the table's, and the answers carry their values.
    let kind = tree.find("pick.kind").unwrap();
    let Node::Question { choices, .. } = tree.node(kind) else {
        panic!("not a question");
    };
    assert_eq!(choices[2].value.as_deref(), Some("z"));
    // A question no rule cares about is never asked, even the first.
    let text = table_tree(
        "First",
        &[r#"(["-", "x"], "one")"#, r#"(["-", "-"], "two")"#],
    );
    let tree = tree::load_text(text).walkable().unwrap();
    assert_eq!(tree.node(tree.start()).title(), "Kind");
    let (to, asked) = walk(&tree, &[("Size", "B"), ("Kind", "X")]);
    assert_eq!((to.as_str(), asked), ("one", vec!["Kind".to_string()]));
}

#[test]
fn a_table_and_its_hand_written_tree_agree_on_every_combination() {
    let by_hand = tree::load_text(include_str!("fixtures/patch.ron").to_string())
        .walkable()
        .unwrap();
    let table = tree::load_text(include_str!("fixtures/patch-table.ron").to_string())
        .walkable()
        .unwrap();
    let mut combinations = 0;
    for exploited in ["Yes, or not known", "No"] {
        for exposed in ["Yes", "No", "No affected system"] {
            let answers = [
                ("Exploited in the wild", exploited),
                ("Exposed to the internet", exposed),
            ];
            assert_eq!(
                walk(&by_hand, &answers),
                walk(&table, &answers),
                "{answers:?}"
            );
            combinations += 1;
        }
    }
    assert_eq!(combinations, 6);
}

/// An answer's value goes with its label into `paths --format json` and a call's record.
#[test]
fn answers_carry_their_values_into_paths_and_records() {
    let table = "tests/fixtures/patch-table.ron";
    let run = tread(&["paths", "--format", "json", table]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let second: serde_json::Value =
        serde_json::from_str(run.stdout.lines().nth(1).unwrap()).unwrap();
    assert_eq!(second["steps"][1]["node"], "priority.exposed");
    assert_eq!(second["steps"][1]["answer"], "Yes");
    assert_eq!(second["steps"][1]["value"], "internet");
    let dir = std::env::temp_dir().join(format!("tread-tables-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = dir.join("calls.db");
    let store = store.to_str().unwrap();
    let walk = tread_with_input(&["--plain", "--store", store, table], Some("2\n1\n"));
    assert_eq!(walk.code, 0, "{}", walk.stderr);
    let list = tread(&["calls", "--store", store]);
    let id = list
        .stdout
        .lines()
        .nth(1)
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap();
    let show = tread(&["calls", "show", "--format", "json", "--store", store, id]);
    let call: serde_json::Value = serde_json::from_str(&show.stdout).unwrap();
    let steps: Vec<&serde_json::Value> = call["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "step")
        .collect();
    assert_eq!(steps[0]["value"], "no");
    assert_eq!(steps[1]["value"], "internet");
    assert_eq!(call["outcome"]["urgency"], "OutOfCycle");
    let _ = std::fs::remove_dir_all(&dir);
}

/// `tread upgrade` keeps every byte but the format number and writes out the defaults; the
/// tree walks the same. `tread export` writes the checked tree as JSON.
#[test]
fn upgrade_keeps_the_tree_and_export_writes_it_whole() {
    let dir = std::env::temp_dir().join(format!("tread-upgrade-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("back.ron");
    std::fs::copy("trees/back-pain-botox.ron", &file).unwrap();
    let file = file.to_str().unwrap();
    let before = tread(&["paths", file]).stdout;
    let run = tread(&["upgrade", file]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(file).unwrap();
    let old = include_str!("../trees/back-pain-botox.ron");
    assert_eq!(text.lines().count(), old.lines().count() + 10);
    assert!(text.contains("    format: 2,\n    // Format 2:"));
    assert!(text.contains("(id: SelfCare, label: \"SELF-CARE\", colour: Green),"));
    // Every comment of the original is still there.
    for comment in old.lines().filter(|l| l.trim_start().starts_with("//")) {
        assert!(text.contains(comment), "{comment}");
    }
    assert_eq!(tread(&["paths", file]).stdout, before);
    let again = tread(&["upgrade", file]);
    assert!(
        again.stdout.contains("is format 2 already"),
        "{}",
        again.stdout
    );
    // A tree with errors is not rewritten.
    let broken = dir.join("broken.ron");
    std::fs::write(
        &broken,
        old.replace("next: \"with_patient\"", "next: \"with_patient_\""),
    )
    .unwrap();
    let refused = tread(&["upgrade", broken.to_str().unwrap()]);
    assert_eq!(refused.code, 1);
    assert!(
        refused.stderr.contains("cannot be upgraded: 1 error"),
        "{}",
        refused.stderr
    );
    assert!(
        std::fs::read_to_string(&broken)
            .unwrap()
            .contains("format: 1,")
    );

    let export = tread(&["export", "tests/fixtures/patch-table.ron"]);
    assert_eq!(export.code, 0, "{}", export.stderr);
    let doc: serde_json::Value = serde_json::from_str(&export.stdout).unwrap();
    assert_eq!(doc["schema"], "tread-tree");
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["scale"][1]["label"], "OUT OF CYCLE");
    assert_eq!(doc["words"]["banner"], "GUIDANCE ONLY");
    let nodes = doc["nodes"].as_array().unwrap();
    assert_eq!(nodes[0]["id"], "priority");
    assert_eq!(nodes[0]["kind"], "question");
    assert_eq!(nodes[0]["answers"][1]["value"], "no");
    assert_eq!(nodes[0]["answers"][1]["next"], "priority.exposed");
    let last = nodes.last().unwrap();
    assert_eq!(last["id"], "priority.exposed");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A question's words, why and sources written once and used by several nodes, each giving
/// what it lacks; a name no shared text has, and a shared text no node uses, are said.
#[test]
fn shared_texts_are_written_once_and_checked() {
    let tree = |format: u32, from_a: &str, extra: &str| {
        format!(
            "(title: \"T\", format: {format}, start: \"a\", disclaimer: \"d\",
  sources: {{ \"policy\": (title: \"P\", by: \"B\") }},
  texts: {{
    \"reach\": (text: \"Is it reachable from the internet?\", why: \"Reach decides.\", sources: [\"policy\"]),{extra}
  }},
  nodes: {{
    \"a\": Question(title: \"Web server\", text_from: \"{from_a}\", choices: [(label: \"Yes\", next: \"b\"), (label: \"No\", next: \"end\")]),
    \"b\": Question(title: \"Mail server\", text_from: \"reach\", why: \"Mail is reached too.\", choices: [(label: \"Yes\", next: \"end\"), (label: \"No\", next: \"end2\")]),
    \"end\": Outcome(title: \"E\", urgency: Routine, action: \"Go.\", advice: [\"a\"], safety_net: [\"n\"], steps: [\"s\"], why: \"w\"),
    \"end2\": Outcome(title: \"F\", urgency: Routine, action: \"Go.\", advice: [\"a\"], safety_net: [\"n\"], steps: [\"s\"], why: \"w\"),
  }})"
        )
    };
    let loaded = tree::load_text(tree(2, "reach", ""));
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    let t = loaded.walkable().unwrap();
    let Node::Question {
        text, why, sources, ..
    } = t.node(t.find("b").unwrap())
    else {
        panic!("not a question");
    };
    assert_eq!(&**text, "Is it reachable from the internet?");
    assert_eq!(
        why.as_deref(),
        Some("Mail is reached too."),
        "its own why wins"
    );
    assert_eq!(sources.len(), 1);
    let (codes, messages) = found(&tree(2, "rech", "\n    \"spare\": (text: \"Unused.\"),"));
    assert_eq!(codes, ["unused-text@5", "unknown-text@8"], "{messages:?}");
    assert_eq!(
        messages[1],
        "`a` takes its text from `rech`, which is not a shared text"
    );
    let (codes, _) = found(&tree(1, "reach", ""));
    assert_eq!(
        codes,
        ["needs-format-2@3", "needs-format-2@7", "needs-format-2@8"]
    );
}

/// A branch no rule covers is named once, the rest of its questions as `any`; a table's
/// question cites sources as any node does; and a jump never lands inside a table.
#[test]
fn a_missing_branch_reads_as_any_sources_count_and_jumps_enter_at_the_top() {
    let text = table_tree(
        "Unique",
        &[r#"(["a", "x"], "one")"#, r#"(["a", "y|z"], "two")"#],
    );
    let (codes, messages) = found(&text);
    assert_eq!(
        codes,
        ["missing-combinations@14", "unreachable@22"],
        "{messages:?}"
    );
    assert_eq!(
        messages[0],
        "no rule of `pick` covers 3 combinations: Size: B, Kind: any"
    );
    let cited = table_tree(
        "Unique",
        &[
            r#"(["a", "-"], "one")"#,
            r#"(["b", "x|y"], "two")"#,
            r#"(["b", "z"], "three")"#,
        ],
    )
    .replace(
        "    nodes: {",
        "    sources: { \"kb\": (title: \"KB\", by: \"Ops\") },\n    nodes: {",
    )
    .replace(
        "why: \"w\", answers: [(label: \"A\"",
        "why: \"w\", sources: [\"kb\"], answers: [(label: \"A\"",
    );
    assert_eq!(found(&cited).0, Vec::<String>::new());
    let (codes, _) = found(&cited.replace("sources: [\"kb\"]", "sources: [\"kbb\"]"));
    assert_eq!(codes, ["unused-source@6", "unknown-source@12"]);
    let tree = tree::load_text(cited).walkable().unwrap();
    let (pick, kind) = (tree.find("pick").unwrap(), tree.find("pick.kind").unwrap());
    assert_eq!(tree.table_of(kind), Some(pick));
    assert_eq!(tree.table_of(pick), None);
}

/// A tree's own words are printed as every tree text is: control sequences escaped, in plain
/// mode as on screen. `tread upgrade` leaves other files alone and never rewrites a link.
#[test]
fn hostile_words_and_upgrades_are_harmless() {
    let dir = std::env::temp_dir().join(format!("tread-hostile2-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let tree = include_str!("fixtures/patch.ron")
        .replace("ask: \"Check:\"", "ask: \"Check:\\u{1b}]52;c;aGk=\\u{7}\"")
        .replace("say: \"Note:\"", "say: \"Note:\\u{1b}[2J\\u{9b}\"");
    let file = dir.join("osc.ron");
    std::fs::write(&file, tree).unwrap();
    let run = tread(&[
        "--plain",
        "--no-record",
        "--answers",
        "2,1",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stdout.contains(['\u{1b}', '\u{7}', '\u{9b}']),
        "{:?}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Check:\\u{1b}]52;c;aGk=\\u{7}"),
        "{}",
        run.stdout
    );

    let old = dir.join("old.ron");
    std::fs::copy("tests/fixtures/good.ron", &old).unwrap();
    // A file named like a scratch copy is someone else's: kept.
    let other = dir.join(".old.ron.upgrading.ron");
    std::fs::write(&other, "IMPORTANT").unwrap();
    let link = dir.join("link.ron");
    std::os::unix::fs::symlink(&old, &link).unwrap();
    let refused = tread(&["upgrade", link.to_str().unwrap()]);
    assert_eq!(refused.code, 2);
    assert!(
        refused.stderr.contains("symbolic link"),
        "{}",
        refused.stderr
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    let run = tread(&["upgrade", old.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&other).unwrap(), "IMPORTANT");
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("upgrading-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// A tree reloaded mid-table (`--watch`) asks the table again from its first question: its
/// new rules may not ask the same question after the answers given.
#[test]
fn a_reload_mid_table_asks_the_table_again() {
    let text = table_tree(
        "Unique",
        &[
            r#"(["a", "-"], "one")"#,
            r#"(["b", "x|y"], "two")"#,
            r#"(["b", "z"], "three")"#,
        ],
    );
    let old = tree::load_text(text.clone()).walkable().unwrap();
    let mut walk = Walk::new(&old);
    walk.apply(&old, Action::Choose(1)).unwrap();
    assert_eq!(old.id(walk.current()), "pick.kind");
    let new = tree::load_text(text.replace(r#"(["a", "-"], "one")"#, r#"(["a", "-"], "two")"#))
        .walkable()
        .unwrap();
    let moved = walk.rebase(&old, &new);
    assert_eq!(new.id(moved.current()), "pick");
    assert_eq!(moved.steps().len(), 1);
}
