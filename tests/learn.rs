//! The quiz (`tread learn`) in a real terminal, in practice and as an exam: a case's story, an
//! answer judged at once (practice) or at the end (exam), the score, the cases missed taken
//! again, and the result kept and listed.

mod common;

use common::pty::Pty;
use common::tread;

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tread-learn-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn practice_judges_each_answer_at_once_and_goes_on_with_the_cases() {
    let dir = scratch("practice");
    let store = dir.join("calls.db");
    let mut pty = Pty::start_shell(&format!(
        "TREAD_STORE='{}' exec '{}' learn",
        store.display(),
        env!("CARGO_BIN_EXE_tread")
    ));
    let story = pty.wait_for("Case 1 of 52");
    assert!(
        story.contains("Fainted in the kitchen this morning"),
        "{story}"
    );
    assert!(story.contains("The caller says:"), "{story}");
    pty.keys("\r");
    pty.wait_for("Who and where");
    pty.keys("\r");
    pty.wait_for("Are you the patient");
    pty.keys("1");
    pty.wait_for("Is the patient under 16?");
    pty.keys("2");
    pty.wait_for("Signs that may need 999");
    // "None of these": not the case's answer. The case's, its why, and the walk goes on with it.
    pty.keys("0");
    let wrong = pty.wait_for("Not the case's answer");
    assert!(wrong.contains("You answered: none of these"), "{wrong}");
    assert!(
        wrong.contains("The case's answer: yes: Fainted, or faint and clammy"),
        "{wrong}"
    );
    assert!(
        wrong.contains("A burst abdominal aortic aneurysm"),
        "the why of the sign missed, not of the list: {wrong}"
    );
    // The outcome stays to be read; Enter shows how the case went.
    pty.keys("\r");
    let outcome = pty.wait_for("how the case went");
    assert!(outcome.contains("Please call 999"), "{outcome}");
    pty.keys("\r");
    let case = pty.wait_for("How the case went");
    assert!(case.contains("Answers as the case's: 2 of 3"), "{case}");
    assert!(
        case.contains("Warning signs the caller has that you did not take: 1"),
        "{case}"
    );
    assert!(case.contains("WARNING SIGN MISSED"), "{case}");
    assert!(case.contains("The case reaches: Collapse"), "{case}");
    assert!(
        !case.contains("as urgent as"),
        "practice keeps to the case's way: {case}"
    );
    pty.keys("\r");
    pty.wait_for("Case 2 of 52");
    // Leaving with a case taken shows the score of those taken first.
    pty.keys("q");
    let end = pty.wait_for("The quiz is over (practice)");
    assert!(end.contains("stopped after 1 of"), "{end}");
    pty.keys("q");
    let status = pty.exit_status();
    assert!(status.ends_with(", 0)"), "{status}");
    let results = tread(&["learn", "--results", "--store", store.to_str().unwrap()]);
    assert_eq!(results.code, 0, "{}", results.stderr);
    let row = results.stdout.lines().nth(1).unwrap_or("");
    assert!(row.contains("practice"), "{}", results.stdout);
    // One case of 52, two thirds of its answers, one sign missed, no outcomes in practice.
    assert!(
        row.contains(" 1/52      66%      1         -  "),
        "{}",
        results.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_exam_judges_at_the_end_and_the_missed_cases_can_be_taken_again() {
    let dir = scratch("exam");
    let store = dir.join("calls.db");
    let mut pty = Pty::start_shell(&format!(
        "TREAD_STORE='{}' exec '{}' learn --exam --name Ana tests/fixtures/cases/sore.ron",
        store.display(),
        env!("CARGO_BIN_EXE_tread")
    ));
    // The two cases that pass `tread test`, in order.
    pty.wait_for("Case 1 of 2");
    pty.keys("\r");
    pty.wait_for("Are both legs numb?");
    // "No", where the case says yes: no word now; the walk follows the answer.
    pty.keys("2");
    pty.wait_for("how the case went");
    pty.keys("\r");
    let case = pty.wait_for("How the case went");
    assert!(case.contains("Answers as the case's: 0 of 1"), "{case}");
    assert!(case.contains("LESS URGENT than the case's"), "{case}");
    assert!(case.contains("the case: Yes"), "{case}");
    pty.keys("\r");
    pty.wait_for("Case 2 of 2");
    pty.keys("\r");
    pty.wait_for("Are both legs numb?");
    pty.keys("2");
    pty.wait_for("how the case went");
    pty.keys("\r");
    pty.wait_for("Enter: the score.");
    pty.keys("\r");
    let end = pty.wait_for("The quiz is over (exam)");
    assert!(
        end.contains("Answers as the cases': 1 of 2; warning signs missed: 1;"),
        "{end}"
    );
    assert!(end.contains("(1 less urgent)"), "{end}");
    // The case missed, again.
    pty.keys("r");
    pty.wait_for("Case 1 of 1");
    pty.keys("\r");
    pty.wait_for("Are both legs numb?");
    pty.keys("1");
    pty.wait_for("how the case went");
    pty.keys("\r");
    pty.wait_for("How the case went");
    pty.keys("\r");
    let again = pty.wait_for("The quiz is over (exam)");
    assert!(again.contains("No mistakes."), "{again}");
    assert!(
        !again.contains("r: the cases missed"),
        "nothing to retry: {again}"
    );
    pty.keys("q");
    let status = pty.exit_status();
    assert!(status.ends_with(", 0)"), "{status}");
    let results = tread(&["learn", "--results", "--store", store.to_str().unwrap()]);
    // Each round a result of its own, newest first: the retry, then the first round.
    let rows: Vec<&str> = results.stdout.lines().skip(1).collect();
    assert_eq!(rows.len(), 2, "{}", results.stdout);
    assert!(rows[0].contains("Ana"), "{}", results.stdout);
    assert!(rows[0].contains("exam retry 1"), "{}", results.stdout);
    assert!(rows[0].contains("  100%"), "{}", results.stdout);
    assert!(rows[1].contains("exam    "), "{}", results.stdout);
    assert!(rows[1].contains("   50%"), "{}", results.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}
