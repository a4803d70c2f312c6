//! The real binary in a real pseudo-terminal, driven with keys and read back as a screen.

use std::io::Write;
use std::num::NonZeroU16;
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::Session;
use expectrl::process::unix::{PtyStream, UnixProcess};

const ROWS: u16 = 24;
const COLS: u16 = 80;

/// A running tread and the screen it has drawn so far.
struct Pty {
    session: Session<UnixProcess, PtyStream>,
    screen: vt100::Parser,
    /// Every byte tread wrote, for asserting on escape sequences.
    raw: Vec<u8>,
}

impl Pty {
    /// Starts tread at 80x24; the size is set before tread runs, so its first frame fits.
    fn start(args: &str) -> Pty {
        Pty::start_with(args, None)
    }

    /// Starts tread with `NO_COLOR` set to this value, or unset.
    fn start_with(args: &str, no_color: Option<&str>) -> Pty {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!(
                "stty cols {COLS} rows {ROWS} && exec '{}' {args}",
                env!("CARGO_BIN_EXE_tread")
            ))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR");
        if let Some(value) = no_color {
            command.env("NO_COLOR", value);
        }
        let session = Session::spawn(command).expect("a pseudo-terminal");
        let size = |n| NonZeroU16::new(n).unwrap();
        Pty {
            session,
            screen: vt100::Parser::new(size(ROWS), size(COLS), 0),
            raw: Vec::new(),
        }
    }

    /// Reads whatever tread has written, without waiting.
    fn pump(&mut self) -> bool {
        let mut buf = [0u8; 8192];
        match self.session.try_read(&mut buf) {
            Ok(0) => false,
            Ok(n) => {
                self.screen.process(&buf[..n]);
                self.raw.extend_from_slice(&buf[..n]);
                true
            }
            Err(_) => false,
        }
    }

    /// Waits until the screen shows `text` (10 s at most), and returns the screen.
    #[track_caller]
    fn wait_for(&mut self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let read = self.pump();
            let contents = self.screen.screen().contents();
            if contents.contains(text) {
                // Let the rest of the frame arrive.
                std::thread::sleep(Duration::from_millis(50));
                while self.pump() {}
                return self.screen.screen().contents();
            }
            assert!(
                Instant::now() < deadline,
                "the screen never showed {text:?}; it shows:\n{contents}"
            );
            if !read {
                std::thread::sleep(Duration::from_millis(10));
            }
        }
    }

    fn keys(&mut self, keys: &str) {
        self.session.write_all(keys.as_bytes()).unwrap();
        self.session.flush().unwrap();
    }
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

    pty.keys("\r");
    let question = pty.wait_for("Numbness in the saddle area");
    assert!(question.contains("RED FLAG"));
    assert!(question.contains("▶ 1  Yes"));

    // No to the eight red flags, then on past "no warning signs".
    for n in 0..8 {
        pty.keys("2");
        pty.wait_for(&format!("Step {}", n + 2));
    }
    pty.wait_for("No warning signs");
    pty.keys("\r");
    pty.wait_for("Has a doctor or physiotherapist already told you");
    pty.keys("2");
    let outcome = pty.wait_for("Find the cause first");
    assert!(outcome.contains("ROUTINE"));
    assert!(outcome.contains("Book a routine GP appointment"));
    assert!(outcome.contains("Path taken"));

    // Back once: the question again, with the answer given still highlighted.
    pty.keys("b");
    let back = pty.wait_for("Has a doctor or physiotherapist already told you");
    assert!(
        back.contains("▶ 2  No, or not sure"),
        "the earlier answer is kept:\n{back}"
    );
    assert!(!back.contains("Find the cause first"));

    pty.keys("q");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        pty.pump();
        let status = format!("{:?}", pty.session.get_process().status().unwrap());
        if status != "StillAlive" {
            break status;
        }
        assert!(Instant::now() < deadline, "tread did not quit");
        std::thread::sleep(Duration::from_millis(10));
    };
    while pty.pump() {}
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
    pty.wait_for("Press Enter to begin");
    pty.keys("\r");
    pty.wait_for("Numbness in the saddle area");
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
        pty.wait_for("Press Enter to begin");
        pty.keys("\r");
        pty.wait_for("RED FLAG");
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
