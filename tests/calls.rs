//! The call record: walks recorded through the app into a real store, then read back by
//! `tread calls` (list, show, export, prune, replay), and stores that cannot be used.

mod common;

use std::path::{Path, PathBuf};

use common::{Run, tread};
use tread::commands::walk::BUNDLED;
use tread::record::store::Store;
use tread::record::{Ending, EventKind, Recorder, Seat, Setting, TreeStamp, sha256};
use tread::tree;
use tread::tui::keys::Command::{self, *};
use tread::tui::{App, Theme};
use tread::walk::Walk;

/// A directory of this test's own.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tread-calls-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A clock at whole milliseconds, as the store keeps times.
fn clock() -> time::OffsetDateTime {
    let now = time::OffsetDateTime::now_utc();
    now.replace_nanosecond(now.millisecond() as u32 * 1_000_000)
        .unwrap()
}

/// A clock 100 days back, for calls old enough to prune.
fn old_clock() -> time::OffsetDateTime {
    clock() - time::Duration::days(100)
}

/// The app on the bundled tree, recording with `clock`, after `commands`, its call ended as
/// the walk would end it; every entry is written to the store at `store`.
fn walk(
    store: &Path,
    clock: fn() -> time::OffsetDateTime,
    commands: &[Command],
    notes: &[&str],
) -> App {
    let tree = tree::load_text(BUNDLED.to_string()).walkable().unwrap();
    let walk = Walk::new(&tree);
    let stamp = TreeStamp {
        sha256: sha256(BUNDLED.as_bytes()),
        ..TreeStamp::of(&tree, "(bundled)", b"")
    };
    let seat = Seat {
        seat: "Desk 1".into(),
        person: "Sam".into(),
    };
    let setting = Setting::new(seat, &tree, stamp);
    let mut app = App::new(tree, walk, (80, 24), Theme::PLAIN);
    app.record = Recorder::new(setting, clock, 60);
    for &c in commands {
        app.update(c);
    }
    for note in notes {
        app.update(Note);
        app.paste(note);
        app.update(CloseNote);
    }
    app.finish(None);
    let mut store = Store::open(store).unwrap();
    for entry in app.record.drain() {
        store.write(&entry).unwrap();
    }
    app
}

/// Begin, read out "who and where", the patient on the line, an adult: the checklist of signs
/// that need 999.
const TO_FIRST_FLAG: [Command; 4] = [Select, Select, Choose(0), Choose(1)];

/// To the first checklist, then its fourth sign (numbness around the bottom) marked, the three
/// before it answered no: an emergency.
fn emergency() -> Vec<Command> {
    [&TO_FIRST_FLAG[..], &[Choose(3)]].concat()
}

fn with_store(store: &Path, args: &[&str]) -> Run {
    let mut all = args.to_vec();
    all.extend(["--store", store.to_str().unwrap()]);
    tread(&all)
}

