//! The real binary in a real pseudo-terminal, driven with keys and read back as a screen.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::pty::*;

#[test]
fn each_signal_puts_the_terminal_back_and_exits_with_128_plus_its_number() {
    for (signal, name, number) in [
        (libc_signal::TERM, "SIGTERM", 15),
        (libc_signal::HUP, "SIGHUP", 1),
        (libc_signal::INT, "SIGINT", 2),
    ] {
        let mut pty = start_reporting("");
        pty.begin();
        pty.keys("a");
        pty.wait_for("Step 5");
        assert!(pty.screen.screen().alternate_screen());
        assert!(pty.screen.screen().hide_cursor(), "tread hides the cursor");
        let pid = pty.tread_pid();
        libc_signal::send(pid, signal);
        let screen = pty.wait_for_exit();
        assert!(
            screen.contains(&format!("status={}", 128 + number)),
            "{name}:\n{screen}"
        );
        // Raw mode is off: every terminal setting is as it was before tread started.
        assert!(
            screen.contains("modes=same"),
            "{name}: the terminal's modes changed:\n{screen}"
        );
        assert!(
            !pty.screen.screen().alternate_screen(),
            "{name}: still on the alternate screen"
        );
        assert!(
            !pty.screen.screen().hide_cursor(),
            "{name}: the cursor is still hidden"
        );
    }
}

#[test]
fn ctrl_z_suspends_and_a_continue_redraws_the_walk() {
    let mut pty = start_reporting("");
    pty.begin();
    // The list asked one at a time; "no" to its first sign.
    pty.keys("a");
    pty.wait_for("Step 5");
    pty.keys("2");
    pty.wait_for("Step 6");
    let pid = pty.tread_pid();
    pty.keys("\x1a");
    // Stopped, with the terminal handed back.
    let deadline = Instant::now() + Duration::from_secs(10);
    while libc_signal::state(pid) != 'T' {
        assert!(Instant::now() < deadline, "tread did not stop");
        std::thread::sleep(Duration::from_millis(10));
    }
    while pty.pump() {}
    assert!(
        !pty.screen.screen().alternate_screen(),
        "left the alternate screen"
    );
    assert!(!pty.screen.screen().hide_cursor(), "the cursor is shown");
    // `fg` sends SIGCONT: the walk takes the terminal again and draws the whole screen.
    pty.screen.process(b"\x1b[2J");
    libc_signal::send(pid, libc_signal::CONT);
    let screen = pty.wait_for("Sudden, very bad pain in the last 24 hours");
    assert!(pty.screen.screen().alternate_screen());
    assert!(
        screen.contains("NOT A DIAGNOSIS"),
        "the whole screen:\n{screen}"
    );
    // Still the same walk: the first answer is in the breadcrumb.
    assert!(
        screen.contains(&format!("{FIRST_QUESTION}: No")),
        "{screen}"
    );
    pty.keys("\x03");
    let screen = pty.wait_for_exit();
    assert!(screen.contains("status=0"), "{screen}");
}

#[test]
fn the_next_caller_starts_on_the_first_answer_of_every_question() {
    let mut pty = Pty::start("");
    pty.wait_for("Press Enter to begin");
    pty.keys("\r");
    pty.wait_for("Who and where");
    pty.keys("\r");
    pty.wait_for("Are you the patient");
    pty.keys("1");
    pty.wait_for("Is the patient under 16?");
    // A child with no emergency sign ("No", the second answer): an outcome, where `r` starts
    // the next caller without asking.
    pty.keys("1");
    pty.wait_for("Emergency signs in a child");
    pty.keys("2");
    pty.wait_for("Back pain in a child under 16");
    pty.keys("r");
    pty.wait_for("Step 1 ");
    pty.keys("\r");
    pty.wait_for("Are you the patient");
    pty.keys("\r");
    pty.wait_for("Is the patient under 16?");
    pty.keys("\r");
    let child = pty.wait_for("Emergency signs in a child");
    assert!(
        child.contains("▶ 1  Yes, or not sure"),
        "the last caller's \"No\" is not carried over:\n{child}"
    );
    // Mid-walk, `r` asks first and `y` clears the answers just the same; going back within
    // one walk still shows the answer given.
    pty.keys("b");
    let back = pty.wait_for("Is the patient under 16?");
    assert!(back.contains("▶ 1  Yes"), "{back}");
    pty.keys("2");
    pty.wait_for(FIRST_CHECKLIST);
    pty.keys("a");
    pty.wait_for("Step 5");
    pty.keys("2");
    pty.wait_for("Step 6");
    pty.keys("b");
    let again = pty.wait_for("Step 5");
    assert!(
        again.contains("▶ 2  No"),
        "going back keeps this walk's answer:\n{again}"
    );
    pty.keys("r");
    pty.wait_for("This call is kept in the record, unfinished.");
    pty.keys("y");
    pty.wait_for("Step 1 ");
    pty.keys("\r");
    pty.wait_for("Are you the patient");
    pty.keys("\r");
    let fresh = pty.wait_for("Is the patient under 16?");
    assert!(fresh.contains("▶ 1  Yes"), "{fresh}");
    pty.keys("2");
    let first = pty.wait_for(FIRST_CHECKLIST);
    assert!(first.contains(&format!("▶ 1  {FIRST_QUESTION}")), "{first}");
    pty.keys("\x03");
    assert!(pty.exit_status().ends_with(", 0)"));
}

