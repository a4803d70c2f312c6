//! A real tread in a real pseudo-terminal, driven with keys and read back as a screen.

use std::io::Write;
use std::num::NonZeroU16;
use std::process::Command;
use std::time::{Duration, Instant};

use expectrl::Session;
use expectrl::process::unix::{PtyStream, UnixProcess};

pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;

/// A running tread and the screen it has drawn so far.
pub struct Pty {
    pub session: Session<UnixProcess, PtyStream>,
    pub screen: vt100::Parser,
    /// Every byte tread wrote, for asserting on escape sequences.
    pub raw: Vec<u8>,
}

impl Pty {
    /// Starts tread at 80x24; the size is set before tread runs, so its first frame fits.
    pub fn start(args: &str) -> Pty {
        Pty::start_with(args, None)
    }

    /// Starts tread with `NO_COLOR` set to this value, or unset.
    pub fn start_with(args: &str, no_color: Option<&str>) -> Pty {
        let line = format!("exec '{}' {args}", env!("CARGO_BIN_EXE_tread"));
        let mut env = vec![("TREAD_STORE", test_store().display().to_string())];
        env.extend(no_color.map(|v| ("NO_COLOR", v.to_string())));
        Pty::spawn(&line, &env)
    }

    /// Runs a shell command line in the terminal (at 80x24), which starts tread itself.
    pub fn start_shell(line: &str) -> Pty {
        Pty::spawn(line, &[])
    }

    /// Runs `line` under `sh` in a terminal set to 80x24 first (so tread's first frame fits),
    /// with `TERM` set, `NO_COLOR` unset, and `env` added.
    fn spawn(line: &str, env: &[(&str, String)]) -> Pty {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("stty cols {COLS} rows {ROWS} && {line}"))
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("TERM", "xterm-256color")
            .env_remove("NO_COLOR");
        for (name, value) in env {
            command.env(name, value);
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
    pub fn pump(&mut self) -> bool {
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
    pub fn wait_for(&mut self, text: &str) -> String {
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

    pub fn keys(&mut self, keys: &str) {
        self.session.write_all(keys.as_bytes()).unwrap();
        self.session.flush().unwrap();
    }

    /// From the first screen to the first warning sign: begin, read out "who and where", and
    /// answer that the patient is not a child.
    pub fn begin(&mut self) -> String {
        self.wait_for("Press Enter to begin");
        self.keys("\r");
        self.wait_for("Who and where");
        self.keys("\r");
        self.wait_for("Are you the patient");
        self.keys("1");
        self.wait_for("Is the patient under 16?");
        self.keys("2");
        self.wait_for(FIRST_CHECKLIST)
    }

    /// "None of these" on each of the three checklists of warning signs (9, 9 and 8 signs, each
    /// answered no), and on past "no warning signs".
    pub fn past_the_warning_signs(&mut self) {
        for (step, list) in [
            (14, "Signs that need a clinician today"),
            (24, "More signs that need a clinician today"),
            (33, "No warning signs"),
        ] {
            self.keys("0");
            self.wait_for(&format!("Step {step} "));
            self.wait_for(list);
        }
        self.wait_for("No warning signs");
        self.keys("\r");
        self.wait_for("cannot manage at home");
    }

    /// The process id of tread itself, a child of the shell that set the terminal's size.
    pub fn tread_pid(&self) -> i32 {
        let shell = self.session.get_process().pid().as_raw();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            for entry in std::fs::read_dir("/proc").unwrap().flatten() {
                let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
                    continue;
                };
                // pid (comm) state ppid …
                let after = &stat[stat.rfind(')').unwrap() + 2..];
                let ppid: i32 = after.split(' ').nth(1).unwrap().parse().unwrap();
                if ppid == shell && stat.contains("(tread)") {
                    return entry.file_name().to_str().unwrap().parse().unwrap();
                }
            }
            assert!(Instant::now() < deadline, "tread never started");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits for the shell's line `status=N`, printed when tread has exited, and returns the
    /// screen from then on.
    #[track_caller]
    pub fn wait_for_exit(&mut self) -> String {
        self.wait_for("status=")
    }

    /// Waits for tread to exit and returns its status, as expectrl puts it.
    pub fn exit_status(&mut self) -> String {
        let deadline = Instant::now() + Duration::from_secs(10);
        let status = loop {
            self.pump();
            let status = format!("{:?}", self.session.get_process().status().unwrap());
            if status != "StillAlive" {
                break status;
            }
            assert!(Instant::now() < deadline, "tread did not quit");
            std::thread::sleep(Duration::from_millis(10));
        };
        while self.pump() {}
        status
    }
}

/// A store of calls of this test run's own, so that no test writes to the user's.
pub fn test_store() -> std::path::PathBuf {
    std::env::temp_dir()
        .join(format!("tread-pty-{}", std::process::id()))
        .join("calls.db")
}

/// The title of the bundled tree's first question.
pub const FIRST_QUESTION: &str = "Fainted, or faint and clammy, in the last 24 hours";

/// The title of the first checklist of the bundled tree, where [`Pty::begin`] stops.
pub const FIRST_CHECKLIST: &str = "Signs that may need 999";

/// Runs tread under a shell that, once tread has ended, prints its exit status and whether the
/// terminal's settings (`stty -g`) are as they were before it started, so a test can read both
/// off the screen.
pub fn start_reporting(args: &str) -> Pty {
    let line = format!(
        "before=$(stty -g); '{}' {args}; s=$?; \
         if [ \"$(stty -g)\" = \"$before\" ]; then m=same; else m=changed; fi; \
         printf '\\nstatus=%s modes=%s\\n' \"$s\" \"$m\"; sleep 5",
        env!("CARGO_BIN_EXE_tread")
    );
    Pty::spawn(
        &line,
        &[("TREAD_STORE", test_store().display().to_string())],
    )
}

/// Sending signals and reading a process's state, without a crate for it: `kill` is the one
/// system call the tests need.
pub mod libc_signal {
    pub const HUP: i32 = 1;
    pub const INT: i32 = 2;
    pub const TERM: i32 = 15;
    pub const CONT: i32 = 18;

    /// Sends `signal` to process `pid` with the system's `kill` command.
    pub fn send(pid: i32, signal: i32) {
        let ok = std::process::Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(pid.to_string())
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{signal} {pid}");
    }

    /// The process's state letter from /proc (`T` when stopped).
    pub fn state(pid: i32) -> char {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        stat.rfind(')')
            .and_then(|i| stat[i + 2..].chars().next())
            .unwrap_or('?')
    }
}
