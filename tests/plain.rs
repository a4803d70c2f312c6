//! The plain walk through pipes: answers from standard input and from `--answers`, bad input,
//! the end of input before an outcome, and the call recorded like any other.

mod common;

use common::{tread, tread_with_input};

/// Read out "who and where", the patient on the line, an adult, then the first sign of the 999
/// checklist marked.
const TO_EMERGENCY: &str = "\n1\n2\n1\n";

#[test]
fn answers_from_standard_input_walk_to_an_outcome() {
    let run = tread_with_input(&["--plain", "--no-record"], Some(TO_EMERGENCY));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = &run.stdout;
    for part in [
        "tread · Back pain, muscle spasms and Botox injections, version 2.0 · NOT A DIAGNOSIS",
        "Step 4. CHECKLIST: Signs that may need 999",
        "  1. Fainted, or faint and clammy, in the last 24 hours\n     Ask: In the last 24 hours, have you fainted",
        "  9. Botox in the last 3 months (up to 3 more questions)\n",
        "  0. None of these\n",
        "> → 1. Fainted, or faint and clammy, in the last 24 hours: yes\n",
        "OUTCOME: EMERGENCY: Collapse, or a possible burst aortic aneurysm",
        "You do:\n  1. ",
        "Path taken:\n  1. Who and where: (read out)\n  2. Speaking to the patient, or with them: Yes",
    ] {
        assert!(out.contains(part), "{part:?} in:\n{out}");
    }
    assert!(
        !out.contains('\u{1b}'),
        "no escape codes: no cursor movement, no colour"
    );
}

#[test]
fn answers_given_on_the_command_line_do_the_same() {
    let piped = tread_with_input(&["--plain", "--no-record"], Some(TO_EMERGENCY));
    let listed = tread(&["--answers", ",1,2,1", "--no-record"]);
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    assert_eq!(listed.stdout, piped.stdout);
}