#[test]
fn a_call_is_recorded_step_by_step_and_read_back_whole() {
    let dir = scratch("whole");
    let store = dir.join("calls.db");
    // The first sign marked, back (past the sign and the list), then the second marked: the
    // first answered no on the way. Back steps in the record.
    let commands = [&TO_FIRST_FLAG[..], &[Choose(0), Back, Choose(1)]].concat();
    let app = walk(
        &store,
        clock,
        &commands,
        &["a bit tingly, maybe", "line one\nline two"],
    );
    let call = app.record.call();
    let read = Store::open(&store).unwrap().load(call.id).unwrap();
    assert_eq!(&read, call, "the store gives back the call as recorded");

    let kinds: Vec<&str> = read
        .events
        .iter()
        .map(|e| match &e.kind {
            EventKind::Step { .. } => "step",
            EventKind::Checklist { .. } => "list",
            EventKind::Back { .. } => "back",
            EventKind::Jump { .. } => "jump",
            EventKind::Note { .. } => "note",
            EventKind::Outcome { .. } => "outcome",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "step", "step", "step", "list", "step", "outcome", "back", "back", "list", "step",
            "step", "outcome", "note", "note"
        ]
    );
    assert_eq!(read.ending, Some(Ending::Outcome));
    assert_eq!(read.outcome.as_ref().unwrap().urgency, "Emergency");
    assert_eq!(
        read.path().len(),
        6,
        "the path without the answer taken back"
    );
    assert_eq!(read.seat.person, "Sam");
    assert_eq!(read.offset_minutes, 60);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn calls_are_listed_filtered_and_shown_by_the_start_of_their_id() {
    let dir = scratch("list");
    let store = dir.join("calls.db");
    let first = walk(&store, clock, &emergency(), &["a bit tingly, maybe"]);
    // Quit at the first warning sign: no outcome.
    let second = walk(&store, clock, &TO_FIRST_FLAG, &[]);

    let all = with_store(&store, &["calls"]);
    assert_eq!(all.code, 0, "{}", all.stderr);
    assert_eq!(
        all.stdout.lines().count(),
        3,
        "a header and two calls:\n{}",
        all.stdout
    );
    assert!(all.stdout.contains("EMERGENCY"), "{}", all.stdout);
    assert!(all.stdout.contains("(quit)"), "{}", all.stdout);

    let urgent = with_store(&store, &["calls", "--urgency", "emergency"]);
    assert_eq!(urgent.stdout.lines().count(), 2, "{}", urgent.stdout);
    let grep = with_store(&store, &["calls", "--grep", "TINGLY"]);
    assert_eq!(grep.stdout.lines().count(), 2, "{}", grep.stdout);
    let grep_answer = with_store(&store, &["calls", "--grep", "Yes, or not sure"]);
    assert_eq!(
        grep_answer.stdout.lines().count(),
        2,
        "{}",
        grep_answer.stdout
    );
    let none = with_store(&store, &["calls", "--grep", "100%"]);
    assert_eq!(none.stdout, "no calls match\n");

    let id = first.record.call().id.to_string();
    let show = with_store(&store, &["calls", "show", &id[..13]]);
    assert_eq!(show.code, 0, "{}", show.stderr);
    for part in [
        "EMERGENCY: Possible pressure on the nerves",
        "Positive answers:\n  - Numb or tingling: bottom, genitals, inner thighs: Yes, or not sure",
        "a bit tingly, maybe",
        "Taken by   Sam at Desk 1",
        "Bladder or bowel changes",
    ] {
        assert!(show.stdout.contains(part), "{part:?} in:\n{}", show.stdout);
    }
    let json = with_store(&store, &["calls", "show", &id, "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["id"], id.as_str());
    assert_eq!(value["ending"], "outcome");
    assert_eq!(value["events"][0]["kind"], "step");

    // An id no call has, and a start several share (every v7 id this year starts alike).
    let unknown = with_store(&store, &["calls", "show", "ffffffff"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.contains("no call has the id `ffffffff`"),
        "{}",
        unknown.stderr
    );
    let second_id = second.record.call().id.to_string();
    let common: String = id
        .chars()
        .zip(second_id.chars())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a)
        .collect();
    let ambiguous = with_store(&store, &["calls", "show", &common]);
    assert_eq!(ambiguous.code, 2);
    assert!(
        ambiguous.stderr.contains("several calls"),
        "{}",
        ambiguous.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn export_writes_json_lines_and_csv_a_spreadsheet_cannot_run() {
    let dir = scratch("export");
    let store = dir.join("calls.db");
    walk(
        &store,
        clock,
        &emergency(),
        &["=HYPERLINK(\"http://x\")", "esc \u{1b}]52;c;aGk=\u{7} here"],
    );
    walk(&store, clock, &TO_FIRST_FLAG, &["-2+3"]);

    let json = with_store(&store, &["calls", "export"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let lines: Vec<serde_json::Value> = json
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0]["started"].as_str() <= lines[1]["started"].as_str(),
        "oldest first"
    );
    assert!(
        !json.stdout.contains('\u{1b}'),
        "no escape reaches the output"
    );

    let csv = with_store(&store, &["calls", "export", "--format", "csv"]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    assert!(
        csv.stdout
            .starts_with("id,started,ended,ending,seat,person,tree,")
    );
    assert!(
        csv.stdout.contains("\"'=HYPERLINK(\"\"http://x\"\")"),
        "{}",
        csv.stdout
    );
    assert!(csv.stdout.contains("\"'-2+3\""), "{}", csv.stdout);
    assert!(!csv.stdout.contains('\u{1b}'), "{}", csv.stdout);
    // A pasted note loses its control characters on the way in.
    assert!(csv.stdout.contains("esc ]52;c;aGk= here"), "{}", csv.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn prune_deletes_only_old_calls() {
    let dir = scratch("prune");
    let store = dir.join("calls.db");
    walk(&store, old_clock, &emergency(), &["old"]);
    walk(&store, clock, &emergency(), &["new"]);
    let pruned = with_store(&store, &["calls", "prune", "--older-than", "90d"]);
    assert_eq!(pruned.code, 0, "{}", pruned.stderr);
    assert!(
        pruned.stdout.starts_with("deleted 1 call "),
        "{}",
        pruned.stdout
    );
    let left = with_store(&store, &["calls", "export"]);
    assert_eq!(left.stdout.lines().count(), 1);
    assert!(left.stdout.contains("\"new\""));
    let bad = with_store(&store, &["calls", "prune", "--older-than", "soon"]);
    assert_eq!(bad.code, 2);
    assert!(
        bad.stderr.contains("`--older-than soon` is not a time"),
        "{}",
        bad.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn replay_says_same_or_where_an_edited_tree_parts_from_the_call() {
    let dir = scratch("replay");
    let store = dir.join("calls.db");
    let app = walk(&store, clock, &emergency(), &[]);
    let id = app.record.call().id.to_string();

    let same = with_store(&store, &["calls", "replay", &id]);
    assert_eq!(same.code, 0, "{}{}", same.stdout, same.stderr);
    assert!(
        same.stdout
            .contains("same: all 8 answers take the same path"),
        "{}",
        same.stdout
    );
    assert!(same.stdout.contains("(the same file)"), "{}", same.stdout);

    // Each edit, and how the replay must say where the call parts from it.
    let edits: [(&str, &str, &str); 3] = [
        (
            "(label: \"Yes, or not sure\", next: \"emergency_cauda_equina\", positive: true, unsure: true),\n                (label: \"No\", next: \"rf_bladder\"),",
            "(label: \"Yes\", next: \"emergency_cauda_equina\", positive: true, unsure: true),\n                (label: \"No\", next: \"rf_bladder\"),",
            "at `rf_saddle`, the answer \"Yes, or not sure\" is now \"Yes\"",
        ),
        (
            "(label: \"Yes, or not sure\", next: \"emergency_cauda_equina\", positive: true, unsure: true),\n                (label: \"No\", next: \"rf_bladder\"),",
            "(label: \"Yes, or not sure\", next: \"emergency_chest\", positive: true, unsure: true),\n                (label: \"No\", next: \"rf_bladder\"),",
            "the same answers now end at `emergency_chest`; the call ended at `emergency_cauda_equina`",
        ),
        (
            "(label: \"No\", next: \"signs_999\"),",
            "(label: \"No\", next: \"rf_bladder\"),",
            "at `is_child`, \"No\" now leads to `rf_bladder`, where the call went to `signs_999`",
        ),
    ];
    for (from, to, said) in edits {
        assert!(
            BUNDLED.contains(from),
            "the edit's text is in the tree: {from}"
        );
        let edited = dir.join("edited.ron");
        std::fs::write(&edited, BUNDLED.replacen(from, to, 1)).unwrap();
        let parted = with_store(&store, &["calls", "replay", &id, edited.to_str().unwrap()]);
        assert_eq!(parted.code, 3, "{}{}", parted.stdout, parted.stderr);
        assert!(
            parted.stdout.contains(said),
            "{said:?} in:\n{}",
            parted.stdout
        );
        assert!(parted.stdout.contains("(changed)"), "{}", parted.stdout);
    }

    // A tree that no longer checks is reported as any broken tree is.
    let broken = dir.join("broken.ron");
    std::fs::write(
        &broken,
        BUNDLED.replacen("next: \"signs_999\"", "next: \"nowhere\"", 1),
    )
    .unwrap();
    let refused = with_store(&store, &["calls", "replay", &id, broken.to_str().unwrap()]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("dangling-link"),
        "{}",
        refused.stderr
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_store_that_cannot_be_one_is_refused_and_left_as_it_was() {
    let dir = scratch("bad");
    let garbage = dir.join("garbage.db");
    std::fs::write(&garbage, vec![0x5a; 8192]).unwrap();
    let newer = dir.join("newer.db");
    {
        let conn = rusqlite::Connection::open(&newer).unwrap();
        conn.execute_batch("PRAGMA application_id = 1953654113; PRAGMA user_version = 99; CREATE TABLE future (x);")
            .unwrap();
    }
    let other = dir.join("other.db");
    {
        let conn = rusqlite::Connection::open(&other).unwrap();
        conn.execute_batch("CREATE TABLE photos (x);").unwrap();
    }
    let fifo = dir.join("fifo.db");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let link = dir.join("link.db");
    std::os::unix::fs::symlink(&garbage, &link).unwrap();

    let cases: [(&Path, &str); 6] = [
        (&dir, "is a directory"),
        (&garbage, "is not a tread store"),
        (&newer, "written by a newer tread (schema 99"),
        (&other, "a SQLite database of another program"),
        (&fifo, "is a FIFO"),
        (&link, "is a symbolic link"),
    ];
    for (store, said) in cases {
        let before = std::fs::symlink_metadata(store).map(|m| (m.len(), m.modified().ok()));
        // (Reading the FIFO would wait for a writer.)
        let regular = std::fs::symlink_metadata(store).is_ok_and(|m| m.is_file());
        let before_bytes = regular.then(|| std::fs::read(store).unwrap());
        let run = with_store(store, &["calls"]);
        assert_eq!(run.code, 2, "{}: {}", store.display(), run.stderr);
        assert!(run.stderr.contains(said), "{said:?} in: {}", run.stderr);
        let after = std::fs::symlink_metadata(store).map(|m| (m.len(), m.modified().ok()));
        assert_eq!(before.ok(), after.ok(), "{} is unchanged", store.display());
        if let Some(bytes) = before_bytes {
            assert_eq!(
                std::fs::read(store).unwrap(),
                bytes,
                "{} is unchanged",
                store.display()
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn two_seats_writing_one_store_at_once_lose_nothing() {
    let dir = scratch("two");
    let store = dir.join("calls.db");
    Store::open(&store).unwrap();
    let writers: Vec<_> = (0..2)
        .map(|_| {
            let store = store.clone();
            std::thread::spawn(move || {
                let mut ids = Vec::new();
                for _ in 0..20 {
                    ids.push(
                        walk(&store, clock, &emergency(), &["note"])
                            .record
                            .call()
                            .id,
                    );
                }
                ids
            })
        })
        .collect();
    let ids: Vec<_> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    let read = Store::open(&store).unwrap();
    for id in &ids {
        let call = read.load(*id).unwrap();
        assert_eq!(call.events.len(), 10, "every step and the note of {id}");
    }
    let listed = with_store(&store, &["calls", "--limit", "100"]);
    assert_eq!(listed.stdout.lines().count(), 41);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn with_no_store_yet_there_are_no_calls() {
    let dir = scratch("none");
    let store = dir.join("nothing-here.db");
    let run = with_store(&store, &["calls"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.starts_with("no calls yet"), "{}", run.stdout);
    assert!(!store.exists(), "listing makes no store");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_next_caller_ends_one_call_and_begins_another() {
    let dir = scratch("next");
    let store = dir.join("calls.db");
    // To an outcome, then `r`: that call ended at its outcome; mid-walk, `r` and `y`: cut short.
    let commands = [
        &emergency()[..],
        &[Restart, Select, Choose(0), Choose(1), Restart, Yes],
    ]
    .concat();
    walk(&store, clock, &commands, &[]);
    let export = with_store(&store, &["calls", "export"]);
    let calls: Vec<serde_json::Value> = export
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let endings: Vec<&str> = calls
        .iter()
        .map(|c| c["ending"].as_str().unwrap())
        .collect();
    // The third caller's call, left before anything happened in it, is no call at all.
    assert_eq!(endings, ["outcome", "next caller"]);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_crash_with_a_note_open_keeps_the_draft_and_says_crashed() {
    let dir = scratch("crash");
    let store = dir.join("calls.db");
    let tree = tree::load_text(BUNDLED.to_string()).walkable().unwrap();
    let walk = Walk::new(&tree);
    let mut app = App::new(tree, walk, (80, 24), Theme::PLAIN);
    for c in TO_FIRST_FLAG {
        app.update(c);
    }
    app.update(Note);
    app.paste("unfinished");
    app.finish(Some(Ending::Crashed));
    let mut store_file = Store::open(&store).unwrap();
    store_file.write_all(&app.record.drain()).unwrap();
    let call = store_file.load(app.record.call().id).unwrap();
    assert_eq!(call.ending, Some(Ending::Crashed));
    assert!(call.events.iter().any(
        |e| matches!(&e.kind, EventKind::Note { text, draft: true, .. } if text == "unfinished")
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_summary_says_what_was_read_out_and_what_changed_on_the_way() {
    let dir = scratch("changed");
    let store = dir.join("calls.db");
    // A sign marked shows an emergency; back to the list, then the next sign marked.
    let commands = [&emergency()[..], &[Back, Choose(4)]].concat();
    let app = walk(&store, clock, &commands, &[]);
    let id = app.record.call().id.to_string();
    let show = with_store(&store, &["calls", "show", &id]);
    for part in [
        "Read out:\n  - Who and where",
        "Changed during the call:\n  - outcome shown, then left: EMERGENCY: Possible pressure on the nerves",
        "  - Numb or tingling: bottom, genitals, inner thighs: Yes, or not sure (taken back at ",
        "Positive answers:\n  - Bladder or bowel changes: Yes, or not sure",
        "  - Numb or tingling: bottom, genitals, inner thighs: No\n",
        "Status     ended: outcome",
    ] {
        assert!(show.stdout.contains(part), "{part:?} in:\n{}", show.stdout);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn urgency_is_taken_as_the_screen_shows_it_and_grep_takes_each_word() {
    let dir = scratch("urgency");
    let store = dir.join("calls.db");
    walk(&store, clock, &emergency(), &["tingly down the left leg"]);
    let screen = with_store(&store, &["calls", "--urgency", "EMERGENCY"]);
    assert_eq!(screen.stdout.lines().count(), 2, "{}", screen.stdout);
    // Another scale's level is named by its id; one no call has matches none.
    let other = with_store(&store, &["calls", "--urgency", "OutOfCycle"]);
    assert_eq!(other.stdout, "no calls match\n", "{}", other.stderr);
    let bad = with_store(&store, &["calls", "--urgency", "not a level!"]);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("is not an urgency"), "{}", bad.stderr);
    let words = with_store(&store, &["calls", "--grep", "tingly left"]);
    assert_eq!(words.stdout.lines().count(), 2, "{}", words.stdout);
    let missing = with_store(&store, &["calls", "--grep", "tingly right"]);
    assert_eq!(missing.stdout, "no calls match\n");
    // The seat's flags may come before the command too.
    let before = tread(&["--store", store.to_str().unwrap(), "calls"]);
    assert_eq!(before.stdout, screen.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn treads_opening_a_new_store_at_once_make_it_once() {
    for round in 0..5 {
        let dir = scratch(&format!("race{round}"));
        let store = dir.join("calls.db");
        let openers: Vec<_> = (0..6)
            .map(|_| {
                let store = store.clone();
                std::thread::spawn(move || {
                    Store::open(&store).map(|_| ()).map_err(|e| e.to_string())
                })
            })
            .collect();
        for opener in openers {
            assert_eq!(opener.join().unwrap(), Ok(()));
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_store_with_two_names_or_loose_modes_is_handled() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("names");
    let store = dir.join("a.db");
    walk(&store, clock, &emergency(), &[]);
    std::fs::hard_link(&store, dir.join("b.db")).unwrap();
    let run = with_store(&store, &["calls"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("has 2 names (hard links)"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(dir.join("b.db")).unwrap();
    std::fs::set_permissions(&store, std::fs::Permissions::from_mode(0o666)).unwrap();
    Store::open(&store).unwrap();
    let mode = std::fs::metadata(&store).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a store others could read is made private");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_refused_store_with_a_pending_log_is_left_byte_for_byte() {
    let dir = scratch("wal");
    let other = dir.join("other.db");
    let conn = rusqlite::Connection::open(&other).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA wal_autocheckpoint = 0; CREATE TABLE photos (x); INSERT INTO photos VALUES (1);")
        .unwrap();
    // Left open, as a crashed program leaves it: the log holds what the file does not yet.
    std::mem::forget(conn);
    let wal = dir.join("other.db-wal");
    let before = (std::fs::read(&other).unwrap(), std::fs::read(&wal).unwrap());
    let run = with_store(&other, &["calls"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("another program"), "{}", run.stderr);
    assert_eq!(
        (std::fs::read(&other).unwrap(), std::fs::read(&wal).unwrap()),
        before
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn ids_too_short_are_refused_and_long_ones_are_not_echoed_whole() {
    let dir = scratch("ids");
    let store = dir.join("calls.db");
    walk(&store, clock, &emergency(), &[]);
    for id in ["", " ", "01a"] {
        let run = with_store(&store, &["calls", "show", id]);
        assert_eq!(run.code, 2, "{id:?}");
        assert!(
            run.stderr.contains("too short to name a call"),
            "{}",
            run.stderr
        );
    }
    let long = "f".repeat(100_000);
    let run = with_store(&store, &["calls", "show", &long]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.len() < 300, "{}", run.stderr.len());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn json_output_escapes_direction_overrides_in_notes() {
    let dir = scratch("bidi");
    let store = dir.join("calls.db");
    walk(
        &store,
        clock,
        &emergency(),
        &["left \u{202e}thgir\u{202c} and \u{2028} here"],
    );
    for args in [
        &["calls", "export"][..],
        &["calls", "export", "--format", "csv"][..],
    ] {
        let run = with_store(&store, args);
        assert!(
            !run.stdout.contains('\u{202e}') && !run.stdout.contains('\u{2028}'),
            "{}",
            run.stdout
        );
    }
    let export = with_store(&store, &["calls", "export"]);
    assert!(export.stdout.contains("\\u202e"), "{}", export.stdout);
    let call: serde_json::Value = serde_json::from_str(export.stdout.trim()).unwrap();
    let note = call["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "note")
        .unwrap();
    assert_eq!(
        note["text"], "left \u{202e}thgir\u{202c} and \u{2028} here",
        "the text itself is kept"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_call_open_in_another_tread_is_not_taken_up() {
    let dir = scratch("claimed");
    let store = dir.join("calls.db");
    let app = walk(&store, clock, &TO_FIRST_FLAG, &[]);
    let id = app.record.call().id;
    let held = tread::record::claim::Claim::take(&store, id)
        .unwrap()
        .expect("free");
    let run = with_store(&store, &["--resume", &id.to_string(), "--answers", "1"]);
    assert_eq!(run.code, 2, "{}", run.stdout);
    assert!(
        run.stderr.contains("is open in another tread now"),
        "{}",
        run.stderr
    );
    drop(held);
    let run = with_store(&store, &["--resume", &id.to_string(), "--answers", "1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("OUTCOME: EMERGENCY"), "{}", run.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn stepping_back_from_an_outcome_leaves_it() {
    let dir = scratch("left");
    let store = dir.join("calls.db");
    walk(&store, clock, &[&emergency()[..], &[Back]].concat(), &[]);
    let list = with_store(&store, &["calls"]);
    assert!(list.stdout.contains("(quit)"), "{}", list.stdout);
    assert!(!list.stdout.contains("EMERGENCY"), "{}", list.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_store_that_comes_back_gets_the_whole_call() {
    use tread::record::writer::{Status, Writer};
    let dir = scratch("back");
    // A file stands where the store's directory should be: nothing can be made there.
    let blocker = dir.join("store");
    std::fs::write(&blocker, b"in the way").unwrap();
    let store = blocker.join("calls.db");
    let tree = tree::load_text(BUNDLED.to_string()).walkable().unwrap();
    let mut walk_ = Walk::new(&tree);
    let seat = Seat {
        seat: "Desk".into(),
        person: "Sam".into(),
    };
    let setting = Setting::new(
        seat,
        &tree,
        TreeStamp::of(&tree, "(bundled)", BUNDLED.as_bytes()),
    );
    let mut record = Recorder::new(setting, clock, 0);
    let statuses = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = statuses.clone();
    let writer = Writer::start(store.clone(), None, move |s| seen.lock().unwrap().push(s));
    record
        .act(&tree, &mut walk_, tread::walk::Action::Continue)
        .unwrap();
    writer.send(record.drain());
    // Wait for the writer to say the call is not saved, and where it is kept.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let kept = loop {
        if let Some(Status::NotSaved {
            kept: Some(kept), ..
        }) = statuses.lock().unwrap().last().cloned()
        {
            break kept;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{:?}",
            statuses.lock().unwrap()
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    assert!(kept.exists());
    // The way is cleared: the next step brings the store, and the call goes in whole.
    std::fs::remove_file(&blocker).unwrap();
    record
        .act(&tree, &mut walk_, tread::walk::Action::Choose(0))
        .unwrap();
    record.end(Ending::Quit);
    writer.send(record.drain());
    assert_eq!(writer.finish(), Some(Status::Saving));
    assert!(
        !kept.exists(),
        "the fallback file goes once the store has the call"
    );
    let call = Store::open(&store).unwrap().load(record.call().id).unwrap();
    assert_eq!(&call, record.call());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_call_resumed_on_an_edited_tree_takes_its_answers_as_far_as_they_hold() {
    let dir = scratch("resume-edited");
    let store = dir.join("calls.db");
    // The checklist asked one at a time, "no" to its first sign (a faint), then left.
    let app = walk(
        &store,
        clock,
        &[&TO_FIRST_FLAG[..], &[OneAtATime, Choose(1)]].concat(),
        &[],
    );
    let id = app.record.call().id.to_string();
    let edited = dir.join("edited.ron");
    let from = "(label: \"No, or only more than 24 hours ago\", next: \"rf_sudden_now\"),";
    assert!(BUNDLED.contains(from));
    std::fs::write(
        &edited,
        BUNDLED.replacen(from, "(label: \"Nope\", next: \"rf_sudden_now\"),", 1),
    )
    .unwrap();
    let run = with_store(
        &store,
        &["--resume", &id, "--answers", "1", edited.to_str().unwrap()],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with(
            "resumed; the tree has changed since this call: 4 of its answers still apply; then at `rf_collapse`, the answer \"No, or only more than 24 hours ago\" is now \"Nope\""
        ),
        "{}",
        run.stdout
    );
    // The answer whose words changed is asked again: "1" is yes, an emergency.
    assert!(run.stdout.contains("OUTCOME: EMERGENCY"), "{}", run.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn prune_takes_no_m_which_reads_as_months_or_minutes() {
    let dir = scratch("prune-m");
    let store = dir.join("calls.db");
    walk(&store, clock, &emergency(), &[]);
    let run = with_store(&store, &["calls", "prune", "--older-than", "1m"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("hours, days or weeks"),
        "{}",
        run.stderr
    );
    assert_eq!(
        with_store(&store, &["calls", "export"])
            .stdout
            .lines()
            .count(),
        1,
        "nothing deleted"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_store_from_before_digests_gets_them_when_it_is_next_opened() {
    let dir = scratch("schema3");
    let store = dir.join("calls.db");
    walk(&store, clock, &emergency(), &[]);
    walk(&store, clock, &emergency(), &["a note"]);
    // Back to schema 3: no digests, no paths, nothing sent.
    let conn = rusqlite::Connection::open(&store).unwrap();
    conn.execute_batch(
        "DROP TABLE digests; DROP TABLE paths; DROP TABLE sent;
         DROP INDEX events_signs; DROP INDEX events_backs; DROP INDEX calls_open;
         DROP INDEX calls_by_tree; PRAGMA user_version = 3;",
    )
    .unwrap();
    drop(conn);
    let run = with_store(&store, &["report", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report["calls"], 2);
    assert_eq!(report["urgencies"][0]["key"], "Emergency");
    assert_eq!(report["signs"][0]["calls"], 2, "{}", report["signs"]);
    let version: i64 = rusqlite::Connection::open(&store)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 4);
    let _ = std::fs::remove_dir_all(&dir);
}
