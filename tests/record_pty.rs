//! The call record from a real terminal: a note typed and pasted, an outcome reached, a
//! `kill -9` in the middle of a walk, a store that cannot be written, file modes under umask
//! 000, a call taken up again, and a note still open when a signal comes.

mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::pty::*;

/// A directory of this test's own.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tread-rec-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `tread calls …` on a store, as JSON when asked.
fn calls(store: &Path, args: &[&str]) -> common::Run {
    let mut all = args.to_vec();
    all.extend(["--store", store.to_str().unwrap()]);
    common::tread(&all)
}

/// The only call in the store, whole.
fn only_call(store: &Path) -> serde_json::Value {
    let export = calls(store, &["calls", "export"]);
    let lines: Vec<&str> = export.stdout.lines().collect();
    assert_eq!(
        lines.len(),
        1,
        "one call: {}{}",
        export.stdout,
        export.stderr
    );
    serde_json::from_str(lines[0]).unwrap()
}

fn steps(call: &serde_json::Value) -> Vec<String> {
    call["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "step" || e["kind"] == "checklist")
        .map(|e| {
            format!(
                "{}: {}",
                e["node"].as_str().unwrap(),
                e["answer"].as_str().unwrap()
            )
        })
        .collect()
}

/// Starts tread in a shell that applies `prefix` first (a umask), with this store.
fn start(store: &Path, prefix: &str, args: &str) -> Pty {
    Pty::start_shell(&format!(
        "{prefix} TREAD_STORE='{}' exec '{}' {args}",
        store.display(),
        env!("CARGO_BIN_EXE_tread")
    ))
}

#[test]
fn a_note_typed_and_pasted_is_kept_with_the_outcome() {
    let dir = scratch("note");
    let store = dir.join("calls.db");
    let mut pty = start(&store, "", "");
    pty.begin();
    pty.wait_for("● REC");
    pty.keys("n");
    pty.wait_for("Note at: Signs that may need 999");
    // Every letter is text in a note, digits and `q` included.
    pty.keys("a bit tingly, maybe 2q ");
    pty.keys("\x1b[200~line one\nline two\nline three\x1b[201~");
    pty.wait_for("line three");
    pty.keys("\x1b");
    pty.wait_for("note kept");
    pty.keys("1");
    let outcome = pty.wait_for("EMERGENCY");
    assert!(outcome.contains("Outcome"), "{outcome}");
    pty.keys("c");
    let summary = pty.wait_for("Call summary");
    assert!(summary.contains("Positive answers"), "{summary}");
    let raw = String::from_utf8_lossy(&pty.raw);
    assert!(
        raw.contains("\x1b]52;c;"),
        "the summary went to the clipboard with OSC 52"
    );
    // Esc closes the summary (a key after it at once would read as Alt and the key).
    pty.keys("\x1b");
    pty.wait_for("next caller");
    pty.keys("q");
    pty.exit_status();

    let call = only_call(&store);
    assert_eq!(call["ending"], "outcome");
    assert_eq!(call["outcome"]["urgency"], "Emergency");
    let note = call["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "note")
        .expect("a note");
    assert_eq!(
        note["text"],
        "a bit tingly, maybe 2q line one\nline two\nline three"
    );
    assert_eq!(note["node"], "signs_999");
    // The first sign marked on the list: the list, and the sign answered.
    assert_eq!(
        steps(&call),
        [
            "start_call: Continue",
            "with_patient: Yes",
            "is_child: No",
            "signs_999: yes: Fainted, or faint and clammy, in the last 24 hours",
            "rf_collapse: Yes, or not sure"
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn after_kill_9_every_step_before_it_is_in_the_store() {
    let dir = scratch("kill");
    let store = dir.join("calls.db");
    let mut pty = start(&store, "", "");
    pty.begin();
    // The list asked one at a time, three warning signs answered "No".
    pty.keys("a");
    pty.wait_for("Step 5");
    for (n, next) in [
        (6, "Sudden, very bad pain in the last 24"),
        (7, "Chest pain now or in the last 24"),
        (8, "Numb or tingling: bottom"),
    ] {
        pty.keys("2");
        pty.wait_for(&format!("Step {n}"));
        pty.wait_for(next);
    }
    // The walk has drawn the step, so its entry has been handed to the writer; give the disk a
    // moment (the writer commits each entry on its own).
    std::thread::sleep(Duration::from_millis(300));
    let pid = pty.session.get_process().pid().as_raw();
    libc_signal::send(pid, 9);
    pty.exit_status();

    let call = only_call(&store);
    assert_eq!(
        call["ending"],
        serde_json::Value::Null,
        "killed: no ending written"
    );
    assert_eq!(steps(&call).len(), 7, "{:?}", steps(&call));
    let id = call["id"].as_str().unwrap().to_string();
    let show = calls(&store, &["calls", "show", &id[..8]]);
    assert!(
        show.stdout
            .contains("Sudden, very bad pain in the last 24 hours: No"),
        "{}",
        show.stdout
    );

    // Taken up again where it stopped.
    let mut pty = start(&store, "", &format!("--resume {}", &id[..8]));
    let screen = pty.wait_for("resumed where the call stopped (7 answers)");
    assert!(screen.contains("Numb or tingling: bottom"), "{screen}");
    pty.keys("1");
    pty.wait_for("EMERGENCY");
    pty.keys("q");
    pty.exit_status();
    let call = only_call(&store);
    assert_eq!(call["ending"], "outcome");
    assert_eq!(steps(&call).len(), 8);
    assert!(
        call["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "jump")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_store_that_cannot_be_written_is_said_and_the_call_kept_in_a_file() {
    let dir = scratch("readonly");
    // A directory nobody may write in. Root may write anywhere, so for root the store is in a
    // directory of /proc, where no one can make a file.
    let locked = dir.join("locked");
    std::fs::create_dir_all(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let root = std::fs::write(locked.join("probe"), b"").is_ok();
    let store = if root {
        PathBuf::from("/proc/tread-cannot-be-here/calls.db")
    } else {
        locked.join("calls.db")
    };
    let mut pty = Pty::start_shell(&format!(
        "TREAD_STORE='{}' TMPDIR='{}' '{}' 2>'{}'; echo status=$?; sleep 5",
        store.display(),
        dir.display(),
        env!("CARGO_BIN_EXE_tread"),
        dir.join("stderr").display()
    ));
    pty.begin();
    let screen = pty.wait_for("THIS CALL IS NOT BEING SAVED");
    assert!(
        screen.contains("NOT SAVED"),
        "the title bar says so too:\n{screen}"
    );
    pty.keys("n");
    pty.keys("not lost");
    pty.keys("\x1b");
    pty.wait_for("note kept");
    pty.keys("q");
    pty.wait_for("Quit?");
    pty.keys("y");
    pty.wait_for("status=");
    let said = std::fs::read_to_string(dir.join("stderr")).unwrap();
    assert!(
        said.contains("the call was not saved to the store"),
        "{said}"
    );
    let kept: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains("tread-unsaved-call-"))
        .collect();
    assert_eq!(
        kept.len(),
        1,
        "the call is kept in the temporary directory: {said}"
    );
    let call: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&kept[0]).unwrap()).unwrap();
    assert_eq!(call["ending"], "quit");
    assert!(
        call["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["text"] == "not lost")
    );
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn under_umask_000_the_store_is_still_private() {
    let dir = scratch("umask");
    let store = dir.join("new").join("deeper").join("calls.db");
    let mut pty = start(&store, "umask 000;", "");
    pty.begin();
    pty.wait_for("● REC");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !store.exists() {
        assert!(Instant::now() < deadline, "the store was made");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir.join("new")), 0o700);
    assert_eq!(mode(store.parent().unwrap()), 0o700);
    assert_eq!(mode(&store), 0o600);
    let wal = store.with_extension("db-wal");
    assert!(wal.exists(), "WAL mode");
    assert_eq!(mode(&wal), 0o600);
    pty.keys("q");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_signal_with_a_note_open_keeps_the_draft_and_says_how_the_call_ended() {
    let dir = scratch("signal");
    let store = dir.join("calls.db");
    let mut pty = start(&store, "", "");
    pty.begin();
    pty.keys("n");
    pty.wait_for("Note at:");
    pty.keys("half a thought");
    pty.wait_for("half a thought");
    let pid = pty.session.get_process().pid().as_raw();
    libc_signal::send(pid, libc_signal::TERM);
    pty.exit_status();
    let call = only_call(&store);
    assert_eq!(call["ending"], "signal 15");
    let note = call["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "note")
        .expect("the draft");
    assert_eq!(note["text"], "half a thought");
    assert_eq!(note["draft"], true);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn no_record_says_so_and_stores_nothing() {
    let dir = scratch("off");
    let store = dir.join("calls.db");
    let mut pty = start(&store, "", "--no-record");
    let screen = pty.wait_for("Press Enter to begin");
    assert!(screen.contains("not recorded"), "{screen}");
    pty.keys("q");
    pty.exit_status();
    assert!(!store.exists());
    let _ = Command::new("true").status();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn leaving_at_the_first_screen_records_no_call() {
    let dir = scratch("nothing");
    let store = dir.join("calls.db");
    let mut pty = start(&store, "", "");
    pty.wait_for("Press Enter to begin");
    pty.keys("q");
    pty.exit_status();
    let export = calls(&store, &["calls", "export"]);
    assert_eq!(export.stdout, "", "no call: {}", export.stderr);
    let _ = std::fs::remove_dir_all(&dir);
}