#[test]
fn walk_the_bundled_tree_to_an_outcome_go_back_and_quit() {
    let mut pty = Pty::start("");
    let first = pty.wait_for("Press Enter to begin");
    assert!(first.contains("Before you start"));
    assert!(
        first.contains("It is not a"),
        "the disclaimer is on the first screen:\n{first}"
    );
    assert!(
        pty.screen.screen().alternate_screen(),
        "the walk runs on the alternate screen"
    );

    let list = pty.begin();
    assert!(list.contains("RED FLAGS Signs that may need 999"), "{list}");
    assert!(list.contains(&format!("▶ 1  {FIRST_QUESTION}")), "{list}");
    assert!(list.contains(" 0  None of these"), "{list}");

    pty.past_the_warning_signs();
    // Managing at home, not new at 50 or over, lower back, not asking about Botox, 4 weeks or
    // more, the cause not known.
    pty.keys("2");
    pty.wait_for("Are you 50 or over");
    pty.keys("2");
    pty.wait_for("Where is the pain mainly");
    pty.keys("1");
    pty.wait_for("Are you calling to ask about Botox");
    pty.keys("2");
    pty.wait_for("How long have you had this back pain?");
    pty.keys("2");
    pty.wait_for("Has a doctor or physiotherapist already told you");
    pty.keys("3");
    let outcome = pty.wait_for("A GP to check the back");
    assert!(outcome.contains("ROUTINE"));
    assert!(outcome.contains("Say:"));
    assert!(outcome.contains("You do"));

    // Back once: the question again, with the answer given still highlighted.
    pty.keys("b");
    let back = pty.wait_for("Has a doctor or physiotherapist already told you");
    assert!(
        back.contains("▶ 3  No, or not sure"),
        "the earlier answer is kept:\n{back}"
    );
    assert!(!back.contains("A GP to check the back"));

    // Mid-walk, `q` asks first; `n` keeps the walk, and `q` then `y` quits.
    pty.keys("q");
    pty.wait_for("Quit in the middle of this walk?");
    pty.keys("n");
    let kept = pty.wait_for("Has a doctor or physiotherapist already told you");
    assert!(!kept.contains("Quit in the middle"));
    pty.keys("q");
    pty.wait_for("Quit in the middle of this walk?");
    pty.keys("y");
    let status = pty.exit_status();
    assert!(
        status.starts_with("Exited(") && status.ends_with(", 0)"),
        "{status}"
    );
    assert!(
        !pty.screen.screen().alternate_screen(),
        "the terminal left the alternate screen"
    );
    let raw = String::from_utf8_lossy(&pty.raw);
    assert!(
        raw.ends_with("\x1b[?1049l") || raw.contains("\x1b[?1049l"),
        "the alternate screen was left"
    );
}

#[test]
fn moving_the_highlight_redraws_only_what_changed() {
    let mut pty = Pty::start("");
    pty.begin();
    pty.keys("a");
    pty.wait_for("Step 5");
    let before = pty.raw.len();
    pty.keys("j");
    pty.wait_for("▶ 2  No");
    let written = pty.raw.len() - before;
    assert!(written <= 256, "moving the highlight wrote {written} bytes");
    pty.keys("q");
}