#[test]
fn bad_answers_are_said_and_asked_again() {
    let run = tread_with_input(&["--plain", "--no-record"], Some("\n1\n7\nyes\nw\n2\n1\n"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("`7` is not an answer here: type 1 to 2"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("`yes` is not an answer here"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Why: "), "{}", run.stdout);
    assert!(run.stdout.contains("OUTCOME: EMERGENCY"), "{}", run.stdout);
}

#[test]
fn input_that_ends_before_an_outcome_exits_4() {
    let run = tread(&["--answers", ",1", "--no-record"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stdout
            .ends_with("The input ended before an outcome was reached.\n"),
        "{}",
        run.stdout
    );
    let quit = tread_with_input(&["--plain", "--no-record"], Some("\nq\n"));
    assert_eq!(quit.code, 0);
    assert!(
        quit.stdout.contains("Quit before an outcome."),
        "{}",
        quit.stdout
    );
}

#[test]
fn a_plain_walk_is_recorded_with_its_note_and_back_step() {
    let dir = std::env::temp_dir().join(format!("tread-plain-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = dir.join("calls.db");
    let store = store.to_str().unwrap();
    let input = "\n1\nn\na bit tingly, maybe\nline two\n\nb\n1\n2\n1\n";
    let run = tread_with_input(&["--plain", "--store", store], Some(input));
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Note kept."), "{}", run.stdout);
    let export = tread(&["calls", "export", "--store", store]);
    let call: serde_json::Value = serde_json::from_str(export.stdout.trim()).unwrap();
    assert_eq!(call["ending"], "outcome");
    let kinds: Vec<&str> = call["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "step",
            "step",
            "note",
            "back",
            "step",
            "step",
            "checklist",
            "step",
            "outcome"
        ]
    );
    assert_eq!(call["events"][2]["text"], "a bit tingly, maybe\nline two");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn tree_text_in_plain_mode_is_printed_escaped() {
    let run = tread_with_input(
        &["--plain", "--no-record", "tests/fixtures/control-chars.ron"],
        Some("\n2\n"),
    );
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    assert!(run.stdout.contains("\\u{1b}"), "{}", run.stdout);
}

#[test]
fn answers_given_in_advance_that_do_not_fit_stop_the_walk() {
    // "2" at the first step, which is read out: it does not fit, and the rest would answer the
    // wrong questions.
    let run = tread(&["--answers", "2,2,1", "--no-record"]);
    assert_eq!(run.code, 4, "{}", run.stderr);
    assert!(
        run.stdout.contains("`2` is not an answer here"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("The answers given do not fit this tree at step 1"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("OUTCOME"), "{}", run.stdout);
    // From standard input, a person may try again; an empty line is said as such.
    let typed = tread_with_input(&["--plain", "--no-record"], Some("\n\n1\n"));
    assert!(
        typed.stdout.contains("An empty line is not an answer here"),
        "{}",
        typed.stdout
    );
}

#[test]
fn a_plain_walk_left_before_its_outcome_says_how_to_take_it_up_again() {
    let dir = std::env::temp_dir().join(format!("tread-plain-hint-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let store = dir.join("calls.db");
    let store = store.to_str().unwrap();
    let run = tread(&["--answers", ",1", "--store", store]);
    assert_eq!(run.code, 4);
    assert!(
        run.stderr
            .contains("take it up again with `tread --resume ")
            && run.stderr.contains(&format!("--store '{store}'")),
        "{}",
        run.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_checklist_takes_a_number_u_and_a_number_0_a_and_w_and_a_number() {
    let to_list = "\n1\n2\n";
    let cases = [
        // (typed at the 999 list, what must be printed, the outcome)
        (
            "u4\n",
            "→ 4. Numb or tingling: bottom, genitals, inner thighs: not sure",
            "OUTCOME: EMERGENCY: Possible pressure on the nerves",
        ),
        (
            "w5\n12\n0\n9\n",
            "Why: New difficulty passing urine",
            "OUTCOME: URGENT",
        ),
        // None on the first two lists, then an accident already checked in hospital.
        (
            "0\n0\n2\n",
            "→ 2. Serious accident in the last 4 weeks, checked in hospital: yes",
            "OUTCOME: URGENT",
        ),
        (
            "a\n1\n",
            "→ one at a time\n\nStep 5. RED FLAG: Fainted",
            "OUTCOME: EMERGENCY",
        ),
    ];
    for (typed, said, outcome) in cases {
        let run = tread_with_input(
            &["--plain", "--no-record"],
            Some(&format!("{to_list}{typed}")),
        );
        assert_eq!(run.code, 0, "{typed:?}: {}", run.stderr);
        assert!(
            run.stdout.contains(said),
            "{said:?} for {typed:?} in:\n{}",
            run.stdout
        );
        assert!(
            run.stdout.contains(outcome),
            "{outcome:?} for {typed:?} in:\n{}",
            run.stdout
        );
    }
    let bad = tread_with_input(&["--plain", "--no-record"], Some("\n1\n2\n12\n"));
    assert!(
        bad.stdout
            .contains("`12` is not an answer here: type 1 to 9, u and a number, 0 or a"),
        "{}",
        bad.stdout
    );
    // Given in advance, an answer that does not fit a list stops the walk.
    let misfit = tread(&["--answers", ",1,2,12", "--no-record"]);
    assert_eq!(misfit.code, 4, "{}", misfit.stdout);
}

#[test]
fn input_that_is_not_utf8_or_very_long_is_an_answer_that_does_not_fit() {
    let mut input = b"\n1\ncaf\xe9\n".to_vec();
    input.extend(vec![b'x'; 200_000]);
    input.extend(b"\n2\n0\n0\n0\n");
    let run = common::tread_bytes(&["--plain", "--no-record"], &input);
    assert_eq!(run.code, 4, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("`caf\u{fffd}` is not an answer here"),
        "{}",
        run.stdout
    );
    // A long line is quoted short.
    assert!(
        run.stdout
            .contains(&format!("`{}…` is not an answer here", "x".repeat(40)))
    );
    assert!(run.stdout.len() < 20_000, "{} bytes", run.stdout.len());
}

#[test]
fn g_says_what_the_words_of_a_step_mean() {
    let run = tread_with_input(&["--plain", "--no-record"], Some("\n1\n2\ng\nq\n"));
    assert!(
        run.stdout
            .contains("  cauda equina: The bundle of nerves at the bottom of the spinal canal"),
        "{}",
        run.stdout
    );
    let none = tread_with_input(&["--plain", "--no-record"], Some("\n1\ng\nq\n"));
    assert!(
        none.stdout
            .contains("No word of this step is in the glossary."),
        "{}",
        none.stdout
    );
}
