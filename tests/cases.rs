//! Cases: callers written down that test a tree. Each mistake in a file of cases is shown at
//! its line and column, `tread test` runs them cargo-test style with where a failing case left
//! its way, and coverage says what they reach; the bundled tree's cases reach every outcome and
//! answer, and fail if any warning sign's "yes" led somewhere milder.

mod common;

use common::tread;
use tread::cases;
use tread::commands::walk::BUNDLED;
use tread::tree::{self, Node, Tree};

#[test]
fn every_mistake_in_a_file_of_cases_is_shown_at_its_place() {
    let run = tread(&["check", "tests/fixtures/cases/sore.cases.ron"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        r#"error[unknown-answer]: `ask` offers no answer "Noo"
  --> tests/fixtures/cases/sore.cases.ron:17:23
   |
17 |             answers: ["Noo"],
   |                       ^^^^^
   |
   = hint: did you mean "No"?

error[case-stops-early]: the answers of case `too_few` end at `ask`, before an outcome
  --> tests/fixtures/cases/sore.cases.ron:24:22
   |
24 |             answers: [],
   |                      ^^
   |
   = hint: add the answers that lead on to the outcome the case expects

error[answers-left-over]: case `too_many` reaches `rest` with 1 answer left
  --> tests/fixtures/cases/sore.cases.ron:31:29
   |
31 |             answers: ["No", "No"],
   |                             ^^^^
   |
   = hint: remove the answers after the outcome, or look at those before: one may lead elsewhere

error[unknown-outcome]: case `no_such_outcome` expects `rets`, which is not an outcome of the tree
  --> tests/fixtures/cases/sore.cases.ron:39:22
   |
39 |             outcome: "rets",
   |                      ^^^^^^
   |
   = hint: did you mean `rest`?

error[duplicate-case]: case `numb_legs` is defined more than once
  --> tests/fixtures/cases/sore.cases.ron:42:17
   |
42 |             id: "numb_legs",
   |                 ^^^^^^^^^^^
   |
  ::: tests/fixtures/cases/sore.cases.ron:6:17
   |
 6 |             id: "numb_legs",
   |                 ----------- first defined here
   |
   = hint: give each case an id of its own

warning[no-story]: case `numb_legs` has no story yet
  --> tests/fixtures/cases/sore.cases.ron:42:17
   |
42 |             id: "numb_legs",
   |                 ^^^^^^^^^^^
   |
   = hint: write what the caller says, in their own words: the quiz shows it

tests/fixtures/cases/sore.cases.ron: 5 errors, 1 warning
"#
    );
}

#[test]
fn a_failing_case_says_where_it_left_its_way() {
    let run = tread(&["test", "tests/fixtures/cases/sore.ron"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        r#"error[unknown-answer]: `ask` offers no answer "Noo"
  --> tests/fixtures/cases/sore.cases.ron:17:23
   |
17 |             answers: ["Noo"],
   |                       ^^^^^
   |
   = hint: did you mean "No"?

error[case-stops-early]: the answers of case `too_few` end at `ask`, before an outcome
  --> tests/fixtures/cases/sore.cases.ron:24:22
   |
24 |             answers: [],
   |                      ^^
   |
   = hint: add the answers that lead on to the outcome the case expects

error[answers-left-over]: case `too_many` reaches `rest` with 1 answer left
  --> tests/fixtures/cases/sore.cases.ron:31:29
   |
31 |             answers: ["No", "No"],
   |                             ^^^^
   |
   = hint: remove the answers after the outcome, or look at those before: one may lead elsewhere

error[unknown-outcome]: case `no_such_outcome` expects `rets`, which is not an outcome of the tree
  --> tests/fixtures/cases/sore.cases.ron:39:22
   |
39 |             outcome: "rets",
   |                      ^^^^^^
   |
   = hint: did you mean `rest`?

error[duplicate-case]: case `numb_legs` is defined more than once
  --> tests/fixtures/cases/sore.cases.ron:42:17
   |
42 |             id: "numb_legs",
   |                 ^^^^^^^^^^^
   |
  ::: tests/fixtures/cases/sore.cases.ron:6:17
   |
 6 |             id: "numb_legs",
   |                 ----------- first defined here
   |
   = hint: give each case an id of its own

warning[no-story]: case `numb_legs` has no story yet
  --> tests/fixtures/cases/sore.cases.ron:42:17
   |
42 |             id: "numb_legs",
   |                 ^^^^^^^^^^^
   |
   = hint: write what the caller says, in their own words: the quiz shows it

running 7 cases from tests/fixtures/cases/sore.cases.ron on tests/fixtures/cases/sore.ron
case numb_legs ... ok
case typo ... FAILED
case too_few ... FAILED
case too_many ... FAILED
case no_such_outcome ... FAILED
case numb_legs ... ok
case wrong_way ... FAILED

failures:

---- typo: An answer mistyped ----
at `ask`, answer 1 "Noo" is not offered (did you mean "No"?)

---- too_few: No answers at all ----
its answers end at `ask`, before an outcome

---- too_many: An answer too many ----
it reaches `rest` with 1 answer left, from "No"

---- no_such_outcome: An outcome the tree lacks ----
expected `rets`, which the tree does not have; it met `rest`

---- wrong_way: Numb legs, but the case expects rest ----
expected `rest`, met `emergency`: the way to it was left at `ask`, answered "Yes"

case result: FAILED. 2 passed; 5 failed; the file of cases has 5 errors, shown above

coverage of tests/fixtures/cases/sore.ron by the cases that pass:
  outcomes    2 of 2 reached (100%)
  answers     2 of 2 taken (100%)
  red flags   1 of 1 answered yes (100%)
  paths       2 of 2 walked (100%)
"#
    );
}

#[test]
fn the_results_and_the_coverage_as_json() {
    let run = tread(&["test", "--format", "json", "tests/fixtures/cases/sore.ron"]);
    assert_eq!(run.code, 1);
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The file's problems first, as `tread check --format json` gives them; then the cases.
    assert_eq!(lines.len(), 6 + 8, "{}", run.stdout);
    assert_eq!(lines[0]["code"], "unknown-answer");
    assert_eq!(lines[0]["line"], 17);
    assert_eq!(lines[5]["code"], "no-story");
    let lines = &lines[6..];
    assert_eq!(lines[0]["case"], "numb_legs");
    assert_eq!(lines[0]["passed"], true);
    assert_eq!(lines[6]["case"], "wrong_way");
    assert_eq!(lines[6]["reached"], "emergency");
    assert_eq!(lines[6]["expected"], "rest");
    assert_eq!(lines[7]["coverage"][0][0], "outcomes");
    assert_eq!(lines[7]["coverage"][0][1]["percent"], 100);
}

/// A small tree with two questions, and which answers, outcomes, signs and paths each set of
/// cases reaches.
#[test]
fn coverage_counts_what_the_cases_reach() {
    let tree_text = r#"(
        title: "T", format: 1, start: "flag", disclaimer: "D",
        nodes: {
            "flag": Question(title: "Flag", text: "?", why: "w", red_flag: true, choices: [
                (label: "Yes", next: "e999", positive: true), (label: "No", next: "q"),
            ]),
            "q": Question(title: "Q", text: "?", why: "w", choices: [
                (label: "A", next: "gp"), (label: "B", next: "home"), (label: "C", next: "home"),
            ]),
            "e999": Outcome(title: "999", urgency: Emergency, action: "a", advice: ["x"], steps: ["s"], why: "w"),
            "gp": Outcome(title: "GP", urgency: Routine, action: "a", advice: ["x"], safety_net: ["n"], steps: ["s"], why: "w"),
            "home": Outcome(title: "Home", urgency: SelfCare, action: "a", advice: ["x"], safety_net: ["n"], steps: ["s"], why: "w"),
        },
    )"#;
    let case = |answers: &[&str], outcome: &str| {
        let answers: Vec<String> = answers.iter().map(|a| format!("{a:?}")).collect();
        format!(
            "(id: \"c\", title: \"t\", story: \"s\", answers: [{}], outcome: \"{outcome}\")",
            answers.join(", ")
        )
    };
    // (the cases, then outcomes, answers, red flags and paths covered, each of its whole)
    type Shares = [(u128, u128); 4];
    let rows: &[(Vec<String>, Shares)] = &[
        (vec![], [(0, 3), (0, 5), (0, 1), (0, 4)]),
        (
            vec![case(&["Yes"], "e999")],
            [(1, 3), (1, 5), (1, 1), (1, 4)],
        ),
        (
            vec![case(&["No", "B"], "home"), case(&["No", "C"], "home")],
            [(1, 3), (3, 5), (0, 1), (2, 4)],
        ),
        (
            vec![
                case(&["Yes"], "e999"),
                case(&["No", "A"], "gp"),
                case(&["No", "B"], "home"),
                case(&["No", "C"], "home"),
            ],
            [(3, 3), (5, 5), (1, 1), (4, 4)],
        ),
        // A failing case covers nothing: only those that pass count.
        (
            vec![case(&["No", "A"], "home")],
            [(0, 3), (0, 5), (0, 1), (0, 4)],
        ),
    ];
    for (cases, want) in rows {
        let text = format!("(format: 1, cases: [{}])", cases.join(", "));
        let loaded = cases::load_text(text, |_| {
            ("t.ron".into(), Ok(tree::load_text(tree_text.to_string())))
        });
        let tree = loaded.tree.as_ref().unwrap();
        let file = loaded.file.as_ref().unwrap();
        let passing: Vec<tread::walk::Walk> = file
            .cases
            .iter()
            .map(|c| (c, cases::run::walk(tree, c)))
            .filter(|(c, w)| w.passed(tree, c))
            .map(|(_, w)| w.walk)
            .collect();
        let cover = cases::coverage::measure(tree, &passing);
        let got = [
            (cover.outcomes.0 as u128, cover.outcomes.1 as u128),
            (cover.answers.0 as u128, cover.answers.1 as u128),
            (cover.red_flags.0 as u128, cover.red_flags.1 as u128),
            cover.paths,
        ];
        assert_eq!(&got, want, "{cases:?}");
    }
}

/// Every tree in `trees/` has cases, and they pass, reaching every outcome, taking every answer
/// and answering every warning sign yes.
#[test]
fn every_tree_we_ship_passes_its_cases_and_they_reach_everything() {
    let mut trees = 0;
    for entry in std::fs::read_dir("trees").unwrap() {
        let path = entry.unwrap().path();
        if !tread::library::is_tree_file(&path) {
            continue;
        }
        trees += 1;
        let run = tread(&[
            "test",
            path.to_str().unwrap(),
            "--min-coverage",
            "outcomes=100,answers=100,red_flags=100",
        ]);
        assert_eq!(
            run.code,
            0,
            "{}:\n{}{}",
            path.display(),
            run.stdout,
            run.stderr
        );
        assert!(run.stdout.contains("case result: ok."), "{}", run.stdout);
    }
    assert!(trees >= 1);
    // The bundled tree, named or not, runs the same cases.
    let run = tread(&["test"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("running 52 cases"), "{}", run.stdout);
}

/// The bundled cases are a safety net: make any warning sign's "yes" lead to the mildest
/// outcome, and some case fails.
#[test]
fn a_milder_yes_to_any_warning_sign_fails_a_case() {
    let cases_text = std::fs::read_to_string("trees/back-pain-botox.cases.ron").unwrap();
    let tree = tree::load_text(BUNDLED.to_string()).walkable().unwrap();
    let flags: Vec<String> = tree
        .nodes
        .iter()
        .filter(|(_, n)| matches!(n, Node::Question { red_flag: true, .. }))
        .map(|(id, _)| id.clone())
        .collect();
    assert_eq!(flags.len(), 31);
    for flag in flags {
        // The sign's node, with every positive answer sent to self-care.
        let start = BUNDLED
            .find(&format!("        \"{flag}\": Question("))
            .unwrap();
        let end = start + BUNDLED[start..].find("\n        ),\n").unwrap();
        let node = &BUNDLED[start..end];
        let milder: String = node
            .lines()
            .map(|l| {
                if l.contains("positive: true") {
                    let at = l.find("next: \"").unwrap() + "next: \"".len();
                    let stop = at + l[at..].find('"').unwrap();
                    format!("{}self_care{}", &l[..at], &l[stop..])
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let text = format!("{}{milder}{}", &BUNDLED[..start], &BUNDLED[end..]);
        let loaded = cases::load_text(cases_text.clone(), |_| {
            ("mutated".into(), Ok(tree::load_text(text.clone())))
        });
        let mutated: &Tree = loaded.tree.as_ref().expect("the changed tree walks");
        let file = loaded.file.as_ref().unwrap();
        let failing = file
            .cases
            .iter()
            .filter(|c| !cases::run::walk(mutated, c).passed(mutated, c))
            .count();
        assert!(
            failing > 0,
            "no case fails when `{flag}` leads to self-care"
        );
    }
}

/// A recorded call becomes a case: its answers as the call gave them (a list by how it was
/// answered, its signs not repeated), its outcome; the story is left to write. The case passes.
#[test]
fn a_recorded_call_becomes_a_case_that_passes() {
    let dir = std::env::temp_dir().join(format!("tread-to-case-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let store = dir.join("calls.db");
    let store = store.to_str().unwrap();
    // None of the 999 signs; the second list asked one at a time: no, no, then yes to a faint.
    let walked = common::tread_with_input(
        &["--plain", "--store", store],
        Some("\n1\n2\n0\na\n2\n2\n1\n"),
    );
    assert_eq!(walked.code, 0, "{}{}", walked.stdout, walked.stderr);
    let export = tread(&["calls", "export", "--store", store]);
    let call: serde_json::Value = serde_json::from_str(export.stdout.trim()).unwrap();
    let id = call["id"].as_str().unwrap()[..13].to_string();
    let case = tread(&["calls", "to-case", &id, "--store", store]);
    assert_eq!(case.code, 0, "{}", case.stderr);
    assert!(
        case.stdout.contains("            story: \"\",\n"),
        "{}",
        case.stdout
    );
    assert!(
        case.stdout.contains(
            "            answers: [\n                \"Yes\",\n                \"No\",\n                \"none of these\",\n                \"one at a time\",\n                \"No\",\n                \"No\",\n                \"Yes, or not sure\",\n            ],\n            outcome: \"urgent_now\",\n"
        ),
        "{}",
        case.stdout
    );
    std::fs::copy("trees/back-pain-botox.ron", dir.join("back-pain-botox.ron")).unwrap();
    let cases = dir.join("back-pain-botox.cases.ron");
    std::fs::write(&cases, format!("(format: 1, cases: [\n{}])\n", case.stdout)).unwrap();
    let run = tread(&["test", dir.join("back-pain-botox.ron").to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains("warning[no-story]"), "{}", run.stdout);
    assert!(
        run.stdout.contains("case result: ok. 1 passed"),
        "{}",
        run.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_tree_without_cases_is_told_where_to_write_them() {
    // The tree is said first when it cannot be read; then where its cases were looked for.
    let missing = tread(&["test", "tests/fixtures/no-such-tree.ron"]);
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        "error: `tests/fixtures/no-such-tree.ron`: no such file\n"
    );
    for command in ["test", "learn"] {
        let run = tread(&[command, "tests/fixtures/good.ron"]);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
        assert_eq!(
            run.stderr,
            "error: `tests/fixtures/good.ron` has no cases: write them in \
             `tests/fixtures/good.cases.ron` (trees/README.md shows how, under \
             \"Cases\"), or name a file of cases with --cases\n",
            "{command}"
        );
    }
}

/// A scratch folder for a test's files.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tread-cases-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_file_of_cases_is_read_as_carefully_as_a_tree() {
    let dir = scratch("careful");
    std::fs::copy("trees/back-pain-botox.ron", dir.join("back.ron")).unwrap();
    std::fs::copy("tests/fixtures/cases/sore.ron", dir.join("sore.ron")).unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.join(name), text).unwrap();
    let case = |tree: &str, answers: &str, outcome: &str, title: &str| {
        format!(
            "(format: 1, {tree} cases: [(id: \"one\", title: \"{title}\", story: \"A caller.\", \
             answers: [{answers}], outcome: \"{outcome}\")])"
        )
    };
    // A typo at a list of warning signs is the list's, with what the list takes.
    write(
        "back.cases.ron",
        &case(
            "",
            r#""Yes", "No", "Fainted, or faint and clamy, in the last 24 hours""#,
            "emergency_aaa",
            "Faint",
        ),
    );
    let run = tread(&["check", dir.join("back.cases.ron").to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("`signs_999` offers no answer \"Fainted, or faint and clamy"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("did you mean \"Fainted, or faint and clammy, in the last 24 hours\"?"),
        "{}",
        run.stdout
    );
    // A tree outside the file's folder is not read, nor one reached through a link.
    for (tree, why) in [
        ("../sore.ron", "is outside this file's folder"),
        ("/etc/passwd", "is outside this file's folder"),
        ("link.ron", "symbolic link"),
    ] {
        let _ = std::os::unix::fs::symlink(dir.join("sore.ron"), dir.join("link.ron"));
        write(
            "away.cases.ron",
            &case(&format!("tree: \"{tree}\","), r#""No""#, "rest", "Away"),
        );
        let run = tread(&["check", dir.join("away.cases.ron").to_str().unwrap()]);
        assert_eq!(run.code, 1, "{tree}: {}", run.stdout);
        assert!(run.stdout.contains(why), "{tree}: {}", run.stdout);
    }
    // Control characters in what the quiz shows are warned of (as in a tree), printed escaped.
    write(
        "sore.cases.ron",
        &case("", r#""No""#, "rest", "Rest \u{1b}]52;c;aGk=\u{7}"),
    );
    let run = tread(&["check", dir.join("sore.cases.ron").to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("warning[control-char]"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    // A file of cases named where the tree goes is taken as the cases; a tree named with
    // --cases is the one they run on.
    write("sore.cases.ron", &case("", r#""No""#, "rest", "Rest"));
    let cases = dir.join("sore.cases.ron");
    let run = tread(&["test", cases.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let run = tread(&[
        "test",
        dir.join("back.ron").to_str().unwrap(),
        "--cases",
        cases.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("back.ron"), "{}", run.stdout);
    // A file of cases too big to decode in little memory is refused before it is read.
    let big = format!(
        "(format: 1, cases: [{}])",
        "(id: \"x\", title: \"\", answers: [], outcome: \"\"),".repeat(100_000)
    );
    write("big.cases.ron", &big);
    let run = tread(&["test", dir.join("big.cases.ron").to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("a file of cases may be at most 4096 KiB"),
        "{}",
        run.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}