#[test]
fn no_color_turns_every_colour_off() {
    // crossterm writes colours as 38;5;N (foreground) and 48;5;N (background).
    let colours = |raw: &[u8]| {
        let raw = String::from_utf8_lossy(raw);
        raw.contains("[38;5;") || raw.contains("[48;5;")
    };
    for (no_color, coloured) in [(None, true), (Some("1"), false)] {
        let mut pty = Pty::start_with("", no_color);
        pty.begin();
        assert_eq!(colours(&pty.raw), coloured, "NO_COLOR={no_color:?}");
        pty.keys("q");
    }
}

#[test]
fn control_sequences_in_a_tree_never_reach_the_terminal() {
    // The fixture's question text ends with ESC ] 0 ; owned BEL: a request to retitle the window.
    let mut pty = Pty::start("tests/fixtures/control-chars.ron");
    pty.wait_for("Press Enter to begin");
    pty.keys("\r");
    let screen = pty.wait_for("Are both legs numb?");
    assert!(
        screen.contains("Are both legs numb?]0;owned"),
        "the text shows, minus the controls:\n{screen}"
    );
    let raw = String::from_utf8_lossy(&pty.raw);
    assert!(
        !raw.contains("\x1b]0;owned"),
        "an OSC sequence from the tree reached the terminal"
    );
    assert!(
        !raw.contains('\x07'),
        "a BEL from the tree reached the terminal"
    );
    pty.keys("q");
}

#[test]
fn live_reload_follows_edits_in_place_and_by_rename_and_survives_a_broken_save() {
    let dir = std::env::temp_dir().join(format!("tread-watch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("tree.ron");
    let good = std::fs::read_to_string("tests/fixtures/good.ron").unwrap();
    std::fs::write(&file, &good).unwrap();
    let mut pty = Pty::start(&format!("--watch '{}'", file.display()));
    pty.wait_for("Press Enter to begin");
    pty.keys("\r");
    pty.wait_for("Numb legs");

    // An edit in place.
    std::fs::write(&file, good.replace("Numb legs", "Legs numb")).unwrap();
    let screen = pty.wait_for("Legs numb");
    assert!(screen.contains("reloaded"), "{screen}");

    // A save by writing a new file and renaming it over the old one.
    let fresh = dir.join("tree.ron.new");
    std::fs::write(&fresh, good.replace("Numb legs", "Leg numbness")).unwrap();
    std::fs::rename(&fresh, &file).unwrap();
    pty.wait_for("Leg numbness");

    // A save that does not check: the last good tree stays, with the problem at its line:col.
    let broken = good
        .replace("Numb legs", "Broken")
        .replace("next: \"rest\"", "next: \"rset\"");
    std::fs::write(&file, broken).unwrap();
    let screen = pty.wait_for("15:37: choice \"No\" leads to `rset`");
    assert!(
        screen.contains("Leg numbness") && !screen.contains("Broken"),
        "{screen}"
    );

    // The next good save clears the banner.
    std::fs::write(&file, good.replace("Numb legs", "Fixed")).unwrap();
    let screen = pty.wait_for("Fixed");
    assert!(!screen.contains("rset"), "{screen}");

    // At an outcome that an edit removes, the walk steps back to the question before it.
    pty.keys("2");
    pty.wait_for("SELF-CARE");
    std::fs::write(
        &file,
        good.replace("Numb legs", "Fixed")
            .replace("\"rest\"", "\"rest_now\""),
    )
    .unwrap();
    let screen = pty.wait_for("reloaded");
    assert!(
        screen.contains("Fixed") && screen.contains("▶ 2  No"),
        "back at the question:\n{screen}"
    );
    pty.keys("q");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_paste_answers_nothing() {
    let mut pty = Pty::start("");
    pty.begin();
    let raw = String::from_utf8_lossy(&pty.raw).into_owned();
    assert!(raw.contains("\x1b[?2004h"), "bracketed paste is turned on");
    // A pasted block of answers, as a terminal sends it with bracketed paste on.
    pty.keys("\x1b[200~2\r2\r2\r2\r\x1b[201~");
    std::thread::sleep(Duration::from_millis(300));
    while pty.pump() {}
    let screen = pty.screen.screen().contents();
    assert!(
        screen.contains("Step 4 ") && screen.contains(FIRST_QUESTION),
        "the paste moved the walk:\n{screen}"
    );
    // Keys typed afterwards still answer.
    pty.keys("a");
    pty.wait_for("Step 5");
    pty.keys("\x03");
    assert!(pty.exit_status().ends_with(", 0)"));
    let raw = String::from_utf8_lossy(&pty.raw);
    assert!(
        raw.contains("\x1b[?2004l"),
        "bracketed paste is turned off again"
    );
}

/// Closing the terminal ends tread even when no `SIGHUP` comes (the terminal is not tread's
/// controlling terminal here, so the kernel sends none; likewise when the signal is ignored or
/// blocked). crossterm's reader retries forever after a hang-up, so tread has to notice itself.
#[test]
fn closing_the_terminal_ends_tread_even_without_a_hang_up_signal() {
    use rustix::pty::{OpenptFlags, grantpt, ioctl_tiocgptpeer, openpt, unlockpt};
    use std::io::Read;

    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY | OpenptFlags::CLOEXEC).unwrap();
    grantpt(&master).unwrap();
    unlockpt(&master).unwrap();
    let size = rustix::termios::Winsize {
        ws_row: ROWS,
        ws_col: COLS,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    rustix::termios::tcsetwinsize(&master, size).unwrap();
    let slave = ioctl_tiocgptpeer(&master, OpenptFlags::RDWR | OpenptFlags::NOCTTY).unwrap();
    let slave = std::fs::File::from(slave);
    let errors = std::env::temp_dir().join(format!("tread-hangup-{}.err", std::process::id()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_tread"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("TERM", "xterm-256color")
        .env("TREAD_STORE", test_store())
        .stdin(slave.try_clone().unwrap())
        .stdout(slave)
        .stderr(std::fs::File::create(&errors).unwrap())
        .spawn()
        .unwrap();

    // Read until the first screen is drawn; the reader owns the only copy of the master, and
    // dropping it at the end closes the terminal.
    let reader = std::thread::spawn(move || {
        let mut master = std::fs::File::from(master);
        let mut seen = Vec::new();
        let mut buf = [0u8; 4096];
        while !String::from_utf8_lossy(&seen).contains("begin") {
            match master.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
        String::from_utf8_lossy(&seen).contains("begin")
    });
    assert!(reader.join().unwrap(), "tread drew its first screen");

    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("tread kept running after its terminal closed");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let said = std::fs::read_to_string(&errors).unwrap_or_default();
    let _ = std::fs::remove_file(&errors);
    assert_eq!(status.code(), Some(2), "{said}");
    assert!(said.contains("the terminal failed"), "{said}");
}

/// A screen holding an emoji joined with U+200D (whose width terminals disagree about) is
/// followed by a frame on a cleared screen, so nothing it left behind stays; a screen with
/// ordinary text only redraws what changed.
#[test]
fn after_a_screen_with_joined_emoji_the_next_frame_starts_on_a_cleared_screen() {
    let dir = std::env::temp_dir().join(format!("tread-emoji-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = include_str!("fixtures/good.ron").trim_start_matches('\u{feff}');
    let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
    let tree = good.replacen(
        "Are both legs numb?",
        &format!("Are both legs numb? {family}"),
        1,
    );
    let path = dir.join("emoji.ron");
    std::fs::write(&path, tree).unwrap();

    let clear = "\x1b[2J";
    let mut pty = Pty::start(&path.display().to_string());
    pty.wait_for("Press Enter to begin");
    let at_start = pty.raw.len();
    pty.keys("j"); // the first screen has nothing to move: an ordinary redraw, if any
    std::thread::sleep(Duration::from_millis(200));
    while pty.pump() {}
    assert!(
        !String::from_utf8_lossy(&pty.raw[at_start..]).contains(clear),
        "an ordinary screen is not cleared"
    );
    pty.keys("\r");
    pty.wait_for("Are both legs numb?");
    let shown = pty.raw.len();
    pty.keys("j");
    pty.wait_for("▶ 2  No");
    assert!(
        String::from_utf8_lossy(&pty.raw[shown..]).contains(clear),
        "the frame after the emoji was drawn on a cleared screen"
    );
    pty.keys("q");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The walk takes the mouse and gives it back; `--no-mouse` leaves it to the terminal.
#[test]
fn the_mouse_is_taken_and_given_back_unless_left_alone() {
    for (args, taken) in [("", true), ("--no-mouse", false)] {
        let mut pty = Pty::start(args);
        pty.wait_for("Press Enter to begin");
        pty.keys("q");
        pty.exit_status();
        let raw = String::from_utf8_lossy(&pty.raw);
        assert_eq!(raw.contains("\x1b[?1000h"), taken, "{args:?}: taken");
        assert_eq!(raw.contains("\x1b[?1000l"), taken, "{args:?}: given back");
    }
}

/// On a real terminal: the 999 checklist marked with `u` and a number, undone with `b`, passed
/// with `0`; the path list going back to a sign at once; and `!` going to a sign the caller
/// names, after the 999 questions still ahead.
#[test]
fn a_checklist_the_path_list_and_the_warning_sign_key() {
    let mut pty = Pty::start("");
    let list = pty.begin();
    assert!(list.contains("Step 4 "), "{list}");
    pty.keys("u");
    pty.wait_for("not sure about which?");
    pty.keys("4");
    pty.wait_for("Possible pressure on the nerves at the base of the spine");
    // One `b` undoes the mark: the list again, the sign marked highlighted.
    pty.keys("b");
    let back = pty.wait_for("▶ 4  Numb or tingling");
    assert!(back.contains("Step 4 "), "{back}");
    pty.keys("0");
    pty.wait_for("Step 14 ");
    pty.wait_for("Signs that need a clinician today");
    // The path list: six steps up from the newest is chest pain, answered no by the mark; the
    // list is taken back and asked one at a time up to it.
    pty.keys("p");
    pty.wait_for("Path so far");
    pty.keys("kkkkkk\r");
    let chest = pty.wait_for("RED FLAG Chest pain now or in the last 24 hours");
    assert!(chest.contains("▶ 2  No, or only more"), "{chest}");
    assert!(chest.contains("Step 7 "), "{chest}");
    // `!`: the caller mentions a high temperature, found by typing. The signs before it that
    // are still ahead come first, most urgent first.
    pty.keys("!");
    let flags = pty.wait_for("Warning signs: which does the caller have?");
    assert!(
        flags.contains("▶ Chest pain now"),
        "on the next sign: {flags}"
    );
    pty.keys("temperature");
    pty.wait_for("▶ High temperature");
    pty.keys("\r");
    pty.wait_for("first the 10 warning signs not asked yet, most urgent first");
    for _ in 0..10 {
        pty.keys("2");
        std::thread::sleep(Duration::from_millis(50));
    }
    let outcome = pty.wait_for("Back pain with a possible infection");
    assert!(outcome.contains("URGENT"), "{outcome}");
    pty.keys("\x03");
    assert!(pty.exit_status().ends_with(", 0)"));
}

/// On a real terminal: `/` finds a step by its words, a first Enter shows it, a second goes
/// there, and `b` comes back.
#[test]
fn search_goes_to_a_step_and_back() {
    let mut pty = Pty::start("");
    pty.begin();
    pty.past_the_warning_signs();
    pty.keys("/");
    pty.wait_for("Find a step");
    pty.keys("how long");
    let found = pty.wait_for("How long it has lasted");
    assert!(found.contains("Find: how long"), "{found}");
    pty.keys("\r");
    pty.wait_for("Enter goes there");
    pty.keys("\r");
    pty.wait_for("How long have you had this back pain?");
    pty.keys("b");
    pty.wait_for("cannot manage at home");
    pty.keys("\x03");
    assert!(pty.exit_status().ends_with(", 0)"));
}

/// Keys typed ahead onto a list of warning signs are not taken: a "2" meant as "no" to the last
/// Botox question would otherwise mark the next list's second sign.
#[test]
fn keys_typed_ahead_onto_a_list_are_not_taken() {
    let mut pty = Pty::start("");
    pty.begin();
    // A recent Botox injection (the ninth sign), then "no", "no" and one "no" too many.
    pty.keys("9");
    pty.wait_for("Swallowing, speaking or breathing after Botox");
    pty.keys("222");
    let screen = pty.wait_for("1 key typed ahead not taken");
    assert!(
        screen.contains("Signs that need a clinician today"),
        "{screen}"
    );
    assert!(screen.contains("▶ 1  Sudden, very bad pain"), "{screen}");
    pty.keys("\x03");
    assert!(pty.exit_status().ends_with(", 0)"));
}
